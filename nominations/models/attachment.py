import uuid

import filetype
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .nomination import Nomination
from .storage import PrivateStorage


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
