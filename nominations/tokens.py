"""The private link a municipality gets to view and correct its nomination."""

import uuid

from django.core import signing

from .models import Nomination

SALT = "nominations.edit"


def edit_token(nomination):
    """The link's token names the entry by its random key alone, never by its sequential id."""
    return signing.dumps(nomination.edit_key.hex, salt=SALT)


def _lookup(token):
    """What a token we signed names its entry by, or None for a forged or altered token."""
    try:
        payload = signing.loads(token, salt=SALT)
        if isinstance(payload, str):
            return {"edit_key": uuid.UUID(hex=payload)}
        # A link sent before the change carries the id and the key; it keeps working.
        pk, key = payload
        return {"pk": int(pk), "edit_key": uuid.UUID(hex=key)}
    except (signing.BadSignature, ValueError, TypeError, AttributeError):
        return None


def nomination_for_token(token):
    """The nomination a token opens, or None for a forged, altered or revoked token."""
    named = _lookup(token)
    if named is None:
        return None
    return Nomination.objects.select_related("edition", "municipality").filter(**named).first()


def link_was_replaced(token):
    """True for a link we signed whose key staff have since replaced (revoked), not a forged one.

    A signed key that opens no entry was replaced: keys are never deleted, and
    entries are never deleted either.
    """
    return _lookup(token) is not None and nomination_for_token(token) is None
