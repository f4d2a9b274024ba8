"""Who may read what: the review in the admin, and what the site keeps for operations.

Every admin view of an object (change, history, a past version, revert,
delete, custom pages) fetches it through these, by way of the admin's
`get_queryset` (see `award.admin_access`), so that no page shows more than
the change page would.
"""

import hmac
import ipaddress

from django.conf import settings

from .ratelimit import client_address


def reads_whole_review(user):
    """IMDi staff: every edition, every conflict and every score."""
    return user.is_active and user.has_perm("award.view_all_assessments")


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


def may_read_metrics(request):
    """A scraper that gives the bearer token METRICS_TOKEN, or one whose address lies in
    METRICS_ALLOWED_NETWORKS (the client's address as the rate limits read it)."""
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    token = settings.METRICS_TOKEN
    if token and scheme.lower() == "bearer" and hmac.compare_digest(given.encode(), token.encode()):
        return True
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return False
    return any(address in network for network in settings.METRICS_ALLOWED_NETWORKS)
