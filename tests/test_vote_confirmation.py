"""The confirmation link: reused, expired, forged, after the close, and what it keeps."""

import datetime
import re
from io import StringIO

import pytest
from django.core import signing
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from award.models import Phase
from nominations.tokens import SALT as NOMINATION_SALT
from tests.factories import make_edition, make_nominee
from voting.models import Outcome, Vote
from voting.tokens import SALT, confirmation_token

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

ONE_SECOND = datetime.timedelta(seconds=1)


@pytest.fixture
def client(committing_client):
    return committing_client


@pytest.fixture
def edition():
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    make_nominee(edition, "Gjøvik")
    make_nominee(edition, "Voss")
    return edition


def text(response):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def cast(client, slug, email):
    return client.post(reverse("voting:vote_for", kwargs={"slug": slug}), {"email": email})


def link_in(message):
    return re.search(r"http://\S+(/stem/bekreft/\S+/)", message.body).group(1)


def test_opening_the_link_asks_to_confirm_and_counts_nothing_yet(client, edition, mailoutbox):
    cast(client, "gjovik", "kari@example.no")

    response = client.get(link_in(mailoutbox[0]))

    assert response.status_code == 200
    page = text(response)
    assert "Bekreft stemmen din" in page
    assert (
        "Du stemmer på Gjøvik som din favoritt til Bosettings- og integreringsprisen 2030." in page
    )
    assert (
        '<button type="submit" class="ds-button" data-variant="primary">Bekreft stemmen på Gjøvik</button>'
        in (response.content.decode())
    )
    assert Vote.objects.counted().count() == 0
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def test_a_reused_link_counts_the_vote_once_and_says_so(client, edition, mailoutbox):
    cast(client, "gjovik", "kari@example.no")
    link = link_in(mailoutbox[0])
    client.post(link)

    again = client.post(link)
    opened = client.get(link)

    for response in (again, opened):
        assert response.status_code == 200
        page = text(response)
        assert "Stemmen din på Gjøvik er talt med" in page
        assert "Du har allerede bekreftet denne stemmen." in page
    assert Vote.objects.counted().count() == 1
    assert [message.subject for message in mailoutbox] == [
        "Bekreft stemmen din på Gjøvik",
        "Stemmen din på Gjøvik er talt med",
    ]


def test_an_expired_link_is_refused_and_says_how_to_vote_again(
    client, edition, mailoutbox, settings
):
    cast(client, "gjovik", "kari@example.no")
    Vote.objects.update(
        created_at=Vote.objects.get().created_at - datetime.timedelta(hours=72) - ONE_SECOND
    )

    response = client.post(link_in(mailoutbox[0]))

    assert response.status_code == 410
    page = text(response)
    assert "Lenken er utløpt" in page
    assert "Lenken virket i 72 timer og er nå utløpt. Stemmen på Gjøvik ble ikke talt med." in page
    assert 'href="/stem/gjovik/"' in response.content.decode()
    assert Vote.objects.counted().count() == 0
    assert len(mailoutbox) == 1


def test_the_link_works_until_its_last_second(edition):
    vote = Vote.objects.cast(edition.nominees.get(municipality__name="Gjøvik"), "kari@example.no")
    expires = vote.created_at + datetime.timedelta(hours=72)

    assert vote.obstacle(at=expires - ONE_SECOND) is None
    assert vote.obstacle(at=expires).outcome == Outcome.EXPIRED


def test_the_link_never_outlives_the_close(edition):
    vote = Vote.objects.cast(
        edition.nominees.get(municipality__name="Gjøvik"),
        "kari@example.no",
        at=edition.voting_closes_at - datetime.timedelta(hours=1),
    )

    assert vote.confirmation_expires_at() == edition.voting_closes_at


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token.replace(":", "x", 1),
        lambda token: "ikke-en-lenke",
        lambda token: signing.dumps([99999, "AAAA"], salt=SALT),
        lambda token: signing.dumps([1, "AAAA"], salt=NOMINATION_SALT, compress=True),
    ],
    ids=["altered signature", "altered value", "nonsense", "no such vote", "nomination link"],
)
def test_a_forged_or_altered_link_is_refused_with_a_clear_page(client, edition, mailoutbox, forge):
    cast(client, "gjovik", "kari@example.no")
    token = link_in(mailoutbox[0]).split("/")[-2]

    response = client.post(reverse("voting:confirm", kwargs={"token": forge(token)}))

    assert response.status_code == 400
    page = text(response)
    assert "Lenken virker ikke" in page
    assert "Ingen stemme er talt med." in page
    assert Vote.objects.counted().count() == 0


def test_a_confirmation_after_the_close_does_not_count_and_says_why(client, edition, mailoutbox):
    cast(client, "gjovik", "kari@example.no")
    edition.voting_closes_at = edition.voting_opens_at + datetime.timedelta(seconds=1)
    edition.save()

    response = client.post(link_in(mailoutbox[0]))

    assert response.status_code == 410
    page = text(response)
    assert "Avstemningen er ikke åpen" in page
    assert "Avstemningen stengte" in page
    assert "før du bekreftet. Stemmen på Gjøvik ble derfor ikke talt med." in page
    assert Vote.objects.counted().count() == 0
    assert len(mailoutbox) == 1


def test_confirmation_closes_to_the_second(edition):
    an_hour_before = edition.voting_closes_at - datetime.timedelta(hours=1)
    gjovik, voss = (edition.nominees.get(municipality__name=name) for name in ["Gjøvik", "Voss"])
    vote = Vote.objects.cast(gjovik, "kari@example.no", at=an_hour_before)
    other = Vote.objects.cast(voss, "ola@example.no", at=an_hour_before)

    assert vote.confirm(at=edition.voting_closes_at).outcome == Outcome.CLOSED
    assert other.confirm(at=edition.voting_closes_at - ONE_SECOND).outcome == Outcome.COUNTED
    assert list(Vote.objects.counted()) == [other]


def test_a_second_vote_by_the_same_person_confirmed_later_does_not_count(
    client, edition, mailoutbox
):
    cast(client, "gjovik", "kari@example.no")
    cast(client, "voss", "Kari+andre@example.no")
    client.post(link_in(mailoutbox[1]))

    response = client.post(link_in(mailoutbox[0]))

    page = text(response)
    assert "Stemmen din på Voss er talt med" in page
    assert "Du hadde allerede bekreftet en stemme på Voss" in page
    assert "Stemmen på Gjøvik ble derfor ikke talt med." in page
    assert [vote.nominee.municipality.name for vote in Vote.objects.counted()] == ["Voss"]


def test_the_link_of_a_voided_vote_says_it_does_not_count(client, edition, mailoutbox, admin_user):
    cast(client, "gjovik", "kari@example.no")
    Vote.objects.all().void(admin_user, "Del av et angrep", "Én stemme")

    response = client.post(link_in(mailoutbox[0]))

    assert "IMDi har annullert stemmen på Gjøvik" in text(response)
    assert Vote.objects.counted().count() == 0


def test_confirming_erases_the_key_to_the_address_in_the_link(edition):
    vote = Vote.objects.cast(edition.nominees.get(municipality__name="Gjøvik"), "kari@example.no")
    sealed = vote.seal_address("kari@example.no")
    assert vote.open_address(sealed) == "kari@example.no"
    assert b"kari" not in sealed

    confirmation = vote.confirm(sealed)

    assert confirmation.address == "kari@example.no"
    vote.refresh_from_db()
    assert vote.address_key is None
    assert vote.open_address(sealed) is None


def test_links_of_different_addresses_are_the_same_length(edition):
    gjovik = edition.nominees.get(municipality__name="Gjøvik")
    short = Vote.objects.cast(gjovik, "a@b.no")
    longer = Vote.objects.cast(gjovik, "kari.nordmann@example.no")

    assert len(confirmation_token(short, "a@b.no")) == len(
        confirmation_token(longer, "kari.nordmann@example.no")
    )


def test_the_keys_of_links_that_can_no_longer_be_used_are_erased_by_a_command(edition):
    gjovik = edition.nominees.get(municipality__name="Gjøvik")
    old = Vote.objects.cast(gjovik, "kari@example.no")
    fresh = Vote.objects.cast(gjovik, "ola@example.no")
    Vote.objects.filter(pk=old.pk).update(created_at=old.created_at - datetime.timedelta(days=4))

    call_command("erase_vote_keys", stdout=StringIO())
    call_command("erase_vote_keys", stdout=StringIO())

    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.address_key is None
    assert fresh.address_key is not None


def test_an_opened_link_reads_its_vote_by_key_and_looks_for_another_vote_with_exists(
    client, edition, mailoutbox
):
    cast(client, "gjovik", "kari@example.no")
    link = link_in(mailoutbox[0])

    with CaptureQueriesContext(connection) as captured:
        client.get(link)

    votes = [query["sql"] for query in captured if 'FROM "voting_vote"' in query["sql"]]
    # The vote with its edition and nominee by its unique key, with nothing to sort;
    # then only whether another vote of the person's counts, since none does.
    assert len(votes) == 2
    assert '"voting_vote"."public_id" = ' in votes[0] and "ORDER BY" not in votes[0]
    assert votes[1].startswith('SELECT 1 AS "a" FROM "voting_vote"') and "LIMIT 1" in votes[1]


def test_an_opened_link_names_the_vote_that_counts_when_another_does(client, edition, mailoutbox):
    cast(client, "gjovik", "kari@example.no")
    cast(client, "voss", "kari@example.no")
    first, second = (link_in(message) for message in mailoutbox)
    client.post(second)

    page = text(client.get(first))

    assert Vote.objects.counted().get().nominee.municipality.name == "Voss"
    assert "Stemmen din på Voss er talt med" in page
    assert "Stemmen på Gjøvik ble derfor ikke talt med." in page
