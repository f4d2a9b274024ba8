"""The admin's vote pages at the scale of a real vote: a fixed number of queries, shared figures.

The benchmark times them over a million votes (bench/staff.py); here each
page is asked for over few votes and over many, spread over days, networks,
domains and browsers, and must ask the database as many queries either way.
The figures over all of an edition's votes are shared by staff for a few
seconds and counted again at once after a voiding.
"""

import datetime
import re

import pytest
from django.contrib.admin import helpers
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from award.models import Phase
from tests.factories import make_edition, make_nominee, make_votes
from voting.models import Vote

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

NAMES = ["Asker", "Gjøvik", "Randaberg", "Sunndal", "Tromsø", "Voss"]
PAGES = {
    "admin:voting_vote_log": "?prisrunde=2030",
    "admin:voting_vote_clusters": "?prisrunde=2030",
    "admin:voting_vote_changelist": "",
}


@pytest.fixture
def staff(client):
    user = User.objects.create_user("saksbehandler", password="passord-for-test", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_vote", "void_vote", "view_voiding"])
    )
    client.force_login(user)
    return user


@pytest.fixture
def edition():
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    for name in NAMES:
        make_nominee(edition, name)
    return edition


def text(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def many_votes(edition):
    """Votes over five days, from many networks, domains and browsers, some unconfirmed."""
    for position, nominee in enumerate(edition.nominees.all()):
        for day in range(5):
            at = edition.voting_opens_at + datetime.timedelta(days=day, hours=position)
            make_votes(
                nominee, 8, domain=f"d{day}.no", network=f"198.51.{day}.0/24",
                user_agent=f"Nettleser/{position}", at=at,
            )
            make_votes(nominee, 2, domain=f"venter{day}.no", confirmed=False, at=at)


@pytest.mark.parametrize("page", PAGES)
def test_each_vote_page_asks_as_many_queries_over_many_votes_as_over_few(
    client, staff, edition, settings, page
):
    settings.VOTE_FIGURES_SECONDS = 0
    url = reverse(page) + (PAGES[page] or f"?edition__id__exact={edition.pk}")
    make_votes(edition.nominees.get(municipality__name="Voss"), 2)
    client.get(url)
    few = queries_of(client, url)

    many_votes(edition)
    many = queries_of(client, url)

    assert many == few


def test_the_log_is_counted_in_few_queries(client, staff, edition, settings):
    # A cache in memory, so that only the database's own queries count.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.VOTE_FIGURES_SECONDS = 0
    many_votes(edition)
    client.get(reverse("admin:voting_vote_log"))
    counted = queries_of(client, reverse("admin:voting_vote_log"))
    settings.VOTE_FIGURES_SECONDS = 15
    client.get(reverse("admin:voting_vote_log"))

    shared = queries_of(client, reverse("admin:voting_vote_log"))

    # The standings and one tally per nominee and per day, and nothing of them when shared.
    assert counted - shared == 3


def test_the_figures_are_shared_for_a_few_seconds_and_say_when_they_were_counted(
    client, staff, edition
):
    voss = edition.nominees.get(municipality__name="Voss")
    make_votes(voss, 5)
    first = text(client.get(reverse("admin:voting_vote_log")))

    make_votes(voss, 3, domain="senere.no")
    second = text(client.get(reverse("admin:voting_vote_log")))

    assert "Talt med: 5." in first
    assert "Talt med: 5." in second
    assert re.search(
        r"Tallene er fra kl\. \d\d:\d\d:\d\d\. De telles på nytt etter 15 sekunder, "
        r"og straks etter en annullering\.",
        second,
    )


def test_a_voiding_counts_the_clusters_again_at_once(client, staff, edition):
    voss = edition.nominees.get(municipality__name="Voss")
    make_votes(voss, 25, domain="juks.no", network="203.0.113.0/24")
    before = text(client.get(reverse("admin:voting_vote_clusters")))

    client.post(
        reverse("admin:voting_vote_void_cluster"),
        {"prisrunde": 2030, "type": "network", "nokkel": "203.0.113.0/24", "reason": "Sanking"},
    )
    after = text(client.get(reverse("admin:voting_vote_clusters")))

    assert "203.0.113.0/24 25 25 0 0" in before
    assert "203.0.113.0/24" not in after


def test_the_list_filters_by_nominee_of_the_edition_and_by_day(client, staff, edition):
    other = make_edition(year=2029, phase=Phase.WINNER_ANNOUNCED)
    make_nominee(other, "Bodø")
    make_votes(edition.nominees.get(municipality__name="Voss"), 2)

    page = text(client.get(reverse("admin:voting_vote_changelist") + f"?edition__id__exact={edition.pk}"))

    assert "Voss (2030)" in page
    assert "Asker (2030)" in page
    assert "Bodø (2029)" not in page
    assert "I dag Siste syv dager Denne måneden I år" in page


def test_the_list_counts_its_votes_once_for_a_few_seconds_and_again_after_a_voiding(
    client, staff, edition
):
    voss = edition.nominees.get(municipality__name="Voss")
    make_votes(voss, 4)
    url = reverse("admin:voting_vote_changelist") + f"?edition__id__exact={edition.pk}"
    first = text(client.get(url))

    make_votes(voss, 2, domain="senere.no")
    with CaptureQueriesContext(connection) as shared:
        second = client.get(url)
    counts = [query["sql"] for query in shared.captured_queries if "COUNT(" in query["sql"]]
    client.post(
        reverse("admin:voting_vote_changelist"),
        {
            "action": "void_selected",
            helpers.ACTION_CHECKBOX_NAME: [Vote.objects.filter(email_domain="senere.no").first().pk],
            "reason": "Prøve",
        },
    )
    after = text(client.get(url))

    assert "4 stemmer" in first
    # Every row is read afresh, the count of them is shared.
    assert len(re.findall(r"senere\.no", second.content.decode())) == 2
    assert "4 stemmer" in text(second)
    assert counts == []
    assert "6 stemmer" in after
