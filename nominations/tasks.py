"""E-mails that must wait for a moment on stage: finalists and winner hear no earlier."""

from django.utils import timezone
from django_tasks import task

from award.models import Edition

from . import notifications


def schedule_reveal_announcements(edition):
    """Queue the finalist and winner e-mails for the moments they become public.

    Called whenever those moments are set or moved; a task that wakes up
    before its moment (because staff moved it later) sends nothing.
    """
    now = timezone.now()
    for moment in (edition.finalists_revealed_at, edition.winner_revealed_at):
        if moment is None:
            continue
        if moment <= now:
            announce_reveal.enqueue(edition.pk)
        else:
            announce_reveal.using(run_after=moment).enqueue(edition.pk)


@task()
def announce_reveal(edition_id):
    edition = Edition.objects.get(pk=edition_id)
    if edition.finalists_are_public():
        for nominee in edition.nominees.filter(is_finalist=True).select_related("municipality"):
            _tell(nominee, "finalist_notified_at", notifications.send_finalist)
    if edition.winner_is_public():
        for nominee in edition.nominees.filter(is_winner=True).select_related("municipality"):
            _tell(nominee, "winner_notified_at", notifications.send_winner)


def _tell(nominee, field, send):
    nomination = nominee.nomination()
    # Editions from before the site have nominees without an entry, and no one to write to.
    if nomination is not None and nominee.claim_contact_notification(field):
        send(nomination)
