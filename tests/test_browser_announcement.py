"""On the conference screen: the winner appears the moment staff reveal it, without a reload."""

import pytest
from playwright.sync_api import expect

from award.models import Phase, PressRelease
from nominations.models import Nominee
from tests.accessibility import assert_accessible
from tests.conftest import load_reference_data
from tests.factories import make_edition, make_nominee, make_staff, make_votes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def finalists(transactional_db):
    load_reference_data()
    edition = make_edition(year=2030, phase=Phase.FINALISTS_ANNOUNCED, venue="The Hub, Oslo")
    for name, votes in (("Asker", 3), ("Bodø", 2), ("Stord", 4)):
        nominee = make_nominee(edition, name, description="Omtale", jury_rationale=f"Om {name}", is_finalist=True)
        # The vote was held here, so the edition has a result page.
        make_votes(nominee, votes)
    Nominee.objects.filter(municipality__name="Stord").update(
        is_winner=True, winner_rationale="Stord gir hver familie en egen plan."
    )
    PressRelease.objects.create(
        edition=edition, title="Stord vant prisen", lead="Ingress.", body="Brødtekst."
    )
    return edition


def test_the_open_page_shows_the_winner_when_staff_reveal_it(page, browser, live_server, finalists):
    make_staff()
    page.goto("/prisen/2030/kunngjoring/")
    expect(page.get_by_role("link", name="Stord")).to_be_visible()
    assert_accessible(page)

    staff_context = browser.new_context(base_url=live_server.url, locale="nb-NO")
    staff_page = staff_context.new_page()
    staff_page.goto("/admin/")
    staff_page.get_by_label("Brukernavn").fill("saksbehandler")
    staff_page.get_by_label("Passord").fill("passord-for-test")
    staff_page.get_by_role("button", name="Logg inn").click()
    staff_page.goto("/admin/award/edition/")
    staff_page.locator(f'input[name="_selected_action"][value="{finalists.pk}"]').check()
    staff_page.locator('select[name="action"]').select_option(label="Kunngjør vinneren nå")
    staff_page.get_by_role("button", name="Gå", exact=True).click()
    expect(staff_page.get_by_text("er kunngjort nå.")).to_be_visible()
    staff_context.close()

    winner = page.locator("#winner")
    expect(winner.get_by_role("heading")).to_have_text(
        "Vinneren av Bosettings- og integreringsprisen 2030 er Stord", timeout=10_000
    )
    expect(winner).to_have_attribute("aria-live", "assertive")
    expect(winner.get_by_text("Stord gir hver familie en egen plan.")).to_be_visible()
    assert_accessible(page)

    page.goto("/prisen/2030/pressemelding/")
    expect(page.get_by_role("heading", name="Stord vant prisen")).to_be_visible()
    assert_accessible(page)

    page.goto("/prisen/2030/resultat/")
    expect(page.get_by_role("table", name="Bekreftede stemmer per nominert")).to_be_visible()
    assert_accessible(page)
