"""Each publishing action says what it did: done now, or planned for a moment it names."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from award.models import Edition, Phase
from nominations.models import Nominee
from tests.factories import (
    edition_change_form,
    make_edition,
    make_nomination,
    make_nominee,
    make_staff,
    make_votes,
)

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
PRIZE = "Bosettings- og integreringsprisen 2030"


@pytest.fixture
def staff(client):
    client.force_login(make_staff())
    return client


def act(client, action, edition):
    response = client.post(
        reverse("admin:award_edition_changelist"),
        {"action": action, "_selected_action": [edition.pk], "index": 0},
        follow=True,
    )
    return [str(m) for m in response.context["messages"]]


def next_17_november():
    """Noon on the next 17 November in Oslo, and the year it falls in."""
    now = timezone.localtime()
    year = now.year if (now.month, now.day) < (11, 17) else now.year + 1
    return datetime.datetime(year, 11, 17, 12, 0, tzinfo=OSLO), year


def closed_vote(finalists_revealed_at):
    edition = make_edition(year=2030, phase=Phase.VOTING_CLOSED)
    Edition.objects.filter(pk=edition.pk).update(
        finalists_revealed_at=finalists_revealed_at, winner_revealed_at=None, ceremony_at=None
    )
    make_votes(make_nominee(edition, "Asker"), 3)
    return Edition.objects.get(pk=edition.pk)


def test_finalists_set_ahead_are_said_to_be_planned_with_the_date_and_an_offer_to_publish_now(
    staff,
):
    moment, year = next_17_november()
    edition = closed_vote(moment)

    messages = act(staff, "publish_finalists", edition)

    assert messages == [
        f"Finalistene i {PRIZE} er valgt og planlagt kunngjort 17. november {year} kl. 12.00: "
        "Asker. Velg «Kunngjør finalistene nå, også før planlagt tid» for å kunngjøre dem nå."
    ]
    assert Edition.objects.get(pk=edition.pk).phase() == Phase.VOTING_CLOSED


def test_finalists_published_now_despite_the_plan_are_said_to_be_public_now(staff):
    moment, _year = next_17_november()
    edition = closed_vote(moment)

    messages = act(staff, "publish_finalists_now", edition)

    edition.refresh_from_db()
    assert messages == [f"Finalistene i {PRIZE} er kunngjort nå: Asker."]
    assert edition.phase() == Phase.FINALISTS_ANNOUNCED
    assert edition.finalists_revealed_at <= timezone.now()
    assert edition.history.latest().history_change_reason == "Finalistene ble kunngjort"


def test_finalists_without_a_date_ahead_are_public_now(staff):
    edition = closed_vote(None)

    assert act(staff, "publish_finalists", edition) == [
        f"Finalistene i {PRIZE} er kunngjort nå: Asker."
    ]
    assert Edition.objects.get(pk=edition.pk).phase() == Phase.FINALISTS_ANNOUNCED


def test_publishing_the_nominees_says_now_and_which_plan_it_replaced(staff):
    edition = make_edition(year=2030, phase=Phase.UNDER_REVIEW)
    make_nominee(edition, "Kinn", description="Omtale", jury_rationale="Begrunnelse")
    planned = timezone.localtime(edition.nominees_published_at)

    messages = act(staff, "publish_nominees", edition)

    assert messages == [
        f"De nominerte til {PRIZE} er kunngjort nå. Det var planlagt til "
        f"{planned.day}. {MONTHS[planned.month]} {planned.year} kl. {planned:%H.%M}."
    ]
    assert Edition.objects.get(pk=edition.pk).phase() == Phase.NOMINEES_PUBLISHED


def test_revealing_the_winner_says_now(staff):
    edition = make_edition(year=2030, phase=Phase.FINALISTS_ANNOUNCED)
    make_nomination(edition, "Stord")
    make_nominee(edition, "Stord", is_finalist=True, is_winner=True, winner_rationale="Fordi")

    assert act(staff, "reveal_winner", edition) == [f"Vinneren av {PRIZE} er kunngjort nå."]
    assert Nominee.objects.get().is_public_winner()


MONTHS = [
    None,
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
]


def test_a_date_set_ahead_in_the_form_is_said_to_be_planned_with_the_action_that_does_it_now(staff):
    edition = make_edition(year=2030, phase=Phase.VOTING_CLOSED)
    moment, year = next_17_november()
    form = edition_change_form(
        edition,
        finalists_revealed_at_0=f"17.11.{year}",
        finalists_revealed_at_1="12:00:00",
        ceremony_at_0="",
        ceremony_at_1="",
    )

    saved = staff.post(reverse("admin:award_edition_change", args=[edition.pk]), form, follow=True)

    messages = [str(m) for m in saved.context["messages"]]
    assert (
        f"«Finalister kunngjøres» er planlagt til 17. november {year} kl. 12.00. Velg «Kunngjør "
        "finalistene nå, også før planlagt tid» i listen over prisrunder for å gjøre det nå."
    ) in messages
    assert Edition.objects.get(pk=edition.pk).finalists_revealed_at == moment
