import os
import uuid
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from award.history import attribute_change
from award.models import SCORE_FIELDS, Assessment, Conflict, Edition, Phase
from award.translation import localized, other_languages
from municipalities.models import Municipality


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
        entries = Nomination.objects.filter(
            edition_id=self.edition_id, municipality_id=self.municipality_id
        )
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
# The contact person's personal data, erased once the retention period is over.
CONTACT_FIELDS = ["contact_name", "contact_role", "contact_email", "contact_phone"]


class Eligibility(models.TextChoices):
    PENDING = "pending", _("Ikke vurdert")
    ELIGIBLE = "eligible", _("Kvalifisert")
    INELIGIBLE = "ineligible", _("Ikke kvalifisert")


def rounded(fraction):
    """A mean or total as staff read it: two decimals, halves rounded up."""
    return (Decimal(fraction.numerator) / Decimal(fraction.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


@dataclass
class Standing:
    """Where a nomination stands in the jury's ranking."""

    nomination: "Nomination"
    score_count: int
    means: list  # one Fraction per criterion, in the order of SCORED_CRITERIA; empty if unscored
    total: Fraction | None
    place: int | None = None

    @property
    def rounded_means(self):
        return [rounded(mean) for mean in self.means]

    @property
    def rounded_total(self):
        return None if self.total is None else rounded(self.total)


class NominationQuerySet(models.QuerySet):
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
        """The eligible nominations in the jury's order, as `Standing`s.

        The rule: each nomination's total is the sum of its means per
        criterion over the counted scores (submitted, from members without a
        conflict), so from 4 to 20. Higher totals rank higher. Equal totals
        share a place, and the next place is skipped (1, 2, 2, 4); within a
        place, alphabetical order. Nominations nobody has scored come last,
        without a place. Means are computed exactly and rounded only for
        display, so that rounding never decides a place.
        """
        nominations = list(
            self.filter(status=NominationStatus.SUBMITTED, eligibility=Eligibility.ELIGIBLE)
            .select_related("municipality", "edition")
            .order_by("municipality__name")
        )
        sums = {
            row["nomination"]: row
            for row in Assessment.objects.counted()
            .filter(nomination__in=[n.pk for n in nominations])
            .values("nomination")
            .annotate(count=Count("pk"), **{field: Sum(field) for field in SCORE_FIELDS})
        }
        standings = []
        for nomination in nominations:
            row = sums.get(nomination.pk)
            if row is None:
                standings.append(Standing(nomination, 0, [], None))
                continue
            count = row["count"]
            means = [Fraction(row[field], count) for field in SCORE_FIELDS]
            standings.append(Standing(nomination, count, means, sum(means)))
        scored = sorted((s for s in standings if s.total is not None), key=lambda s: -s.total)
        for position, standing in enumerate(scored, start=1):
            previous = scored[position - 2] if position > 1 else None
            same = previous is not None and previous.total == standing.total
            standing.place = previous.place if same else position
        unscored = [s for s in standings if s.total is None]
        return scored + unscored

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

    def meeting_entry_criterion(self):
        """The database's side of `Nomination.entry_criterion_shortfalls()`."""
        threshold = F("edition__entry_threshold")
        return self.filter(
            share_in_work_directly__gte=threshold, share_in_work_after_one_year__gte=threshold
        )

    def claimed_more_than_once(self):
        """Entries whose municipality has more than one entry in the edition: staff decide."""
        others = Nomination.objects.filter(
            edition=OuterRef("edition"), municipality=OuterRef("municipality")
        ).exclude(pk=OuterRef("pk"))
        return self.filter(Exists(others))

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

    # The entry criterion is a condition of entry (inngangskriterium in the call):
    # an entry below it is not eligible, unless staff let it in as an exception
    # and write why. The reason is the decision's `eligibility_reason`, kept in
    # the history with who and when. These three methods are the whole rule.

    def is_entry_criterion_exception(self):
        """Eligible although below the entry criterion: let in by staff, with a reason."""
        return self.is_eligible and not self.meets_entry_criterion()

    def entry_criterion_warning(self):
        """What staff read beside an action on an entry let in as an exception; "" otherwise."""
        if not self.is_entry_criterion_exception():
            return ""
        return gettext(
            "%(municipality)s oppfyller ikke inngangskriteriet (%(shortfalls)s) "
            "og er kvalifisert som unntak. Begrunnelse: %(reason)s"
        ) % {
            "municipality": self.municipality,
            "shortfalls": " ".join(self.entry_criterion_shortfalls()),
            "reason": self.eligibility_reason or "–",
        }

    def require_entry_criterion(self):
        """Refuse to go further with an entry below the criterion that no reasoned exception let in."""
        if self.meets_entry_criterion() or (self.is_eligible and self.eligibility_reason.strip()):
            return
        raise ValidationError(
            gettext(
                "%(municipality)s oppfyller ikke inngangskriteriet: %(shortfalls)s "
                "Et unntak må begrunnes under «Endre vurderingen»."
            )
            % {
                "municipality": self.municipality,
                "shortfalls": " ".join(self.entry_criterion_shortfalls()),
            },
            code="below_entry_criterion",
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

    def download_name(self):
        """The uploader's name with the extension of the type its content was found to be.

        The name the uploader gave cannot decide how a browser or desktop
        opens the file: a PDF that is also valid HTML, sent as «polyglot.html»,
        would otherwise be saved as a web page and run locally.
        """
        stem, dot, _extension = self.original_name.rpartition(".")
        stem = (stem if dot else self.original_name).strip(". ") or gettext("vedlegg")
        kind = filetype.get_type(mime=self.content_type)
        return f"{stem}.{kind.extension}"
