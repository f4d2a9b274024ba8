"""X-Forwarded-Proto is believed only from a trusted proxy; HEAD is answered as GET is, without a body."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache

from award.models import Phase
from tests.factories import make_edition, make_nominee

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps(getattr(s, 'SECURE_PROXY_SSL_HEADER', None)))"
)


def proxy_header_in_production(**environment):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TRUSTED_"))}
    clean.update(
        DEBUG="0",
        SECRET_KEY="proxy-test-" + "k" * 50,
        ALLOWED_HOSTS="prisen.imdi.no",
        DJANGO_SETTINGS_MODULE="award.settings",
        **environment,
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_without_a_trusted_proxy_the_forwarded_scheme_is_not_believed():
    assert proxy_header_in_production() == "null"
    assert proxy_header_in_production(TRUSTED_PROXY_COUNT="0") == "null"
    assert proxy_header_in_production(TRUSTED_PROXY_COUNT="1") == '["HTTP_X_FORWARDED_PROTO", "https"]'


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("proxy_header", "status"),
    [(None, 301), (("HTTP_X_FORWARDED_PROTO", "https"), 200)],
)
def test_a_client_claiming_https_is_redirected_unless_a_proxy_is_trusted(
    client, settings, proxy_header, status
):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = proxy_header

    response = client.get("/kriterier/", HTTP_X_FORWARDED_PROTO="https")

    assert response.status_code == status
    if status == 301:
        assert response["Location"] == "https://testserver/kriterier/"


@pytest.fixture
def site(db, empty_cache):
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    make_nominee(edition, "Gjøvik", description="Gjøvik bosetter raskt.")
    return edition


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/stem/",
        "/stem/gjovik/",
        "/arkiv/",
        "/helse/",
        "/api/v1/editions",
        "/api/v1/editions/2030",
        "/api/v1/winners",
        "/api/v1/nominees.csv",
    ],
)
def test_head_is_answered_as_get_without_a_body_and_without_a_warning(client, site, path, caplog):
    get = client.get(path)

    with caplog.at_level(logging.WARNING):
        head = client.head(path)

    assert get.status_code == 200
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]
    assert caplog.records == []


@pytest.mark.parametrize("path", ["/", "/stem/", "/stem/gjovik/", "/arkiv/"])
def test_head_of_a_kept_page_comes_from_the_page_cache(
    client, site, path, settings, django_assert_num_queries
):
    # A cache outside the database, so that a page from it costs no query at all.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    client.get(path)

    with django_assert_num_queries(0):
        head = client.head(path)

    assert head.status_code == 200
    assert head.content == b""
    assert cache.get("pagecache:version") is not None
