"""Integrity under concurrent submissions, against a real PostgreSQL server."""

import threading

import pytest
from django.db import connections
from django.test import Client

from award.models import Phase
from nominations.models import Nomination
from tests.conftest import load_reference_data
from tests.factories import make_edition
from tests.test_nomination_form import complete_entry

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(count, work):
    barrier = threading.Barrier(count)
    results = [None] * count

    def worker(index):
        try:
            barrier.wait()
            results[index] = work(index)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture(autouse=True)
def no_step_up(settings):
    """Every client here is 127.0.0.1: the limits on new entries are tested on their own."""
    settings.NOMINATION_CHALLENGE_AFTER_PER_ADDRESS = 100
    settings.NOMINATION_CHALLENGE_AFTER_PER_NETWORK = 100
    settings.NOMINATION_REFUSE_AFTER_PER_ADDRESS = 100
    settings.NOMINATION_REFUSE_AFTER_PER_NETWORK = 100


def test_two_simultaneous_submissions_for_one_municipality_are_both_kept_for_staff():
    load_reference_data()
    make_edition(year=2030, phase=Phase.NOMINATIONS_OPEN)
    entries = [
        complete_entry(contact_email="first@kinn.kommune.no"),
        complete_entry(contact_email="second@kinn.kommune.no"),
    ]

    statuses = run_together(2, lambda i: Client().post("/forslag/", entries[i]).status_code)

    assert statuses == [302, 302]
    assert sorted(Nomination.objects.values_list("contact_email", flat=True)) == [
        "first@kinn.kommune.no",
        "second@kinn.kommune.no",
    ]
    assert Nomination.objects.claimed_more_than_once().count() == 2


def test_many_municipalities_submitting_at_once_each_get_their_nomination():
    load_reference_data()
    make_edition(year=2030, phase=Phase.NOMINATIONS_OPEN)
    names = ["Kinn", "Bodø", "Haugesund", "Rælingen", "Vennesla", "Alta", "Stord", "Voss"]

    statuses = run_together(
        len(names), lambda i: Client().post("/forslag/", complete_entry(names[i])).status_code
    )

    assert statuses == [302] * len(names)
    assert sorted(Nomination.objects.values_list("municipality__name", flat=True)) == sorted(names)
