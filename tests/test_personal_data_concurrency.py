"""`manage.py erase_personal_data` run on two machines at once erases once and records once,
against a real PostgreSQL server (README, Security: personal data)."""

import datetime
import threading
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.utils import timezone

from award.models import Phase
from nominations.models import Nomination
from tests.conftest import load_reference_data
from tests.factories import make_edition, make_nomination, make_nominee, make_vote
from voting.models import Vote

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def retention_period(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 365


def waiting_on_a_lock():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_two_runs_at_once_erase_each_person_once_and_note_it_once():
    load_reference_data()
    edition = make_edition(
        year=2028,
        phase=Phase.WINNER_ANNOUNCED,
        at=timezone.now() - datetime.timedelta(days=400),
    )
    make_nomination(edition, "Kinn")
    kinn = make_nominee(edition, "Kinn")
    for address in ["kari@example.no", "ola@example.no", "per@example.no"]:
        make_vote(kinn, address)
    first_done, second_done, release = threading.Event(), threading.Event(), threading.Event()
    outputs = {}

    def first():
        # The first run keeps its transaction open, holding what it erased, until told.
        try:
            with transaction.atomic():
                outputs["first"] = StringIO()
                call_command("erase_personal_data", stdout=outputs["first"])
                first_done.set()
                release.wait(timeout=60)
        finally:
            first_done.set()
            connections.close_all()

    def second():
        try:
            outputs["second"] = StringIO()
            call_command("erase_personal_data", stdout=outputs["second"])
        finally:
            second_done.set()
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    threads[0].start()
    first_done.wait(timeout=60)
    threads[1].start()
    # Let the second run get as far as the first one's locks before the first commits.
    for _look in range(300):
        if second_done.is_set() or waiting_on_a_lock():
            break
        time.sleep(0.1)
    release.set()
    for thread in threads:
        thread.join(timeout=60)

    assert "2028: erased 3 voter key(s) and 1 contact person(s)." in outputs["first"].getvalue()
    assert "2028: erased 0 voter key(s) and 0 contact person(s)." in outputs["second"].getvalue()
    assert list(edition.history.values_list("history_change_reason", flat=True)) == [
        "Personopplysninger slettet etter lagringstiden: 3 stemmer og 1 kontaktpersoner",
        None,
    ]
    assert (
        Nomination.history.filter(
            history_change_reason="Kontaktpersonen slettet etter lagringstiden"
        ).count()
        == 1
    )
    assert set(Vote.objects.values_list("voter_key", "network", "email_domain", "user_agent")) == {
        (None, "", "", "")
    }
