"""Who may do what with nominations; used by views and the admin alike."""

from django.db.models import Exists, OuterRef

from award.models import Conflict


def can_download_attachments(user):
    return user.is_active and user.is_staff and user.has_perm("nominations.view_attachment")


def is_reviewer(user):
    """IMDi staff: see every nomination and every score, decide and shortlist."""
    return user.is_active and user.is_staff and user.has_perm("nominations.review_nomination")


def visible_nominations(user, nominations):
    """Staff read every entry; a jury member the eligible entries of their own editions,
    minus those of municipalities they declared a conflict with.

    The rule itself is `NominationQuerySet.visible_to`, which the attachment
    download and the scoring form use too.
    """
    return nominations.visible_to(user)


def visible_nominees(user, nominees):
    """Staff read every nominee; a jury member those of their own editions, minus conflicts."""
    if is_reviewer(user):
        return nominees
    if not user.has_perm("nominations.view_nominee"):
        return nominees.none()
    own_conflict = Conflict.objects.filter(
        juror__user=user,
        juror__edition=OuterRef("edition"),
        municipality=OuterRef("municipality"),
    )
    return nominees.filter(edition__jury__user=user).exclude(Exists(own_conflict))
