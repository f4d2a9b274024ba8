"""A person votes in a real browser: the vote pages, the e-mail's link, the challenge, axe-core."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from award.models import Phase
from tests.accessibility import assert_accessible
from tests.conftest import load_reference_data
from tests.factories import make_edition, make_nominee
from voting.models import Vote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_cache")]


@pytest.fixture
def voting(transactional_db):
    load_reference_data()
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    for name in ["Asker", "Gjøvik", "Voss"]:
        make_nominee(
            edition,
            name,
            description=f"{name} bosetter raskt og kvalifiserer godt.",
            jury_rationale=f"Juryen roser {name} for et godt samarbeid med arbeidslivet.",
        )
    return edition


def local(link):
    return link.replace("http://127.0.0.1:8000", "")


def test_a_person_votes_confirms_through_the_e_mail_and_sees_the_vote_counted(page, voting):
    page.goto("/")
    page.get_by_role("link", name="Gå til avstemningen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stem på din favoritt")
    assert_accessible(page)

    page.get_by_role("link", name="Stem på Gjøvik").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stem på Gjøvik")
    assert_accessible(page)

    page.get_by_role("button", name="Send stemmen").click()
    expect(page.get_by_text("Skriv e-postadressen din.").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("E-postadressen din").fill("kari.nordmann@example.no")
    page.get_by_role("button", name="Send stemmen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sjekk e-posten din")
    assert_accessible(page)
    assert Vote.objects.counted().count() == 0

    link = re.search(r"http://\S+/stem/bekreft/\S+/", mail.outbox[-1].body).group(0)
    page.goto(local(link))
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekreft stemmen din")
    assert_accessible(page)
    page.get_by_role("button", name="Bekreft stemmen på Gjøvik").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Stemmen din på Gjøvik er talt med")
    assert_accessible(page)
    assert Vote.objects.counted().get().nominee.municipality.name == "Gjøvik"
    assert mail.outbox[-1].subject == "Stemmen din på Gjøvik er talt med"


def test_above_the_threshold_the_challenge_is_solved_with_the_keyboard(page, voting, settings):
    settings.VOTE_CHALLENGE_AFTER_PER_ADDRESS = 0
    settings.VOTE_CHALLENGE_COST = 10

    page.goto("/stem/voss/")
    checkbox = page.get_by_role("checkbox", name="Jeg er ikke en robot")
    expect(checkbox).to_be_visible()
    assert_accessible(page)

    page.get_by_label("E-postadressen din").fill("ola@example.no")
    checkbox.focus()
    page.keyboard.press("Space")
    expect(page.get_by_text("Bekreftet: du kan sende stemmen")).to_be_visible(timeout=20_000)
    page.get_by_role("button", name="Send stemmen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sjekk e-posten din")
    assert Vote.objects.get().nominee.municipality.name == "Voss"


@pytest.mark.parametrize(
    "path, heading",
    [
        ("/stem/bekreft/ikke-en-gyldig-lenke/", "Lenken virker ikke"),
        ("/nn/stem/", None),
        ("/en/stem/gjovik/", None),
    ],
)
def test_the_other_vote_pages_pass_an_axe_scan(page, voting, path, heading):
    page.goto(path)

    if heading:
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)


def test_the_closed_vote_passes_an_axe_scan(page, transactional_db):
    load_reference_data()
    edition = make_edition(year=2030, phase=Phase.VOTING_CLOSED)
    make_nominee(edition, "Gjøvik")

    page.goto("/stem/gjovik/")

    expect(page.get_by_text("Avstemningen er avsluttet").first).to_be_visible()
    assert_accessible(page)
