"""The whole review in a real browser: staff sign in, decide, shortlist, write and publish."""

import pytest
from playwright.sync_api import expect

from award.models import Phase
from tests.conftest import load_reference_data
from tests.factories import make_edition, make_nomination, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RATIONALE = "Juryen vil særlig trekke fram samarbeidet med næringslivet i Kinn."


@pytest.fixture
def review(transactional_db):
    load_reference_data()
    edition = make_edition(year=2030, phase=Phase.UNDER_REVIEW)
    return edition, make_nomination(edition, "Kinn"), make_nomination(edition, "Bodø")


def run_action(page, label, *selected):
    for pk in selected:
        page.locator(f'input[name="_selected_action"][value="{pk}"]').check()
    page.locator('select[name="action"]').select_option(label=label)
    page.get_by_role("button", name="Gå", exact=True).click()


def test_staff_run_the_review_in_the_admin_and_the_public_sees_the_result(page, review):
    edition, kinn, bodo = review
    make_staff()

    page.goto("/admin/")
    page.get_by_label("Brukernavn").fill("saksbehandler")
    page.get_by_label("Passord").fill("passord-for-test")
    page.get_by_role("button", name="Logg inn").click()

    page.goto("/admin/nominations/nomination/")
    run_action(page, "Merk som kvalifisert", kinn.pk, bodo.pk)
    expect(page.get_by_text("2 forslag er merket som kvalifisert.")).to_be_visible()

    run_action(page, "Nominer de valgte kommunene", kinn.pk)
    expect(page.get_by_text("Nominert: Kinn. Kontaktpersonene får e-post.")).to_be_visible()

    page.goto("/admin/nominations/nominee/")
    page.get_by_role("link", name="Kinn").click()
    page.get_by_label("Omtale:", exact=True).fill("Kinn kombinerer språkopplæring med arbeidspraksis.")
    page.get_by_label("Juryens begrunnelse:", exact=True).fill(RATIONALE)
    page.get_by_role("button", name="Lagre", exact=True).click()

    page.goto("/admin/award/edition/")
    run_action(page, "Kunngjør de nominerte nå", edition.pk)
    expect(page.get_by_text("er kunngjort nå.")).to_be_visible()

    page.context.clear_cookies()
    page.goto("/prisen/2030/kinn/")
    expect(page.get_by_role("heading", name="Dette sier juryen om Kinn")).to_be_visible()
    expect(page.get_by_text(RATIONALE)).to_be_visible()
