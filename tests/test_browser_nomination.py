"""A municipality nominates itself in a real browser, as a person would."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from award.models import Phase
from nominations.models import Nomination, NominationStatus
from tests.accessibility import assert_accessible
from tests.conftest import load_reference_data
from tests.entry_form import fill_entry
from tests.factories import make_edition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_call(transactional_db):
    load_reference_data()
    return make_edition(year=2030, phase=Phase.NOMINATIONS_OPEN)


def test_a_municipality_nominates_itself_and_corrects_its_entry_through_the_link(page, open_call):
    page.goto("/")
    page.get_by_role("link", name="Foreslå kommunen din").click()
    assert_accessible(page)

    page.get_by_role("button", name="Send inn forslaget").click()
    expect(page.get_by_text("Skjemaet har feil")).to_be_visible()
    assert_accessible(page)

    fill_entry(page)
    page.get_by_role("button", name="Send inn forslaget").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Kvittering for forslaget")
    assert_accessible(page)
    assert Nomination.objects.get().status == NominationStatus.SUBMITTED
    receipt = mail.outbox[-1]
    link = re.search(r"http://\S+/forslag/\S+/", receipt.body).group(0)

    page.goto(link.replace("http://127.0.0.1:8000", ""))
    answer = page.get_by_label("Nye prosjekter og tiltak", exact=True)
    expect(answer).to_have_value("Språkpraksis i bedrifter.")
    answer.fill("Språkpraksis og mentorordning.")
    page.get_by_role("button", name="Lagre endringene").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Kvittering for forslaget")
    assert Nomination.objects.get().answer_projects == "Språkpraksis og mentorordning."


def test_the_character_counter_tells_how_much_is_left(page, open_call):
    page.goto("/forslag/")

    page.get_by_label("Nye prosjekter og tiltak", exact=True).fill("x" * 100)

    expect(page.get_by_text("2900 tegn igjen")).to_be_visible()


def test_the_closed_form_passes_an_axe_scan(page, transactional_db):
    load_reference_data()
    make_edition(year=2030, phase=Phase.UNDER_REVIEW)

    page.goto("/forslag/")

    expect(page.get_by_text("Skjemaet er stengt")).to_be_visible()
    assert_accessible(page)
