"""The entry criterion is a condition of entry: below it, only a reasoned exception lets an entry in."""

from decimal import Decimal

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from award.models import Phase
from nominations.models import Eligibility, Nomination, Nominee
from tests.factories import make_edition, make_nomination, make_nominee, make_staff

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:nominations_nomination_changelist"
SHORTFALL = "45 % rett etter programmet er under inngangskriteriet på 50 %."
REASON = "Kommunen tok imot mange med lite skolegang; juryen vil se på arbeidet."


@pytest.fixture
def edition():
    return make_edition(year=2030, phase=Phase.UNDER_REVIEW)


@pytest.fixture
def staff(client):
    client.force_login(make_staff())
    return client


@pytest.fixture
def low(edition):
    return make_nomination(edition, "Kinn", share_in_work_directly=Decimal("45"))


def told(response):
    return [str(message) for message in response.context["messages"]]


def decide(staff, nomination, reason=""):
    return staff.post(
        reverse("admin:nominations_nomination_eligibility", args=[nomination.pk]),
        {"eligibility": "eligible", "eligibility_reason": reason},
    )


def run(staff, action, *nominations):
    return staff.post(
        reverse(CHANGELIST),
        {"action": action, "index": 0, helpers.ACTION_CHECKBOX_NAME: [n.pk for n in nominations]},
        follow=True,
    )


def test_marking_an_entry_below_the_criterion_eligible_is_refused_with_the_reason(
    staff, edition, low
):
    good = make_nomination(edition, "Bodø")

    response = run(staff, "mark_eligible", low, good)

    assert Nomination.objects.get(pk=low.pk).eligibility == Eligibility.PENDING
    assert Nomination.objects.get(pk=good.pk).eligibility == Eligibility.ELIGIBLE
    messages = told(response)
    assert messages[0] == "1 forslag er merket som kvalifisert."
    assert messages[1].startswith(
        "Kinn: Forslaget oppfyller ikke inngangskriteriet: "
        + SHORTFALL
        + " Skriv hvorfor det likevel skal være kvalifisert."
    )
    assert reverse("admin:nominations_nomination_eligibility", args=[low.pk]) in messages[1]


def test_an_exception_without_a_reason_is_refused_beside_the_field(staff, low):
    response = decide(staff, low)

    assert response.status_code == 200
    assert response.context["form"].errors["eligibility_reason"] == [
        "Forslaget oppfyller ikke inngangskriteriet: "
        + SHORTFALL
        + " Skriv hvorfor det likevel skal være kvalifisert."
    ]
    assert Nomination.objects.get(pk=low.pk).eligibility == Eligibility.PENDING


def test_a_reasoned_exception_is_recorded_in_the_history_and_shown_on_the_entry(staff, low):
    response = decide(staff, low, REASON)

    low.refresh_from_db()
    record = low.history.latest()
    page = staff.get(reverse("admin:nominations_nomination_change", args=[low.pk])).content.decode()
    assert response.status_code == 302
    assert low.eligibility == Eligibility.ELIGIBLE
    assert record.history_change_reason == "Kvalifisert som unntak fra inngangskriteriet"
    assert record.eligibility_reason == REASON
    assert record.history_user.username == "saksbehandler"
    assert f"Kvalifisert som unntak. Begrunnelse: {REASON}" in page


def test_the_ranking_warns_beside_an_entry_let_in_as_an_exception(staff, edition, low):
    decide(staff, low, REASON)
    make_nomination(edition, "Bodø", eligibility=Eligibility.ELIGIBLE)

    page = staff.get(reverse("admin:nominations_nomination_ranking", args=[2030])).content.decode()

    assert page.count("og er kvalifisert som unntak") == 1
    assert (
        f"Kinn oppfyller ikke inngangskriteriet ({SHORTFALL}) og er kvalifisert som unntak. "
        f"Begrunnelse: {REASON}"
    ) in page


def test_shortlisting_an_exception_warns_with_the_reason(staff, low):
    decide(staff, low, REASON)

    response = run(staff, "shortlist", low)

    assert Nominee.objects.filter(municipality=low.municipality).exists()
    assert told(response) == [
        "Kinn (2030) er vurdert: Kvalifisert som unntak fra inngangskriteriet.",
        f"Kinn oppfyller ikke inngangskriteriet ({SHORTFALL}) og er kvalifisert som unntak. "
        f"Begrunnelse: {REASON}",
        "Nominert: Kinn. Kontaktpersonene får e-post.",
    ]


def test_an_entry_below_a_raised_threshold_without_an_exception_is_not_shortlisted(staff, edition):
    kinn = make_nomination(edition, "Kinn", eligibility=Eligibility.ELIGIBLE)
    edition.entry_threshold = Decimal("65")
    edition.save()

    response = run(staff, "shortlist", kinn)

    assert not Nominee.objects.filter(municipality=kinn.municipality).exists()
    assert told(response) == [
        "Kinn oppfyller ikke inngangskriteriet: 62,5 % rett etter programmet er under "
        "inngangskriteriet på 65 %. Et unntak må begrunnes under «Endre vurderingen»."
    ]


def nominee_form(**fields):
    return {"description": "Omtale", "jury_rationale": "Begrunnelse", "is_finalist": "on", **fields}


def test_choosing_an_exception_as_winner_warns_with_the_reason(staff, edition, low):
    decide(staff, low, REASON)
    nominee = make_nominee(edition, "Kinn", is_finalist=True)

    response = staff.post(
        reverse("admin:nominations_nominee_change", args=[nominee.pk]),
        nominee_form(is_winner="on", winner_rationale="Vinner"),
        follow=True,
    )

    assert Nominee.objects.get(pk=nominee.pk).is_winner
    assert (
        f"Kinn oppfyller ikke inngangskriteriet ({SHORTFALL}) og er kvalifisert som unntak. "
        f"Begrunnelse: {REASON}"
    ) in told(response)


def test_an_entry_below_the_criterion_without_an_exception_cannot_win(staff, edition):
    make_nomination(edition, "Kinn", eligibility=Eligibility.ELIGIBLE)
    edition.entry_threshold = Decimal("65")
    edition.save()
    nominee = make_nominee(edition, "Kinn", is_finalist=True)

    response = staff.post(
        reverse("admin:nominations_nominee_change", args=[nominee.pk]),
        nominee_form(is_winner="on", winner_rationale="Vinner"),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["is_winner"] == [
        "Kinn oppfyller ikke inngangskriteriet: 62,5 % rett etter programmet er under "
        "inngangskriteriet på 65 %. Et unntak må begrunnes under «Endre vurderingen»."
    ]
    assert not Nominee.objects.get(pk=nominee.pk).is_winner
