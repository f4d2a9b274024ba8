"""Security headers and the answer the site gives while its database is down."""

import logging

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils import translation

logger = logging.getLogger(__name__)

# How long a client or a load balancer should wait before asking again.
RETRY_AFTER_SECONDS = 30


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The site's one policy, with style attributes allowed in the admin only.

    django-simple-history's history page (and perhaps a future Django admin
    template) sets inline style attributes. Allowing them under the admin
    path still keeps scripts and <style> elements to our own files there, and
    leaves every public page with the strict policy.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(f"/{settings.ADMIN_PATH}"):
            parts.update = {**(parts.update or {}), "style-src-attr": [UNSAFE_INLINE]}
        return parts


class PermissionsPolicyMiddleware:
    """Switches off browser features no page of the site uses (camera, location …)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response


class DatabaseUnavailableMiddleware:
    """A database that is down or unreachable gives a short 503 page, not a 500.

    Nothing is kept between requests: as soon as the database answers again,
    the next request is served as usual, without restarting the app.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        # One line per request: a stack trace for each one would bury the log during an outage.
        logger.error("Database unavailable at %s: %s", request.path, exception)
        return service_unavailable()


def service_unavailable():
    # Rendered without the request, so that no context processor touches the
    # database or the session.
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class AdminLanguageMiddleware:
    """The admin speaks the language the staff member's browser asks for.

    LocaleMiddleware gives every address outside i18n_patterns the default
    language, because the public site takes its language from the address
    alone. The admin's addresses carry no language, so there the browser's
    own preference (Accept-Language) chooses bokmål, nynorsk or English.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = f"/{settings.ADMIN_PATH}"

    def __call__(self, request):
        if request.path_info.startswith(self.prefix):
            translation.activate(translation.get_language_from_request(request))
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
