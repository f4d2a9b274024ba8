from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("I kø")
    SENT = "sent", _("Sendt")
    FAILED = "failed", _("Kunne ikke sendes")


class OutgoingEmailQuerySet(models.QuerySet):
    def due(self):
        """Queued e-mails whose next attempt is now or past, oldest first."""
        return self.filter(status=EmailStatus.QUEUED, next_attempt_at__lte=timezone.now()).order_by(
            "next_attempt_at", "pk"
        )

    def backlog(self):
        """What operations watch: e-mails waiting to leave, those of them due now and
        when the longest-waiting due one fell due (None when none is), and those that
        failed for good. Each count reads the (status, next attempt) index."""
        return {
            "queued": self.filter(status=EmailStatus.QUEUED).count(),
            **self.due().aggregate(due=models.Count("pk"), oldest_due_at=Min("next_attempt_at")),
            "failed": self.filter(status=EmailStatus.FAILED).count(),
        }

    def mark_sent(self):
        """Record that these e-mails have left, and forget their addresses and texts."""
        return self.update(status=EmailStatus.SENT, sent_at=timezone.now(), recipient="", body="")

    def erase_failed_before(self, moment):
        """Erase the address and text of e-mails that failed before `moment`; returns how many.

        A sent e-mail keeps neither already; a failed one keeps them for
        staff to send again, but not past the retention period.
        """
        return (
            self.filter(status=EmailStatus.FAILED, created_at__lt=moment)
            .exclude(recipient="", body="")
            .update(recipient="", body="")
        )


class OutgoingEmail(models.Model):
    """An e-mail on its way out, and what became of it.

    The address and the text are erased once the e-mail has left: a voter's
    address must not outlive its e-mail, and the text holds private links.
    What stays shows staff that e-mail flows, and which ones failed.
    """

    recipient = models.EmailField(_("mottaker"), blank=True)
    subject = models.CharField(_("emne"), max_length=300)
    body = models.TextField(_("tekst"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=EmailStatus.choices, default=EmailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("forsøk"), default=0)
    next_attempt_at = models.DateTimeField(_("neste forsøk"), default=timezone.now)
    last_error = models.CharField(_("siste feil"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("lagt i kø"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("utgående e-post")
        verbose_name_plural = _("utgående e-post")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outgoing_email_due")]

    def __str__(self):
        return self.subject

    def record_failure(self, error):
        """Count a refused attempt and set the next, each pause twice the last; True while one is due."""
        self.attempts += 1
        self.last_error = str(error)[:500]
        if self.attempts >= settings.EMAIL_MAX_ATTEMPTS:
            self.status = EmailStatus.FAILED
        else:
            pause = settings.EMAIL_RETRY_SECONDS * 2 ** (self.attempts - 1)
            self.next_attempt_at = timezone.now() + timedelta(seconds=pause)
        self.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        return self.status == EmailStatus.QUEUED

    def queue_again(self):
        """Staff's second chance for an e-mail that failed every attempt: as many attempts again."""
        self.status = EmailStatus.QUEUED
        self.attempts = 0
        self.next_attempt_at = timezone.now()
        self.save(update_fields=["status", "attempts", "next_attempt_at"])
