from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..translation import other_languages
from .edition import Edition


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
