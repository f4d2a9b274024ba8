"""Rate-limit windows last exactly their length on every cache backend, with time moved."""

import datetime
import os

import environ
import pytest
import time_machine
from django.core.cache import cache
from django.test import RequestFactory

from award.ratelimit import Level, hit, vote_level, window_key

pytestmark = pytest.mark.django_db

# 12:00:10 UTC: ten seconds into an hour-long window (windows are counted from the epoch).
START = datetime.datetime(2030, 5, 6, 12, 0, 10, tzinfo=datetime.UTC)
HOUR = 3600


def backend_config(name):
    if name == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "windows"}
    if name == "database":
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("needs Redis: set TEST_REDIS_URL=redis://127.0.0.1:6379/<n> (CI does)")
    return environ.Env.cache_url_config(url)


@pytest.fixture(params=["locmem", "database", "redis"])
def backend(request, settings):
    """The default cache on each backend, with Django's default 300-second timeout."""
    settings.CACHES = {"default": {**backend_config(request.param), "KEY_PREFIX": "windows"}}
    cache.clear()
    yield request.param
    cache.clear()


def test_a_count_s_key_names_its_window():
    assert window_key("ratelimit:x", HOUR, now=7200 + 5) == ("ratelimit:x:7200", HOUR - 5)
    assert window_key("ratelimit:x", HOUR, now=7200 + HOUR) == ("ratelimit:x:10800", HOUR)


def test_a_window_lasts_its_full_length_after_the_last_hit(backend):
    with time_machine.travel(START, tick=False) as clock:
        counted = [hit("ratelimit:test:a", 3, HOUR) for _ in range(4)]
        # Past the backend's default timeout of 300 s, which once ended the count early.
        clock.shift(datetime.timedelta(seconds=400))
        after_idle_minutes = hit("ratelimit:test:a", 3, HOUR)
        clock.move_to(START.replace(minute=59, second=59))
        at_the_last_second = hit("ratelimit:test:a", 3, HOUR)
        clock.move_to(START.replace(hour=13, minute=0, second=0))
        next_window = hit("ratelimit:test:a", 3, HOUR)

    assert counted == [True, True, True, False]
    assert after_idle_minutes is False
    assert at_the_last_second is False
    assert next_window is True


def test_the_vote_s_step_up_holds_for_the_window_and_ends_with_it(backend, settings):
    settings.VOTE_CHALLENGE_AFTER_PER_ADDRESS = 2
    settings.VOTE_REFUSE_AFTER_PER_ADDRESS = 3
    request = RequestFactory().post("/stem/gjovik/", REMOTE_ADDR="203.0.113.7")

    with time_machine.travel(START, tick=False) as clock:
        levels = [vote_level(request, attempt=True) for _ in range(4)]
        clock.shift(datetime.timedelta(minutes=30))
        looked_later = vote_level(request, attempt=False)
        clock.move_to(START.replace(hour=13, minute=0, second=1))
        next_hour = vote_level(request, attempt=True)

    assert levels == [Level.ALLOW, Level.ALLOW, Level.CHALLENGE, Level.REFUSE]
    assert looked_later == Level.REFUSE
    assert next_hour == Level.ALLOW


def test_feedback_is_limited_per_window_on_every_backend(backend, settings, client):
    settings.FEEDBACK_RATE_LIMIT = 2
    answer = {"path": "/", "found": "yes"}

    with time_machine.travel(START, tick=False) as clock:
        first = [client.post("/tilbakemelding/", answer).status_code for _ in range(3)]
        clock.shift(datetime.timedelta(minutes=10))
        ten_minutes_later = client.post("/tilbakemelding/", answer).status_code
        clock.move_to(START + datetime.timedelta(hours=1))
        next_hour = client.post("/tilbakemelding/", answer).status_code

    assert first == [302, 302, 429]
    assert ten_minutes_later == 429
    assert next_hour == 302
