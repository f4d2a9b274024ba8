import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from award.models import Edition
from award.translation import localized, other_languages
from municipalities.models import Municipality

from .states import Eligibility
from .storage import PrivateStorage


def photo_path(nominee, filename):
    return f"nominees/{nominee.edition.year}/{uuid.uuid4().hex}"


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
    description_nn, description_en = other_languages(description)
    jury_rationale = models.TextField(
        _("juryens begrunnelse"),
        blank=True,
        help_text=_("Vises som «Dette sier juryen om …»."),
    )
    jury_rationale_nn, jury_rationale_en = other_languages(jury_rationale)
    photo = models.ImageField(
        _("bilde"),
        storage=PrivateStorage(),
        upload_to=photo_path,
        blank=True,
        help_text=_("JPEG, PNG eller WebP. Vises først når de nominerte er kunngjort."),
    )
    photo_alt = models.CharField(
        _("alternativ tekst til bildet"),
        max_length=250,
        blank=True,
        help_text=_("Hva bildet viser, for dem som ikke ser det."),
    )
    photo_alt_nn, photo_alt_en = other_languages(photo_alt)
    photo_credit = models.CharField(_("fotograf"), max_length=200, blank=True)
    video_url = models.URLField(
        _("lenke til video"),
        blank=True,
        help_text=_("Vises som en lenke, ikke innebygd, så siden ikke henter noe fra andre."),
    )
    is_finalist = models.BooleanField(_("finalist"), default=False)
    is_winner = models.BooleanField(_("vinner"), default=False)
    winner_rationale = models.TextField(
        _("juryens begrunnelse for vinneren"),
        blank=True,
        help_text=_("Vises først når vinneren er kunngjort."),
    )
    winner_rationale_nn, winner_rationale_en = other_languages(winner_rationale)
    shortlisted_at = models.DateTimeField(_("nominert"), null=True, blank=True, editable=False)
    contact_notified_at = models.DateTimeField(
        _("kontaktpersonen varslet"), null=True, blank=True, editable=False
    )
    finalist_notified_at = models.DateTimeField(
        _("varslet om finaleplass"), null=True, blank=True, editable=False
    )
    winner_notified_at = models.DateTimeField(
        _("varslet om seieren"), null=True, blank=True, editable=False
    )

    objects = NomineeManager()
    history = HistoricalRecords(
        excluded_fields=["contact_notified_at", "finalist_notified_at", "winner_notified_at"]
    )

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

    def clean(self):
        super().clean()
        if self.is_winner and not self.is_finalist:
            raise ValidationError(
                {"is_winner": gettext("Vinneren må være en av finalistene.")}, code="not_finalist"
            )
        if self.pk and self.edition_id and self.edition.winner_is_public():
            before = Nominee.objects.get(pk=self.pk)
            if (before.is_winner, before.is_finalist) != (self.is_winner, self.is_finalist):
                raise ValidationError(
                    gettext("Vinneren er kunngjort; finalister og vinner kan ikke endres."),
                    code="revealed",
                )
        if self.is_winner:
            nomination = self.nomination()
            if nomination is not None:
                try:
                    nomination.require_entry_criterion()
                except ValidationError as error:
                    raise ValidationError({"is_winner": error.messages}) from error
        if self.photo:
            errors = {}
            if not self.photo_alt.strip():
                errors["photo_alt"] = gettext("Et bilde trenger en alternativ tekst.")
            if not self.photo_credit.strip():
                errors["photo_credit"] = gettext("Oppgi hvem som har tatt bildet.")
            if errors:
                raise ValidationError(errors)
        if self.video_url and not self.video_url.startswith("https://"):
            raise ValidationError(
                {"video_url": gettext("Lenken må begynne med https://.")}, code="insecure_video"
            )

    @property
    def rationale_as_winner(self):
        """What the jury says about the winner, in the visitor's language where written.

        Winners from before the site have one text, their rationale as a nominee.
        """
        return localized(self, "winner_rationale" if self.winner_rationale else "jury_rationale")

    def is_ready_to_publish(self):
        return bool(self.description.strip() and self.jury_rationale.strip())

    def nomination(self):
        """The entry the municipality was nominated on: its one eligible entry."""
        entries = self.edition.nominations.filter(municipality_id=self.municipality_id)
        return entries.filter(eligibility=Eligibility.ELIGIBLE).first() or entries.first()

    def claim_contact_notification(self, field="contact_notified_at"):
        """True exactly once per nominee and `field`, for whoever should send that e-mail.

        A conditional update, so that two staff members (or a staff member and
        the task queue) acting at the same moment still send one e-mail.
        """
        claimed = Nominee.objects.filter(pk=self.pk, **{f"{field}__isnull": True}).update(
            **{field: timezone.now()}
        )
        return claimed == 1

    def is_public_finalist(self, at=None):
        return self.is_finalist and self.edition.finalists_are_public(at)

    def is_public_winner(self, at=None):
        return self.is_winner and self.edition.winner_is_public(at)
