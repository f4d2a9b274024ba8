"""Every change in the review is kept: who, when and what, and staff can read it."""

import pytest
from django.urls import reverse

from award.models import Phase
from nominations.models import Eligibility
from tests.factories import (
    make_assessment,
    make_edition,
    make_juror,
    make_nomination,
    make_nominee,
    make_staff,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return make_edition(year=2030, phase=Phase.UNDER_REVIEW)


def test_a_jury_members_rationale_edits_are_kept_and_shown_to_staff(client, edition):
    nominee = make_nominee(edition, "Kinn")
    juror = make_juror(edition, "kari")
    client.force_login(juror.user)
    url = reverse("admin:nominations_nominee_change", args=[nominee.pk])
    client.post(url, {"jury_rationale": "Første utkast."})
    client.post(url, {"jury_rationale": "Andre utkast."})
    client.force_login(make_staff())

    history = client.get(reverse("admin:nominations_nominee_history", args=[nominee.pk]))

    records = list(nominee.history.order_by("history_date"))
    assert [r.jury_rationale for r in records] == ["", "Første utkast.", "Andre utkast."]
    assert {r.history_user.username for r in records[1:]} == {"kari"}
    assert history.status_code == 200
    assert "kari" in history.content.decode()


def test_score_changes_are_kept(edition):
    juror = make_juror(edition, "kari")
    nomination = make_nomination(edition, "Kinn", eligibility=Eligibility.ELIGIBLE)
    assessment = make_assessment(juror, nomination, (2, 2, 2, 2), submitted=False)
    assessment.score_results = 4
    assessment.submit()
    assessment.save()

    records = list(assessment.history.order_by("history_date"))
    assert [(r.score_results, r.submitted_at is not None) for r in records] == [(2, False), (4, True)]


def test_status_and_eligibility_changes_are_kept_with_the_user(client, edition):
    staff = make_staff()
    nomination = make_nomination(edition, "Kinn")
    nomination.decide_eligibility(True, by=staff)
    client.force_login(staff)

    history = client.get(reverse("admin:nominations_nomination_history", args=[nomination.pk]))

    latest = nomination.history.latest()
    assert latest.eligibility == Eligibility.ELIGIBLE
    assert latest.history_user == staff
    assert "Kvalifisert" in history.content.decode()
