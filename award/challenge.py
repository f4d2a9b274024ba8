"""The proof-of-work challenge (ALTCHA) for a vote or a new entry past the first rate limit.

It lives below both apps that ask for it, beside the rate limits that decide when.

The browser spends about a second of work; the server checks the answer in
milliseconds and needs no third-party service. Each solved challenge is
accepted once: its nonce is kept in the database until the challenge expires,
so that no solution can be replayed, with or without the shared cache.
"""

import datetime

import altcha
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import SpentChallenge

ALGORITHM = "PBKDF2/SHA-256"
# A solution is a few hundred characters; anything much longer is not one.
MAX_PAYLOAD_LENGTH = 4000


def new_challenge():
    expires_at = timezone.now() + datetime.timedelta(seconds=settings.VOTE_CHALLENGE_SECONDS)
    challenge = altcha.create_challenge(
        ALGORITHM,
        settings.VOTE_CHALLENGE_COST,
        expires_at=expires_at,
        hmac_secret=settings.VOTE_CHALLENGE_HMAC_KEY,
    )
    return challenge.to_dict()


def is_solved(payload):
    """True for a correct solution of a challenge we signed, the first time it is shown."""
    if not payload or len(payload) > MAX_PAYLOAD_LENGTH:
        return False
    try:
        result = altcha.verify_solution(payload, hmac_secret=settings.VOTE_CHALLENGE_HMAC_KEY)
        nonce = altcha.Payload.from_base64(payload).challenge.parameters.nonce
    except (ValueError, TypeError, KeyError, AttributeError):
        return False
    if not result.verified:
        return False
    return spend(str(nonce))


def spend(nonce):
    """True the first time `nonce` is spent; its row outlives every challenge that could carry it."""
    now = timezone.now()
    SpentChallenge.objects.filter(expires_at__lt=now).delete()
    try:
        with transaction.atomic():
            SpentChallenge.objects.create(
                nonce=nonce[: SpentChallenge.NONCE_MAX_LENGTH],
                expires_at=now + datetime.timedelta(seconds=settings.VOTE_CHALLENGE_SECONDS),
            )
    except IntegrityError:
        return False
    return True
