import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "award.settings")

application = get_wsgi_application()


def _load_what_the_first_request_would():
    """Import the URLconf with every view, and start the template engine with its tag libraries.

    Django does both on a process's first request, which then takes most of a
    second more than the rest. Here gunicorn's worker does them while it
    boots, before it is given any request, and nothing is read from the
    database or the cache.
    """
    from django.template import engines
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (the import is what is wanted)
    engines.all()


_load_what_the_first_request_would()
