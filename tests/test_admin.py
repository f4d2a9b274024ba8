"""The staff admin for editions, municipalities and feedback, in Norwegian."""

import pytest
from django.urls import reverse

from award.models import Edition, Feedback, Phase
from municipalities.models import Municipality, WrittenStandard
from tests.factories import make_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(admin_client):
    return admin_client


def test_the_edition_list_shows_each_editions_phase_now(staff):
    make_edition(year=2030, phase=Phase.VOTING_OPEN)

    response = staff.get(reverse("admin:award_edition_changelist"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Prisrunder" in html
    assert "Avstemning pågår" in html


def edition_opening_1_june(deadline):
    """The admin form of a 2031 edition whose nominations open on 1 June at 09:00."""
    day, time = deadline
    return {
        "year": "2031",
        "prize_name": "bosettings-og-integreringsprisen",
        "entry_threshold": "50",
        "nominations_open_at_0": "01.06.2031",
        "nominations_open_at_1": "09:00",
        "nominations_deadline_at_0": day,
        "nominations_deadline_at_1": time,
    }


def test_an_edition_with_a_deadline_before_the_opening_is_refused_beside_the_field(staff):
    response = staff.post(
        reverse("admin:award_edition_add"), edition_opening_1_june(deadline=("01.05.2031", "09:00"))
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "«frist for forslag» må være etter «forslag åpner»." in html
    assert not Edition.objects.filter(year=2031).exists()


def test_a_valid_edition_is_saved_from_the_admin(staff):
    response = staff.post(
        reverse("admin:award_edition_add"), edition_opening_1_june(deadline=("09.09.2031", "23:59"))
    )

    assert response.status_code == 302
    assert Edition.objects.get(year=2031).nominations_deadline_at.day == 9


def test_staff_find_a_municipality_without_norwegian_letters(staff):
    response = staff.get(reverse("admin:municipalities_municipality_changelist"), {"q": "baerum"})

    html = response.content.decode()
    assert "Bærum" in html
    assert "1 resultat" in html
    assert "357 totalt" in html


def test_staff_set_a_municipalitys_written_standard_in_the_list(staff):
    kinn = Municipality.objects.get(name="Kinn")
    changelist = reverse("admin:municipalities_municipality_changelist")
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(kinn.pk),
        "form-0-written_standard": "nn",
        "_save": "Lagre",
    }

    response = staff.post(changelist + "?q=kinn", data)

    assert response.status_code == 302
    kinn.refresh_from_db()
    assert kinn.written_standard == WrittenStandard.NYNORSK


def test_staff_read_feedback_but_cannot_change_it(staff):
    Feedback.objects.create(path="/kriterier/", found=False, comment="Fant ikke fristen", language="nb")

    listing = staff.get(reverse("admin:award_feedback_changelist")).content.decode()

    assert "Fant ikke fristen" in listing
    assert "Tilbakemeldinger" in listing
    assert staff.get(reverse("admin:award_feedback_add")).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login(client):
    response = client.get(reverse("admin:award_edition_changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
