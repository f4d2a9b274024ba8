"""/metrikker/: what operations watch, in Prometheus' text format, for the scraper only."""

import ipaddress
import socket
from datetime import timedelta

import pytest
from django.db import OperationalError, connections
from django.test import override_settings
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from award.models import Edition, EmailStatus, OutgoingEmail, Phase
from tests.factories import make_edition, make_nominee, make_vote
from tests.test_security_headers import production, production_settings  # noqa: F401 (fixtures)
from voting.models import Vote

pytestmark = pytest.mark.django_db

TOKEN = "a-long-random-token-for-the-scraper-0123456789"
SHARED_FIGURES = {
    "prize_database_up",
    "prize_cache_up",
    "prize_email_queued",
    "prize_email_due",
    "prize_email_oldest_due_age_seconds",
    "prize_email_failed",
    "prize_votes_cast_per_minute",
    "prize_votes_confirmed_per_minute",
}


@pytest.fixture
def scraper(empty_cache, client, settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_NETWORKS = []

    def scrape():
        response = client.get("/metrikker/", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        assert response.status_code == 200
        return samples(response.content.decode())

    return scrape


def samples(text):
    """{(name, frozenset of labels): value} of every sample in an exposition."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(figures, name, **labels):
    return figures.get((name, frozenset(labels.items())), 0.0)


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# The format


def test_the_metrics_are_in_prometheus_text_format_and_never_cached(client, settings):
    settings.METRICS_TOKEN = TOKEN

    response = client.get("/metrikker/", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; version=1.0.0; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    families = {f.name: f for f in text_string_to_metric_families(response.content.decode())}
    assert SHARED_FIGURES <= families.keys()
    assert {families[name].type for name in SHARED_FIGURES} == {"gauge"}
    assert families["prize_http_requests"].type == "counter"
    assert "# HELP prize_email_queued E-mails waiting to leave." in response.content.decode()


def test_the_metrics_answer_head_as_well_as_get(client, settings):
    settings.METRICS_TOKEN = TOKEN

    assert client.head("/metrikker/", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200
    assert client.post("/metrikker/", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 405


@pytest.mark.usefixtures("production")
def test_in_production_the_metrics_are_not_redirected_to_https(client, settings):
    settings.METRICS_TOKEN = TOKEN

    response = client.get("/metrikker/", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    page = client.get("/kriterier/")

    assert response.status_code == 200
    assert page.status_code == 301


# Who may read them


def test_with_neither_token_nor_networks_set_nobody_reads_the_metrics(client, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_NETWORKS = []

    response = client.get("/metrikker/", HTTP_AUTHORIZATION="Bearer ")

    assert response.status_code == 404
    assert "Fant ikke siden" in response.content.decode()
    assert "prize_" not in response.content.decode()


@pytest.mark.parametrize(
    "authorization",
    ["", f"Basic {TOKEN}", f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}", "Bearer", f"Bearer  {TOKEN}"],
)
def test_a_wrong_or_missing_token_gets_the_404_page(client, settings, authorization):
    settings.METRICS_TOKEN = TOKEN

    response = client.get("/metrikker/", HTTP_AUTHORIZATION=authorization)

    assert response.status_code == 404
    assert "prize_" not in response.content.decode()


def test_the_token_is_accepted_whatever_the_case_of_the_scheme(client, settings):
    settings.METRICS_TOKEN = TOKEN

    assert client.get("/metrikker/", HTTP_AUTHORIZATION=f"bearer {TOKEN}").status_code == 200


def test_an_address_in_an_allowed_network_reads_them_without_a_token(client, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_NETWORKS = [ipaddress.ip_network("10.1.0.0/16")]

    assert client.get("/metrikker/", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrikker/", REMOTE_ADDR="10.2.0.1").status_code == 404
    assert client.get("/metrikker/", REMOTE_ADDR="127.0.0.1").status_code == 404


def test_behind_a_trusted_proxy_the_address_is_the_one_the_proxy_saw(client, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_NETWORKS = [ipaddress.ip_network("10.1.0.0/16")]
    settings.TRUSTED_PROXY_COUNT = 1

    inside = client.get("/metrikker/", REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR="10.1.2.3")
    # A client outside cannot claim an inside address: the proxy appends what it saw.
    outside = client.get(
        "/metrikker/", REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR="10.1.2.3, 198.51.100.7"
    )

    assert (inside.status_code, outside.status_code) == (200, 404)


# The shared figures, read from the database and the cache


def test_the_email_queue_its_due_messages_and_the_oldest_ones_age(scraper):
    now = timezone.now()
    for minutes_ago in (7, 1):
        OutgoingEmail.objects.create(
            recipient="a@example.no", subject="Due", next_attempt_at=now - timedelta(minutes=minutes_ago)
        )
    OutgoingEmail.objects.create(
        recipient="b@example.no", subject="Retried later", next_attempt_at=now + timedelta(minutes=5)
    )
    OutgoingEmail.objects.create(subject="Sent", status=EmailStatus.SENT)
    OutgoingEmail.objects.create(subject="Failed", status=EmailStatus.FAILED)

    figures = scraper()

    assert value(figures, "prize_email_queued") == 3
    assert value(figures, "prize_email_due") == 2
    assert value(figures, "prize_email_failed") == 1
    assert value(figures, "prize_email_oldest_due_age_seconds") == pytest.approx(420, abs=5)


def test_an_empty_queue_has_no_age(scraper):
    OutgoingEmail.objects.create(subject="Sent", status=EmailStatus.SENT)

    figures = scraper()

    assert value(figures, "prize_email_queued") == 0
    assert ("prize_email_oldest_due_age_seconds", frozenset()) in figures
    assert value(figures, "prize_email_oldest_due_age_seconds") == 0


def test_votes_cast_and_confirmed_in_the_last_minute(scraper, municipalities):
    now = timezone.now()
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    nominee = make_nominee(edition, "Alta")
    make_vote(nominee, "ny@example.no", confirmed=False, at=now - timedelta(seconds=20))
    recent = make_vote(nominee, "fersk@example.no", confirmed=False, at=now - timedelta(seconds=40))
    Vote.objects.filter(pk=recent.pk).update(confirmed_at=now - timedelta(seconds=10))
    # Cast and confirmed long ago: in neither figure.
    make_vote(nominee, "gammel@example.no", at=now - timedelta(minutes=5))

    figures = scraper()

    assert value(figures, "prize_votes_cast_per_minute") == 2
    assert value(figures, "prize_votes_confirmed_per_minute") == 1


def test_the_database_and_the_cache_are_up(scraper):
    figures = scraper()

    assert value(figures, "prize_database_up") == 1
    assert value(figures, "prize_cache_up") == 1


def test_an_unreachable_cache_is_reported_down_and_the_rest_still_answers(scraper, settings):
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    settings.PAGE_CACHE_SECONDS = 0
    OutgoingEmail.objects.create(recipient="a@example.no", subject="Due")

    # Only for the scrape: the test's cache is emptied afterwards.
    with override_settings(CACHES=unreachable):
        figures = scraper()

    assert value(figures, "prize_cache_up") == 0
    assert value(figures, "prize_database_up") == 1
    assert value(figures, "prize_email_queued") == 1


def test_a_database_that_does_not_answer_is_down_and_its_figures_are_left_out(
    scraper, monkeypatch
):
    def refused(*args, **kwargs):
        raise OperationalError("connection refused")

    # A cache of its own, so that only the database fails.
    with override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}):
        monkeypatch.setattr(type(connections["default"]), "cursor", refused)
        figures = scraper()
        monkeypatch.undo()

    assert value(figures, "prize_database_up") == 0
    assert value(figures, "prize_cache_up") == 1
    assert {name for name, _labels in figures if name.startswith(("prize_email", "prize_votes"))} == set()


# Requests by view


def test_each_answer_from_a_view_is_counted_by_view_and_status(scraper, client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    before = scraper()

    client.get("/arkiv/")
    client.get("/arkiv/")
    client.get("/en/arkiv/")
    client.get("/finnes-ikke/")
    client.post("/helse/")

    after = scraper()
    assert value(after, "prize_http_requests_total", view="award:archive", status="200") - value(
        before, "prize_http_requests_total", view="award:archive", status="200"
    ) == 3
    assert value(after, "prize_http_requests_total", view="none", status="404") - value(
        before, "prize_http_requests_total", view="none", status="404"
    ) == 1
    assert value(after, "prize_http_requests_total", view="health", status="405") - value(
        before, "prize_http_requests_total", view="health", status="405"
    ) == 1


def test_an_error_in_a_view_is_counted_as_a_500_and_an_exception(scraper, client, settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 0
    client.raise_request_exception = False
    before = scraper()

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(Edition.objects, "current", broken)
    response = client.get("/kriterier/")
    monkeypatch.undo()

    after = scraper()
    assert response.status_code == 500
    assert value(after, "prize_http_requests_total", view="award:criteria", status="500") - value(
        before, "prize_http_requests_total", view="award:criteria", status="500"
    ) == 1
    assert value(after, "prize_http_exceptions_total", view="award:criteria") - value(
        before, "prize_http_exceptions_total", view="award:criteria"
    ) == 1


def test_a_page_served_from_the_page_cache_is_not_counted(scraper, client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    before = scraper()

    first = client.get("/arkiv/")
    second = client.get("/arkiv/")

    after = scraper()
    assert first.content == second.content
    # The first is rendered by the view; the second comes from the page cache.
    assert value(after, "prize_http_requests_total", view="award:archive", status="200") - value(
        before, "prize_http_requests_total", view="award:archive", status="200"
    ) == 1
