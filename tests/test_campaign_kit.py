"""The campaign kit: poster, QR code, badge and snippet, the links to them; in three languages."""

import io
import re
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone
from hypothesis import given
from PIL import Image

from award.models import Edition, Phase
from municipalities.models import Municipality, WrittenStandard
from nominations.models import Nominee
from tests.factories import make_edition, make_nominee
from tests.test_hostile_input import examples, hostile

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]


def edition_in(phase, **fields):
    """The 2030 edition with Gjøvik (bokmål) and Voss (nynorsk by its målvedtak) nominated."""
    Municipality.objects.filter(name="Voss").update(written_standard=WrittenStandard.NYNORSK)
    Municipality.objects.filter(name="Gjøvik").update(written_standard=WrittenStandard.BOKMAL)
    edition = make_edition(year=2030, phase=phase, **fields)
    for name in ["Gjøvik", "Voss"]:
        make_nominee(edition, name, description=f"{name} bosetter godt.", jury_rationale="Godt.")
    return edition


def text(response):
    """The page's visible text with tags removed and white space collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def formatted(moment):
    """A moment as the bokmål pages write it."""
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


# The poster


@pytest.mark.parametrize("phase", [Phase.NOMINEES_PUBLISHED, Phase.VOTING_OPEN])
def test_the_poster_says_whom_to_vote_for_when_and_where(client, phase):
    edition = edition_in(phase)

    response = client.get("/stem/gjovik/plakat/")

    assert response.status_code == 200
    page = text(response)
    assert "Bosettings- og integreringsprisen 2030 Stem på Gjøvik" in page
    assert (
        "Gjøvik er nominert til Bosettings- og integreringsprisen 2030. "
        "Stem på Gjøvik som din favoritt!"
    ) in page
    opens, closes = formatted(edition.voting_opens_at), formatted(edition.voting_closes_at)
    assert f"Du kan stemme fra {opens} til {closes}." in page
    html = response.content.decode()
    assert '<img class="poster__qr" src="/stem/gjovik/qr.svg"' in html
    assert 'alt="QR-kode som åpner testserver/stem/gjovik"' in html
    assert '<p class="poster__address">testserver/stem/gjovik</p>' in html
    assert '<a class="ds-link" id="vote-link" href="http://testserver/stem/gjovik/">' in html
    post = re.search(r'<code id="post-text">([^<]+)</code>', html).group(1)
    assert post == (
        "Gjøvik er nominert til Bosettings- og integreringsprisen 2030! "
        f"Du kan stemme på Gjøvik fra {opens} til {closes}: http://testserver/stem/gjovik/"
    )


@pytest.mark.parametrize(
    "phase", [Phase.UPCOMING, Phase.UNDER_REVIEW, Phase.VOTING_CLOSED, Phase.WINNER_ANNOUNCED]
)
def test_there_is_no_poster_when_there_is_no_vote_to_come(client, phase):
    edition_in(phase)

    assert client.get("/stem/gjovik/plakat/").status_code == 404
    assert "/plakat/" not in client.get("/prisen/2030/gjovik/").content.decode()


def test_there_is_no_poster_for_an_edition_without_a_public_vote(client):
    edition = make_edition(year=2030, phase=Phase.NOMINEES_PUBLISHED)
    Edition.objects.filter(pk=edition.pk).update(voting_opens_at=None, voting_closes_at=None)
    make_nominee(edition, "Gjøvik", description="Gjøvik bosetter godt.", jury_rationale="Godt.")

    assert client.get("/stem/gjovik/plakat/").status_code == 404
    assert "/plakat/" not in client.get("/prisen/2030/gjovik/").content.decode()


def test_the_poster_prints_on_a4_unless_a3_is_chosen(client):
    edition_in(Phase.VOTING_OPEN)

    a4 = client.get("/stem/gjovik/plakat/").content.decode()
    a3 = client.get("/stem/gjovik/plakat/?format=A3").content.decode()
    unknown = client.get("/stem/gjovik/plakat/?format=letter").content.decode()

    assert "poster-a3.css" not in a4
    assert "poster-a3.css" not in unknown
    assert '<link rel="stylesheet" href="/static/css/poster-a3.css" media="print">' in a3
    assert '<a class="ds-link" href="?format=A4" aria-current="true"><strong>A4</strong></a>' in a4
    assert '<a class="ds-link" href="?format=A3" aria-current="true"><strong>A3</strong></a>' in a3


def test_the_nominee_page_and_the_vote_link_lead_to_the_poster_in_the_municipalitys_standard(
    client,
):
    edition_in(Phase.VOTING_OPEN)

    gjovik = client.get("/prisen/2030/gjovik/").content.decode()
    voss = client.get("/prisen/2030/voss/").content.decode()
    voss_in_english = client.get("/en/prisen/2030/voss/").content.decode()
    vote_link = client.get("/stem/voss/").content.decode()

    assert '<a class="ds-link" href="/stem/gjovik/plakat/">' in gjovik
    assert '<a class="ds-link" href="/nn/stem/voss/plakat/">' in voss
    assert '<a class="ds-link" href="/nn/stem/voss/plakat/">' in voss_in_english
    assert '<a class="ds-link" href="/nn/stem/voss/plakat/">' in vote_link
    assert '<a class="ds-link" href="/nn/prisen/2030/voss/merke/">' in voss


def test_the_vote_link_page_before_the_vote_opens_offers_the_link_and_the_poster(client):
    edition_in(Phase.NOMINEES_PUBLISHED)

    page = client.get("/stem/gjovik/").content.decode()

    assert '<a class="ds-link" id="vote-link" href="http://testserver/stem/gjovik/">' in page
    assert '<a class="ds-link" href="/stem/gjovik/plakat/">' in page


def test_the_nynorsk_poster_is_in_nynorsk_with_a_switch_to_bokmal(client):
    edition_in(Phase.VOTING_OPEN)

    response = client.get("/nn/stem/voss/plakat/")

    page = text(response)
    assert "Busetjings- og integreringsprisen 2030 Røyst på Voss" in page
    assert "nn/stem/voss" in page
    html = response.content.decode()
    assert '<a class="ds-link" href="/stem/voss/plakat/" hreflang="nb">Bokmål</a>' in html
    assert (
        '<a class="ds-link" href="/nn/stem/voss/plakat/" hreflang="nn" aria-current="true">'
        "<strong>Nynorsk</strong></a>"
    ) in html
    assert '<img class="poster__qr" src="/nn/stem/voss/qr.svg"' in html


def test_the_english_poster_is_in_english(client):
    edition_in(Phase.VOTING_OPEN)

    page = text(client.get("/en/stem/gjovik/plakat/"))

    assert "Vote for Gjøvik" in page
    assert "Scan the code with your phone's camera, or type the address:" in page


def test_the_qr_code_is_an_svg_drawn_here(client):
    edition_in(Phase.VOTING_OPEN)

    response = client.get("/stem/gjovik/qr.svg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg ")
    assert b"<script" not in response.content
    assert client.get("/stem/ingen-kommune/qr.svg").status_code == 404


# The badge


def badge_texts(client, path):
    svg = client.get(path).content.decode()
    return re.findall(r"<text [^>]+>([^<]+)</text>", svg), re.search(
        r"<title[^>]*>([^<]+)</title>", svg
    ).group(1)


def test_a_nominee_badge_says_nominated_until_the_finalists_are_public(client):
    edition = edition_in(Phase.VOTING_CLOSED)
    # Staff have marked the finalists and scheduled their reveal for later.
    Nominee.objects.filter(edition=edition, municipality__name="Gjøvik").update(is_finalist=True)

    lines, title = badge_texts(client, "/prisen/2030/gjovik/merke.svg")

    assert lines == ["Nominert til", "Bosettings- og", "integreringsprisen", "2030", "IMDi"]
    assert title == "Nominert til Bosettings- og integreringsprisen 2030"


def test_a_finalist_badge_once_the_finalists_are_public_and_a_winner_badge_once_revealed(client):
    edition = edition_in(Phase.FINALISTS_ANNOUNCED)
    Nominee.objects.filter(edition=edition, municipality__name="Gjøvik").update(
        is_finalist=True, is_winner=True
    )

    before_reveal = badge_texts(client, "/prisen/2030/gjovik/merke.svg")
    Edition.objects.filter(pk=edition.pk).update(winner_revealed_at=edition.finalists_revealed_at)
    cache.clear()
    after_reveal = badge_texts(client, "/prisen/2030/gjovik/merke.svg")
    others = badge_texts(client, "/prisen/2030/voss/merke.svg")

    assert before_reveal[0][0] == "Finalist til"
    assert before_reveal[1] == "Finalist til Bosettings- og integreringsprisen 2030"
    assert after_reveal[0][0] == "Vinner av"
    assert after_reveal[1] == "Vinner av Bosettings- og integreringsprisen 2030"
    assert others[1] == "Nominert til Bosettings- og integreringsprisen 2030"


@pytest.mark.parametrize("path", ["merke/", "merke.svg", "merke.png"])
def test_there_is_no_badge_before_the_nominees_are_public(client, path):
    edition_in(Phase.UNDER_REVIEW)

    assert client.get(f"/prisen/2030/gjovik/{path}").status_code == 404
    assert client.get(f"/prisen/2029/gjovik/{path}").status_code == 404


def test_the_badge_page_gives_a_plain_link_with_alternative_text_to_copy(client):
    edition_in(Phase.VOTING_OPEN)

    response = client.get("/prisen/2030/gjovik/merke/")

    html = response.content.decode()
    code = re.search(r'<code id="badge-code">([^<]+)</code>', html).group(1)
    width, height = re.search(r'<img src="/prisen/2030/gjovik/merke.png" width="(\d+)" height="(\d+)"', html).groups()
    assert code == (
        "&lt;a href=&quot;http://testserver/prisen/2030/gjovik/&quot;&gt;"
        "&lt;img src=&quot;http://testserver/prisen/2030/gjovik/merke.png&quot; "
        f"width=&quot;{width}&quot; height=&quot;{height}&quot; "
        "alt=&quot;Nominert til Bosettings- og integreringsprisen 2030&quot;&gt;&lt;/a&gt;"
    )
    assert 'data-copy="badge-code"' in html
    assert '<a class="ds-link" href="/prisen/2030/gjovik/merke.svg" download>' in html
    png = Image.open(io.BytesIO(client.get("/prisen/2030/gjovik/merke.png").content))
    assert png.format == "PNG"
    # Drawn at twice the size it is shown, for sharp screens.
    assert png.size == (2 * int(width), 2 * int(height))


@pytest.mark.parametrize("path", ["merke.svg", "merke.png"])
def test_a_badge_shown_on_another_site_sets_no_cookie_and_may_be_shown_there(client, path):
    edition_in(Phase.VOTING_OPEN)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/prisen/2030/gjovik/{path}")

    assert response.status_code == 200
    assert response.cookies == {}
    # It counts nothing: whoever shows it, nothing is written but the page cache's copy.
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"} and "django_cache" not in q["sql"]
    ]
    assert writes == []
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert response["Content-Type"] == ("image/svg+xml" if path.endswith("svg") else "image/png")


def test_the_nynorsk_badge_is_in_nynorsk(client):
    edition_in(Phase.VOTING_OPEN)

    lines, title = badge_texts(client, "/nn/prisen/2030/voss/merke.svg")

    assert title == "Nominert til Busetjings- og integreringsprisen 2030"
    assert lines[0] == "Nominert til"


def test_the_english_badge_is_in_english(client):
    edition_in(Phase.VOTING_OPEN)

    lines, title = badge_texts(client, "/en/prisen/2030/gjovik/merke.svg")

    assert title == "Nominated for Bosettings- og integreringsprisen 2030"
    assert lines[0] == "Nominated for"


def test_a_winner_of_the_archive_has_its_badge(client, history):
    lines, title = badge_texts(client, "/prisen/2022/kinn/merke.svg")

    assert title == "Vinner av Bosettings- og integreringsprisen 2022"


# The page cache


KIT_ADDRESSES = [
    "/stem/gjovik/plakat/",
    "/stem/gjovik/qr.svg",
    "/prisen/2030/gjovik/merke/",
    "/prisen/2030/gjovik/merke.svg",
    "/prisen/2030/gjovik/merke.png",
    "/prisen/2030/kalender.ics",
    "/prisen/kalender.ics",
    "/nn/stem/voss/plakat/",
]


@pytest.mark.parametrize("path", KIT_ADDRESSES)
def test_the_kit_is_kept_in_the_page_cache_like_the_other_public_pages(client, path):
    edition = edition_in(Phase.VOTING_OPEN, venue="Oslo")
    first = client.get(path)
    # Changed without the signal a save by staff sends: only a page from the cache stays the same.
    Edition.objects.filter(pk=edition.pk).update(prize_name="bosettingsprisen", venue="Bergen")

    second = Client().get(path)

    assert first.status_code == 200
    assert second.content == first.content
    assert second.cookies == {}


def test_staff_saving_the_edition_shows_in_the_kit_at_once(client):
    edition = edition_in(Phase.VOTING_OPEN)
    client.get("/prisen/2030/gjovik/merke.svg")

    edition.prize_name = "bosettingsprisen"
    edition.save()

    assert badge_texts(client, "/prisen/2030/gjovik/merke.svg")[1] == "Nominert til Bosettingsprisen 2030"


# Queries


KIT_CEILINGS = {
    "/stem/gjovik/plakat/": 2,
    "/stem/gjovik/qr.svg": 2,
    "/prisen/2030/gjovik/merke/": 1,
    "/prisen/2030/gjovik/merke.svg": 1,
    "/prisen/2030/gjovik/merke.png": 1,
    "/prisen/2030/kalender.ics": 2,
    "/prisen/kalender.ics": 2,
}


@pytest.mark.parametrize("path", KIT_CEILINGS)
def test_the_kit_asks_a_fixed_number_of_queries_however_often_staff_changed_the_dates(
    client, settings, django_assert_max_num_queries, path
):
    settings.PAGE_CACHE_SECONDS = 0
    edition = edition_in(Phase.VOTING_OPEN)
    for change in range(20):
        edition.venue = f"Sal {change}"
        edition.save()

    with django_assert_max_num_queries(KIT_CEILINGS[path]):
        assert client.get(path).status_code == 200


# Hostile input


@pytest.fixture
def voting_edition():
    return edition_in(Phase.VOTING_OPEN)


@given(paper=hostile)
@examples
def test_the_poster_takes_any_paper_size_and_prints_on_a4_unless_a3(client, voting_edition, paper):
    response = client.get("/stem/gjovik/plakat/", {"format": paper})

    assert response.status_code == 200
    chosen = "A3" if paper.upper() == "A3" else "A4"
    assert f'aria-current="true"><strong>{chosen}</strong>' in response.content.decode()


@given(slug=hostile.filter(lambda text: "/" not in text), year=hostile)
@examples
def test_any_municipality_or_year_in_a_kit_address_gets_a_page_not_a_failure(
    client, voting_edition, slug, year
):
    for path in [
        f"/stem/{quote(slug, safe='')}/plakat/",
        f"/stem/{quote(slug, safe='')}/qr.svg",
        f"/prisen/2030/{quote(slug, safe='')}/merke.svg",
        f"/prisen/{quote(year, safe='')}/kalender.ics",
    ]:
        assert client.get(path).status_code in {200, 301, 404}, path
