"""The confirmation link: a signed token naming the vote, with the voter's address sealed in it.

The vote decides when the link expires (`Vote.obstacle`), so that a link
opened after the close is told about the close rather than about its age.
"""

import base64
import binascii

from django.core import signing

from .models import Vote

SALT = "voting.confirm"


class InvalidToken(Exception):
    """A forged or altered token, or one for a vote that no longer exists."""


def confirmation_token(vote, address):
    sealed = base64.urlsafe_b64encode(vote.seal_address(address)).decode().rstrip("=")
    return signing.dumps([vote.pk, sealed], salt=SALT)


def read_token(token):
    """The vote a token confirms and the address sealed in it; InvalidToken for anything else."""
    try:
        pk, sealed = signing.loads(token, salt=SALT)
        sealed = base64.urlsafe_b64decode(sealed + "=" * (-len(sealed) % 4))
    except (signing.BadSignature, ValueError, TypeError, binascii.Error) as error:
        raise InvalidToken from error
    vote = (
        Vote.objects.select_related("edition", "nominee__municipality").filter(pk=pk).first()
        if isinstance(pk, int)
        else None
    )
    if vote is None:
        raise InvalidToken
    return vote, sealed
