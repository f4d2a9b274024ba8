import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from award.history import attribute_change
from award.models import Edition, Phase
from municipalities.models import Municipality

from .entry_criterion import EntryCriterion, EntryCriterionQuerySet
from .jury import Conflict
from .nominee import Nominee
from .ranking import rank
from .states import Eligibility, NominationStatus

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
# The contact person's personal data, erased once the retention period is over.
CONTACT_FIELDS = ["contact_name", "contact_role", "contact_email", "contact_phone"]


class NominationQuerySet(EntryCriterionQuerySet):
    def visible_to(self, user):
        """The nominations `user` may read in the admin.

        Staff read them all. A jury member reads the eligible nominations of
        the editions they sit on, except those of municipalities they have
        declared a conflict with.
        """
        if user.has_perm("nominations.review_nomination"):
            return self
        if not user.has_perm("nominations.view_nomination"):
            return self.none()
        own_conflict = Conflict.objects.filter(
            juror__user=user,
            juror__edition=OuterRef("edition"),
            municipality=OuterRef("municipality"),
        )
        return self.filter(
            edition__jury__user=user,
            status=NominationStatus.SUBMITTED,
            eligibility=Eligibility.ELIGIBLE,
        ).exclude(Exists(own_conflict))

    def ranked(self):
        """The eligible nominations in the jury's order, as `Standing`s (the rule: `rank`)."""
        return rank(self)

    def anonymise_contacts(self, reason):
        """Erase the contact person from these entries and from every earlier version of them.

        What the municipality wrote about its work stays. A history record per
        entry says when and why (`reason`). Entries another run is erasing at
        this moment are skipped, and erased ones are left alone, so the
        command can run anywhere and again. Returns how many entries changed.
        """
        erased = dict.fromkeys(CONTACT_FIELDS, "")
        with transaction.atomic():
            entries = list(
                self.select_for_update(skip_locked=True, of=("self",))
                .exclude(**erased)
                .order_by("pk")
            )
            if not entries:
                return 0
            self.model.objects.filter(pk__in=[entry.pk for entry in entries]).update(**erased)
            self.model.history.filter(id__in=[entry.pk for entry in entries]).update(**erased)
            for entry in entries:
                for field, value in erased.items():
                    setattr(entry, field, value)
            self.model.history.bulk_history_create(
                entries, update=True, default_change_reason=reason
            )
        return len(entries)

    def claimed_more_than_once(self):
        """Entries whose municipality has more than one entry in the edition: staff decide."""
        others = Nomination.objects.filter(
            edition=OuterRef("edition"), municipality=OuterRef("municipality")
        ).exclude(pk=OuterRef("pk"))
        return self.filter(Exists(others))


class Nomination(EntryCriterion, models.Model):
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
    # The private link names the entry by this secret alone; staff can replace
    # it to revoke a leaked link.
    edit_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

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

    eligibility = models.CharField(
        _("kvalifisert"), max_length=12, choices=Eligibility.choices, default=Eligibility.PENDING
    )
    eligibility_reason = models.TextField(_("begrunnelse for vurderingen"), blank=True)
    eligibility_decided_at = models.DateTimeField(_("vurdert"), null=True, blank=True)
    eligibility_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vurdert av"),
    )

    objects = NominationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["edit_key"])

    class Meta:
        verbose_name = _("forslag")
        verbose_name_plural = _("forslag")
        ordering = ["edition", "municipality__name"]
        permissions = [
            ("review_nomination", _("Kan vurdere, nominere og eksportere alle forslag")),
        ]
        constraints = [
            # Anyone may send an entry for any municipality and every entry is
            # kept; staff decide which one is the municipality's own, and only
            # that one can be eligible (and so nominated).
            models.UniqueConstraint(
                fields=["edition", "municipality"],
                condition=Q(eligibility=Eligibility.ELIGIBLE),
                name="one_eligible_nomination_per_municipality",
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
        attribute_change(self, reason or NominationStatus(status).label, by)
        self.save()


    def replace_edit_key(self, by=None):
        """Revoke the private link: a new key, so that the old link opens nothing from now on.

        The key itself is kept out of the history; the record says who replaced it and when.
        """
        self.edit_key = uuid.uuid4()
        attribute_change(self, gettext("Ny privat lenke; den gamle virker ikke lenger"), by)
        # Not «sist endret»: nothing the municipality wrote has changed.
        self.save(update_fields=["edit_key"])

    @property
    def is_eligible(self):
        return self.status == NominationStatus.SUBMITTED and self.eligibility == Eligibility.ELIGIBLE

    def decide_eligibility(self, eligible, reason="", by=None):
        """Record whether the entry is eligible; a «no» needs a reason, and so does
        a «yes» for an entry below the entry criterion (an exception).

        Decided on the submitted entry after the deadline, when it can no
        longer change under the decision. A shortlisted entry stays eligible.
        """
        reason = reason.strip()
        if self.status != NominationStatus.SUBMITTED or self.can_be_changed():
            raise ValidationError(
                gettext("Bare innsendte forslag kan vurderes, og først etter fristen."),
                code="not_reviewable",
            )
        if not eligible and not reason:
            raise ValidationError(
                {"eligibility_reason": gettext("Skriv hvorfor forslaget ikke er kvalifisert.")},
                code="reason_required",
            )
        shortfalls = self.entry_criterion_shortfalls()
        if eligible and shortfalls and not reason:
            raise ValidationError(
                {
                    "eligibility_reason": gettext(
                        "Forslaget oppfyller ikke inngangskriteriet: %(shortfalls)s "
                        "Skriv hvorfor det likevel skal være kvalifisert."
                    )
                    % {"shortfalls": " ".join(shortfalls)}
                },
                code="exception_reason_required",
            )
        if not eligible and self.is_eligible and self.nominee() is not None:
            raise ValidationError(
                gettext("Kommunen er allerede nominert; fjern den nominerte først."),
                code="already_shortlisted",
            )
        if eligible and self.other_claims().filter(eligibility=Eligibility.ELIGIBLE).exists():
            raise ValidationError(self.other_eligible_message(), code="other_claim_eligible")
        self.eligibility = Eligibility.ELIGIBLE if eligible else Eligibility.INELIGIBLE
        self.eligibility_reason = reason
        self.eligibility_decided_at = timezone.now()
        self.eligibility_decided_by = by if by is not None and by.is_authenticated else None
        if eligible and shortfalls:
            attribute_change(self, gettext("Kvalifisert som unntak fra inngangskriteriet"), by)
        else:
            attribute_change(self, self.get_eligibility_display(), by)
        try:
            with transaction.atomic():
                self.save()
        except IntegrityError as race:
            # Another entry for the municipality was found eligible a moment ago.
            self.refresh_from_db()
            raise ValidationError(self.other_eligible_message(), code="other_claim_eligible") from race

    def other_claims(self):
        """The other entries sent for the same municipality in the same edition."""
        return Nomination.objects.filter(
            edition_id=self.edition_id, municipality_id=self.municipality_id
        ).exclude(pk=self.pk)

    def other_eligible_message(self):
        return gettext(
            "Et annet forslag for %(municipality)s er allerede kvalifisert. Bare ett forslag per "
            "kommune kan være kvalifisert: vurder det andre som ikke kvalifisert først."
        ) % {"municipality": self.municipality}

    def nominee(self):
        return Nominee.objects.filter(
            edition_id=self.edition_id, municipality_id=self.municipality_id
        ).first()

    def shortlist(self, by=None):
        """Make the municipality a nominee of the edition; returns (nominee, created).

        Only an eligible entry, and only while the edition is under review:
        after publication a new nominee would appear on the public pages at once.
        """
        if not self.is_eligible:
            raise ValidationError(
                gettext("%(municipality)s er ikke vurdert som kvalifisert.")
                % {"municipality": self.municipality},
                code="not_eligible",
            )
        if self.edition.phase() != Phase.UNDER_REVIEW:
            raise ValidationError(
                gettext("Nominerte kan bare velges mens forslagene er til vurdering."),
                code="not_under_review",
            )
        self.require_entry_criterion()
        existing = self.nominee()
        if existing is not None:
            return existing, False
        nominee = Nominee(
            edition=self.edition, municipality=self.municipality, shortlisted_at=timezone.now()
        )
        attribute_change(nominee, gettext("Nominert"), by)
        try:
            with transaction.atomic():
                nominee.save()
        except IntegrityError:
            # Someone else shortlisted the municipality in the same moment.
            return self.nominee(), False
        return nominee, True


class NominationClosed(Exception):
    """The nomination window is not open, or the entry was withdrawn."""
