"""Staff decide whether each submitted entry is eligible, with a reason when it is not."""

from decimal import Decimal

import pytest
from django.urls import reverse

from award.models import Phase
from nominations.models import Eligibility, NominationStatus
from tests.factories import make_edition, make_nomination, make_staff

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:nominations_nomination_changelist"


@pytest.fixture
def edition():
    return make_edition(year=2030, phase=Phase.UNDER_REVIEW)


@pytest.fixture
def staff(client):
    user = make_staff()
    client.force_login(user)
    client.user = user
    return client


def decide_url(nomination):
    return reverse("admin:nominations_nomination_eligibility", args=[nomination.pk])


def test_staff_mark_selected_entries_eligible_with_an_action(staff, edition):
    kinn = make_nomination(edition, "Kinn")
    bodo = make_nomination(edition, "Bodø")
    draft = make_nomination(edition, "Voss", status=NominationStatus.DRAFT)

    response = staff.post(
        reverse(CHANGELIST),
        {"action": "mark_eligible", "_selected_action": [kinn.pk, bodo.pk, draft.pk], "index": 0},
        follow=True,
    )

    for nomination in (kinn, bodo, draft):
        nomination.refresh_from_db()
    messages = [str(m) for m in response.context["messages"]]
    assert kinn.eligibility == bodo.eligibility == Eligibility.ELIGIBLE
    assert kinn.eligibility_decided_by == staff.user
    assert draft.eligibility == Eligibility.PENDING
    assert "2 forslag er merket som kvalifisert." in messages
    assert any(m.startswith("Voss: Bare innsendte forslag kan vurderes") for m in messages)


def test_an_ineligible_entry_needs_a_reason_and_the_form_keeps_the_choice(staff, edition):
    kinn = make_nomination(edition, "Kinn")

    response = staff.post(decide_url(kinn), {"eligibility": "ineligible", "eligibility_reason": " "})

    kinn.refresh_from_db()
    form = response.context["form"]
    assert response.status_code == 200
    assert form.errors["eligibility_reason"] == ["Skriv hvorfor forslaget ikke er kvalifisert."]
    assert form["eligibility"].value() == "ineligible"
    assert kinn.eligibility == Eligibility.PENDING


def test_an_ineligible_decision_is_kept_with_its_reason_who_and_when(staff, edition):
    kinn = make_nomination(edition, "Kinn")

    response = staff.post(
        decide_url(kinn),
        {"eligibility": "ineligible", "eligibility_reason": "Mangler resultattall fra 2029."},
    )

    kinn.refresh_from_db()
    latest = kinn.history.latest()
    assert response.status_code == 302
    assert kinn.eligibility == Eligibility.INELIGIBLE
    assert kinn.eligibility_reason == "Mangler resultattall fra 2029."
    assert kinn.eligibility_decided_by == staff.user
    assert kinn.eligibility_decided_at is not None
    assert latest.history_user == staff.user
    assert latest.history_change_reason == "Ikke kvalifisert"


def test_an_entry_below_the_entry_criterion_is_flagged_with_the_reason(staff, edition):
    low = make_nomination(edition, "Kinn", share_in_work_directly=Decimal("45"))

    listing = staff.get(reverse(CHANGELIST) + "?inngangskriteriet=nei")
    page = staff.get(decide_url(low))

    assert [str(n) for n in listing.context["cl"].result_list] == ["Kinn (2030)"]
    assert "45 % rett etter programmet er under inngangskriteriet på 50 %." in page.content.decode()


def test_entries_cannot_be_decided_while_the_municipality_may_still_change_them(staff):
    edition = make_edition(year=2031, phase=Phase.NOMINATIONS_OPEN)
    kinn = make_nomination(edition, "Kinn")

    response = staff.post(decide_url(kinn), {"eligibility": "eligible", "eligibility_reason": ""})

    kinn.refresh_from_db()
    assert response.status_code == 200
    assert "først etter fristen" in response.content.decode()
    assert kinn.eligibility == Eligibility.PENDING


def test_the_change_page_shows_the_decision_and_a_link_to_change_it(staff, edition):
    kinn = make_nomination(edition, "Kinn")
    kinn.decide_eligibility(False, "For sent innsendt vedlegg.", by=staff.user)

    page = staff.get(reverse("admin:nominations_nomination_change", args=[kinn.pk]))

    html = page.content.decode()
    assert "Ikke kvalifisert – For sent innsendt vedlegg." in html
    assert decide_url(kinn) in html
