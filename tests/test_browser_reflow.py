"""Every page fits a phone: no sideways scrolling at 320 × 640 CSS px, at normal and at 200 % text size.

WCAG 2.1 1.4.10 (reflow) and 1.4.4 (resize text). The pages are found the way a
visitor finds them: by following every link from the front page in bokmål,
nynorsk and English, in each phase of the current edition, then the states of
the forms (errors, the challenge, sent, confirmed). The 200 % text size is the
browser's text-size setting, which doubles the root font size. Screenshots of
the main pages at 375 and 1280 px are kept in test-results/screenshots/ for
review.
"""

import re
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from award.models import Phase, PressRelease
from nominations.tokens import edit_token
from tests.conftest import load_reference_data
from tests.factories import STEP, make_edition, make_nomination, make_nominee, make_votes
from voting.models import Vote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_cache")]

PHONE = {"width": 320, "height": 640}
SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-results" / "screenshots"

# A long compound from the sources, the kind that pushed pages wider than a phone.
LONG_WORD = "introduksjonsprogramdeltakeroppfølgingsansvarlige"

# What sticks out of the viewport: the document's own width, and every piece
# of visible text that ends right of the viewport (cut off or pushing the page),
# unless it sits in a region that scrolls on its own (a wide table in its
# labelled container).
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (element) => {
    for (let node = element; node && node !== document.body; node = node.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(node).overflowX)) return true;
    }
    return false;
  };
  const sticking = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const parent = text.parentElement;
    if (!text.textContent.trim() || parent.closest('.ds-sr-only, .ds-skip-link:not(:focus), script, style, noscript, title')) continue;
    range.selectNodeContents(text);
    const right = Math.max(0, ...[...range.getClientRects()].filter((box) => box.width > 0).map((box) => box.right));
    if (right > width + 1 && !scrolls(parent)) {
      sticking.push(`${parent.tagName.toLowerCase()}.${parent.className} ends at ${Math.round(right)}: `
        + text.textContent.trim().slice(0, 40));
    }
  }
  return {width, scrollWidth: document.documentElement.scrollWidth, sticking: sticking.slice(0, 3)};
}"""

# Staff pages need a sign-in; a visitor's links lead to the rest.
SKIPPED = re.compile(r"^/admin/")


def misfits(page):
    """How the open page fails to fit the phone, at normal and at 200 % text size; empty when it fits."""
    found = []
    for zoom in ("100%", "200%"):
        page.evaluate("(size) => { document.documentElement.style.fontSize = size; }", zoom)
        result = page.evaluate(OVERFLOW)
        if result["scrollWidth"] > result["width"] or result["sticking"]:
            found.append(
                f"{urlsplit(page.url).path} at {zoom} text: {result['scrollWidth']} px wide; "
                + "; ".join(result["sticking"])
            )
    page.evaluate("() => { document.documentElement.style.fontSize = ''; }")
    return found


def is_page(page, path):
    """Whether the server answers `path` with an HTML page, not a file to download (a calendar, an image, data)."""
    response = page.request.head(path)
    return response.headers.get("content-type", "").startswith("text/html")


def crawl(page, start=("/", "/nn/", "/en/"), follow=lambda path: True):
    """Visit every page reachable from `start` by the site's links: the pages visited, the files found, what did not fit.

    Only HTML pages are visited: a link to a file (the calendar feed, a badge,
    open data) is asked for its content type first and left out.
    """
    queue, seen, files, problems = list(start), set(start), set(), []
    while queue:
        path = queue.pop(0)
        response = page.goto(path)
        assert response.status < 500, path
        own = urlsplit(page.url).netloc
        problems += misfits(page)
        for href in page.eval_on_selector_all("a[href]", "links => links.map((a) => a.href)"):
            target = urlsplit(href)
            if target.scheme not in {"http", "https"} or target.netloc != own:
                continue
            if target.path in seen or SKIPPED.search(target.path) or not follow(target.path):
                continue
            seen.add(target.path)
            if is_page(page, target.path):
                queue.append(target.path)
            else:
                files.add(target.path)
    return seen - files, files, problems


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nb-NO", viewport=PHONE)
    page = context.new_page()
    yield page
    context.close()


def screenshot(page, name):
    """Keep the open page at 375 and 1280 px for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
        assert (SCREENSHOTS / f"{name}-{width}.png").stat().st_size > 0
    page.set_viewport_size(PHONE)


def keep_screenshots(page, path, phase):
    page.goto(path)
    screenshot(page, f"{phase}-{path.strip('/').replace('/', '-') or 'forside'}")


NOMINEE_VOTES = [("Nord-Aurdal", 30), ("Gjøvik", 20), ("Stord", 20), ("Aurskog-Høland", 5)]


def current_edition(phase):
    """The history since 2008 and a current edition in `phase`, as full as that phase allows."""
    load_reference_data()
    call_command("loaddata", "history", stdout=StringIO())
    edition = make_edition(
        year=2030,
        phase=Phase.UPCOMING,
        venue="IMDis årskonferanse, Oslo kongressenter",
        summary=f"Prisen går til kommunens {LONG_WORD} og alle som jobber med dem.",
    )
    for name, _votes in NOMINEE_VOTES:
        make_nominee(
            edition,
            name,
            description=f"{name} følger opp hver deltaker. {LONG_WORD.capitalize()} samarbeider tett.",
            jury_rationale=f"Juryen roser {name} for et godt samarbeid med arbeidslivet.",
            winner_rationale="Nord-Aurdal viser vei." if name == "Nord-Aurdal" else "",
        )
    move_to(edition, phase)
    return edition


def move_to(edition, phase):
    """Move the edition on to `phase`, with the votes, finalists, winner and press release it has by then."""
    reached = list(Phase).index
    nominees = {nominee.municipality.name: nominee for nominee in edition.nominees.select_related("municipality")}
    if reached(phase) >= reached(Phase.VOTING_CLOSED) and not Vote.objects.filter(edition=edition).exists():
        for name, votes in NOMINEE_VOTES:
            make_votes(nominees[name], votes)
    for name, votes in NOMINEE_VOTES:
        nominees[name].is_finalist = reached(phase) >= reached(Phase.FINALISTS_ANNOUNCED) and votes >= 20
        nominees[name].is_winner = phase == Phase.WINNER_ANNOUNCED and name == "Nord-Aurdal"
        nominees[name].save()
    if phase == Phase.WINNER_ANNOUNCED:
        PressRelease.objects.get_or_create(
            edition=edition,
            defaults={
                "title": "Nord-Aurdal vant Bosettings- og integreringsprisen 2030",
                "lead": f"Juryen trakk fram kommunens {LONG_WORD}.",
                "body": "Prisen ble delt ut på IMDis årskonferanse.",
            },
        )
    edition.place_in_phase(phase, timezone.now(), STEP)
    # Saving the edition last draws a new page-cache version, so no page from the phase before is served.
    edition.save()


def test_every_page_the_front_page_leads_to_fits_a_phone_in_every_language(phone):
    current_edition(Phase.VOTING_OPEN)

    visited, files, problems = crawl(phone)

    assert problems == [], "\n".join(problems)
    # The crawl reached the whole site in the three languages, not just the front page.
    for path in ["/arkiv/", "/nn/tilgjengelighet/", "/en/personvern/", "/prisen/2020/", "/nn/prisen/2022/",
                 "/en/prisen/2030/stord/", "/stem/gjovik/", "/nn/stem/", "/en/kriterier/",
                 "/stem/gjovik/plakat/", "/prisen/2030/gjovik/merke/"]:
        assert path in visited
    # The calendar feeds and the badge's images are linked, and left out as files.
    assert {"/prisen/kalender.ics", "/prisen/2030/kalender.ics", "/prisen/2030/gjovik/merke.png"} <= files
    assert len(visited) > 120
    for path in ["/", "/stem/", "/stem/gjovik/", "/prisen/2030/", "/prisen/2030/gjovik/", "/arkiv/", "/nn/kriterier/"]:
        keep_screenshots(phone, path, Phase.VOTING_OPEN)


def test_the_current_editions_pages_fit_a_phone_in_every_phase(phone):
    edition = current_edition(Phase.UPCOMING)
    # The past editions' pages do not change with the current phase: the crawl above covers them.
    current = re.compile(rf"^(/nn|/en)?/(prisen/{edition.year}/|stem/|forslag/|$)")

    problems = []
    for phase in Phase:
        if phase != Phase.VOTING_OPEN:
            move_to(edition, phase)
            assert edition.phase() == phase
            visited, _files, found = crawl(phone, follow=current.search)
            problems += [f"{phase.label}: {problem}" for problem in found]
            assert {"/", "/nn/", "/en/", "/prisen/2030/", "/nn/prisen/2030/", "/en/prisen/2030/"} <= visited
            if phase == Phase.NOMINATIONS_OPEN:
                assert {"/forslag/", "/nn/forslag/", "/en/forslag/"} <= visited
            if phase == Phase.WINNER_ANNOUNCED:
                assert {"/prisen/2030/resultat/", "/en/prisen/2030/pressemelding/", "/nn/prisen/2030/kunngjoring/"} <= visited

    assert problems == [], "\n".join(problems)
    for path in ["/", "/prisen/2030/resultat/", "/prisen/2030/kunngjoring/", "/en/prisen/2030/pressemelding/"]:
        keep_screenshots(phone, path, Phase.WINNER_ANNOUNCED)


def test_the_nomination_form_fits_a_phone_empty_with_errors_and_after_sending(phone):
    edition = current_edition(Phase.NOMINATIONS_OPEN)

    for prefix in ("", "/nn", "/en"):
        phone.goto(f"{prefix}/forslag/")
        assert misfits(phone) == []
        phone.locator("button[value=submit]").click()
        expect(phone.locator(".ds-error-summary")).to_be_visible()
        assert misfits(phone) == []
    phone.goto("/forslag/")
    phone.locator("button[value=submit]").click()
    screenshot(phone, "forslag-feil")

    token = edit_token(make_nomination(edition, "Stord", contact_email=f"{LONG_WORD}@stord.kommune.no"))
    for path in [f"/forslag/{token}/", f"/nn/forslag/{token}/kvittering/", f"/en/forslag/{token}/"]:
        phone.goto(path)
        assert misfits(phone) == []


def test_the_vote_fits_a_phone_with_errors_the_challenge_sent_and_confirmed(phone, settings):
    current_edition(Phase.VOTING_OPEN)
    settings.VOTE_CHALLENGE_AFTER_PER_ADDRESS = 100

    for prefix in ("", "/nn", "/en"):
        phone.goto(f"{prefix}/stem/aurskog-holand/")
        phone.locator(".vote-form button[type=submit]").click()
        expect(phone.locator(".ds-error-summary")).to_be_visible()
        assert misfits(phone) == []
        phone.locator("input[type=email]").fill(f"kvalifiseringsprogramdeltakeroppfolging{prefix.strip('/')}@eksempel.no")
        phone.locator(".vote-form button[type=submit]").click()
        expect(phone.get_by_role("heading", level=1)).not_to_have_text(re.compile("Stem på"))
        assert misfits(phone) == []

        link = re.search(r"http://\S+(/stem/bekreft/\S+/)", mail.outbox[-1].body).group(1)
        phone.goto(link)
        assert misfits(phone) == []
        phone.locator("main form button[type=submit]").click()
        expect(phone.locator("h1")).to_contain_text("Aurskog-Høland")
        assert misfits(phone) == []
    screenshot(phone, "stemme-talt")

    settings.VOTE_CHALLENGE_AFTER_PER_ADDRESS = 0
    settings.VOTE_CHALLENGE_COST = 10
    for prefix in ("", "/nn", "/en"):
        phone.goto(f"{prefix}/stem/gjovik/")
        expect(phone.locator("altcha-widget")).to_be_visible()
        phone.locator(".vote-form button[type=submit]").click()
        assert misfits(phone) == []
    screenshot(phone, "stem-utfordring")
