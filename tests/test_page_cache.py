"""The page cache: anonymous public pages come from the shared cache until they would be wrong.

A change made with a queryset update sends no signal, so it shows whether a
page came from the cache (the old text) or was rendered afresh (the new one).
"""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from award.models import Edition, Feedback, Phase, PressRelease
from award.pagecache import CSRF_TOKEN_PLACEHOLDER
from nominations.models import Nominee
from tests.factories import make_edition, make_nominee, make_votes
from voting.models import Vote

pytestmark = pytest.mark.django_db

CACHED_PAGES = [
    "/",
    "/prisen/2030/",
    "/prisen/2030/voss/",
    "/arkiv/",
    "/stem/",
    "/kriterier/",
    "/tilgjengelighet/",
    "/personvern/",
    "/nn/prisen/2030/",
    "/en/arkiv/",
]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def edition_in(phase, at=None, **fields):
    edition = make_edition(year=2030, phase=phase, at=at, summary="Første ingress.", **fields)
    for name in ["Asker", "Gjøvik", "Voss"]:
        make_nominee(edition, name, description=f"{name} bosetter godt.", jury_rationale="Godt.")
    return edition


def change_quietly(edition, **fields):
    """Change the edition in the database without the signals a save by staff sends."""
    Edition.objects.filter(pk=edition.pk).update(**fields)


def at_moment(monkeypatch, moment):
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_a_second_visitor_gets_the_page_from_the_cache(client):
    edition = edition_in(Phase.VOTING_OPEN)
    first = client.get("/prisen/2030/")
    change_quietly(edition, summary="Stille endret ingress.")

    second = Client().get("/prisen/2030/")

    assert "Første ingress." in first.content.decode()
    assert second.content == first.content


def test_staff_saving_an_edition_shows_the_change_to_the_next_visitor(client):
    edition = edition_in(Phase.VOTING_OPEN)
    client.get("/prisen/2030/")

    edition.summary = "Ny ingress fra saksbehandleren."
    edition.save()
    page = client.get("/prisen/2030/").content.decode()

    assert "Ny ingress fra saksbehandleren." in page
    assert "Første ingress." not in page


def test_staff_saving_a_nominee_shows_the_change_on_every_page(client):
    edition = edition_in(Phase.VOTING_OPEN)
    for path in ["/", "/prisen/2030/", "/prisen/2030/voss/"]:
        client.get(path)

    voss = edition.nominees.get(municipality__name="Voss")
    voss.description = "Voss har fått en ny omtale."
    voss.save()

    for path in ["/", "/prisen/2030/", "/prisen/2030/voss/"]:
        assert "Voss har fått en ny omtale." in client.get(path).content.decode(), path


def test_publishing_the_nominees_shows_them_at_once(client):
    edition = edition_in(Phase.UNDER_REVIEW)
    before = client.get("/prisen/2030/").content.decode()

    edition.publish_nominees()
    after = client.get("/prisen/2030/").content.decode()

    assert "Voss bosetter godt." not in before
    assert "Voss bosetter godt." in after


def test_revealing_the_winner_shows_it_at_once(client):
    edition = edition_in(Phase.FINALISTS_ANNOUNCED)
    edition.nominees.filter(municipality__name__in=["Asker", "Voss"]).update(is_finalist=True)
    voss = edition.nominees.get(municipality__name="Voss")
    voss.is_winner = True
    voss.winner_rationale = "Voss vant fordi kommunen bosetter godt."
    voss.save()
    before = client.get("/prisen/2030/").content.decode()

    edition.reveal_winner()
    after = client.get("/prisen/2030/").content.decode()

    assert "Voss vant fordi kommunen bosetter godt." not in before
    assert "Voss vant fordi kommunen bosetter godt." in after


def test_a_new_press_release_is_on_its_page_at_once(client):
    edition = edition_in(Phase.WINNER_ANNOUNCED)
    edition.nominees.filter(municipality__name="Voss").update(is_finalist=True, is_winner=True)
    release = PressRelease.objects.create(
        edition=edition, title="Voss vant", lead="Voss fikk prisen.", body="Hele teksten."
    )
    client.get("/prisen/2030/pressemelding/")

    release.title = "Voss vant Bosettings- og integreringsprisen"
    release.save()
    page = client.get("/prisen/2030/pressemelding/").content.decode()

    assert "Voss vant Bosettings- og integreringsprisen" in page


def test_voiding_votes_changes_the_published_result_at_once(client):
    edition = edition_in(Phase.FINALISTS_ANNOUNCED)
    voss = edition.nominees.get(municipality__name="Voss")
    make_votes(voss, 7, domain="stemmer.no")
    make_votes(voss, 5, domain="stapper.no")
    before = client.get("/prisen/2030/resultat/").content.decode()

    staff = User.objects.create_superuser("imdi", password="passord-for-test")
    Vote.objects.filter(email_domain="stapper.no").void(staff, "Stemmesanking", "stapper.no")
    after = client.get("/prisen/2030/resultat/").content.decode()

    assert "<td>12</td>" in before
    assert "<td>7</td>" in after
    assert "<td>12</td>" not in after


def test_a_cached_page_ends_the_second_the_vote_closes(client, monkeypatch):
    now = timezone.now().replace(microsecond=0)
    edition = edition_in(Phase.VOTING_OPEN, at=now)
    closes = edition.voting_closes_at
    at_moment(monkeypatch, closes - datetime.timedelta(seconds=10))
    open_page = client.get("/prisen/2030/").content.decode()
    change_quietly(edition, summary="Stille endret ingress.")

    at_moment(monkeypatch, closes - datetime.timedelta(seconds=1))
    just_before = client.get("/prisen/2030/").content.decode()
    at_moment(monkeypatch, closes)
    at_close = client.get("/prisen/2030/").content.decode()

    assert "Stem på Voss" in open_page
    assert just_before == open_page
    assert "Stem på Voss" not in at_close
    assert "Avstemningen er avsluttet" in at_close
    assert "Stille endret ingress." in at_close


def test_a_scheduled_reveal_of_the_finalists_ends_the_cached_page(client, monkeypatch):
    now = timezone.now().replace(microsecond=0)
    edition = edition_in(Phase.VOTING_CLOSED, at=now)
    edition.nominees.filter(municipality__name__in=["Asker", "Voss"]).update(is_finalist=True)
    reveal = edition.finalists_revealed_at
    at_moment(monkeypatch, reveal - datetime.timedelta(seconds=10))
    client.get("/prisen/2030/")
    at_moment(monkeypatch, reveal - datetime.timedelta(seconds=1))
    before = client.get("/prisen/2030/").content.decode()

    at_moment(monkeypatch, reveal)
    after = client.get("/prisen/2030/").content.decode()

    assert 'data-color="info">Finalist</span>' not in before
    assert after.count('data-color="info">Finalist</span>') == 2


@pytest.mark.parametrize("path", CACHED_PAGES)
def test_a_cached_page_carries_no_csrf_token_and_sets_no_cookie(client, path):
    edition_in(Phase.VOTING_OPEN)
    rendered = client.get(path)

    cached = Client().get(path)

    for response in (rendered, cached):
        assert response.status_code == 200
        assert b"csrfmiddlewaretoken" not in response.content
        assert dict(response.cookies) == {}
        assert "Cookie" not in response.get("Vary", "")
    assert cached.content == rendered.content


@pytest.mark.parametrize("path", CACHED_PAGES)
def test_a_page_from_the_cache_has_every_header_of_the_page_rendered(client, path):
    edition_in(Phase.VOTING_OPEN)
    rendered = client.get(path)

    cached = Client().get(path)

    headers = [
        "Content-Type", "Content-Language", "Content-Length", "Content-Security-Policy",
        "Permissions-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
    ]
    assert {h: cached.get(h) for h in headers} == {h: rendered.get(h) for h in headers}
    assert all(rendered.get(header) for header in headers)


def test_a_page_whose_end_cannot_be_read_is_served_but_not_kept(client, monkeypatch):
    edition = edition_in(Phase.VOTING_OPEN)

    def database_gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    with monkeypatch.context() as patch:
        patch.setattr(Edition.objects, "next_phase_change", database_gone)
        first = client.get("/prisen/2030/")
    change_quietly(edition, summary="Stille endret ingress.")
    second = Client().get("/prisen/2030/")

    assert first.status_code == 200
    assert "Første ingress." in first.content.decode()
    assert "Stille endret ingress." in second.content.decode()


def test_each_visitor_of_the_cached_vote_page_gets_a_token_of_their_own_that_the_vote_takes():
    edition = edition_in(Phase.VOTING_OPEN)
    Client().get("/stem/voss/")
    Nominee.objects.filter(edition=edition).update(description="Stille endret.")
    visitors = [Client(enforce_csrf_checks=True) for _visitor in range(2)]

    pages = [visitor.get("/stem/voss/") for visitor in visitors]
    tokens = [re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1) for page in pages]
    votes = [
        visitor.post("/stem/voss/", {"email": f"velger{number}@example.no", "csrfmiddlewaretoken": token})
        for number, (visitor, token) in enumerate(zip(visitors, tokens, strict=True))
    ]

    for page in pages:
        assert "Voss bosetter godt." in page.content.decode()
        assert CSRF_TOKEN_PLACEHOLDER not in page.content.decode()
        assert "csrftoken" in page.cookies
        assert "no-store" in page["Cache-Control"]
    assert tokens[0] != tokens[1]
    assert [vote.status_code for vote in votes] == [302, 302]
    assert all(
        "Sjekk e-posten din" in visitor.get(vote["Location"]).content.decode()
        for visitor, vote in zip(visitors, votes, strict=True)
    )
    assert Vote.objects.count() == 2


def test_a_visitor_whose_next_vote_needs_the_challenge_gets_it_not_the_cached_vote_page(settings):
    edition_in(Phase.VOTING_OPEN)
    cached = Client().get("/stem/voss/").content.decode()
    settings.VOTE_CHALLENGE_AFTER_PER_ADDRESS = 0

    page = Client().get("/stem/voss/").content.decode()

    assert "altcha" not in cached
    assert "altcha" in page


def test_the_feedback_form_on_a_cached_page_works_for_the_next_visitor():
    edition_in(Phase.VOTING_OPEN)
    Client().get("/prisen/2030/")
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/prisen/2030/").content.decode()

    response = visitor.post(
        "/tilbakemelding/", {"found": "yes", "comment": "", "path": "/prisen/2030/"}
    )

    assert 'id="tilbakemeldingsskjema"' in page
    assert response.status_code == 302
    assert response["Location"] == "/prisen/2030/"
    assert list(Feedback.objects.values_list("path", "found")) == [("/prisen/2030/", True)]


def test_a_visitor_with_a_message_waiting_gets_the_page_with_the_message(client):
    edition_in(Phase.VOTING_OPEN)
    Client().get("/prisen/2030/")
    client.post("/tilbakemelding/", {"found": "no", "comment": "", "path": "/prisen/2030/"})

    page = client.get("/prisen/2030/").content.decode()
    next_visitor = Client().get("/prisen/2030/").content.decode()

    assert "Takk for tilbakemeldingen!" in page
    assert "Takk for tilbakemeldingen!" not in next_visitor


def test_signed_in_staff_bypass_the_cache_and_leave_no_page_in_it(client):
    edition = edition_in(Phase.VOTING_OPEN)
    anonymous = Client().get("/prisen/2030/").content.decode()
    change_quietly(edition, summary="Stille endret ingress.")
    client.force_login(User.objects.create_superuser("imdi", password="passord-for-test"))

    staff = client.get("/prisen/2030/").content.decode()
    next_visitor = Client().get("/prisen/2030/").content.decode()

    assert "Stille endret ingress." in staff
    assert next_visitor == anonymous


def test_the_embargo_holds_for_pages_cached_while_votes_come_in(client):
    edition = edition_in(Phase.VOTING_OPEN)
    voss = edition.nominees.get(municipality__name="Voss")
    make_votes(voss, 37)
    cached = {path: client.get(path).content for path in CACHED_PAGES}

    make_votes(voss, 11, domain="senere.no")
    fresh = {}
    for path in CACHED_PAGES:
        cache.clear()
        fresh[path] = client.get(path).content

    for path in CACHED_PAGES:
        assert fresh[path] == cached[path], path
    assert client.get("/prisen/2030/resultat/").status_code == 404
