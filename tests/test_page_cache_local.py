"""Each process serves the pages it served before without asking Redis, and never a stale one.

A process keeps its last pages and a copy of the page cache's version that
Redis keeps up to date over a channel (award/localpages.py). These tests run
on a redis-server of their own (the `redis` fixture) and
check what that copy promises: no round trip for a page served before, a
version drawn by another process seen by the very next request, a paused
Redis trusted for half a second at most, and a flushed cache noticed within
a second.
"""

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import caches
from django.test import Client

from award import localpages, pagecache
from award.models import Phase
from nominations.models import Nominee
from tests.factories import make_edition, make_nominee

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
PAGE = "/prisen/2030/gjovik/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def edition():
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    make_nominee(edition, "Gjøvik", description="Gjøvik bosetter raskt.")
    return edition


def mget_calls():
    stats = caches["default"].client.get_client().info("commandstats")
    return stats.get("cmdstat_mget", {}).get("calls", 0)


def served_and_trusted(client):
    """The page, kept, with this process's copy of the version trusted."""
    first = client.get(PAGE)
    deadline = time.monotonic() + 5
    while pagecache.MIRROR.version() is None:
        assert time.monotonic() < deadline, "the copy of the version was never trusted"
        time.sleep(0.02)
    assert client.get(PAGE).content == first.content
    return first


def rewrite_gjovik(text):
    # An update without signals: only a new version tells the page cache.
    Nominee.objects.filter(municipality__name="Gjøvik").update(description=text)


def test_a_page_served_before_costs_no_round_trip_while_the_version_is_trusted(
    client, edition, redis
):
    first = served_and_trusted(client)
    before = mget_calls()

    pages = [client.get(PAGE) for _request in range(20)]

    assert mget_calls() == before
    assert {page.content for page in pages} == {first.content}
    assert "Gjøvik bosetter raskt." in first.content.decode()


def test_a_version_drawn_by_another_process_is_seen_by_the_next_request(client, edition, redis):
    served_and_trusted(client)
    rewrite_gjovik("Gjøvik har nye tall.")

    # Another app server: a staff member's change there draws the version.
    subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); "
         "from award import pagecache; pagecache._new_version()"],
        cwd=ROOT, check=True, env={**os.environ, "CACHE_URL": redis.url},
    )
    page = client.get(PAGE)

    assert "Gjøvik har nye tall." in page.content.decode()


def test_a_paused_redis_is_trusted_for_half_a_second_at_most(client, edition, redis):
    served_and_trusted(client)

    os.kill(redis.process.pid, signal.SIGSTOP)
    try:
        time.sleep(localpages.TRUST_SECONDS + 0.2)
        trusted = pagecache.MIRROR.version()
        rewrite_gjovik("Gjøvik svarer uten Redis.")
        page = client.get(PAGE)
    finally:
        os.kill(redis.process.pid, signal.SIGCONT)

    assert trusted is None
    assert page.status_code == 200
    assert "Gjøvik svarer uten Redis." in page.content.decode()


def test_a_cache_flushed_without_a_message_is_noticed_within_a_second(client, edition, redis):
    served_and_trusted(client)
    rewrite_gjovik("Gjøvik etter tømmingen.")

    caches["default"].clear()
    time.sleep(localpages.REVALIDATE_SECONDS + 0.1)
    page = client.get(PAGE)

    assert "Gjøvik etter tømmingen." in page.content.decode()


def test_without_redis_no_process_keeps_a_page_of_its_own(client, edition):
    client.get(PAGE)
    client.get(PAGE)

    assert pagecache.MIRROR.version() is None
    assert len(pagecache.LOCAL) == 0


def test_the_vote_link_served_by_this_process_gives_each_visitor_a_token_of_their_own(
    client, edition, redis
):
    served_and_trusted(client)
    client.get("/stem/gjovik/")
    visitors = [Client() for _visitor in range(2)]

    pages = [visitor.get("/stem/gjovik/") for visitor in visitors]

    tokens = [TOKEN.search(page.content.decode()).group(1) for page in pages]
    assert tokens[0] != tokens[1]
    assert [page.cookies["csrftoken"]["samesite"] for page in pages] == ["Lax", "Lax"]
    assert TOKEN.sub("", pages[0].content.decode()) == TOKEN.sub("", pages[1].content.decode())
    assert "Gjøvik bosetter raskt." in pages[0].content.decode()
