"""The public vote: the nominees, casting a vote, the one-vote rule, the window, the standings."""

import datetime
import re

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from award import mail
from award.models import Phase
from tests.factories import make_edition, make_nominee, make_vote, make_votes
from voting.models import (
    Outcome,
    Voiding,
    Vote,
    VotingClosed,
    voter_key,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

ONE_SECOND = datetime.timedelta(seconds=1)


@pytest.fixture
def client(committing_client):
    return committing_client


@pytest.fixture
def edition():
    """The 2030 edition, voting open, with three of the 2020 nominees added out of order."""
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    make_nominee(
        edition,
        "Voss",
        description="Voss tar imot mange og gir tett oppfølging.",
        jury_rationale="Voss viser hva en liten kommune kan få til.",
    )
    make_nominee(edition, "Gjøvik", description="Gjøvik kvalifiserer til fagbrev.")
    make_nominee(edition, "Asker", description="Asker bosetter raskt.")
    return edition


def nominee(edition, name):
    return edition.nominees.get(municipality__name=name)


def text(response):
    """The page's visible text with tags removed and white space collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def cast(client, slug, email, **extra):
    return client.post(reverse("voting:vote_for", kwargs={"slug": slug}), {"email": email}, **extra)


def confirmation_link(message):
    return re.search(r"http://\S+/stem/bekreft/\S+/", message.body).group(0)


def confirm(client, message):
    path = confirmation_link(message).replace("http://127.0.0.1:8000", "")
    return client.post(path)


# The nominees.


def test_the_vote_page_lists_the_nominees_alphabetically_with_texts_and_a_vote_link(
    client, edition
):
    response = client.get(reverse("voting:vote"))

    html = response.content.decode()
    assert response.status_code == 200
    links = re.findall(
        r'<a class="ds-button" data-variant="primary" href="([^"]+)">([^<]+)</a>', html
    )
    assert links == [
        ("/stem/asker/", "Stem på Asker"),
        ("/stem/gjovik/", "Stem på Gjøvik"),
        ("/stem/voss/", "Stem på Voss"),
    ]
    page = text(response)
    assert "Voss tar imot mange og gir tett oppfølging." in page
    assert "Dette sier juryen om Voss Voss viser hva en liten kommune kan få til." in page
    assert "Avstemningen er åpen til" in page


def test_the_vote_page_makes_the_same_number_of_queries_for_more_nominees(client, edition):
    with CaptureQueriesContext(connection) as three:
        client.get(reverse("voting:vote"))
    make_nominee(edition, "Tromsø")
    make_nominee(edition, "Randaberg")

    with CaptureQueriesContext(connection) as five:
        response = client.get(reverse("voting:vote"))

    assert "Stem på Randaberg" in text(response)
    assert len(five) == len(three)


def test_before_voting_opens_the_vote_page_says_when_and_offers_no_vote(client):
    edition = make_edition(year=2030, phase=Phase.NOMINEES_PUBLISHED)
    make_nominee(edition, "Asker")

    page = text(client.get(reverse("voting:vote")))

    assert "Avstemningen har ikke åpnet ennå" in page
    assert "Du kan stemme fra" in page
    assert "Stem på Asker" not in page


def test_the_front_page_and_the_edition_page_have_a_vote_button_per_nominee_while_voting(
    client, edition
):
    front = text(client.get(reverse("award:front_page")))
    edition_page = text(client.get(reverse("award:edition", kwargs={"year": 2030})))

    for page in (front, edition_page):
        assert "Stem på Asker" in page and "Stem på Gjøvik" in page and "Stem på Voss" in page
    assert "Gå til avstemningen" in front


@pytest.mark.parametrize("phase", [Phase.NOMINEES_PUBLISHED, Phase.VOTING_CLOSED])
def test_outside_the_vote_the_front_page_has_no_vote_buttons(client, phase):
    edition = make_edition(year=2030, phase=phase)
    make_nominee(edition, "Asker")

    assert "Stem på Asker" not in text(client.get(reverse("award:front_page")))


# The shareable vote link.


def test_the_vote_link_of_a_nominee_has_open_graph_metadata_and_counts_nothing(client, edition):
    response = client.get("/stem/gjovik/")

    html = response.content.decode()
    meta = dict(re.findall(r'<meta property="(og:[a-z:_]+)" content="([^"]*)">', html))
    assert response.status_code == 200
    assert meta["og:title"] == "Stem på Gjøvik – Bosettings- og integreringsprisen 2030"
    assert meta["og:description"] == "Gjøvik kvalifiserer til fagbrev."
    assert meta["og:url"] == "http://testserver/stem/gjovik/"
    assert meta["og:image"] == "http://testserver/stem/gjovik/delingsbilde.png"
    assert meta["og:image:alt"] == (
        "Blå flate med teksten «Stem på Gjøvik» og «Bosettings- og integreringsprisen 2030»."
    )
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert text(response).count("Stem på Gjøvik") >= 1
    assert Vote.objects.count() == 0


def test_the_share_image_is_a_png_the_size_previews_use(client, edition):
    response = client.get("/stem/gjovik/delingsbilde.png")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(response.content[16:20]), int.from_bytes(response.content[20:24])
    assert (width, height) == (1200, 630)
    assert Vote.objects.count() == 0


def test_a_nominee_is_not_open_for_votes_before_the_nominees_are_published(client):
    edition = make_edition(year=2030, phase=Phase.UNDER_REVIEW)
    make_nominee(edition, "Gjøvik")

    assert client.get("/stem/gjovik/").status_code == 404
    assert client.get("/stem/gjovik/delingsbilde.png").status_code == 404
    assert cast(client, "gjovik", "kari@example.no").status_code == 404
    assert Vote.objects.count() == 0


def test_a_municipality_that_is_not_nominated_has_no_vote_link(client, edition):
    assert client.get("/stem/bergen/").status_code == 404


# Casting a vote.


def test_a_vote_is_recorded_unconfirmed_and_a_confirmation_link_is_e_mailed(
    client, edition, mailoutbox
):
    response = cast(client, "gjovik", "Kari.Nordmann@Example.no", HTTP_USER_AGENT="Firefox/140")

    assert response.status_code == 302
    assert response["Location"] == "/stem/gjovik/sendt/"
    page = text(client.get(response["Location"]))
    assert "Sjekk e-posten din" in page
    assert (
        "Vi har sendt en lenke til Kari.Nordmann@Example.no. "
        "Klikk på lenken for å bekrefte stemmen på Gjøvik."
    ) in page
    vote = Vote.objects.get()
    assert vote.nominee == nominee(edition, "Gjøvik")
    assert vote.confirmed_at is None
    assert not vote.is_counted
    assert vote.voter_key == voter_key("kari.nordmann@example.no")
    assert vote.email_domain == "example.no"
    assert vote.network == "127.0.0.0/24"
    assert vote.user_agent == "Firefox/140"
    [message] = mailoutbox
    assert message.to == ["Kari.Nordmann@Example.no"]
    assert message.subject == "Bekreft stemmen din på Gjøvik"
    assert "Du har stemt på Gjøvik som din favoritt" in message.body
    assert confirmation_link(message).startswith("http://127.0.0.1:8000/stem/bekreft/")
    assert Vote.objects.counted().count() == 0


def test_confirming_counts_the_vote_and_a_short_receipt_names_the_nominee(
    client, edition, mailoutbox
):
    cast(client, "gjovik", "kari@example.no")

    response = confirm(client, mailoutbox[0])

    assert response.status_code == 200
    page = text(response)
    assert "Stemmen din på Gjøvik er talt med" in page
    assert (
        "Du har stemt på Gjøvik som din favoritt til Bosettings- og integreringsprisen 2030" in page
    )
    vote = Vote.objects.get()
    assert vote.is_counted
    assert Vote.objects.counted().count() == 1
    receipt = mailoutbox[1]
    assert receipt.to == ["kari@example.no"]
    assert receipt.subject == "Stemmen din på Gjøvik er talt med"
    assert "Stemmen din på Gjøvik til Bosettings- og integreringsprisen 2030 er bekreftet" in (
        receipt.body
    )


def e_mail_queue_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("could not write to the e-mail queue")

    monkeypatch.setattr(mail, "send", refuse)


def test_a_vote_whose_e_mail_cannot_be_queued_is_not_kept_and_the_person_can_vote_again(
    client, edition, mailoutbox, monkeypatch
):
    with monkeypatch.context() as patch:
        e_mail_queue_down(patch)
        failed = cast(client, "gjovik", "kari@example.no")
    again = cast(client, "gjovik", "kari@example.no")

    assert failed.status_code == 503
    assert Vote.objects.count() == 1
    assert [message.to for message in mailoutbox] == [["kari@example.no"]]
    assert again.status_code == 302


def test_a_confirmation_whose_receipt_cannot_be_queued_counts_nothing_until_it_is_tried_again(
    client, edition, mailoutbox, monkeypatch
):
    cast(client, "gjovik", "kari@example.no")

    with monkeypatch.context() as patch:
        e_mail_queue_down(patch)
        failed = confirm(client, mailoutbox[0])
    counted_after_failure = Vote.objects.counted().count()
    again = confirm(client, mailoutbox[0])

    assert failed.status_code == 503
    assert counted_after_failure == 0
    assert "Stemmen din på Gjøvik er talt med" in text(again)
    assert Vote.objects.counted().count() == 1
    assert mailoutbox[1].subject == "Stemmen din på Gjøvik er talt med"


def test_the_address_is_stored_nowhere_in_the_database_or_the_logs(
    client, edition, mailoutbox, caplog
):
    caplog.set_level("DEBUG")
    address = "Kari.Nordmann+stem@Example.no"

    cast(client, "gjovik", address)
    confirm(client, mailoutbox[0])

    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                stored = " ".join(str(value) for value in row).lower()
                assert "kari.nordmann" not in stored, table
    assert "kari.nordmann" not in caplog.text.lower()
    assert "kari.nordmann" not in confirmation_link(mailoutbox[0]).lower()


@pytest.mark.parametrize(
    "again",
    ["kari@example.no", " KARI@Example.NO ", "kari+igjen@example.no", "Kari+Stem@EXAMPLE.no"],
)
def test_the_same_person_again_is_told_so_and_nothing_changes(client, edition, mailoutbox, again):
    cast(client, "gjovik", "kari@example.no")
    confirm(client, mailoutbox[0])

    response = cast(client, "voss", again)

    assert response.status_code == 400
    assert "Denne e-postadressen har allerede stemt i år. Du kan bare stemme én gang." in text(
        response
    )
    assert f'value="{again}"' in response.content.decode()
    assert Vote.objects.count() == 1
    assert Vote.objects.get().nominee == nominee(edition, "Gjøvik")
    assert len(mailoutbox) == 2


def test_someone_else_at_the_same_domain_may_vote(client, edition, mailoutbox):
    cast(client, "gjovik", "kari@example.no")
    confirm(client, mailoutbox[0])

    response = cast(client, "voss", "ola@example.no")

    assert response.status_code == 302
    assert Vote.objects.count() == 2


def test_more_than_three_waiting_links_for_one_person_are_refused(client, edition, mailoutbox):
    for name in ["asker", "gjovik", "voss"]:
        assert cast(client, name, "kari@example.no").status_code == 302

    response = cast(client, "asker", "KARI+fire@example.no")

    assert response.status_code == 400
    assert "Vi har allerede sendt flere lenker til denne adressen." in text(response)
    assert Vote.objects.count() == 3
    assert len(mailoutbox) == 3


def test_voting_before_it_opens_is_refused(client):
    edition = make_edition(year=2030, phase=Phase.NOMINEES_PUBLISHED)
    make_nominee(edition, "Gjøvik")

    response = cast(client, "gjovik", "kari@example.no")

    assert response.status_code == 403
    page = text(response)
    assert "Stemmen din ble ikke registrert." in page
    assert "Avstemningen har ikke åpnet ennå" in page
    assert Vote.objects.count() == 0


def test_voting_after_the_close_is_refused(client):
    edition = make_edition(year=2030, phase=Phase.VOTING_CLOSED)
    make_nominee(edition, "Gjøvik")

    response = cast(client, "gjovik", "kari@example.no")

    assert response.status_code == 403
    assert "Avstemningen stengte" in text(response)
    assert Vote.objects.count() == 0


def test_the_window_is_kept_to_the_second(edition):
    gjovik = nominee(edition, "Gjøvik")
    closes = edition.voting_closes_at

    vote = Vote.objects.cast(gjovik, "kari@example.no", at=closes - ONE_SECOND)

    assert vote.pk is not None
    with pytest.raises(VotingClosed):
        Vote.objects.cast(gjovik, "ola@example.no", at=closes)
    with pytest.raises(VotingClosed):
        Vote.objects.cast(gjovik, "ola@example.no", at=edition.voting_opens_at - ONE_SECOND)


@pytest.mark.parametrize(
    "email, message",
    [
        ("", "Skriv e-postadressen din."),
        ("kari.example.no", "Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no."),
        ("kari@", "Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no."),
        ("x" * 250 + "@example.no", "E-postadressen kan ha høyst 254 tegn."),
    ],
)
def test_a_bad_address_gets_a_message_beside_the_field_and_is_kept(client, edition, email, message):
    response = cast(client, "gjovik", email)

    html = response.content.decode()
    assert response.status_code == 400
    error = re.search(
        r'<div class="ds-validation-message"[^>]*id="id_email_error">([^<]*)</div>', html
    )
    assert error.group(1) == message
    assert 'aria-invalid="true"' in html
    if email:
        assert f'value="{email}"' in html
    assert Vote.objects.count() == 0


# Normalising addresses.


def test_the_voter_key_is_a_keyed_hash_that_changes_with_the_key(settings):
    first = voter_key("kari@example.no")
    settings.VOTER_HASH_KEY = "en annen nøkkel"

    assert voter_key("kari@example.no") != first
    assert len(first) == 64
    assert "kari" not in first


# The standings and the finalists.


def test_the_standings_count_only_confirmed_votes_that_are_not_voided(edition, admin_user):
    asker, gjovik, voss = (nominee(edition, name) for name in ["Asker", "Gjøvik", "Voss"])
    make_votes(gjovik, 4)
    make_votes(voss, 2)
    make_votes(asker, 5, confirmed=False, domain="ubekreftet.no")
    make_votes(asker, 3, domain="annullert.no")
    Vote.objects.filter(email_domain="annullert.no").void(admin_user, "Juks", "Test")

    standings = Vote.objects.standings(edition)

    assert [(s.nominee.municipality.name, s.votes, s.rank) for s in standings] == [
        ("Gjøvik", 4, 1),
        ("Voss", 2, 2),
        ("Asker", 0, 3),
    ]


def test_the_standings_are_one_query(edition, django_assert_num_queries):
    make_votes(nominee(edition, "Voss"), 2)

    with django_assert_num_queries(1):
        Vote.objects.standings(edition)


def test_equal_votes_share_a_rank_in_alphabetical_order(edition):
    make_votes(nominee(edition, "Voss"), 3)
    make_votes(nominee(edition, "Asker"), 3)
    make_votes(nominee(edition, "Gjøvik"), 1)

    standings = Vote.objects.standings(edition)

    assert [(s.nominee.municipality.name, s.rank) for s in standings] == [
        ("Asker", 1),
        ("Voss", 1),
        ("Gjøvik", 3),
    ]


def six_nominees(edition, votes):
    """The three of `edition` and three more, with `votes` counted votes each, by name."""
    for name in ["Randaberg", "Sunndal", "Tromsø"]:
        make_nominee(edition, name)
    for name, count in votes.items():
        make_votes(nominee(edition, name), count)


def finalist_names(edition):
    finalists = Vote.objects.finalists(edition)
    return sorted(s.nominee.municipality.name for s in finalists.standings), finalists.tied_at_third


def test_the_finalists_are_the_three_with_most_votes(edition):
    six_nominees(
        edition, {"Asker": 9, "Gjøvik": 2, "Randaberg": 7, "Sunndal": 8, "Tromsø": 1, "Voss": 3}
    )

    assert finalist_names(edition) == (["Asker", "Randaberg", "Sunndal"], False)


def test_everyone_tied_at_third_place_is_a_finalist_and_staff_are_warned(edition):
    six_nominees(
        edition, {"Asker": 9, "Gjøvik": 5, "Randaberg": 5, "Sunndal": 8, "Tromsø": 5, "Voss": 3}
    )

    assert finalist_names(edition) == (["Asker", "Gjøvik", "Randaberg", "Sunndal", "Tromsø"], True)


def test_a_tie_above_third_place_makes_no_extra_finalist(edition):
    six_nominees(
        edition, {"Asker": 9, "Gjøvik": 9, "Randaberg": 4, "Sunndal": 2, "Tromsø": 1, "Voss": 3}
    )

    assert finalist_names(edition) == (["Asker", "Gjøvik", "Randaberg"], False)


def test_a_tie_for_first_across_third_place_makes_all_of_them_finalists(edition):
    six_nominees(
        edition, {"Asker": 6, "Gjøvik": 6, "Randaberg": 6, "Sunndal": 6, "Tromsø": 1, "Voss": 3}
    )

    assert finalist_names(edition) == (["Asker", "Gjøvik", "Randaberg", "Sunndal"], True)


def test_with_three_nominees_or_fewer_all_are_finalists(edition):
    make_votes(nominee(edition, "Voss"), 1)

    assert finalist_names(edition) == (["Asker", "Gjøvik", "Voss"], False)


def test_a_voided_vote_never_counts_even_when_confirmed(edition, admin_user):
    vote = make_vote(nominee(edition, "Voss"), "kari@example.no")
    Vote.objects.filter(pk=vote.pk).void(admin_user, "Fra et kjent juksenettverk", "Én stemme")

    vote.refresh_from_db()
    assert not vote.is_counted
    assert Vote.objects.counted().count() == 0
    assert vote.confirm().outcome == Outcome.VOIDED
    assert Voiding.objects.get().vote_count == 1


def test_a_vote_reads_its_nominee_by_the_municipalitys_address_with_nothing_to_sort(
    client, edition, mailoutbox
):
    with CaptureQueriesContext(connection) as captured:
        response = cast(client, "gjovik", "kari@example.no")

    assert response.status_code == 302
    (read,) = [query["sql"] for query in captured if query["sql"].startswith('SELECT "nominations_nominee"')]
    # One nominee per municipality and edition: neither an ordering nor its join to the names.
    assert '"municipalities_municipality"."slug" = ' in read and "ORDER BY" not in read
