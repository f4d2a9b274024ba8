"""Hardened by default: the deploy check passes, every public page sends the security headers,
and the only cookies are the strictly necessary ones the privacy statement lists."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache

from award.models import Phase
from tests.factories import make_edition, make_nominee, make_staff
from tests.public_pages import READING_PAGES

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "production-like-key-" + "k" * 50,
    "ALLOWED_HOSTS": "prisen.imdi.no,testserver",
    "ADMIN_PATH": "staff-4f2a/",
    "DATABASE_URL": "postgres://prize:secret@db.example:5432/prize",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
    "EMAIL_URL": "smtp://mail.example:587",
    "SITE_URL": "https://prisen.imdi.no",
}
# The settings that make production's headers and cookies, read from production's environment.
SECURITY_SETTINGS = [
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_PATH",
    "SESSION_EXPIRE_AT_BROWSER_CLOSE",
    "SESSION_COOKIE_AGE",
    "ADMIN_OTP_REQUIRED",
]
POLICY = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "worker-src": "'self'",
    "manifest-src": "'self'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
    "frame-ancestors": "'none'",
}
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "publickey-credentials-get=(), usb=(), xr-spatial-tracking=()"
)
PUBLIC_PAGES = [
    *READING_PAGES,
    "/prisen/2022/kunngjoring/status/",
    "/stem/",
    "/stem/stord/",
    "/stem/stord/delingsbilde.png",
    "/stem/utfordring/",
    "/stem/bekreft/forfalsket/",
    "/forslag/",
    "/forslag/forfalsket/",
    "/api/v1/editions",
    "/api/v1/openapi.json",
    "/helse/",
    "/finnes-ikke/",
]


def run(args, **environment):
    # The test run allows async-unsafe calls for Playwright; production never does.
    ignored = {*PRODUCTION, "ADMIN_OTP_REQUIRED", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in ignored}
    clean.update(environment, DJANGO_SETTINGS_MODULE="award.settings")
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


@pytest.fixture(scope="module")
def production_settings():
    probe = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{name: getattr(s, name) for name in {SECURITY_SETTINGS!r}}}))"
    )
    result = run(["-c", probe], **PRODUCTION)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


@pytest.fixture
def production(settings, production_settings):
    """This process with the security settings production has."""
    for name, value in production_settings.items():
        setattr(settings, name, value)
    # Codes are tested in test_staff_login; here staff sign in with force_login.
    settings.ADMIN_OTP_REQUIRED = False
    return settings


@pytest.fixture
def site(history):
    cache.clear()
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    for name in ["Alta", "Stord"]:
        make_nominee(edition, name, description=f"{name} bosetter godt.")
    return edition


def policy(header):
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def test_the_production_settings_pass_the_deploy_check_without_a_warning():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_the_deploy_check_fails_with_the_admin_at_its_usual_address():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **{**PRODUCTION, "ADMIN_PATH": "admin/"},
    )

    assert result.returncode == 1
    assert "(award.W001) The staff admin is at the default address /admin/." in result.stderr


@pytest.mark.parametrize(
    ("site_url", "message"),
    [
        ("", "(award.E001) SITE_URL is not set: the links in e-mails lead nowhere."),
        ("prisen.imdi.no", "(award.E002) SITE_URL (prisen.imdi.no) is not the address of the site."),
        (
            "http://prisen.imdi.no",
            "(award.W003) SITE_URL (http://prisen.imdi.no) is not https: e-mailed links would go unencrypted.",
        ),
    ],
)
def test_the_deploy_check_fails_without_the_address_e_mailed_links_start_with(site_url, message):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **{**PRODUCTION, "SITE_URL": site_url},
    )

    assert result.returncode == 1
    assert message in result.stderr
    assert (
        "HINT: Set SITE_URL to the address people reach the site at, e.g. https://prisen.imdi.no."
        in result.stderr
    )


def test_the_deploy_check_fails_when_staff_may_sign_in_without_a_code():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION,
        ADMIN_OTP_REQUIRED="0",
    )

    assert result.returncode == 1
    assert "(award.W002) Staff can sign in to the admin without a one-time code." in result.stderr


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_sends_the_security_headers(client, production, site, path):
    response = client.get(path, secure=True)

    assert response.status_code in {200, 400, 404}, path
    assert policy(response["Content-Security-Policy"]) == POLICY
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY


def test_no_page_allows_inline_scripts_and_the_admin_alone_allows_style_attributes(
    client, production, site
):
    client.force_login(make_staff())

    admin = client.get("/admin/", secure=True)
    public = client.get("/", secure=True)

    assert policy(admin["Content-Security-Policy"]) == {
        **POLICY,
        "style-src-attr": "'unsafe-inline'",
    }
    assert "unsafe-inline" not in public["Content-Security-Policy"]
    assert "unsafe-eval" not in admin["Content-Security-Policy"]


def test_a_page_asked_for_over_plain_http_moves_to_https_but_the_health_check_does_not(
    client, production, site
):
    page = client.get("/arkiv/")
    health = client.get("/helse/")

    assert (page.status_code, page["Location"]) == (301, "https://testserver/arkiv/")
    assert (health.status_code, health.json()["status"]) == (200, "ok")


def privacy_statement_text(client):
    html = client.get("/personvern/", secure=True).content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_visitor_gets_only_the_cookies_the_privacy_statement_lists(client, production, site):
    seen = {}

    def remember(response):
        for name, morsel in response.cookies.items():
            seen[name] = morsel
        return response

    for path in PUBLIC_PAGES:
        remember(client.get(path, secure=True))
    remember(client.post("/tilbakemelding/", {"found": "yes", "path": "/kriterier/"}, secure=True))
    remember(client.get("/kriterier/", secure=True))

    assert sorted(seen) == ["csrftoken", "messages"]
    statement = privacy_statement_text(client)
    assert "(csrftoken)" in statement
    assert "(messages)" in statement
    assert "(sessionid)" in statement
    assert "(django_language)" in statement


def test_the_language_staff_choose_is_kept_in_a_secure_cookie_for_the_admin_only(
    client, production, site
):
    client.force_login(make_staff())

    chosen = client.post("/admin/sprak/", {"language": "nn", "next": "/admin/"}, secure=True)

    cookie = chosen.cookies["django_language"]
    assert chosen.status_code == 302
    # This process serves the admin at /admin/; production's ADMIN_PATH is staff-4f2a/.
    assert (cookie.value, cookie["path"]) == ("nn", "/staff-4f2a/")
    assert (cookie["secure"], cookie["httponly"], cookie["samesite"]) == (True, True, "Lax")


def test_staff_get_a_session_cookie_that_ends_with_the_browser(client, production, site):
    client.force_login(make_staff())

    response = client.get("/admin/", secure=True)
    client.logout()
    login = client.post(
        "/admin/login/",
        {"username": "saksbehandler", "password": "passord-for-test"},
        secure=True,
    )

    assert response.status_code == 200
    session = login.cookies["sessionid"]
    assert (session["secure"], session["httponly"], session["samesite"]) == (True, True, "Lax")
    assert session["expires"] == "" and session["max-age"] == ""
    assert production.SESSION_COOKIE_AGE == 4 * 60 * 60


@pytest.mark.parametrize("name", ["csrftoken", "messages"])
def test_the_visitors_cookies_are_secure_http_only_and_same_site(client, production, site, name):
    form = client.get("/stem/stord/", secure=True)
    feedback = client.post("/tilbakemelding/", {"found": "no", "path": "/"}, secure=True)

    cookie = {**form.cookies, **feedback.cookies}[name]
    assert (cookie["secure"], cookie["httponly"], cookie["samesite"]) == (True, True, "Lax")


def test_the_message_cookie_is_gone_once_the_message_is_shown(client, production, site):
    client.post("/tilbakemelding/", {"found": "yes", "path": "/kriterier/"}, secure=True)

    shown = client.get("/kriterier/", secure=True)

    assert "Takk for tilbakemeldingen!" in shown.content.decode()
    assert shown.cookies["messages"].value == ""
    assert shown.cookies["messages"]["max-age"] == 0

