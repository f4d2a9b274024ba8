"""Who may do what in the review: nominations, nominees, the jury's seats, conflicts and
scores, and the editions a jury member sits on; used by views and the admin alike.

Every admin view of an object (change, history, a past version, revert,
delete, custom pages) fetches it through these, by way of the admin's
`get_queryset` (see `award.admin_access`), so that no page shows more than
the change page would.
"""

from django.db.models import Exists, OuterRef

from .models import Conflict


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


def reads_whole_review(user):
    """IMDi staff: every edition, every conflict and every score."""
    return user.is_active and user.has_perm("nominations.view_all_assessments")


def visible_editions(user, editions):
    """Staff read every edition; a jury member the editions they sit on."""
    if reads_whole_review(user) or user.has_perm("award.change_edition"):
        return editions
    return editions.filter(pk__in=user.jury_seats.values("edition"))


def visible_conflicts(user, conflicts):
    """Staff read every declaration; a jury member only their own, never another's reason."""
    if reads_whole_review(user):
        return conflicts
    return conflicts.filter(juror__user=user)


def visible_assessments(user, assessments):
    """Staff read every score; a jury member their own, and the others' once their own is in.

    The rule itself is `AssessmentQuerySet.visible_to`, which the ranking and
    the entry's page use too.
    """
    return assessments.visible_to(user)


def visible_assessment_versions(user, assessment, versions):
    """The earlier versions of `assessment` that `user` may read.

    Another member's drafts are theirs until sent in: a jury member who may
    read someone else's scores reads only the versions that were submitted.
    """
    if reads_whole_review(user) or assessment.juror.user_id == user.pk:
        return versions
    return versions.filter(submitted_at__isnull=False)
