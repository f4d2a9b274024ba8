"""Security headers and the answer the site gives while its database is down."""

import logging

from csp.constants import HEADER, HEADER_REPORT_ONLY, UNSAFE_INLINE
from csp.middleware import CheckableLazyObject, CSPMiddleware
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils import translation

logger = logging.getLogger(__name__)

# How long a client or a load balancer should wait before asking again.
RETRY_AFTER_SECONDS = 30
# What django-csp's decorators leave on a response whose view has a policy of its own.
PER_VIEW_POLICY = [
    f"_csp_{kind}{suffix}" for kind in ("config", "update", "replace") for suffix in ("", "_ro")
] + ["_csp_exempt", "_csp_exempt_ro"]


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The site's one policy, with style attributes allowed in the admin only.

    django-simple-history's history page (and perhaps a future Django admin
    template) sets inline style attributes. Allowing them under the admin
    path still keeps scripts and <style> elements to our own files there, and
    leaves every public page with the strict policy.

    The policy is the same for every response of the public site and every
    one of the admin, so each header is built once per process; a response
    with a nonce or a view's own policy gets django-csp's usual treatment.
    """

    def __init__(self, get_response):
        super().__init__(get_response)
        self._headers = {}
        # Addresses left without a policy would make the header depend on more than the admin.
        self._same_everywhere = not any(
            (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES")
            for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
        )

    def process_response(self, request, response):
        if (
            not self._same_everywhere
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, attribute) for attribute in PER_VIEW_POLICY)
        ):
            return super().process_response(request, response)
        in_admin = self._in_admin(request)
        if in_admin not in self._headers:
            built = super().process_response(request, HttpResponse())
            self._headers[in_admin] = [(h, built[h]) for h in (HEADER, HEADER_REPORT_ONLY) if h in built]
        if not (settings.DEBUG and response.status_code in {404, 500}):
            for header, value in self._headers[in_admin]:
                response.setdefault(header, value)
        # As django-csp does: a nonce asked for after the header was written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    @staticmethod
    def _in_admin(request):
        return request.path_info.startswith(f"/{settings.ADMIN_PATH}")

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and self._in_admin(request):
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
