"""Every e-mail the site sends goes through here: queued, sent by a worker, retried."""

import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import EmailStatus, OutgoingEmail


def send(recipient, subject, body):
    """Queue an e-mail to leave once the current transaction has committed."""
    email = OutgoingEmail.objects.create(recipient=recipient, subject=subject, body=body)
    transaction.on_commit(lambda: deliver.enqueue(email.pk))
    return email


def retry(email):
    """Staff's second chance for an e-mail that failed every attempt."""
    email.status = EmailStatus.QUEUED
    email.attempts = 0
    email.save(update_fields=["status", "attempts"])
    transaction.on_commit(lambda: deliver.enqueue(email.pk))


@task()
def deliver(email_id):
    email = OutgoingEmail.objects.filter(pk=email_id, status=EmailStatus.QUEUED).first()
    if email is None:
        return
    try:
        send_mail(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.recipient])
    except (smtplib.SMTPException, OSError) as error:
        if email.record_failure(error, settings.EMAIL_MAX_ATTEMPTS):
            pause = settings.EMAIL_RETRY_SECONDS * 2 ** (email.attempts - 1)
            deliver.using(run_after=timezone.now() + timedelta(seconds=pause)).enqueue(email.pk)
        return
    email.mark_sent()
