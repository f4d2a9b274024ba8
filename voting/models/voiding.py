"""Staff's voidings: each a record of who voided which votes, when and why."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from award.models import Edition


class Voiding(models.Model):
    """Staff's decision to void a vote or a cluster of votes: who, when, why and what."""

    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="voidings", verbose_name=_("prisrunde")
    )
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="vote_voidings",
        verbose_name=_("annullert av"),
    )
    voided_at = models.DateTimeField(_("annullert"), default=timezone.now)
    reason = models.TextField(_("begrunnelse"))
    description = models.CharField(_("hva som ble annullert"), max_length=300)
    vote_count = models.PositiveIntegerField(_("antall stemmer"), default=0)

    class Meta:
        verbose_name = _("annullering")
        verbose_name_plural = _("annulleringer")
        ordering = ["-voided_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="voiding_has_a_reason"),
        ]

    def __str__(self):
        return f"{self.description} ({date_format(timezone.localtime(self.voided_at), 'DATETIME_FORMAT')})"
