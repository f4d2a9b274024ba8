"""Texts staff write: bokmål always, nynorsk and English when written, and a marked fallback."""

import pytest
from django.urls import reverse
from django.utils import timezone

from award.models import Edition, Phase, PressRelease, Quote
from tests.factories import make_edition, make_juror, make_nominee, make_staff

pytestmark = pytest.mark.django_db

BOKMAL = "Kinn har bosatt alle kommunen ble bedt om."
NYNORSK = "Kinn har busett alle kommunen vart beden om."


@pytest.fixture
def nominee(municipalities):
    edition = make_edition(
        year=2030,
        phase=Phase.NOMINEES_PUBLISHED,
        summary="Sju kommuner er nominert.",
        summary_en="Seven municipalities are nominated.",
    )
    return make_nominee(
        edition,
        "Kinn",
        description=BOKMAL,
        description_nn=NYNORSK,
        jury_rationale="Juryen legger vekt på resultatene.",
        jury_rationale_en="The jury points to the results.",
    )


def page(client, path):
    return client.get(path).content.decode()


def test_a_nynorsk_visitor_reads_the_nynorsk_text_without_a_language_mark(client, nominee):
    html = page(client, "/nn/prisen/2030/kinn/")

    assert f"<div><p>{NYNORSK}</p></div>" in html
    assert BOKMAL not in html


def test_where_nynorsk_is_missing_the_bokmal_text_is_shown_and_marked(client, nominee):
    html = page(client, "/nn/prisen/2030/kinn/")

    assert '<blockquote class="rationale" lang="nb"><p>Juryen legger vekt på resultatene.</p></blockquote>' in html


def test_an_english_visitor_reads_english_where_written_and_marked_bokmal_elsewhere(client, nominee):
    html = page(client, "/en/prisen/2030/kinn/")

    assert '<blockquote class="rationale"><p>The jury points to the results.</p></blockquote>' in html
    assert f'<div lang="nb"><p>{BOKMAL}</p></div>' in html
    assert '<html lang="en"' in html


def test_a_bokmal_visitor_reads_bokmal_without_a_mark(client, nominee):
    html = page(client, "/prisen/2030/kinn/")

    assert f"<div><p>{BOKMAL}</p></div>" in html
    assert "The jury points" not in html
    assert 'lang="nb"' not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_edition_page_and_the_vote_page_follow_the_same_rule(client, nominee):
    Edition.objects.filter(pk=nominee.edition_id).update(
        voting_opens_at=timezone.now(), voting_closes_at=timezone.now() + timezone.timedelta(days=7)
    )

    edition_en = page(client, "/en/prisen/2030/")
    edition_nn = page(client, "/nn/prisen/2030/")
    vote_nn = page(client, "/nn/stem/")

    assert '<p class="ds-paragraph lead">Seven municipalities are nominated.</p>' in edition_en
    assert '<p class="ds-paragraph lead" lang="nb">Sju kommuner er nominert.</p>' in edition_nn
    assert f"<div><p>{NYNORSK}</p></div>" in vote_nn


def test_the_press_release_reads_in_english_where_written(client, history):
    edition = make_edition(year=2030, phase=Phase.WINNER_ANNOUNCED)
    make_nominee(edition, "Stord", is_finalist=True, is_winner=True, jury_rationale="Godt arbeid.")
    release = PressRelease.objects.create(
        edition=edition,
        title="Stord vant prisen",
        title_en="Stord won the prize",
        lead="Stord fikk prisen.",
        body="Prisen ble delt ut i Oslo.",
    )
    Quote.objects.create(press_release=release, text="Vi er stolte.", text_en="We are proud.", speaker="Ordføreren")

    html = page(client, "/en/prisen/2030/pressemelding/")

    assert '<h1 class="ds-heading" data-size="xl" id="press-release-title">Stord won the prize</h1>' in html
    assert '<p class="ds-paragraph lead" lang="nb">Stord fikk prisen.</p>' in html
    assert "«We are proud.»" in html


def test_the_announcement_status_says_which_language_the_rationale_is_in(client, history):
    edition = make_edition(year=2030, phase=Phase.WINNER_ANNOUNCED)
    make_nominee(
        edition, "Stord", is_finalist=True, is_winner=True, winner_rationale="Stord vant.", winner_rationale_nn="Stord vann."
    )

    nynorsk = client.get("/nn/prisen/2030/kunngjoring/status/").json()["winner"]
    english = client.get("/en/prisen/2030/kunngjoring/status/").json()["winner"]

    assert (nynorsk["rationale"], nynorsk["rationale_language"]) == ("Stord vann.", "nn")
    assert (english["rationale"], english["rationale_language"]) == ("Stord vant.", "nb")


def test_staff_write_the_other_languages_in_the_admin(client, nominee):
    client.force_login(make_staff())

    response = client.post(
        reverse("admin:nominations_nominee_change", args=[nominee.pk]),
        {
            "description": BOKMAL,
            "description_nn": NYNORSK,
            "description_en": "Kinn settled everyone it was asked to.",
            "jury_rationale": "Juryen legger vekt på resultatene.",
            "jury_rationale_nn": "Juryen legg vekt på resultata.",
            "jury_rationale_en": "",
            "video_url": "",
            "photo_alt": "",
            "photo_alt_nn": "",
            "photo_alt_en": "",
            "photo_credit": "",
            "winner_rationale": "",
            "winner_rationale_nn": "",
            "winner_rationale_en": "",
        },
    )

    nominee.refresh_from_db()
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert nominee.description_en == "Kinn settled everyone it was asked to."
    assert nominee.jury_rationale_nn == "Juryen legg vekt på resultata."
    assert nominee.history.latest().description_en == "Kinn settled everyone it was asked to."


def test_a_juror_drafts_the_rationale_in_every_language_but_nothing_else(client, municipalities):
    edition = make_edition(year=2030, phase=Phase.UNDER_REVIEW)
    nominee = make_nominee(edition, "Kinn", description="Staben skreiv dette")
    client.force_login(make_juror(edition).user)

    response = client.post(
        reverse("admin:nominations_nominee_change", args=[nominee.pk]),
        {
            "jury_rationale": "Juryen trekker fram språkpraksisen.",
            "jury_rationale_nn": "Juryen trekkjer fram språkpraksisen.",
            "jury_rationale_en": "The jury points to the language practice.",
            "description_nn": "Endra av juryen",
        },
    )

    nominee.refresh_from_db()
    assert response.status_code == 302
    assert nominee.jury_rationale_nn == "Juryen trekkjer fram språkpraksisen."
    assert nominee.jury_rationale_en == "The jury points to the language practice."
    assert nominee.description_nn == ""
