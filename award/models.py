from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .history import attribute_change
from .translation import LocalizedText, marked, other_languages, prize_name_language


class PrizeName(models.TextChoices):
    # Renamed in 2017 to take in integration as well as settlement.
    SETTLEMENT = "bosettingsprisen", _("Bosettingsprisen")
    SETTLEMENT_AND_INTEGRATION = (
        "bosettings-og-integreringsprisen",
        _("Bosettings- og integreringsprisen"),
    )


class Phase(models.TextChoices):
    UPCOMING = "upcoming", _("Kommer")
    NOMINATIONS_OPEN = "nominations_open", _("Åpen for forslag")
    UNDER_REVIEW = "under_review", _("Til vurdering")
    NOMINEES_PUBLISHED = "nominees_published", _("Nominerte kunngjort")
    VOTING_OPEN = "voting_open", _("Avstemning pågår")
    VOTING_CLOSED = "voting_closed", _("Avstemningen er avsluttet")
    FINALISTS_ANNOUNCED = "finalists_announced", _("Finalister kunngjort")
    WINNER_ANNOUNCED = "winner_announced", _("Vinner kåret")


# Phases in which the nominees and the jury's rationales are public.
NOMINEES_PUBLIC = frozenset(
    {
        Phase.NOMINEES_PUBLISHED,
        Phase.VOTING_OPEN,
        Phase.VOTING_CLOSED,
        Phase.FINALISTS_ANNOUNCED,
        Phase.WINNER_ANNOUNCED,
    }
)
FINALISTS_PUBLIC = frozenset({Phase.FINALISTS_ANNOUNCED, Phase.WINNER_ANNOUNCED})

# A page about an edition whose cycle ended longer ago than this says it may be out of date.
OUT_OF_DATE_AFTER = timedelta(days=365)

DEFAULT_ENTRY_THRESHOLD = Decimal("50")


class EditionQuerySet(models.QuerySet):
    def current(self):
        """The edition the front page follows: the newest one."""
        return self.order_by("-year").first()

    def next_phase_change(self, after):
        """The first moment after `after` at which any of these editions enters a new phase.

        None when no date lies ahead. One query, whatever the number of editions.
        """
        moments = self.aggregate(
            **{
                field: Min(field, filter=Q(**{f"{field}__gt": after}))
                for field, _phase in Edition.TIMELINE
            }
        )
        return min((moment for moment in moments.values() if moment is not None), default=None)

    def winner_revealed_before(self, moment):
        """Editions whose winner was revealed before `moment`: past the retention period."""
        return self.filter(winner_revealed_at__lt=moment)


class EditionManager(models.Manager.from_queryset(EditionQuerySet)):
    def get_by_natural_key(self, year):
        return self.get(year=year)


class Edition(models.Model):
    """One yearly cycle of the prize, from the call for nominations to the winner.

    The phase is never stored: `phase()` derives it from the dates below.
    """

    year = models.PositiveSmallIntegerField(
        _("år"),
        unique=True,
        help_text=_("Året prisen deles ut for. En samlet runde over to år får det siste året."),
    )
    period_label = models.CharField(
        _("periode"),
        max_length=20,
        blank=True,
        help_text=_("Fyll ut bare når runden dekker mer enn ett år, for eksempel «2019/2020»."),
    )
    prize_name = models.CharField(
        _("prisens navn"),
        max_length=40,
        choices=PrizeName.choices,
        default=PrizeName.SETTLEMENT_AND_INTEGRATION,
    )
    entry_threshold = models.DecimalField(
        _("inngangskriterium (prosent)"),
        max_digits=4,
        decimal_places=1,
        default=DEFAULT_ENTRY_THRESHOLD,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "Minste andel deltakere i arbeid eller utdanning, både rett etter "
            "introduksjonsprogrammet og ett år etter."
        ),
    )
    summary = models.TextField(_("ingress"), blank=True)
    summary_nn, summary_en = other_languages(summary)
    body = models.TextField(_("tekst"), blank=True)
    body_nn, body_en = other_languages(body)

    nominations_open_at = models.DateTimeField(_("forslag åpner"), null=True, blank=True)
    nominations_deadline_at = models.DateTimeField(_("frist for forslag"), null=True, blank=True)
    nominees_published_at = models.DateTimeField(_("nominerte kunngjøres"), null=True, blank=True)
    voting_opens_at = models.DateTimeField(_("avstemningen åpner"), null=True, blank=True)
    voting_closes_at = models.DateTimeField(_("avstemningen stenger"), null=True, blank=True)
    finalists_revealed_at = models.DateTimeField(
        _("finalister kunngjøres"), null=True, blank=True
    )
    ceremony_at = models.DateTimeField(
        _("prisutdeling"),
        null=True,
        blank=True,
        help_text=_("Når vinneren etter planen kåres på scenen. Vises til publikum."),
    )
    venue = models.CharField(_("sted for prisutdelingen"), max_length=200, blank=True)
    venue_nn, venue_en = other_languages(venue)
    winner_revealed_at = models.DateTimeField(
        _("vinneren offentliggjøres"),
        null=True,
        blank=True,
        help_text=_("Fra dette tidspunktet er vinneren offentlig på alle sider."),
    )

    updated_at = models.DateTimeField(_("sist oppdatert"), auto_now=True)

    objects = EditionManager()
    history = HistoricalRecords()

    # The cycle in order: (date field, phase that begins at that moment).
    TIMELINE = (
        ("nominations_open_at", Phase.NOMINATIONS_OPEN),
        ("nominations_deadline_at", Phase.UNDER_REVIEW),
        ("nominees_published_at", Phase.NOMINEES_PUBLISHED),
        ("voting_opens_at", Phase.VOTING_OPEN),
        ("voting_closes_at", Phase.VOTING_CLOSED),
        ("finalists_revealed_at", Phase.FINALISTS_ANNOUNCED),
        ("winner_revealed_at", Phase.WINNER_ANNOUNCED),
    )
    # Pairs of dates that may fall on the same moment; all others must strictly follow.
    MAY_COINCIDE = {("nominees_published_at", "voting_opens_at")}

    class Meta:
        verbose_name = _("prisrunde")
        verbose_name_plural = _("prisrunder")
        ordering = ["-year"]
        permissions = [("publish_nominees", _("Kan kunngjøre de nominerte"))]

    def __str__(self):
        return f"{self.get_prize_name_display()} {self.label}"

    def natural_key(self):
        return (self.year,)

    @property
    def label(self):
        return self.period_label or str(self.year)

    @property
    def title(self):
        return str(self)

    @property
    def marked_title(self):
        """The title inside a page's text, marked as bokmål on English pages (see PRIZE_NAME_LANGUAGE)."""
        return marked(LocalizedText(self.title, prize_name_language()))

    def place_in_phase(self, phase, at, step):
        """Set every date so that the edition is in `phase` at `at`, `step` apart.

        Used for demonstrations and tests: dates before the phase fall in the
        past, later ones ahead, each one `step` from the next.
        """
        reached = [Phase.UPCOMING, *(p for _field, p in self.TIMELINE)].index(phase)
        for position, (field, _phase) in enumerate(self.TIMELINE, start=1):
            setattr(self, field, at + (position - reached - (position <= reached)) * step)
        self.ceremony_at = self.winner_revealed_at
        # The reveal is scheduled only once a winner is chosen (see clean());
        # until then the ceremony is the planned moment.
        if phase != Phase.WINNER_ANNOUNCED:
            self.winner_revealed_at = None

    def phase(self, at=None):
        """The phase of the cycle at the moment `at` (now by default).

        Each date starts its phase at that very second. Dates left empty are
        steps this edition did not have (old editions had no public vote).
        """
        at = at or timezone.now()
        current = Phase.UPCOMING
        for field, phase in self.TIMELINE:
            moment = getattr(self, field)
            if moment is not None and moment <= at:
                current = phase
        return current

    def nominees_are_public(self, at=None):
        return self.phase(at) in NOMINEES_PUBLIC

    def finalists_are_public(self, at=None):
        return self.phase(at) in FINALISTS_PUBLIC

    def winner_is_public(self, at=None):
        return self.phase(at) == Phase.WINNER_ANNOUNCED

    def concluded_at(self):
        """When the cycle ended: the reveal of the winner, or its last known date."""
        moments = [getattr(self, field) for field, _phase in self.TIMELINE]
        moments.append(self.ceremony_at)
        known = [moment for moment in moments if moment is not None]
        return max(known) if known else None

    def note_in_history(self, reason):
        """A history record saying what was done to the edition's data, without changing it."""
        type(self).history.bulk_history_create([self], update=True, default_change_reason=reason)

    def is_out_of_date(self, at=None):
        at = at or timezone.now()
        concluded = self.concluded_at()
        if concluded is None:
            return self.year < at.year - 1
        return self.winner_is_public(at) and concluded < at - OUT_OF_DATE_AFTER

    def publish_nominees(self, by=None, at=None):
        """Make the nominees and the jury's rationales public from `at` (now by default).

        Publishing is setting the date the phase is computed from, so every
        page follows at that second. Refused unless the review is under way
        and every nominee has the texts the public will read.
        """
        at = at or timezone.now()
        if self.phase(at) != Phase.UNDER_REVIEW:
            raise ValidationError(
                gettext("De nominerte kan bare kunngjøres mens forslagene er til vurdering."),
                code="not_under_review",
            )
        nominees = list(self.nominees.select_related("municipality"))
        if not nominees:
            raise ValidationError(gettext("Runden har ingen nominerte ennå."), code="no_nominees")
        unfinished = [str(n.municipality) for n in nominees if not n.is_ready_to_publish()]
        if unfinished:
            raise ValidationError(
                gettext("Disse mangler omtale eller juryens begrunnelse: %(names)s.")
                % {"names": ", ".join(unfinished)},
                code="unfinished_nominees",
            )
        self.nominees_published_at = at
        self.full_clean()
        attribute_change(self, gettext("De nominerte ble kunngjort"), by)
        self.save()

    def publish_finalists(self, finalists, by=None, at_once=False):
        """Make `finalists` (the voting rule's result) the edition's finalists; returns when.

        Only once the vote has closed, so that the count is final. Public at
        once, or at «finalister kunngjøres» if staff have set it ahead and
        not asked for `at_once`.
        """
        now = timezone.now()
        if self.phase(now) != Phase.VOTING_CLOSED:
            raise ValidationError(
                gettext("Finalistene kan bare kunngjøres etter at avstemningen er avsluttet."),
                code="voting_not_closed",
            )
        scheduled = self.finalists_revealed_at
        at = scheduled if scheduled and scheduled > now and not at_once else now
        if not finalists:
            raise ValidationError(gettext("Det er ingen finalister å kunngjøre."), code="none")
        chosen = {nominee.pk for nominee in finalists}
        for nominee in self.nominees.all():
            if nominee.is_finalist != (nominee.pk in chosen):
                nominee.is_finalist = nominee.pk in chosen
                attribute_change(nominee, gettext("Finalistene ble kunngjort"), by)
                nominee.save(update_fields=["is_finalist"])
        self.finalists_revealed_at = at
        self.full_clean()
        if at > now:
            attribute_change(self, gettext("Kunngjøringen av finalistene ble planlagt"), by)
        else:
            attribute_change(self, gettext("Finalistene ble kunngjort"), by)
        self.save()
        return at

    def reveal_winner(self, by=None, at=None):
        """Make the chosen winner public from `at`: now, as it is said on stage, or later."""
        at = at or timezone.now()
        if self.winner_is_public():
            raise ValidationError(gettext("Vinneren er allerede kunngjort."), code="revealed")
        if self.phase(at) != Phase.FINALISTS_ANNOUNCED:
            raise ValidationError(
                gettext("Vinneren kan bare kunngjøres etter at finalistene er kunngjort."),
                code="finalists_not_public",
            )
        winner = self.nominees.filter(is_winner=True).first()
        if winner is None:
            raise ValidationError(
                gettext("Velg vinneren blant finalistene før du kunngjør."), code="no_winner"
            )
        if not winner.winner_rationale.strip():
            raise ValidationError(
                gettext("Skriv juryens begrunnelse for vinneren før du kunngjør."),
                code="no_rationale",
            )
        self.winner_revealed_at = at
        self.full_clean()
        attribute_change(self, gettext("Vinneren ble kunngjort"), by)
        self.save()

    def clean(self):
        super().clean()
        errors = {}
        earlier = []
        for field, _phase in self.TIMELINE:
            moment = getattr(self, field)
            if moment is None:
                continue
            for earlier_field, earlier_moment in earlier:
                may_coincide = (earlier_field, field) in self.MAY_COINCIDE
                if moment < earlier_moment or (moment == earlier_moment and not may_coincide):
                    errors.setdefault(field, []).append(
                        ValidationError(
                            _("«%(field)s» må være etter «%(earlier)s»."),
                            code="timeline_order",
                            params={
                                "field": self._meta.get_field(field).verbose_name,
                                "earlier": self._meta.get_field(earlier_field).verbose_name,
                            },
                        )
                    )
                    break
            earlier.append((field, moment))
        if self.voting_opens_at and not self.nominees_published_at:
            errors.setdefault("voting_opens_at", []).append(
                ValidationError(
                    _("Avstemningen kan ikke åpne før de nominerte er kunngjort."),
                    code="voting_before_nominees",
                )
            )
        if bool(self.voting_opens_at) != bool(self.voting_closes_at):
            errors.setdefault("voting_closes_at", []).append(
                ValidationError(
                    _("En avstemning trenger både et tidspunkt for åpning og for stenging."),
                    code="voting_window_incomplete",
                )
            )
        if (
            self.pk
            and self.winner_revealed_at
            and self.winner_revealed_at > timezone.now()
            and not self.nominees.filter(is_winner=True).exists()
        ):
            errors.setdefault("winner_revealed_at", []).append(
                ValidationError(
                    _("Velg vinneren blant finalistene før du planlegger kunngjøringen."),
                    code="no_winner",
                )
            )
        if bool(self.nominations_open_at) != bool(self.nominations_deadline_at):
            errors.setdefault("nominations_deadline_at", []).append(
                ValidationError(
                    _("Perioden for forslag trenger både en åpning og en frist."),
                    code="nomination_window_incomplete",
                )
            )
        if errors:
            raise ValidationError(errors)


class Feedback(models.Model):
    """An answer to «Fant du det du lette etter?» at the bottom of a content page."""

    path = models.CharField(_("side"), max_length=300)
    found = models.BooleanField(_("fant det"))
    comment = models.TextField(_("kommentar"), max_length=1000, blank=True)
    language = models.CharField(_("språk"), max_length=8)
    created_at = models.DateTimeField(_("mottatt"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("tilbakemelding")
        verbose_name_plural = _("tilbakemeldinger")
        ordering = ["-created_at"]

    def __str__(self):
        return self.path


class PressRelease(models.Model):
    """The press release of the winner, published on the site with the reveal."""

    edition = models.OneToOneField(
        Edition, on_delete=models.PROTECT, related_name="press_release", verbose_name=_("prisrunde")
    )
    title = models.CharField(_("tittel"), max_length=200)
    title_nn, title_en = other_languages(title)
    lead = models.TextField(_("ingress"), max_length=1000)
    lead_nn, lead_en = other_languages(lead)
    body = models.TextField(_("brødtekst"))
    body_nn, body_en = other_languages(body)
    dated = models.DateField(
        _("dato"),
        null=True,
        blank=True,
        help_text=_("Står tomt: dagen vinneren offentliggjøres."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pressemelding")
        verbose_name_plural = _("pressemeldinger")
        ordering = ["-edition__year"]

    def __str__(self):
        return self.title

    def date(self):
        if self.dated:
            return self.dated
        if self.edition.winner_revealed_at:
            return timezone.localdate(self.edition.winner_revealed_at)
        return None


class Quote(models.Model):
    press_release = models.ForeignKey(
        PressRelease, on_delete=models.CASCADE, related_name="quotes", verbose_name=_("pressemelding")
    )
    text = models.TextField(_("sitat"), max_length=1500)
    text_nn, text_en = other_languages(text)
    speaker = models.CharField(_("hvem sier det"), max_length=200)
    role = models.CharField(_("rolle"), max_length=200, blank=True)
    role_nn, role_en = other_languages(role)
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sitat")
        verbose_name_plural = _("sitater")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.speaker


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
