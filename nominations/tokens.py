"""The private link a municipality gets to view and correct its nomination."""

import uuid

from django.core import signing

from .models import Nomination

SALT = "nominations.edit"


def edit_token(nomination):
    """The link's token names the entry by its random key alone, never by its sequential id."""
    return signing.dumps(nomination.edit_key.hex, salt=SALT)


def nomination_for_token(token):
    """The nomination a token opens, or None for a forged, altered or revoked token."""
    try:
        payload = signing.loads(token, salt=SALT)
        if isinstance(payload, str):
            named = {"edit_key": uuid.UUID(hex=payload)}
        else:
            # A link sent before the change carries the id and the key; it keeps working.
            pk, key = payload
            named = {"pk": int(pk), "edit_key": uuid.UUID(hex=key)}
    except (signing.BadSignature, ValueError, TypeError, AttributeError):
        return None
    return Nomination.objects.select_related("edition", "municipality").filter(**named).first()
