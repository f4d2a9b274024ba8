"""A kept page is served before any other middleware, and loses none of their guarantees.

The page cache is first in MIDDLEWARE and stores the answer with every
header the rest of the middleware gave it; these tests hold what that must
not change: HTTPS is still required, HSTS goes only over HTTPS, a foreign
host is still refused, and the address is not resolved again for a hit.
"""

import time

import csp.middleware
import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import resolvers

from award.models import Phase
from tests.factories import make_edition, make_nominee

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]


@pytest.fixture
def edition():
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN, summary="Første ingress.")
    make_nominee(edition, "Voss", description="Voss bosetter godt.", jury_rationale="Godt.")
    return edition


def test_a_kept_page_is_served_without_resolving_its_address(edition, monkeypatch):
    rendered = Client().get("/prisen/2030/")

    def no_resolving(*args, **kwargs):
        raise AssertionError("the address was resolved")

    monkeypatch.setattr(resolvers.URLResolver, "resolve", no_resolving)
    kept = Client().get("/prisen/2030/")

    assert kept.status_code == 200
    assert kept.content == rendered.content


def test_a_plain_http_request_moves_to_https_although_the_page_is_kept(edition, settings):
    settings.SECURE_SSL_REDIRECT = True
    visitor = Client()
    secure = [visitor.get("/prisen/2030/", secure=True) for _time in range(2)]

    plain = Client().get("/prisen/2030/")

    assert [response.status_code for response in secure] == [200, 200]
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/prisen/2030/"


def test_hsts_goes_with_the_kept_page_over_https_only(edition, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    secure = [Client().get("/arkiv/", secure=True) for _time in range(2)]
    plain = [Client().get("/arkiv/") for _time in range(2)]

    assert [r["Strict-Transport-Security"] for r in secure] == ["max-age=3600"] * 2
    assert ["Strict-Transport-Security" in r for r in plain] == [False, False]


def test_a_host_the_site_does_not_serve_is_refused_although_the_page_is_kept(edition):
    Client().get("/")

    foreign = Client(HTTP_HOST="angriper.example").get("/")

    assert foreign.status_code == 400
    assert b"Voss" not in foreign.content


def test_the_content_security_policy_is_built_once_per_process_for_the_public_site_and_the_admin(
    edition, settings, monkeypatch, admin_client
):
    settings.PAGE_CACHE_SECONDS = 0
    built = []
    build_policy = csp.middleware.build_policy

    def counted(*args, **kwargs):
        built.append(kwargs.get("report_only", False))
        return build_policy(*args, **kwargs)

    monkeypatch.setattr(csp.middleware, "build_policy", counted)
    visitor = Client()
    public = [visitor.get(path) for path in ["/", "/prisen/2030/", "/arkiv/", "/"]]
    admin = [admin_client.get(f"/{settings.ADMIN_PATH}") for _time in range(3)]

    # One policy and one report-only policy (empty) for each of the two.
    assert sorted(built) == [False, False, True, True]
    assert len({r["Content-Security-Policy"] for r in public}) == 1
    assert len({r["Content-Security-Policy"] for r in admin}) == 1
    assert "style-src-attr 'unsafe-inline'" in admin[0]["Content-Security-Policy"]
    assert "unsafe-inline" not in public[0]["Content-Security-Policy"]


def test_the_shared_vote_link_reads_its_kept_page_and_the_visitors_attempts_in_one_look(
    edition, monkeypatch
):
    Client().get("/stem/voss/")
    looks = []
    get_many = cache.get_many

    def counted(keys, *args, **kwargs):
        looks.append(sorted(keys))
        return get_many(keys, *args, **kwargs)

    monkeypatch.setattr(cache, "get_many", counted)
    page = Client().get("/stem/voss/")

    assert page.status_code == 200
    assert "Voss bosetter godt." in page.content.decode()
    assert len(looks) == 1
    # The counts of the current window: their keys name it (award.ratelimit.window_key).
    window = str(int(time.time() // settings.VOTE_RATE_WINDOW_SECONDS) * settings.VOTE_RATE_WINDOW_SECONDS)
    assert f"ratelimit:vote:address:127.0.0.1:{window}" in looks[0]
    assert f"ratelimit:vote:network:127.0.0.0/24:{window}" in looks[0]
