"""In a real browser, a message the page's script makes untrue goes away: the challenge's, the reload note."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from award.models import Phase
from nominations.models import Nominee
from tests.conftest import load_reference_data
from tests.factories import make_edition, make_nominee

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_cache")]

TICK_THE_BOX = "Kryss av i boksen «Jeg er ikke en robot», og vent til den viser at du er bekreftet, før du sender stemmen."


def test_the_challenge_error_goes_once_the_box_is_ticked(page, settings):
    load_reference_data()
    settings.VOTE_CHALLENGE_AFTER_PER_ADDRESS = 0
    settings.VOTE_CHALLENGE_COST = 10
    make_nominee(make_edition(year=2030, phase=Phase.VOTING_OPEN), "Voss")

    page.goto("/stem/voss/")
    page.get_by_label("E-postadressen din").fill("ola@example.no")
    # Sent before the widget is done, as a person without patience would.
    page.evaluate("() => document.querySelector('.vote-form').submit()")
    expect(page.locator("#id_altcha_error")).to_have_text(TICK_THE_BOX)
    expect(page.locator(".ds-error-summary")).to_contain_text(TICK_THE_BOX)

    page.get_by_role("checkbox", name="Jeg er ikke en robot").focus()
    page.keyboard.press("Space")
    expect(page.get_by_text("Bekreftet: du kan sende stemmen")).to_be_visible(timeout=20_000)

    expect(page.locator("#id_altcha_error")).to_be_hidden()
    expect(page.locator(".ds-error-summary")).to_be_hidden()


def test_the_note_about_reloading_goes_when_the_winner_appears(page):
    load_reference_data()
    edition = make_edition(year=2030, phase=Phase.FINALISTS_ANNOUNCED)
    for name in ("Asker", "Stord"):
        make_nominee(edition, name, jury_rationale=f"Om {name}", is_finalist=True)
    Nominee.objects.filter(municipality__name="Stord").update(is_winner=True)

    page.goto("/prisen/2030/kunngjoring/")
    note = page.get_by_text("Siden viser vinneren av seg selv når den er kunngjort. Uten JavaScript: last inn siden på nytt.")
    expect(note).to_be_visible()

    edition.winner_revealed_at = timezone.now()
    edition.save()

    expect(page.locator("#winner").get_by_role("heading")).to_have_text(
        "Vinneren av Bosettings- og integreringsprisen 2030 er Stord", timeout=10_000
    )
    expect(note).to_be_hidden()


def test_the_winner_shown_without_a_reload_on_an_english_page_marks_the_norwegian_name(page):
    load_reference_data()
    edition = make_edition(year=2030, phase=Phase.FINALISTS_ANNOUNCED)
    make_nominee(edition, "Stord", jury_rationale="Om Stord", is_finalist=True, is_winner=True)

    page.goto("/en/prisen/2030/kunngjoring/")
    edition.winner_revealed_at = timezone.now()
    edition.save()

    heading = page.locator("#winner").get_by_role("heading")
    expect(heading).to_have_text("The winner of Bosettings- og integreringsprisen 2030 is Stord", timeout=10_000)
    expect(heading.locator('span[lang="nb"]')).to_have_text("Bosettings- og integreringsprisen 2030")
