"""The admin's file input for a nominee's photo, which lives in private storage.

Django's file input links the current file to its storage URL; private
storage has none (`PrivateStorage.url` refuses), so the link goes to the
view that serves the photo under its embargo instead.
"""

from django.contrib.admin.widgets import AdminFileWidget
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def nominee_photo_url(nominee):
    """The address that serves the nominee's photo: to the public once published, to staff before."""
    return reverse(
        "award:nominee_photo",
        kwargs={"year": nominee.edition.year, "slug": nominee.municipality.slug},
    )


class PrivateLink:
    """What the widget's template reads as the current file: a URL and a name."""

    def __init__(self, url, text):
        self.url = url
        self.text = text

    def __str__(self):
        return str(self.text)


class NomineePhotoWidget(AdminFileWidget):
    initial_text = _("Bildet nå")
    input_text = _("Bytt bilde")
    clear_checkbox_label = _("Fjern bildet")

    def is_initial(self, value):
        return bool(value and getattr(value, "name", None))

    def format_value(self, value):
        if self.is_initial(value):
            return PrivateLink(nominee_photo_url(value.instance), _("Åpne bildet"))
        return None
