"""The private link a municipality gets to view and correct its nomination."""

from django.core import signing

from .models import Nomination

SALT = "nominations.edit"


def edit_token(nomination):
    return signing.dumps([nomination.pk, nomination.edit_key.hex], salt=SALT, compress=True)


def nomination_for_token(token):
    """The nomination a token opens, or None for a forged, altered or revoked token."""
    try:
        pk, key = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    nomination = (
        Nomination.objects.select_related("edition", "municipality").filter(pk=pk).first()
    )
    if nomination is None or nomination.edit_key.hex != key:
        return None
    return nomination


def link_was_replaced(token):
    """True for a link we signed whose key staff have since replaced (revoked), not a forged one."""
    try:
        pk, key = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return False
    nomination = Nomination.objects.filter(pk=pk).only("edit_key").first()
    return nomination is not None and nomination.edit_key.hex != key
