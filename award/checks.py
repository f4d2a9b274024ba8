"""Deployment checks of the site's own settings (`manage.py check --deploy`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    """Every e-mailed link starts with SITE_URL: without it, none would reach anyone."""
    hint = "Set SITE_URL to the address people reach the site at, e.g. https://prisen.imdi.no."
    address = urlsplit(settings.SITE_URL)
    if not settings.SITE_URL:
        return [
            checks.Error(
                "SITE_URL is not set: the links in e-mails lead nowhere.", hint=hint, id="award.E001"
            )
        ]
    if address.scheme not in {"http", "https"} or not address.netloc or address.path.strip("/"):
        return [
            checks.Error(
                f"SITE_URL ({settings.SITE_URL}) is not the address of the site.",
                hint=hint,
                id="award.E002",
            )
        ]
    if address.scheme != "https":
        return [
            checks.Warning(
                f"SITE_URL ({settings.SITE_URL}) is not https: e-mailed links would go unencrypted.",
                hint=hint,
                id="award.W003",
            )
        ]
    return []
