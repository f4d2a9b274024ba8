"""The campaign kit in a real browser: a QR code a camera reads, one printed page,
«Kopier lenken», 320 px and axe-core."""

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from award.models import Phase
from municipalities.models import Municipality, WrittenStandard
from tests.accessibility import assert_accessible
from tests.conftest import load_reference_data
from tests.factories import make_edition, make_nominee

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A4 and A3 in PostScript points, as a PDF gives its page size.
PAPER_POINTS = {"A4": (595, 842), "A3": (842, 1191)}


@pytest.fixture
def site(transactional_db):
    """The current edition with its vote open; Voss writes nynorsk."""
    load_reference_data()
    Municipality.objects.filter(name="Voss").update(written_standard=WrittenStandard.NYNORSK)
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN, venue="Oslo")
    for name in ["Gjøvik", "Voss"]:
        make_nominee(edition, name, description=f"{name} bosetter godt.", jury_rationale="Godt.")
    return edition


@pytest.fixture
def zbarimg():
    path = shutil.which("zbarimg")
    if path is None:
        pytest.skip("zbar-tools is not installed (apt-get install zbar-tools)")
    return path


def decode(zbarimg, png, tmp_path):
    picture = tmp_path / "qr.png"
    picture.write_bytes(png)
    result = subprocess.run(
        [zbarimg, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(picture)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


@pytest.mark.parametrize(
    "path, link", [("/stem/gjovik/plakat/", "/stem/gjovik/"), ("/nn/stem/voss/plakat/", "/nn/stem/voss/")]
)
def test_the_posters_qr_code_reads_back_as_the_vote_link(page, site, live_server, zbarimg, tmp_path, path, link):
    page.goto(path)

    code = page.get_by_role("img", name=re.compile("^QR-kode"))
    expect(code).to_be_visible()

    assert decode(zbarimg, code.screenshot(), tmp_path) == f"{live_server.url}{link}"
    expect(page.locator(".poster__address")).to_have_text(
        live_server.url.split("://")[1] + link.rstrip("/")
    )


def test_the_qr_code_read_by_the_camera_opens_the_vote(page, site, zbarimg, tmp_path):
    page.goto("/stem/gjovik/plakat/")
    link = decode(zbarimg, page.get_by_role("img", name=re.compile("^QR-kode")).screenshot(), tmp_path)

    page.goto(link)

    expect(page.get_by_role("heading", level=1)).to_have_text("Stem på Gjøvik")
    expect(page.get_by_role("button", name="Send stemmen")).to_be_visible()


def pages_and_size(pdf):
    pages = re.findall(rb"/Type\s*/Page\b", pdf)
    boxes = {
        tuple(round(float(number)) for number in box.split()[2:])
        for box in re.findall(rb"/MediaBox\s*\[([^\]]+)\]", pdf)
    }
    return len(pages), boxes


@pytest.mark.parametrize("paper", ["A4", "A3"])
def test_the_poster_prints_on_one_page_of_its_paper(page, site, paper):
    page.goto(f"/stem/gjovik/plakat/?format={paper}")

    pdf = page.pdf(prefer_css_page_size=True, print_background=True)

    count, boxes = pages_and_size(pdf)
    assert count == 1
    assert boxes == {PAPER_POINTS[paper]}


@pytest.mark.parametrize("paper", ["A4", "A3"])
def test_a_long_name_still_prints_on_one_page(page, site, paper):
    # «Kautokeino – Guovdageaidnu er nominert til …»: the Sami name is written beside it.
    make_nominee(site, "Kautokeino", description="Kautokeino bosetter godt.", jury_rationale="Godt.")

    page.goto(f"/stem/kautokeino/plakat/?format={paper}")

    expect(page.get_by_text("Kautokeino – Guovdageaidnu er nominert")).to_be_visible()
    assert pages_and_size(page.pdf(prefer_css_page_size=True))[0] == 1


def test_printing_leaves_out_everything_but_the_poster(page, site):
    page.goto("/stem/gjovik/plakat/")

    page.emulate_media(media="print")

    expect(page.locator(".poster")).to_be_visible()
    expect(page.get_by_role("heading", name="Skriv ut og del")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Hovedmeny")).to_be_hidden()


@pytest.fixture
def clipboard_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nb-NO")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("path", ["/stem/gjovik/", "/stem/gjovik/plakat/"])
def test_kopier_lenken_copies_the_link_and_says_so(clipboard_page, site, live_server, path):
    page = clipboard_page
    page.goto(path)

    page.get_by_role("button", name="Kopier lenken").click()

    expect(page.get_by_role("status").filter(has_text="Lenken er kopiert")).to_have_count(1)
    assert page.evaluate("navigator.clipboard.readText()") == f"{live_server.url}/stem/gjovik/"


def test_kopier_teksten_copies_the_ready_made_post(clipboard_page, site, live_server):
    page = clipboard_page
    page.goto("/stem/gjovik/plakat/")

    page.get_by_role("button", name="Kopier teksten").click()

    expect(page.get_by_role("status").filter(has_text="Teksten er kopiert")).to_have_count(1)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Gjøvik er nominert til Bosettings- og integreringsprisen 2030!")
    assert copied.endswith(f": {live_server.url}/stem/gjovik/")


def test_kopier_koden_copies_the_badge_snippet(clipboard_page, site, live_server):
    page = clipboard_page
    page.goto("/prisen/2030/gjovik/merke/")

    page.get_by_role("button", name="Kopier koden").click()

    expect(page.get_by_role("status")).to_have_text("Koden er kopiert")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(f'<a href="{live_server.url}/prisen/2030/gjovik/"><img src="')
    assert 'alt="Nominert til Bosettings- og integreringsprisen 2030"></a>' in copied


def test_without_javascript_the_link_is_there_and_no_button_that_cannot_work(browser, live_server, site):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/stem/gjovik/")

    expect(page.get_by_role("link", name=f"{live_server.url}/stem/gjovik/")).to_be_visible()
    expect(page.get_by_role("button", name="Kopier lenken")).to_be_hidden()
    context.close()


def test_without_the_clipboard_api_the_button_stays_hidden(page, site, live_server):
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.goto("/stem/gjovik/plakat/")

    expect(page.get_by_role("link", name=f"{live_server.url}/stem/gjovik/")).to_be_visible()
    expect(page.get_by_role("button", name="Kopier lenken")).to_be_hidden()
    expect(page.get_by_role("button", name="Skriv ut plakaten")).to_be_visible()


KIT_PAGES = [
    "/stem/gjovik/plakat/",
    "/stem/gjovik/plakat/?format=A3",
    "/nn/stem/voss/plakat/",
    "/en/stem/gjovik/plakat/",
    "/prisen/2030/gjovik/merke/",
    "/nn/prisen/2030/voss/merke/",
    "/stem/gjovik/",
    "/prisen/2030/gjovik/",
    "/prisen/2030/",
    "/",
]


@pytest.mark.parametrize("path", KIT_PAGES)
def test_the_kit_passes_an_axe_scan(page, site, path):
    response = page.goto(path)

    assert response.status == 200
    assert_accessible(page)


# The right edge of the text in `selector` furthest to the right, in CSS pixels.
RIGHTMOST_TEXT = """selector => Math.max(0, ...Array.from(document.querySelectorAll(selector)).flatMap(
  element => {
    const range = document.createRange();
    range.selectNodeContents(element);
    return [element.getBoundingClientRect().right, range.getBoundingClientRect().right];
  }))"""


@pytest.mark.parametrize("path", KIT_PAGES)
def test_the_kit_fits_a_320_pixel_screen(page, site, path):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(path)

    assert page.evaluate("document.documentElement.scrollWidth") <= 320


@pytest.mark.parametrize("path", ["/", "/prisen/2030/", "/en/prisen/2030/"])
def test_the_calendar_link_fits_a_320_pixel_screen(page, site, path):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(path)

    expect(page.get_by_role("link", name=re.compile("Legg til i kalenderen|Add to your calendar"))).to_be_visible()
    assert 0 < page.evaluate(RIGHTMOST_TEXT, ".calendar-link") <= 320
