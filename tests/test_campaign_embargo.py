"""The embargo holds for the campaign kit: before the finalists are public, no poster, QR
code, badge or calendar tells a count, a share or an order by votes, or who the finalists are.

As in test_vote_embargo: each address is fetched with no votes, then with many,
unevenly spread votes (and the finalists marked for a reveal still to come);
the answers must be the same, byte for byte.
"""

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache

from award.models import Phase
from tests.embargo import edition_in, snapshot, stuff_the_ballot

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

KIT_ADDRESSES = [
    "/stem/voss/qr.svg",
    "/nn/stem/voss/qr.svg",
    "/prisen/2030/asker/merke/",
    "/prisen/2030/asker/merke.svg",
    "/prisen/2030/asker/merke.png",
    "/prisen/2030/voss/merke/",
    "/prisen/2030/voss/merke.svg",
    "/prisen/2030/voss/merke.png",
    "/nn/prisen/2030/voss/merke.svg",
    "/en/prisen/2030/voss/merke/",
    "/prisen/2030/kalender.ics",
    "/prisen/kalender.ics",
    "/en/prisen/kalender.ics",
    # The pages that link to the kit.
    "/",
    "/prisen/2030/",
    "/prisen/2030/voss/",
]
# The poster is there while the vote is open (or about to open), not after.
POSTERS = ["/stem/voss/plakat/", "/stem/asker/plakat/?format=A3", "/nn/stem/voss/plakat/"]
ADDRESSES = {
    Phase.VOTING_OPEN: KIT_ADDRESSES + POSTERS,
    Phase.VOTING_CLOSED: KIT_ADDRESSES,
}


def stuff_the_ballot_and_pick_finalists(edition):
    """The votes of the embargo tests, and the top two, Voss and Gjøvik, marked as finalists for later."""
    stuff_the_ballot(edition)
    edition.nominees.filter(municipality__name__in=["Voss", "Gjøvik"]).update(is_finalist=True)


@pytest.mark.parametrize("phase", ADDRESSES)
def test_the_kit_is_the_same_with_and_without_votes(client, phase):
    edition = edition_in(phase, venue="Oslo")
    before = snapshot(client, ADDRESSES[phase])

    stuff_the_ballot_and_pick_finalists(edition)
    # Rendered again, not read back from the page cache.
    cache.clear()
    after = snapshot(client, ADDRESSES[phase])

    for path in ADDRESSES[phase]:
        assert after[path] == before[path], path


@pytest.mark.parametrize("phase", ADDRESSES)
def test_staff_signed_in_get_the_same_kit_so_no_cache_can_keep_a_count(client, phase):
    edition = edition_in(phase, venue="Oslo")
    anonymous = snapshot(client, ADDRESSES[phase])
    stuff_the_ballot_and_pick_finalists(edition)
    client.force_login(User.objects.create_superuser("imdi", password="passord-for-test"))

    staff = snapshot(client, ADDRESSES[phase])

    for path in ADDRESSES[phase]:
        assert staff[path] == anonymous[path], path


def test_no_badge_says_finalist_while_the_finalists_reveal_is_still_to_come(client):
    edition = edition_in(Phase.VOTING_CLOSED, venue="Oslo")
    stuff_the_ballot_and_pick_finalists(edition)

    for path in ["/prisen/2030/voss/merke.svg", "/prisen/2030/voss/merke/"]:
        content = client.get(path).content.decode()
        assert "Finalist til" not in content, path
        assert "Nominert til Bosettings- og integreringsprisen 2030" in content, path
