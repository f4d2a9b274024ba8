"""The proof-of-work challenge (ALTCHA) for a voter above the first rate-limit threshold.

The browser spends about a second of work; the server checks the answer in
milliseconds and needs no third-party service. Each solved challenge is
accepted once: its nonce is remembered in the shared cache until it expires.
"""

import datetime

import altcha
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

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
    return cache.add(f"altcha:used:{nonce}", True, timeout=settings.VOTE_CHALLENGE_SECONDS)
