"""The nomination and the vote in nynorsk in a real browser, and an axe-core scan in each language.

The labels come from the catalogue, so the test reads the page as a nynorsk
user would, whatever the exact nynorsk wording.
"""

import re

import pytest
from django.core import mail
from django.utils import translation
from playwright.sync_api import expect

from award.models import Phase
from nominations.models import Nomination, NominationStatus
from tests.accessibility import assert_accessible
from tests.conftest import load_reference_data
from tests.factories import make_edition, make_nominee
from voting.models import Vote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_cache")]


def nn(text, **values):
    with translation.override("nn"):
        translated = translation.gettext(text)
    return translated % values if values else translated


@pytest.fixture
def reference_data(transactional_db):
    load_reference_data()


def test_a_municipality_nominates_itself_in_nynorsk(page, reference_data):
    make_edition(year=2030, phase=Phase.NOMINATIONS_OPEN)

    page.goto("/nn/")
    page.get_by_role("link", name=nn("Foreslå kommunen din")).click()
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    assert_accessible(page)

    page.get_by_label(nn("Kommune"), exact=True).select_option(label="Kinn")
    page.get_by_label(nn("Enheten som sender forslaget"), exact=True).fill("Flyktningtenesta")
    page.get_by_label(nn("Navn"), exact=True).fill("Kari Nordmann")
    page.get_by_label(nn("Rolle eller stilling"), exact=True).fill("Leiar")
    page.get_by_label(nn("E-postadresse"), exact=True).fill("kari@kinn.kommune.no")
    page.get_by_label(nn("Telefonnummer"), exact=True).fill("57 00 00 00")
    page.get_by_label(nn("Antall deltakere i introduksjonsprogrammet"), exact=True).fill("40")
    page.get_by_label(nn("Andel i arbeid eller utdanning rett etter programmet (%)"), exact=True).fill("62,5")
    page.get_by_label(nn("Andel i arbeid eller utdanning ett år etter programmet (%)"), exact=True).fill("70")
    page.get_by_label(nn("Antall flyktninger staten ba kommunen bosette (anmodning)"), exact=True).fill("30")
    page.get_by_label(nn("Antall flyktninger kommunen bosatte"), exact=True).fill("32")
    page.get_by_role(
        "group", name=nn("Har kommunestyret vedtatt å bosette i tråd med anmodningen?")
    ).get_by_label(nn("Ja")).check()
    page.get_by_label(nn("Engasjement og fleksibilitet i bosettingen"), exact=True).fill("Vi buset raskt.")
    page.get_by_label(nn("Nye prosjekter og tiltak"), exact=True).fill("Språkpraksis i bedrifter.")
    page.get_by_label(nn("Tilpasset program og formell kompetanse"), exact=True).fill("Fagbrev for vaksne.")
    page.get_by_label(
        nn("Jeg samtykker i at IMDi behandler opplysningene om kontaktpersonen for å behandle forslaget.")
    ).check()
    page.get_by_role("button", name=nn("Send inn forslaget")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(nn("Kvittering for forslaget"))
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    assert_accessible(page)
    assert Nomination.objects.get().status == NominationStatus.SUBMITTED


def test_a_person_votes_and_confirms_in_nynorsk(page, reference_data):
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    make_nominee(edition, "Gjøvik", description="Gjøvik buset raskt.", description_nn="Gjøvik buset raskt.")

    page.goto("/nn/stem/")
    expect(page.get_by_role("heading", level=1)).to_have_text(nn("Stem på din favoritt"))
    assert_accessible(page)
    page.get_by_role("link", name=nn("Stem på %(name)s", name="Gjøvik")).click()
    page.get_by_label(nn("E-postadressen din")).fill("kari.nordmann@example.no")
    page.get_by_role("button", name=nn("Send stemmen")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(nn("Sjekk e-posten din"))

    message = mail.outbox[-1]
    assert message.subject == nn("Bekreft stemmen din på %(name)s", name="Gjøvik")
    link = re.search(r"http://\S+/nn/stem/bekreft/\S+/", message.body).group(0)
    page.goto(link.replace("http://127.0.0.1:8000", ""))
    page.get_by_role("button", name=nn("Bekreft stemmen på %(name)s", name="Gjøvik")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        nn("Stemmen din på %(name)s er talt med", name="Gjøvik")
    )
    assert_accessible(page)
    assert Vote.objects.counted().count() == 1


@pytest.mark.parametrize("prefix, lang", [("", "nb"), ("/nn", "nn"), ("/en", "en")])
def test_the_front_page_passes_an_axe_scan_in_each_language(page, reference_data, prefix, lang):
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    make_nominee(edition, "Voss", description="Voss buset mange.", jury_rationale="Godt arbeid.")

    page.goto(f"{prefix}/")

    expect(page.locator("html")).to_have_attribute("lang", lang)
    assert_accessible(page)
