import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from award.models import Edition, Phase
from municipalities.models import Municipality


class NomineeManager(models.Manager):
    def get_by_natural_key(self, year, municipality_number):
        return self.get(edition__year=year, municipality__number=municipality_number)


class Nominee(models.Model):
    """A municipality the jury has shortlisted for an edition.

    Finalist and winner are recorded here once staff have decided them; the
    public sees them only when the edition's phase says so.
    """

    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="nominees", verbose_name=_("prisrunde")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="nominees", verbose_name=_("kommune")
    )
    description = models.TextField(_("omtale"), blank=True)
    jury_rationale = models.TextField(
        _("juryens begrunnelse"),
        blank=True,
        help_text=_("Vises som «Dette sier juryen om …»."),
    )
    is_finalist = models.BooleanField(_("finalist"), default=False)
    is_winner = models.BooleanField(_("vinner"), default=False)

    objects = NomineeManager()

    class Meta:
        verbose_name = _("nominert kommune")
        verbose_name_plural = _("nominerte kommuner")
        ordering = ["edition", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "municipality"], name="one_nominee_per_municipality_and_edition"
            ),
            models.UniqueConstraint(
                fields=["edition"], condition=Q(is_winner=True), name="one_winner_per_edition"
            ),
            models.CheckConstraint(
                condition=Q(is_winner=False) | Q(is_finalist=True), name="winner_is_a_finalist"
            ),
        ]

    def __str__(self):
        return f"{self.municipality} ({self.edition.label})"

    def natural_key(self):
        return (self.edition.year, self.municipality.number)

    natural_key.dependencies = ["award.edition", "municipalities.municipality"]

    def is_public_finalist(self, at=None):
        return self.is_finalist and self.edition.finalists_are_public(at)

    def is_public_winner(self, at=None):
        return self.is_winner and self.edition.winner_is_public(at)


class NominationStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Sendt inn")
    WITHDRAWN = "withdrawn", _("Trukket")


# Which status a nomination may move to from each status, while the window is open.
ALLOWED_TRANSITIONS = {
    NominationStatus.DRAFT: {NominationStatus.SUBMITTED, NominationStatus.WITHDRAWN},
    NominationStatus.SUBMITTED: {NominationStatus.WITHDRAWN},
    NominationStatus.WITHDRAWN: set(),
}

ANSWER_MAX_LENGTH = 3000

# What the municipality itself writes in its entry, in the order of the form.
WRITTEN_BY_MUNICIPALITY = [
    "municipality",
    "unit",
    "contact_name",
    "contact_role",
    "contact_email",
    "contact_phone",
    "participants",
    "share_in_work_directly",
    "share_in_work_after_one_year",
    "settlement_requested",
    "settlement_settled",
    "council_decided_per_request",
    "answer_settlement",
    "answer_projects",
    "answer_qualification",
]
PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class NominationQuerySet(models.QuerySet):
    def meeting_entry_criterion(self):
        """The database's side of `Nomination.entry_criterion_shortfalls()`."""
        threshold = F("edition__entry_threshold")
        return self.filter(
            share_in_work_directly__gte=threshold, share_in_work_after_one_year__gte=threshold
        )

    def not_meeting_entry_criterion(self):
        return self.exclude(pk__in=self.meeting_entry_criterion().values("pk"))


class Nomination(models.Model):
    """A municipality's own entry for an edition: private, kept for good."""

    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("prisrunde")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="nominations",
        verbose_name=_("kommune"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=NominationStatus.choices, default=NominationStatus.DRAFT
    )
    # A secret in the private link; staff can replace it to revoke a leaked link.
    edit_key = models.UUIDField(default=uuid.uuid4, editable=False)

    unit = models.CharField(_("enheten som sender forslaget"), max_length=200, blank=True)
    contact_name = models.CharField(_("kontaktperson"), max_length=200)
    contact_role = models.CharField(_("rolle eller stilling"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-postadresse"))
    contact_phone = models.CharField(_("telefonnummer"), max_length=30, blank=True)

    participants = models.PositiveIntegerField(
        _("antall deltakere i introduksjonsprogrammet"), null=True, blank=True
    )
    share_in_work_directly = models.DecimalField(
        _("andel i arbeid eller utdanning rett etter programmet (prosent)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=PERCENT,
    )
    share_in_work_after_one_year = models.DecimalField(
        _("andel i arbeid eller utdanning ett år etter programmet (prosent)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=PERCENT,
    )
    settlement_requested = models.PositiveIntegerField(
        _("antall flyktninger staten ba kommunen bosette (anmodning)"), null=True, blank=True
    )
    settlement_settled = models.PositiveIntegerField(
        _("antall flyktninger kommunen bosatte"), null=True, blank=True
    )
    council_decided_per_request = models.BooleanField(
        _("kommunestyret vedtok å bosette i tråd med anmodningen"), null=True, blank=True
    )
    answer_settlement = models.TextField(
        _("engasjement og fleksibilitet i bosettingen"), max_length=ANSWER_MAX_LENGTH, blank=True
    )
    answer_projects = models.TextField(
        _("nye prosjekter og tiltak"), max_length=ANSWER_MAX_LENGTH, blank=True
    )
    answer_qualification = models.TextField(
        _("tilpasset program og kvalifisering til formell kompetanse"),
        max_length=ANSWER_MAX_LENGTH,
        blank=True,
    )
    consent_given_at = models.DateTimeField(_("samtykke gitt"), null=True, blank=True)

    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sist endret"), auto_now=True)
    submitted_at = models.DateTimeField(_("sendt inn"), null=True, blank=True)

    objects = NominationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["edit_key"])

    class Meta:
        verbose_name = _("forslag")
        verbose_name_plural = _("forslag")
        ordering = ["edition", "municipality__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "municipality"], name="one_nomination_per_municipality"
            ),
        ]

    def __str__(self):
        return f"{self.municipality} ({self.edition.label})"

    @property
    def is_draft(self):
        return self.status == NominationStatus.DRAFT

    @property
    def is_submitted(self):
        return self.status == NominationStatus.SUBMITTED

    def can_be_changed(self, at=None):
        return (
            self.status != NominationStatus.WITHDRAWN
            and self.edition.phase(at) == Phase.NOMINATIONS_OPEN
        )

    def entry_criterion_shortfalls(self):
        """Why the entry does not meet the entry criterion, one sentence per shortfall."""
        threshold = self.edition.entry_threshold
        shortfalls = []
        checks = [
            (self.share_in_work_directly, gettext("rett etter programmet")),
            (self.share_in_work_after_one_year, gettext("ett år etter programmet")),
        ]
        for share, when in checks:
            if share is None:
                shortfalls.append(gettext("Andelen %(when)s mangler.") % {"when": when})
            elif share < threshold:
                shortfalls.append(
                    gettext("%(share)s %% %(when)s er under inngangskriteriet på %(threshold)s %%.")
                    % {
                        "share": floatformat(share, -1),
                        "when": when,
                        "threshold": floatformat(threshold, -1),
                    }
                )
        return shortfalls

    def meets_entry_criterion(self):
        return not self.entry_criterion_shortfalls()

    def change_status(self, status, by=None, reason=""):
        """Move the nomination to `status`: the one way its status ever changes.

        Refuses a move the workflow does not allow or one outside the
        nomination window, saves with a history record of who and why, and
        leaves notifications to the caller's `on_commit` hooks.
        """
        if status not in ALLOWED_TRANSITIONS[self.status]:
            raise ValidationError(
                gettext("Et forslag med status «%(current)s» kan ikke få status «%(new)s».")
                % {"current": self.get_status_display(), "new": NominationStatus(status).label},
                code="transition",
            )
        if not self.can_be_changed():
            raise NominationClosed
        self.status = status
        if status == NominationStatus.SUBMITTED:
            self.submitted_at = timezone.now()
        self._change_reason = reason or NominationStatus(status).label
        if by is not None and by.is_authenticated:
            self._history_user = by
        self.save()


class NominationClosed(Exception):
    """The nomination window is not open, or the entry was withdrawn."""


class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT, which no URL serves; staff fetch them through a view."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL.")


def attachment_path(attachment, filename):
    # The stored name carries nothing from the uploader's file name.
    return f"nominations/{attachment.nomination.edition.year}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A document sent with a nomination, stored outside every public URL."""

    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("forslag")
    )
    file = models.FileField(_("fil"), storage=PrivateStorage(), upload_to=attachment_path)
    original_name = models.CharField(_("filnavn"), max_length=200)
    content_type = models.CharField(_("filtype"), max_length=120)
    size = models.PositiveIntegerField(_("størrelse (byte)"))
    uploaded_at = models.DateTimeField(_("lastet opp"), auto_now_add=True)

    class Meta:
        verbose_name = _("vedlegg")
        verbose_name_plural = _("vedlegg")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name
