"""Counting under concurrent confirmations, against a real PostgreSQL server."""

import re
import threading
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connections
from django.test import Client

from award.models import Phase
from tests.conftest import load_reference_data
from tests.factories import make_edition, make_nominee
from voting.models import Outcome, Vote
from voting.tokens import confirmation_token

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# PostgreSQL allows 100 connections by default; leave room for everyone else.
MAX_CONNECTIONS = 40


@pytest.fixture(autouse=True)
def no_rate_limits(settings):
    """Every thread votes from 127.0.0.1; the limits are tested elsewhere."""
    settings.VOTE_CHALLENGE_AFTER_PER_ADDRESS = 10_000
    settings.VOTE_REFUSE_AFTER_PER_ADDRESS = 10_000
    settings.VOTE_CHALLENGE_AFTER_PER_NETWORK = 10_000
    settings.VOTE_REFUSE_AFTER_PER_NETWORK = 10_000
    cache.clear()


@pytest.fixture
def edition():
    load_reference_data()
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    make_nominee(edition, "Gjøvik")
    make_nominee(edition, "Voss")
    return edition


def run_together(count, work):
    """Run `work(i)` in `count` threads released at once, at most MAX_CONNECTIONS in the database."""
    barrier = threading.Barrier(count)
    seats = threading.BoundedSemaphore(MAX_CONNECTIONS)
    results = [None] * count
    errors = []

    def worker(index):
        try:
            barrier.wait()
            with seats:
                try:
                    results[index] = work(index)
                finally:
                    connections.close_all()
        except Exception as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


def link_for(address):
    """The link in the person's e-mail, once it has come: another request's delivery run may be
    sending it, as a worker would."""
    deadline = time.monotonic() + 30
    while True:
        messages = [m for m in mail.outbox if m.to == [address] and "Bekreft" in m.subject]
        if messages or time.monotonic() > deadline:
            break
        time.sleep(0.01)
    [message] = messages
    return re.search(r"http://\S+(/stem/bekreft/\S+/)", message.body).group(1)


def test_fifty_threads_confirming_the_same_vote_count_it_once(edition):
    vote = Vote.objects.cast(edition.nominees.get(municipality__name="Gjøvik"), "kari@example.no")
    link = "/stem/bekreft/" + confirmation_token(vote, "kari@example.no") + "/"

    responses = run_together(50, lambda i: Client().post(link))

    assert {response.status_code for response in responses} == {200}
    assert all("Stemmen din på Gjøvik er talt med" in r.content.decode() for r in responses)
    assert Vote.objects.counted().count() == 1
    receipts = [m for m in mail.outbox if m.subject == "Stemmen din på Gjøvik er talt med"]
    assert len(receipts) == 1


def test_two_hundred_people_casting_and_confirming_at_once_make_two_hundred_votes(edition):
    def cast_and_confirm(index):
        client = Client()
        address = f"velger{index}@example.no"
        slug = "gjovik" if index % 2 else "voss"
        cast = client.post(f"/stem/{slug}/", {"email": address})
        assert cast.status_code == 302
        return client.post(link_for(address)).status_code

    statuses = run_together(200, cast_and_confirm)

    assert statuses == [200] * 200
    assert Vote.objects.count() == 200
    assert Vote.objects.counted().count() == 200
    assert [(s.nominee.municipality.name, s.votes) for s in Vote.objects.standings(edition)] == [
        ("Gjøvik", 100),
        ("Voss", 100),
    ]


def test_two_votes_by_one_person_confirmed_at_once_make_one(edition):
    gjovik, voss = (edition.nominees.get(municipality__name=n) for n in ["Gjøvik", "Voss"])
    votes = [
        Vote.objects.cast(gjovik, "kari@example.no"),
        Vote.objects.cast(voss, "Kari+to@Example.no"),
    ]

    outcomes = run_together(2, lambda i: votes[i].confirm().outcome)

    assert sorted(outcomes) == sorted([Outcome.COUNTED, Outcome.OTHER_VOTE_COUNTS])
    assert Vote.objects.counted().count() == 1
    assert Vote.objects.filter(confirmed_at__isnull=False).count() == 1

