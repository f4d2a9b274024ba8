"""The announcement page and the press release: what they show before and after the reveal."""

import pytest
from django.urls import reverse
from django.utils import timezone

from award.models import Phase, PressRelease, Quote
from nominations.models import Nominee
from tests.factories import make_edition, make_nominee

pytestmark = pytest.mark.django_db

WINNER_TEXT = "Juryen valgte Stord for arbeidet med å gi hver familie en egen plan."


@pytest.fixture
def edition(history):
    edition = make_edition(year=2030, phase=Phase.FINALISTS_ANNOUNCED, venue="The Hub, Oslo")
    for name in ("Asker", "Bodø", "Stord"):
        make_nominee(edition, name, description="Omtale", jury_rationale=f"Om {name}", is_finalist=True)
    make_nominee(edition, "Voss", description="Omtale", jury_rationale="Om Voss")
    Nominee.objects.filter(edition=edition, municipality__name="Stord").update(
        is_winner=True, winner_rationale=WINNER_TEXT
    )
    release = PressRelease.objects.create(
        edition=edition,
        title="Stord vant Bosettings- og integreringsprisen 2030",
        lead="Stord kommune fikk prisen på IMDis konferanse.",
        body="Prisen ble delt ut for tjuetredje gang.",
    )
    Quote.objects.create(press_release=release, text="Vi er stolte.", speaker="Ordføreren", role="Stord")
    return edition


def reveal(edition):
    # Saved as staff's reveal saves it, so that the cached pages are renewed.
    edition.winner_revealed_at = timezone.now()
    edition.save(update_fields=["winner_revealed_at"])


def test_before_the_reveal_the_page_shows_the_finalists_and_when_and_where(client, edition):
    response = client.get(reverse("award:announcement", kwargs={"year": 2030}))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Asker" in html and "Bodø" in html and "Stord" in html
    assert "Vinneren kunngjøres" in html and "på The Hub, Oslo." in html
    assert WINNER_TEXT not in html
    assert 'aria-live="assertive"' in html
    assert response["Cache-Control"] == "no-cache, max-age=0"


def test_after_the_reveal_the_page_and_the_status_show_the_winner(client, edition):
    reveal(edition)

    page = client.get(reverse("award:announcement", kwargs={"year": 2030})).content.decode()
    status = client.get(reverse("award:announcement_status", kwargs={"year": 2030}))

    assert "Vinneren av Bosettings- og integreringsprisen 2030 er Stord" in page
    assert WINNER_TEXT in page
    assert status["Cache-Control"] == "no-store"
    assert status.json()["winner"] == {
        "name": "Stord",
        "url": "/prisen/2030/stord/",
        "rationale": WINNER_TEXT,
        "rationale_language": "nb",
        "heading": "Vinneren av Bosettings- og integreringsprisen 2030 er Stord",
        "prize": "Bosettings- og integreringsprisen 2030",
        "prize_language": "nb",
    }


def test_before_the_finalists_are_public_the_page_names_none(client, history):
    edition = make_edition(year=2030, phase=Phase.VOTING_CLOSED)
    make_nominee(edition, "Asker", is_finalist=True)

    page = client.get(reverse("award:announcement", kwargs={"year": 2030})).content.decode()
    status = client.get(reverse("award:announcement_status", kwargs={"year": 2030})).json()

    assert status["finalists"] == []
    assert "/prisen/2030/asker/" not in page


def test_the_press_release_appears_with_the_reveal(client, edition):
    before = client.get(reverse("award:press_release", kwargs={"year": 2030}))
    reveal(edition)
    after = client.get(reverse("award:press_release", kwargs={"year": 2030}))

    html = after.content.decode()
    assert before.status_code == 404
    assert after.status_code == 200
    assert "Stord vant Bosettings- og integreringsprisen 2030" in html
    assert "«Vi er stolte.»" in html and "Ordføreren, Stord" in html
    assert WINNER_TEXT in html
    assert all(name in html for name in ("Asker", "Bodø", "Voss"))
    assert f'datetime="{timezone.localdate().isoformat()}"' in html


def test_the_press_release_lists_past_winners_from_the_archive(client, edition):
    reveal(edition)

    html = client.get(reverse("award:press_release", kwargs={"year": 2030})).content.decode()

    assert "2008: Vadsø" in html
    assert "2019/2020: Sunndal" in html
    assert "2022: Kinn" in html
    assert html.index("2008: Vadsø") < html.index("2022: Kinn")
    assert "2030: Stord" not in html


def test_the_archive_and_the_winners_page_gain_the_new_winner_at_the_reveal(client, edition):
    archive_before = client.get(reverse("award:archive")).content.decode()
    reveal(edition)
    archive_after = client.get(reverse("award:archive")).content.decode()
    winner_page = client.get(reverse("award:nominee", kwargs={"year": 2030, "slug": "stord"}))

    assert "/prisen/2030/stord/" not in archive_before
    assert "/prisen/2030/stord/" in archive_after
    assert "Vinner av Bosettings- og integreringsprisen 2030" in winner_page.content.decode()
    assert "2022: Kinn" in winner_page.content.decode()
    assert WINNER_TEXT in winner_page.content.decode()
    assert reverse("award:press_release", kwargs={"year": 2030}) in winner_page.content.decode()
