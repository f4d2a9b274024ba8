"""Each public page asks the database a fixed number of queries, whatever the data.

The page cache is off here and the cache lives in memory, so that only the
pages' own queries count. Each page is fetched over a small world (one
edition, three nominees, after the reveal a vote each, since only an edition
whose votes are in the system has a result page) and a large one (the history since 2008,
forty more editions with winners, a dozen nominees and hundreds of votes),
with the same ceiling.
"""

from io import StringIO

import pytest
from django.core.management import call_command

from award.models import Phase, PressRelease, Quote
from municipalities.models import Municipality
from tests.factories import make_edition, make_nominee, make_votes

pytestmark = pytest.mark.django_db

SMALL_NOMINEES = ["Asker", "Gjøvik", "Voss"]
LARGE_NOMINEES = [
    *SMALL_NOMINEES,
    "Bodø", "Haugesund", "Kinn", "Rælingen", "Vennesla", "Randaberg", "Sunndal", "Tromsø", "Alta",
]
EXTRA_EDITIONS = range(1960, 2000)

# The ceiling of each page, in the phase that shows the most.
VOTING_PAGES = {
    "/": 4,
    "/prisen/2030/": 2,
    "/prisen/2030/voss/": 2,
    "/stem/": 2,
    "/stem/voss/": 2,
    "/nn/stem/": 2,
}
WINNER_PAGES = {
    "/": 4,
    "/prisen/2030/": 3,
    "/prisen/2030/voss/": 3,
    "/prisen/2030/kunngjoring/": 2,
    "/prisen/2030/kunngjoring/status/": 2,
    "/prisen/2030/pressemelding/": 4,
    "/prisen/2030/resultat/": 2,
    "/arkiv/": 1,
    "/kriterier/": 1,
    "/tilgjengelighet/": 0,
    "/personvern/": 0,
    "/en/arkiv/": 1,
}


@pytest.fixture(autouse=True)
def only_the_pages_queries(settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def build(phase, large):
    edition = make_edition(year=2030, phase=phase)
    names = LARGE_NOMINEES if large else SMALL_NOMINEES
    nominees = [
        make_nominee(edition, name, description=f"{name} bosetter godt.", jury_rationale="Godt.")
        for name in names
    ]
    if phase == Phase.WINNER_ANNOUNCED:
        for nominee in nominees[:3]:
            make_votes(nominee, 1, domain="resultat.no")
            nominee.is_finalist = True
            nominee.is_winner = nominee.municipality.name == "Voss"
            nominee.winner_rationale = "Voss vant." if nominee.is_winner else ""
            nominee.save()
        release = PressRelease.objects.create(
            edition=edition, title="Voss vant", lead="Voss fikk prisen.", body="Teksten."
        )
        for position in range(5 if large else 1):
            Quote.objects.create(
                press_release=release, text="Vi er stolte.", speaker="Ordføreren", position=position
            )
    if large:
        call_command("loaddata", "history", stdout=StringIO())
        for nominee in nominees:
            make_votes(nominee, 40, confirmed=True)
            make_votes(nominee, 5, confirmed=False, domain="ventende.no")
        municipalities = Municipality.objects.order_by("number")
        for year, municipality in zip(EXTRA_EDITIONS, municipalities, strict=False):
            old = make_edition(year=year, phase=Phase.WINNER_ANNOUNCED)
            make_nominee(old, municipality.name, is_finalist=True, is_winner=True)


@pytest.mark.parametrize("large", [False, True], ids=["small", "large"])
@pytest.mark.parametrize("path", VOTING_PAGES)
def test_a_page_during_the_vote_asks_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, municipalities, path, large
):
    build(Phase.VOTING_OPEN, large)

    with django_assert_max_num_queries(VOTING_PAGES[path]):
        response = client.get(path)

    assert response.status_code == 200


@pytest.mark.parametrize("large", [False, True], ids=["small", "large"])
@pytest.mark.parametrize("path", WINNER_PAGES)
def test_a_page_after_the_reveal_asks_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, municipalities, path, large
):
    build(Phase.WINNER_ANNOUNCED, large)

    with django_assert_max_num_queries(WINNER_PAGES[path]):
        response = client.get(path)

    assert response.status_code == 200


# Every page above, and the announcement's status, which every screen polls.
@pytest.mark.parametrize("path", WINNER_PAGES)
def test_a_page_from_the_page_cache_asks_the_database_nothing(
    client, django_assert_num_queries, settings, municipalities, path
):
    settings.PAGE_CACHE_SECONDS = 600
    build(Phase.WINNER_ANNOUNCED, large=True)
    rendered = client.get(path)

    with django_assert_num_queries(0):
        cached = client.get(path)

    assert cached.content == rendered.content
