"""The jury of an edition: its seats, their declared conflicts, and their scores.

`Assessment` names `Nomination` by the app's own model name: the entries'
module reads the jury's scores and conflicts, so it imports this one.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from award.models import Edition
from municipalities.models import Municipality


class JuryMember(models.Model):
    """A person on the jury of one edition."""

    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="jury", verbose_name=_("prisrunde")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="jury_seats",
        verbose_name=_("bruker"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jurymedlem")
        verbose_name_plural = _("jurymedlemmer")
        ordering = ["-edition__year", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "user"], name="one_seat_per_edition")
        ]

    def __str__(self):
        name = self.user.get_full_name() or self.user.get_username()
        return f"{name} ({self.edition.label})"

    def has_conflict_with(self, municipality):
        return self.conflicts.filter(municipality=municipality).exists()


class Conflict(models.Model):
    """A jury member's declared conflict of interest with a municipality.

    From the declaration on, the member no longer sees that municipality's
    nomination, and none of their scores for it count, not even earlier ones.
    """

    juror = models.ForeignKey(
        JuryMember, on_delete=models.PROTECT, related_name="conflicts", verbose_name=_("jurymedlem")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="jury_conflicts",
        verbose_name=_("kommune"),
    )
    reason = models.CharField(
        _("grunn"),
        max_length=300,
        blank=True,
        help_text=_("For eksempel arbeidsgiver eller hjemkommune."),
    )
    declared_at = models.DateTimeField(_("meldt"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inhabilitet")
        verbose_name_plural = _("inhabiliteter")
        ordering = ["-declared_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["juror", "municipality"], name="one_conflict_per_juror_and_municipality"
            )
        ]

    def __str__(self):
        return f"{self.juror}: {self.municipality}"


SCORE_CHOICES = [(score, str(score)) for score in range(1, 6)]

# The criteria of the call the jury scores, in the order of the call; the entry
# criterion is checked by the system and not scored.
SCORED_CRITERIA = [
    ("score_results", _("Resultater i introduksjonsprogrammet")),
    ("score_settlement", _("Engasjement og fleksibilitet i bosettingen")),
    ("score_projects", _("Nye prosjekter og tiltak")),
    ("score_qualification", _("Tilpasset program og kvalifisering til formell kompetanse")),
]
SCORE_FIELDS = [field for field, _label in SCORED_CRITERIA]


class AssessmentQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(submitted_at__isnull=False)

    def conflicted(self):
        """Assessments by a member who has declared a conflict with the municipality."""
        return self.filter(
            Exists(
                Conflict.objects.filter(
                    juror=OuterRef("juror"), municipality=OuterRef("nomination__municipality")
                )
            )
        )

    def counted(self):
        """The scores the ranking uses: submitted, by members without a conflict."""
        return self.submitted().exclude(pk__in=self.conflicted().values("pk"))

    def visible_to(self, user):
        """What `user` may read: staff all; a jury member their own, and the others'
        submitted scores for a nomination once they have submitted their own."""
        if user.has_perm("nominations.view_all_assessments"):
            return self
        own_conflict = Conflict.objects.filter(
            juror__user=user,
            juror__edition=OuterRef("nomination__edition"),
            municipality=OuterRef("nomination__municipality"),
        )
        own_submitted = self.model.objects.submitted().filter(juror__user=user)
        return (
            self.exclude(Exists(own_conflict))
            .exclude(pk__in=self.conflicted().values("pk"))
            .filter(
                Q(juror__user=user)
                | Q(submitted_at__isnull=False, nomination__in=own_submitted.values("nomination"))
            )
        )


def score_field(label):
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        choices=SCORE_CHOICES,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )


class Assessment(models.Model):
    """One jury member's scores, 1 to 5 per criterion, for one nomination."""

    juror = models.ForeignKey(
        JuryMember,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("jurymedlem"),
    )
    nomination = models.ForeignKey(
        "Nomination",
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("forslag"),
    )
    score_results = score_field(SCORED_CRITERIA[0][1])
    score_settlement = score_field(SCORED_CRITERIA[1][1])
    score_projects = score_field(SCORED_CRITERIA[2][1])
    score_qualification = score_field(SCORED_CRITERIA[3][1])
    comment = models.TextField(_("kommentar"), blank=True, max_length=3000)
    submitted_at = models.DateTimeField(_("sendt inn"), null=True, blank=True)
    updated_at = models.DateTimeField(_("sist endret"), auto_now=True)

    objects = AssessmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("poenggivning")
        verbose_name_plural = _("poenggivninger")
        ordering = ["nomination", "juror"]
        permissions = [("view_all_assessments", _("Kan se alle jurymedlemmenes poeng"))]
        constraints = [
            models.UniqueConstraint(
                fields=["juror", "nomination"], name="one_assessment_per_juror_and_nomination"
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True})
                    | Q(**{f"{field}__gte": 1, f"{field}__lte": 5}),
                    name=f"{field}_from_1_to_5",
                )
                for field in SCORE_FIELDS
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True)
                | Q(**{f"{field}__isnull": False for field in SCORE_FIELDS}),
                name="submitted_assessment_is_complete",
            ),
        ]

    def __str__(self):
        return f"{self.nomination} – {self.juror}"

    @property
    def is_submitted(self):
        return self.submitted_at is not None

    def scores(self):
        return [getattr(self, field) for field in SCORE_FIELDS]

    def clean(self):
        super().clean()
        if self.juror_id is None or self.nomination_id is None:
            return
        if self.nomination.edition_id != self.juror.edition_id:
            raise ValidationError(
                {"nomination": gettext("Forslaget hører til en annen prisrunde enn juryen din.")}
            )
        if not self.nomination.is_eligible:
            raise ValidationError(
                {"nomination": gettext("Bare forslag som er vurdert som kvalifisert, får poeng.")}
            )
        if self.juror.has_conflict_with(self.nomination.municipality):
            raise ValidationError(
                {"nomination": gettext("Du har meldt deg inhabil for denne kommunen.")}
            )

    def submit(self, at=None):
        """Lock the scores in; from now on they count and the member sees the others'."""
        missing = [label for field, label in SCORED_CRITERIA if getattr(self, field) is None]
        if missing:
            raise ValidationError(
                gettext("Gi poeng for alle kriteriene før du sender inn: %(missing)s.")
                % {"missing": ", ".join(str(label) for label in missing)},
                code="incomplete",
            )
        self.submitted_at = at or timezone.now()
