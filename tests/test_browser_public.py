"""The public pages in a real browser: they open, switch language and pass axe-core."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from award.middleware import service_unavailable
from award.models import Phase
from tests.accessibility import assert_accessible
from tests.conftest import load_reference_data
from tests.factories import make_edition, make_nominee

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(transactional_db):
    """History since 2008 and a current edition with its nominees out for the vote."""
    load_reference_data()
    call_command("loaddata", "history", stdout=StringIO())
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    for name in ["Alta", "Stord", "Arendal"]:
        make_nominee(edition, name, description=f"{name} bosetter og kvalifiserer godt.")
    return edition


def test_the_front_page_shows_the_current_edition_and_its_nominees(page, site):
    page.goto("/")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bosettings- og integreringsprisen"
    )
    expect(page.get_by_role("link", name="Stord", exact=True)).to_be_visible()
    expect(page.get_by_text("Avstemningen er åpen.")).to_be_visible()


def test_the_archive_lists_every_winner_and_leads_to_an_edition(page, site):
    page.goto("/arkiv/")

    rows = page.get_by_role("table").get_by_role("row")
    expect(rows).to_have_count(14)
    page.get_by_role("link", name="2019/2020").click()

    expect(page).to_have_url(re.compile(r"/prisen/2020/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Bosettings- og integreringsprisen 2019/2020"
    )
    expect(page.get_by_role("link", name="Sunndal").first).to_be_visible()


def test_the_language_switch_opens_the_same_page_in_nynorsk_and_back(page, site):
    page.goto("/arkiv/")

    page.get_by_role("link", name="Norsk nynorsk").click()

    expect(page).to_have_url(re.compile(r"/nn/"))
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    page.get_by_role("link", name="Norsk bokmål").click()
    expect(page).to_have_url(re.compile(r"/arkiv/$"))
    expect(page.locator("html")).to_have_attribute("lang", "nb")


def test_the_skip_link_moves_to_the_main_content(page, site):
    page.goto("/")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Hopp til hovedinnhold")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#innhold$"))


def test_feedback_is_given_from_the_bottom_of_a_page(page, site):
    page.goto("/kriterier/")

    page.get_by_role("group", name="Fant du det du lette etter?").get_by_label("Ja").check()
    page.get_by_role("button", name="Send").click()

    expect(page.get_by_text("Takk for tilbakemeldingen!")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/kriterier/"))


PUBLIC_PAGES = [
    "/",
    "/arkiv/",
    "/prisen/2030/",
    "/prisen/2030/stord/",
    "/prisen/2022/",
    "/prisen/2022/kinn/",
    "/kriterier/",
    "/tilgjengelighet/",
    "/personvern/",
    "/nn/",
    "/en/arkiv/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_passes_an_axe_scan(page, site, path):
    response = page.goto(path)

    assert response.status == 200
    assert_accessible(page)


@pytest.mark.parametrize("phase", list(Phase))
def test_the_front_page_passes_an_axe_scan_in_every_phase(page, transactional_db, phase):
    load_reference_data()
    edition = make_edition(year=2030, phase=phase)
    make_nominee(edition, "Stord", is_finalist=True, is_winner=True, jury_rationale="Godt.")

    page.goto("/")

    assert_accessible(page)


@pytest.mark.parametrize(
    "path, status, heading",
    [("/finnes-ikke/", 404, "Fant ikke siden"), ("/forslag/ikke-en-lenke/", 404, "Fant ikke siden")],
)
def test_the_error_pages_pass_an_axe_scan(page, site, path, status, heading):
    response = page.goto(path)

    assert response.status == status
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)


def test_the_unavailable_page_passes_an_axe_scan(page, live_server):
    # The page a database outage gives, served at an address of the live site so its stylesheet loads.
    unavailable = service_unavailable()
    page.route(
        "**/nede/",
        lambda route: route.fulfill(
            status=unavailable.status_code, body=unavailable.content, content_type="text/html; charset=utf-8"
        ),
    )

    page.goto("/nede/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Nettstedet er midlertidig utilgjengelig")
    assert_accessible(page)
