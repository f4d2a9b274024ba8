"""The announcement's status, which every screen in the hall polls: one kept copy for all.

It comes from the page cache until the reveal, scheduled (to the second) or
done by staff with one click, and browsers are told to store none of it.
A change made with a queryset update sends no signal, so it shows whether
an answer came from the cache (the old one) or was made afresh.
"""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from award.models import Edition, Phase
from nominations.models import Nominee
from tests.factories import make_edition, make_nominee

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

STATUS = "/prisen/2030/kunngjoring/status/"
RATIONALE = "Stord viser hvordan tett oppfølging av hver familie gir resultater."


def finalists_stage(at=None):
    """Finalists public, the winner chosen but not revealed."""
    edition = make_edition(year=2030, phase=Phase.FINALISTS_ANNOUNCED, at=at)
    for name in ("Asker", "Bodø", "Stord"):
        make_nominee(edition, name, description="Omtale", jury_rationale=f"Om {name}", is_finalist=True)
    Nominee.objects.filter(municipality__name="Stord").update(
        is_winner=True, winner_rationale=RATIONALE
    )
    return edition


def at_moment(monkeypatch, moment):
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_screens_after_the_first_get_the_kept_status_and_the_database_is_not_asked(
    django_assert_num_queries, settings
):
    # A cache in memory, so that only the database's own queries count.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    finalists_stage()
    first = Client().get(STATUS)
    Nominee.objects.filter(municipality__name="Asker").update(is_finalist=False)

    with django_assert_num_queries(0):
        second = Client().get(STATUS)

    assert second.content == first.content
    assert [f["name"] for f in second.json()["finalists"]] == ["Asker", "Bodø", "Stord"]
    assert [first["Cache-Control"], second["Cache-Control"]] == ["no-store", "no-store"]


def test_a_scheduled_reveal_shows_the_winner_to_the_first_poll_at_that_second(monkeypatch):
    now = timezone.now().replace(microsecond=0)
    edition = finalists_stage(at=now)
    reveal = now + datetime.timedelta(minutes=5)
    edition.winner_revealed_at = reveal
    edition.save()
    at_moment(monkeypatch, reveal - datetime.timedelta(seconds=10))
    Client().get(STATUS)
    # Unsaid by signals: only the end of the kept copy at the reveal shows these.
    Nominee.objects.filter(municipality__name="Stord").update(winner_rationale="Stille endret.")
    Nominee.objects.filter(municipality__name="Asker").update(is_finalist=False)

    at_moment(monkeypatch, reveal - datetime.timedelta(seconds=1))
    just_before = Client().get(STATUS).json()
    at_moment(monkeypatch, reveal)
    at_reveal = Client().get(STATUS).json()

    assert just_before["winner"] is None
    assert [f["name"] for f in just_before["finalists"]] == ["Asker", "Bodø", "Stord"]
    assert [f["name"] for f in at_reveal["finalists"]] == ["Bodø", "Stord"]
    assert at_reveal["winner"]["name"] == "Stord"
    assert at_reveal["winner"]["rationale"] == "Stille endret."


def test_staff_revealing_the_winner_with_one_click_shows_it_to_the_next_poll(
    django_capture_on_commit_callbacks,
):
    edition = finalists_stage()
    before = Client().get(STATUS).json()

    with django_capture_on_commit_callbacks(execute=True):
        Edition.objects.get(pk=edition.pk).reveal_winner()
    after = Client().get(STATUS).json()

    assert before["winner"] is None
    assert after["winner"]["name"] == "Stord"
    assert after["winner"]["rationale"] == RATIONALE


def test_the_status_in_each_language_is_kept_apart():
    finalists_stage()
    Edition.objects.filter(year=2030).update(winner_revealed_at=timezone.now())
    paths = [STATUS, f"/nn{STATUS}", f"/en{STATUS}"]

    rendered = [Client().get(path).json()["winner"]["heading"] for path in paths]
    kept = [Client().get(path).json()["winner"]["heading"] for path in paths]

    assert kept == rendered
    assert rendered[0] == "Vinneren av Bosettings- og integreringsprisen 2030 er Stord"
    assert rendered[1].startswith("Vinnaren av ")
    assert rendered[2].startswith("The winner of ")
