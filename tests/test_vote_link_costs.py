"""What a vote costs per visitor: one read of random bytes for the CSRF secret, a cached network,
hiredis, and one round trip for the rate counts."""

import collections

import pytest
import redis.connection
from django.conf import settings
from django.core.cache import cache
from django.middleware import csrf as django_csrf
from django.test import Client, RequestFactory

from award import csrf, ratelimit
from award.localpages import redis_client
from award.models import Phase
from award.ratelimit import VOTE, Level, vote_level
from tests.factories import make_edition, make_nominee


def test_django_draws_its_csrf_secrets_and_masks_with_one_read():
    assert django_csrf._get_new_csrf_string is csrf.new_csrf_string


def test_a_csrf_string_is_32_characters_of_djangos_alphabet():
    drawn = {csrf.new_csrf_string() for _ in range(200)}

    assert len(drawn) == 200
    assert all(len(string) == 32 for string in drawn)
    assert set("".join(drawn)) <= set(django_csrf.CSRF_ALLOWED_CHARS)


def test_bytes_that_would_favour_some_characters_are_thrown_away(monkeypatch):
    reads = iter([bytes([248, 255] * 20), bytes(range(62, 102)), bytes(range(40))])
    monkeypatch.setattr(csrf.os, "urandom", lambda size: next(reads)[:size])

    # 248 and up are dropped; 62 stands for the first character again, 63 for the second.
    assert csrf.new_csrf_string() == django_csrf.CSRF_ALLOWED_CHARS[:32]


def test_every_character_is_as_likely():
    draws = 3000
    seen = collections.Counter("".join(csrf.new_csrf_string() for _ in range(draws)))
    expected = draws * 32 / 62
    chi_square = sum((seen[c] - expected) ** 2 / expected for c in django_csrf.CSRF_ALLOWED_CHARS)

    # 61 degrees of freedom: above 130 happens by chance less than once in a million runs.
    assert len(seen) == 62
    assert chi_square < 130, chi_square


@pytest.mark.django_db
def test_a_token_from_the_fast_secret_passes_djangos_check():
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    make_nominee(edition, "Voss")
    client = Client(enforce_csrf_checks=True)

    page = client.get("/stem/voss/")
    token = page.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    secret = client.cookies["csrftoken"].value

    assert len(secret) == 32
    assert django_csrf._unmask_cipher_token(token) == secret
    sent = client.post("/stem/voss/", {"email": "kari@example.no", "csrfmiddlewaretoken": token})
    assert sent.status_code == 302


def test_a_network_is_worked_out_once_per_address():
    ratelimit.client_network.cache_clear()

    assert ratelimit.client_network("198.51.100.7") == "198.51.100.0/24"
    assert ratelimit.client_network("198.51.100.7") == "198.51.100.0/24"
    assert ratelimit.client_network("2001:db8::1") == "2001:db8::/64"

    assert ratelimit.client_network.cache_info().hits == 1
    assert ratelimit.client_network.cache_info().misses == 2


def test_redis_replies_are_read_by_hiredis():
    assert redis.connection.DefaultParser.__name__ == "_HiredisParser"


@pytest.mark.django_db
def test_a_votes_two_counts_go_to_redis_in_one_round_trip(redis):
    request = RequestFactory().post("/stem/voss/", REMOTE_ADDR="198.51.100.7")
    client = redis_client()
    client.config_resetstat()

    assert vote_level(request, attempt=True) == Level.ALLOW
    assert vote_level(request, attempt=False) == Level.ALLOW

    calls = {
        name.removeprefix("cmdstat_"): figures["calls"]
        for name, figures in client.info("commandstats").items()
    }
    assert calls == {"incrby": 2, "expire": 2, "mget": 1, "config|resetstat": 1}
    assert ratelimit.peek(VOTE.keys(request).values(), settings.VOTE_RATE_WINDOW_SECONDS) == {
        "ratelimit:vote:address:198.51.100.7": 1,
        "ratelimit:vote:network:198.51.100.0/24": 1,
    }
    ttl = client.ttl(str(cache.make_key(VOTE.window_names(request)[0])))
    assert 0 < ttl <= settings.VOTE_RATE_WINDOW_SECONDS + ratelimit.EXPIRY_MARGIN_SECONDS
