from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import get_language, override

from .models import Phase


def languages(request):
    """Links to the page the visitor is on, in each of the site's languages."""
    current = get_language()
    full_path = request.get_full_path()
    # What follows the path (the query string) stays as it is in every language.
    query = full_path[len(request.path) :]
    alternates = [
        {
            "code": code,
            "name": name,
            "url": _in_language(request.resolver_match, full_path, query, code),
            "current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]
    return {"language_alternates": alternates, "Phase": Phase}


def _in_language(match, full_path, query, code):
    """What translate_url() gives for the page's address, from the match Django made for it.

    translate_url() resolves the address again for each language: that was
    two thirds of this processor's time, which every rendered page spends.
    """
    if match is None:
        # An address no view answers (the 404 page): translate_url() does what it can.
        return translate_url(full_path, code)
    with override(code):
        try:
            return reverse(match.view_name, args=match.args, kwargs=match.kwargs) + query
        except NoReverseMatch:
            return full_path
