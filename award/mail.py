"""Every e-mail the site sends goes through here: queued, sent by a worker in batches, retried.

A request only writes its e-mail to the database. A delivery run in the task
queue then sends every e-mail that is due, many over one connection to the
mail server: during a voting rush the worker opens one SMTP session (with its
TLS handshake) per batch, not one per vote, and the queue holds one task per
run, not one per e-mail.
"""

import contextlib
import smtplib

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django_tasks import task

from .models import OutgoingEmail

BATCH_SIZE = 50
# Set while a delivery run waits in the queue: e-mails queued meanwhile go with it. It expires
# on its own, so that a run lost before it started costs a short delay, never an e-mail.
RUN_WAITING = "mail:run-waiting"
RUN_WAITING_SECONDS = 10


def link(path):
    """The address of one of the site's pages for an e-mail: SITE_URL and the page's path."""
    return settings.SITE_URL.rstrip("/") + path


def send(recipient, subject, body):
    """Queue an e-mail to leave once the current transaction has committed."""
    email = OutgoingEmail.objects.create(recipient=recipient, subject=subject, body=body)
    transaction.on_commit(start_delivery)
    return email


def retry(email):
    """Staff's second chance for an e-mail that failed every attempt."""
    email.queue_again()
    transaction.on_commit(start_delivery)


def start_delivery():
    """Queue a delivery run, unless one is waiting to start: it will find this e-mail too."""
    # None: the cache did not answer, and nobody knows whether a run waits. One run too
    # many finds nothing to send; one too few would leave the e-mail waiting.
    if cache.add(RUN_WAITING, True, RUN_WAITING_SECONDS) is not False:
        deliver.enqueue()


@task()
def deliver():
    """Send every e-mail that is due, a batch at a time over one connection."""
    # From here on, an e-mail committed by a request needs a run of its own: this run may
    # already have looked for it.
    cache.delete(RUN_WAITING)
    tried = set()
    while True:
        with transaction.atomic():
            # Locked rows are another worker's batch; a worker that dies leaves them queued.
            batch = list(
                OutgoingEmail.objects.due()
                .exclude(pk__in=tried)
                .select_for_update(skip_locked=True)[:BATCH_SIZE]
            )
            if not batch:
                return
            tried.update(email.pk for email in batch)
            _send_batch(batch)


def _send_batch(batch):
    connection = get_connection()
    sent = []
    for email in batch:
        message = EmailMessage(
            email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.recipient],
            connection=connection,
        )
        try:
            # Opened here, the connection stays open after the message (send() would close it).
            connection.open()
            message.send()
        except (smtplib.SMTPException, OSError) as error:
            # The session may be broken: the next message opens a new one.
            _close(connection)
            if email.record_failure(error):
                deliver.using(run_after=email.next_attempt_at).enqueue()
        else:
            sent.append(email.pk)
    _close(connection)
    OutgoingEmail.objects.filter(pk__in=sent).mark_sent()


def _close(connection):
    # A broken session is dropped all the same; its error is the message's, recorded already.
    with contextlib.suppress(smtplib.SMTPException, OSError):
        connection.close()
