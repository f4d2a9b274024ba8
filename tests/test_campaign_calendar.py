"""The cycle in people's calendars: iCalendar feeds, read back with a real iCalendar parser."""

import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from award.models import Edition, Phase
from tests.factories import make_edition, make_nominee

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

AT = datetime.datetime(2030, 3, 1, 12, 0, tzinfo=datetime.UTC)
PRIZE = "Bosettings- og integreringsprisen 2030"


def feed(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_an_editions_feed_has_an_event_for_every_public_date_of_its_timeline(client):
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN, at=AT, venue="Oslo kongressenter")

    calendar = feed(client, "/prisen/2030/kalender.ics")

    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == PRIZE
    found = {
        uid: (str(event["SUMMARY"]), event.decoded("DTSTART"), int(event["SEQUENCE"]))
        for uid, event in events(calendar).items()
    }
    assert found == {
        "2030-nominations-open@testserver": (
            f"Forslag åpner – {PRIZE}", edition.nominations_open_at, 0
        ),
        "2030-nominations-deadline@testserver": (
            f"Frist for forslag – {PRIZE}", edition.nominations_deadline_at, 0
        ),
        "2030-nominees-published@testserver": (
            f"Nominerte kunngjøres – {PRIZE}", edition.nominees_published_at, 0
        ),
        "2030-voting-opens@testserver": (
            f"Avstemningen åpner – {PRIZE}", edition.voting_opens_at, 0
        ),
        "2030-voting-closes@testserver": (
            f"Avstemningen stenger – {PRIZE}", edition.voting_closes_at, 0
        ),
        "2030-finalists-revealed@testserver": (
            f"Finalister kunngjøres – {PRIZE}", edition.finalists_revealed_at, 0
        ),
        "2030-ceremony@testserver": (f"Prisutdeling – {PRIZE}", edition.ceremony_at, 0),
    }
    ceremony = events(calendar)["2030-ceremony@testserver"]
    assert str(ceremony["LOCATION"]) == "Oslo kongressenter"
    assert str(ceremony["URL"]) == "http://testserver/prisen/2030/"
    assert str(ceremony["DESCRIPTION"]) == f"Alt om {PRIZE}: http://testserver/prisen/2030/"
    for event in events(calendar).values():
        assert event.decoded("DTSTAMP").tzinfo is not None


def test_a_date_staff_have_not_set_is_not_in_the_feed_nor_is_a_scheduled_reveal(client):
    edition = make_edition(year=2030, phase=Phase.FINALISTS_ANNOUNCED, at=AT)
    # The winner is chosen and its reveal scheduled: the public knows the ceremony, not this.
    make_nominee(edition, "Stord", is_finalist=True, is_winner=True)
    reveal = AT + datetime.timedelta(days=3, hours=5)
    Edition.objects.filter(pk=edition.pk).update(
        winner_revealed_at=reveal, nominations_open_at=None, nominations_deadline_at=None
    )

    calendar = feed(client, "/prisen/2030/kalender.ics")

    starts = [event.decoded("DTSTART") for event in calendar.walk("VEVENT")]
    assert reveal not in starts
    assert sorted(events(calendar)) == [
        "2030-ceremony@testserver",
        "2030-finalists-revealed@testserver",
        "2030-nominees-published@testserver",
        "2030-voting-closes@testserver",
        "2030-voting-opens@testserver",
    ]


def test_moving_a_date_keeps_its_uid_and_raises_its_sequence(client):
    edition = make_edition(year=2030, phase=Phase.NOMINATIONS_OPEN, at=AT, venue="Oslo")
    before = events(feed(client, "/prisen/2030/kalender.ics"))

    edition.nominations_deadline_at += datetime.timedelta(days=2)
    edition.save()
    edition.venue = "Bergen"
    edition.save()
    edition.summary = "En ny ingress flytter ingen datoer."
    edition.save()
    after = events(feed(client, "/prisen/2030/kalender.ics"))

    assert sorted(after) == sorted(before)
    deadline = after["2030-nominations-deadline@testserver"]
    assert deadline.decoded("DTSTART") == edition.nominations_deadline_at
    assert int(deadline["SEQUENCE"]) == 1
    assert int(before["2030-nominations-deadline@testserver"]["SEQUENCE"]) == 0
    ceremony = after["2030-ceremony@testserver"]
    assert (int(ceremony["SEQUENCE"]), str(ceremony["LOCATION"])) == (1, "Bergen")
    assert int(after["2030-voting-opens@testserver"]["SEQUENCE"]) == 0
    # Each event is stamped with the moment of its own last change (to the second).
    created, moved, *_later = edition.history.order_by("history_date")
    assert deadline.decoded("DTSTAMP") == moved.history_date.replace(microsecond=0)
    voting_opens = after["2030-voting-opens@testserver"]
    assert voting_opens.decoded("DTSTAMP") == created.history_date.replace(microsecond=0)


def test_the_stable_address_follows_the_current_edition(client, history):
    make_edition(year=2030, phase=Phase.UPCOMING, at=AT)

    calendar = feed(client, "/prisen/kalender.ics")

    assert str(calendar["X-WR-CALNAME"]) == PRIZE
    assert {uid.split("-")[0] for uid in events(calendar)} == {"2030"}


def test_the_stable_address_is_an_empty_calendar_when_there_is_no_edition(client):
    calendar = feed(client, "/prisen/kalender.ics")

    assert str(calendar["X-WR-CALNAME"]) == "Bosettings- og integreringsprisen"
    assert calendar.walk("VEVENT") == []


def test_an_old_edition_without_history_has_its_known_dates(client, history):
    calendar = feed(client, "/prisen/2022/kalender.ics")

    for event in calendar.walk("VEVENT"):
        assert int(event["SEQUENCE"]) == 0
    assert client.get("/prisen/1999/kalender.ics").status_code == 404


def test_the_feed_is_in_the_language_of_its_address_with_the_same_uids(client):
    make_edition(year=2030, phase=Phase.VOTING_OPEN, at=AT)

    bokmal = events(feed(client, "/prisen/2030/kalender.ics"))
    nynorsk = events(feed(client, "/nn/prisen/2030/kalender.ics"))
    english = events(feed(client, "/en/prisen/2030/kalender.ics"))

    assert sorted(nynorsk) == sorted(english) == sorted(bokmal)
    assert str(nynorsk["2030-voting-opens@testserver"]["SUMMARY"]) == (
        "Avrøystinga opnar – Busetjings- og integreringsprisen 2030"
    )
    assert str(english["2030-voting-opens@testserver"]["SUMMARY"]) == (
        "Voting opens – Bosettings- og integreringsprisen 2030"
    )


def test_the_front_page_and_the_edition_page_link_to_their_feeds(client):
    make_edition(year=2030, phase=Phase.VOTING_OPEN, at=timezone.now())

    front = client.get("/").content.decode()
    edition = client.get("/prisen/2030/").content.decode()
    nynorsk = client.get("/nn/").content.decode()

    link = '<a class="ds-link" href="{}" type="text/calendar">Legg til i kalenderen</a>'
    assert link.format("/prisen/kalender.ics") in front
    assert link.format("/prisen/2030/kalender.ics") in edition
    assert 'href="/nn/prisen/kalender.ics" type="text/calendar">Legg til i kalendaren</a>' in nynorsk
