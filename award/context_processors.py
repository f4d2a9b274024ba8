from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from .models import Phase


def languages(request):
    """Links to the page the visitor is on, in each of the site's languages."""
    current = get_language()
    alternates = [
        {
            "code": code,
            "name": name,
            "url": translate_url(request.get_full_path(), code),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]
    return {"language_alternates": alternates, "Phase": Phase}
