from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from award.models import Edition
from municipalities.models import Municipality


class NomineeQuerySet(models.QuerySet):
    def public(self, at=None):
        """Nominees of editions whose nominees have been published by `at`.

        Which editions qualify is decided by `Edition.phase()`; the filter here
        only applies that answer to many editions at once.
        """
        editions = [e.pk for e in Edition.objects.all() if e.nominees_are_public(at)]
        return self.filter(edition__in=editions)


class NomineeManager(models.Manager.from_queryset(NomineeQuerySet)):
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
