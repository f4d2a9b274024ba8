from django.db import models
from django.utils.translation import gettext_lazy as _


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
