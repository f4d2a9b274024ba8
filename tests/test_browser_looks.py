"""The look, measured in a real browser at 1280 px: Designsystemet's components, spaced by its tokens."""

import re

import pytest
from playwright.sync_api import expect

from award.models import Phase
from tests.conftest import load_reference_data
from tests.factories import make_edition, make_nominee

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("empty_cache")]

DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def desktop(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nb-NO", viewport=DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture
def voting(transactional_db):
    load_reference_data()
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    for name, description in [
        ("Alta", "Kort omtale."),
        ("Stord", "En lengre omtale av Stord, som bosetter raskt, kvalifiserer godt og samarbeider tett med "
                  "arbeidslivet, frivilligheten og fylkeskommunen om hver enkelt deltaker."),
        ("Voss", "Middels lang omtale av Voss og arbeidet der."),
    ]:
        make_nominee(edition, name, description=description)
    return edition


def box(locator):
    return locator.bounding_box()


def test_breadcrumbs_show_one_separator_between_links(desktop, voting):
    desktop.goto("/prisen/2030/stord/")

    separators = desktop.eval_on_selector_all(
        ".ds-breadcrumbs li",
        """items => items.map((li) => [getComputedStyle(li, '::before').content,
                                       getComputedStyle(li, '::after').content])""",
    )

    # Designsystemet's own separator after each link but the last; none of ours before.
    assert separators == [["none", '""'], ["none", '""'], ["none", "none"]]


def test_a_link_button_is_as_wide_as_its_text(desktop, voting):
    desktop.goto("/")

    button = box(desktop.get_by_role("link", name="Gå til avstemningen"))

    assert 120 < button["width"] < 260


def test_nominee_cards_start_at_their_padding_and_line_their_buttons_up(desktop, voting):
    desktop.goto("/prisen/2030/")

    cards = desktop.locator(".nominee-card")
    expect(cards).to_have_count(3)
    buttons = [box(cards.nth(i).get_by_role("link", name="Stem på", exact=False)) for i in range(3)]
    for i in range(3):
        card, heading = box(cards.nth(i)), box(cards.nth(i).get_by_role("heading"))
        assert heading["y"] - card["y"] <= 26  # the card's padding (24 px), not a heading's margin above it
    assert buttons[0]["y"] == buttons[1]["y"] == buttons[2]["y"]


def test_alerts_and_lists_keep_a_gap_before_what_follows(desktop, voting):
    desktop.goto("/stem/")
    steps = box(desktop.locator("#slik-stemmer-du + ol"))
    after_steps = box(desktop.locator("#slik-stemmer-du ~ p").first)

    desktop.goto("/stem/alta/")
    desktop.get_by_label("E-postadressen din").fill("kari@example.no")
    desktop.get_by_role("button", name="Send stemmen").click()
    # The cast vote lands on the sent page, its message naming the address above the heading.
    expect(desktop).to_have_url(re.compile(r"/stem/alta/sendt/$"))
    message = box(desktop.locator("main .site-messages .ds-alert"))
    after_message = box(desktop.locator("main .site-messages + h1"))
    # Reloaded, the message is spent and the page's own alert stands before its paragraph.
    desktop.reload()
    alert = box(desktop.locator("main .ds-alert"))
    after_alert = box(desktop.locator("main .ds-alert + p"))

    assert after_steps["y"] - (steps["y"] + steps["height"]) >= 16
    assert after_message["y"] - (message["y"] + message["height"]) >= 16
    assert after_alert["y"] - (alert["y"] + alert["height"]) >= 16


def test_text_areas_are_as_wide_as_the_fields_beside_them(desktop, transactional_db):
    load_reference_data()
    make_edition(year=2030, phase=Phase.NOMINATIONS_OPEN)

    desktop.goto("/forslag/")

    field = box(desktop.get_by_label("Navn", exact=True))
    answer = box(desktop.get_by_label("Nye prosjekter og tiltak"))
    assert answer["width"] == field["width"]


def test_the_challenge_and_its_error_keep_to_the_content_column(desktop, voting, settings):
    settings.VOTE_CHALLENGE_AFTER_PER_ADDRESS = 0
    settings.VOTE_CHALLENGE_COST = 10

    desktop.goto("/stem/voss/")
    desktop.evaluate("() => document.querySelector('.vote-form').submit()")
    expect(desktop.locator("#id_altcha_error")).to_be_visible()

    column = box(desktop.get_by_label("E-postadressen din"))
    icon_left = desktop.eval_on_selector(
        "#id_altcha_error",
        # The icon is placed at the start of the message's text, pulled back by its own negative margin.
        """el => el.getBoundingClientRect().left + parseFloat(getComputedStyle(el).paddingInlineStart)
                 + parseFloat(getComputedStyle(el, '::before').marginInlineStart)""",
    )
    description = box(desktop.locator("#id_altcha_helptext"))
    assert icon_left >= column["x"] - 0.5
    assert description["x"] == column["x"]
