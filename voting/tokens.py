"""The confirmation link: a signed token naming the vote by its random id, with the voter's address sealed in it.

The vote decides when the link expires (`Vote.obstacle`), so that a link
opened after the close is told about the close rather than about its age.
"""

import base64
import binascii
import uuid

from django.core import signing

from .models import Vote

SALT = "voting.confirm"


class InvalidToken(Exception):
    """A forged or altered token, or one for a vote that no longer exists."""


def confirmation_token(vote, address):
    sealed = base64.urlsafe_b64encode(vote.seal_address(address)).decode().rstrip("=")
    return signing.dumps([vote.public_id.hex, sealed], salt=SALT)


def read_token(token):
    """The vote a token confirms and the address sealed in it; InvalidToken for anything else."""
    try:
        name, sealed = signing.loads(token, salt=SALT)
        sealed = base64.urlsafe_b64decode(sealed + "=" * (-len(sealed) % 4))
        if isinstance(name, str):
            named = {"public_id": uuid.UUID(hex=name)}
        elif isinstance(name, int) and not isinstance(name, bool):
            # A link signed before votes had a random id names the vote by its
            # sequential id; it expires with the vote's confirmation lifetime.
            named = {"pk": name}
        else:
            raise InvalidToken
    except (signing.BadSignature, ValueError, TypeError, binascii.Error) as error:
        raise InvalidToken from error
    try:
        # Unique either way: get() spares first()'s ordering.
        vote = Vote.objects.select_related("edition", "nominee__municipality").get(**named)
    except Vote.DoesNotExist as error:
        raise InvalidToken from error
    return vote, sealed
