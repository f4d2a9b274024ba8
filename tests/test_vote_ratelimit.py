"""Against ballot stuffing: rate limits per address and network, the challenge, throwaway domains."""

import os
import re
import subprocess
import sys
from pathlib import Path

import altcha
import environ
import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from award.challenge import is_solved, new_challenge
from award.models import Phase
from award.ratelimit import Level, client_address, client_network, vote_level
from tests.factories import make_edition, make_nominee
from voting.models import Vote, is_disposable

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def limits(settings):
    """Small thresholds, so that a test reaches them in a few attempts; a cheap challenge."""
    settings.VOTE_CHALLENGE_AFTER_PER_ADDRESS = 2
    settings.VOTE_REFUSE_AFTER_PER_ADDRESS = 4
    settings.VOTE_CHALLENGE_AFTER_PER_NETWORK = 3
    settings.VOTE_REFUSE_AFTER_PER_NETWORK = 6
    settings.VOTE_CHALLENGE_COST = 10
    return settings


@pytest.fixture
def edition():
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    make_nominee(edition, "Gjøvik")
    return edition


def text(response):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def vote(client, email, address="198.51.100.7", **data):
    return client.post(
        reverse("voting:vote_for", kwargs={"slug": "gjovik"}),
        {"email": email, **data},
        REMOTE_ADDR=address,
    )


def solved(client):
    """A solution of a fresh challenge from the site, as the widget would send it."""
    challenge = altcha.Challenge.from_dict(client.get(reverse("voting:challenge")).json())
    solution = altcha.solve_challenge(challenge)
    return altcha.Payload(challenge, solution).to_base64()


# Networks.


@pytest.mark.parametrize(
    "address, network",
    [
        ("198.51.100.7", "198.51.100.0/24"),
        ("198.51.100.255", "198.51.100.0/24"),
        ("2001:db8:1234:5678:9abc::1", "2001:db8:1234:5678::/64"),
        ("::ffff:198.51.100.7", "198.51.100.0/24"),
        ("", "ukjent"),
        ("ikke en adresse", "ukjent"),
    ],
)
def test_a_client_address_belongs_to_its_ipv4_24_or_ipv6_64(address, network):
    assert client_network(address) == network


def test_behind_trusted_proxies_the_address_the_nearest_one_saw_is_used(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9, 10.0.0.2"
    )

    assert client_address(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request) == "203.0.113.9"


# Limits per address and per network.


def test_above_the_first_threshold_a_vote_needs_the_challenge(client, edition):
    assert vote(client, "a@example.no").status_code == 302
    assert vote(client, "b@example.no").status_code == 302

    response = vote(client, "c@example.no")

    assert response.status_code == 400
    html = response.content.decode()
    assert "<altcha-widget" in html
    assert 'challenge="/stem/utfordring/"' in html
    assert 'value="c@example.no"' in html
    error = re.search(
        r'<div class="ds-validation-message"[^>]*id="id_altcha_error">([^<]*)</div>', html
    )
    assert error.group(1).startswith("Kryss av i boksen «Jeg er ikke en robot»")
    assert Vote.objects.count() == 2


def test_with_a_solved_challenge_the_vote_is_taken(client, edition):
    vote(client, "a@example.no")
    vote(client, "b@example.no")

    response = vote(client, "c@example.no", altcha=solved(client))

    assert response.status_code == 302
    assert "Sjekk e-posten din" in text(client.get(response["Location"]))
    assert Vote.objects.count() == 3


def test_above_the_second_threshold_the_vote_is_refused_in_a_friendly_way(client, edition):
    for number in range(4):
        vote(client, f"velger{number}@example.no", altcha=solved(client))

    response = vote(client, "e@example.no", altcha=solved(client))

    assert response.status_code == 429
    page = text(response)
    assert "Vi tar ikke imot flere stemmer herfra akkurat nå" in page
    assert "Prøv igjen om en time" in page
    assert "<form" not in response.content.decode().split('id="innhold"')[1]
    assert Vote.objects.count() == 4


def test_the_vote_form_asks_for_the_challenge_up_front_when_the_next_vote_needs_it(client, edition):
    page = client.get("/stem/gjovik/", REMOTE_ADDR="198.51.100.7").content.decode()
    assert "<altcha-widget" not in page
    vote(client, "a@example.no")
    vote(client, "b@example.no")

    page = client.get("/stem/gjovik/", REMOTE_ADDR="198.51.100.7").content.decode()

    assert "<altcha-widget" in page
    assert 'language="nb"' in page
    assert 'data-text-label="Jeg er ikke en robot"' in page
    assert "Sjekken trenger JavaScript, og det er slått av i nettleseren din." in page
    assert '<script src="/static/vendor/altcha/altcha.min.js" defer></script>' in page
    assert "<script>" not in page


def test_looking_at_the_form_does_not_count_as_an_attempt(client, edition):
    for _ in range(10):
        client.get("/stem/gjovik/", REMOTE_ADDR="198.51.100.7")

    assert vote(client, "a@example.no").status_code == 302


def test_many_addresses_in_one_network_share_its_limit(client, edition):
    vote(client, "a@example.no", address="198.51.100.1")
    vote(client, "b@example.no", address="198.51.100.2")
    vote(client, "c@example.no", address="198.51.100.3")

    same_network = vote(client, "d@example.no", address="198.51.100.4")
    other_network = vote(client, "e@example.no", address="198.51.101.4")

    assert same_network.status_code == 400
    assert "<altcha-widget" in same_network.content.decode()
    assert other_network.status_code == 302


def test_ipv6_addresses_in_one_64_share_a_limit(client, edition):
    for number in range(3):
        vote(client, f"v{number}@example.no", address=f"2001:db8:1:2::{number + 1}")

    assert vote(client, "x@example.no", address="2001:db8:1:2::99").status_code == 400
    assert vote(client, "y@example.no", address="2001:db8:1:3::99").status_code == 302


def test_a_refused_network_is_refused_for_every_address_in_it(client, edition):
    for number in range(6):
        vote(
            client,
            f"v{number}@example.no",
            address=f"198.51.100.{number + 1}",
            altcha=solved(client),
        )

    response = vote(client, "x@example.no", address="198.51.100.200", altcha=solved(client))

    assert response.status_code == 429
    assert Vote.objects.count() == 6


# The challenge.


def test_the_challenge_is_signed_json_that_is_never_cached(client):
    response = client.get(reverse("voting:challenge"))

    challenge = response.json()
    assert challenge["parameters"]["algorithm"] == "PBKDF2/SHA-256"
    assert challenge["parameters"]["cost"] == 10
    assert challenge["parameters"]["expiresAt"] > 0
    assert len(challenge["signature"]) == 64
    assert "no-store" in response["Cache-Control"]


def test_a_solution_is_accepted_once(client):
    payload = solved(client)

    assert is_solved(payload) is True
    assert is_solved(payload) is False


def test_a_solution_of_a_challenge_signed_with_another_key_is_refused():
    challenge = altcha.create_challenge("PBKDF2/SHA-256", 10, hmac_secret="ikke vår nøkkel")
    payload = altcha.Payload(challenge, altcha.solve_challenge(challenge)).to_base64()

    assert is_solved(payload) is False


def test_a_wrong_or_expired_solution_is_refused(limits):
    challenge = altcha.Challenge.from_dict(new_challenge())
    solution = altcha.solve_challenge(challenge)
    wrong = altcha.Solution(solution.counter + 1, solution.derived_key)
    limits.VOTE_CHALLENGE_SECONDS = -60
    expired = altcha.Challenge.from_dict(new_challenge())

    assert is_solved(altcha.Payload(challenge, wrong).to_base64()) is False
    assert is_solved(altcha.Payload(expired, altcha.solve_challenge(expired)).to_base64()) is False
    assert is_solved("ikke base64 !!") is False
    assert is_solved("x" * 10000) is False


# Throwaway addresses.


@pytest.mark.parametrize(
    "email", ["noen@mailinator.com", "noen@yopmail.com", "noen@post.mailinator.com"]
)
def test_a_disposable_address_is_refused_beside_the_field_and_kept(client, edition, email):
    response = vote(client, email)

    html = response.content.decode()
    assert response.status_code == 400
    error = re.search(
        r'<div class="ds-validation-message"[^>]*id="id_email_error">([^<]*)</div>', html
    )
    assert error.group(1) == (
        "Vi tar ikke imot stemmer fra adresser til engangsbruk. "
        "Bruk e-postadressen du vanligvis bruker."
    )
    assert f'value="{email}"' in html
    assert Vote.objects.count() == 0


def test_ordinary_domains_are_not_disposable():
    assert not is_disposable("gmail.com")
    assert not is_disposable("gjovik.kommune.no")
    assert not is_disposable("imdi.no")


# Several app servers: the limits live in the shared cache (Redis).

OTHER_PROCESS = """
import django
django.setup()
from django.test import RequestFactory
from award.ratelimit import vote_level
request = RequestFactory().post("/stem/gjovik/", REMOTE_ADDR="203.0.113.9")
print(",".join(vote_level(request, attempt=True).name for _ in range({attempts})))
"""


@pytest.fixture
def redis(limits):
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("needs Redis: set TEST_REDIS_URL=redis://127.0.0.1:6379/14 (CI does)")
    config = environ.Env.cache_url_config(url)
    config.setdefault("KEY_PREFIX", "prize")
    limits.CACHES = {"default": config}
    cache.clear()
    yield url
    cache.clear()


def in_another_process(redis_url, attempts):
    """Vote attempts from 203.0.113.9 counted by a separate Django process."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "award.settings",
        "CACHE_URL": redis_url,
        "VOTE_CHALLENGE_AFTER_PER_ADDRESS": "2",
        "VOTE_REFUSE_AFTER_PER_ADDRESS": "4",
    }
    result = subprocess.run(
        [sys.executable, "-c", OTHER_PROCESS.format(attempts=attempts)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout.strip().split(",")


def test_two_processes_share_the_limits_through_redis(client, edition, redis):
    assert in_another_process(redis, 2) == ["ALLOW", "ALLOW"]

    here = vote(client, "c@example.no", address="203.0.113.9")

    assert here.status_code == 400
    assert "<altcha-widget" in here.content.decode()
    assert in_another_process(redis, 2) == ["CHALLENGE", "REFUSE"]
    assert vote(client, "d@example.no", address="203.0.113.9").status_code == 429
    assert Vote.objects.count() == 0


def test_in_one_process_the_levels_step_up(rf, limits):
    request = rf.post("/", REMOTE_ADDR="203.0.113.50")

    levels = [vote_level(request, attempt=True) for _ in range(5)]

    assert levels == [Level.ALLOW, Level.ALLOW, Level.CHALLENGE, Level.CHALLENGE, Level.REFUSE]
