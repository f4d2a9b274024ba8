"""The jury's ranking: means per criterion, totals and places, with conflicts left out."""

import csv
import io
from decimal import Decimal
from fractions import Fraction

import pytest
from django.urls import reverse

from award.models import Phase
from nominations.models import Conflict, Eligibility, Nomination
from tests.factories import (
    make_assessment,
    make_edition,
    make_juror,
    make_nomination,
    make_staff,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return make_edition(year=2030, phase=Phase.UNDER_REVIEW)


@pytest.fixture
def jurors(edition):
    return [make_juror(edition, name) for name in ("anne", "bjorn", "cecilie")]


def eligible(edition, name):
    return make_nomination(edition, name, eligibility=Eligibility.ELIGIBLE)


def ranking(edition):
    return {
        str(s.nomination.municipality): (s.place, s.score_count, s.total)
        for s in Nomination.objects.filter(edition=edition).ranked()
    }


def test_the_total_is_the_sum_of_the_means_per_criterion(edition, jurors):
    kinn = eligible(edition, "Kinn")
    make_assessment(jurors[0], kinn, (5, 4, 3, 2))
    make_assessment(jurors[1], kinn, (4, 4, 4, 4))

    (standing,) = Nomination.objects.filter(edition=edition).ranked()

    assert standing.score_count == 2
    assert standing.means == [Fraction(9, 2), 4, Fraction(7, 2), 3]
    assert standing.total == 15
    assert standing.rounded_means == [Decimal("4.50"), Decimal("4.00"), Decimal("3.50"), Decimal("3.00")]


def test_scores_from_a_member_with_a_conflict_never_count(edition, jurors):
    kinn = eligible(edition, "Kinn")
    bodo = eligible(edition, "Bodø")
    make_assessment(jurors[0], kinn, (5, 5, 5, 5))
    make_assessment(jurors[1], kinn, (2, 2, 2, 2))
    make_assessment(jurors[1], bodo, (3, 3, 3, 3))
    # Declared after scoring: the earlier scores stop counting too.
    Conflict.objects.create(juror=jurors[0], municipality=kinn.municipality)

    assert ranking(edition) == {"Bodø": (1, 1, 12), "Kinn": (2, 1, 8)}


def test_drafts_do_not_count(edition, jurors):
    kinn = eligible(edition, "Kinn")
    make_assessment(jurors[0], kinn, (5, 5, 5, 5), submitted=False)
    make_assessment(jurors[1], kinn, (1, 1, 1, 1))

    assert ranking(edition) == {"Kinn": (1, 1, 4)}


def test_equal_totals_share_a_place_and_the_next_place_is_skipped(edition, jurors):
    for name, scores in [("Voss", (5, 5, 5, 5)), ("Kinn", (4, 4, 4, 4)), ("Bodø", (5, 5, 3, 3)), ("Asker", (2, 2, 2, 2))]:
        make_assessment(jurors[0], eligible(edition, name), scores)

    standings = Nomination.objects.filter(edition=edition).ranked()

    assert [(str(s.nomination.municipality), s.place) for s in standings] == [
        ("Voss", 1),
        ("Bodø", 2),
        ("Kinn", 2),
        ("Asker", 4),
    ]


def test_rounding_never_decides_a_place(edition, jurors):
    # 13/3 + 4 + 4 + 11/3 is exactly 16, as is 4 + 4 + 4 + 4; in floating point it is not.
    assert 13 / 3 + 4 + 4 + 11 / 3 != 16
    kinn = eligible(edition, "Kinn")
    for juror, scores in zip(jurors, [(5, 4, 4, 4), (4, 4, 4, 4), (4, 4, 4, 3)], strict=True):
        make_assessment(juror, kinn, scores)
    make_assessment(jurors[0], eligible(edition, "Bodø"), (4, 4, 4, 4))

    assert {name: place for name, (place, _n, _t) in ranking(edition).items()} == {"Bodø": 1, "Kinn": 1}


def test_unscored_and_ineligible_entries(edition, jurors):
    make_assessment(jurors[0], eligible(edition, "Kinn"), (3, 3, 3, 3))
    eligible(edition, "Asker")
    make_nomination(edition, "Bodø", eligibility=Eligibility.INELIGIBLE, eligibility_reason="Under")
    make_nomination(edition, "Voss")

    assert ranking(edition) == {"Kinn": (1, 1, 12), "Asker": (None, 0, None)}


def test_staff_see_the_ranked_list_with_means_and_totals(client, edition, jurors):
    kinn = eligible(edition, "Kinn")
    make_assessment(jurors[0], kinn, (5, 4, 3, 2))
    make_assessment(jurors[1], kinn, (4, 4, 4, 4))
    client.force_login(make_staff())

    response = client.get(reverse("admin:nominations_nomination_ranking", args=[2030]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<td>4,50</td>" in html
    assert "<td>15,00</td>" in html
    assert "Lik sum gir lik plass" in html


def test_the_csv_export_has_the_scores_place_and_decision(client, edition, jurors):
    kinn = eligible(edition, "Kinn")
    make_assessment(jurors[0], kinn, (5, 4, 3, 2))
    make_assessment(jurors[1], kinn, (4, 4, 4, 4))
    client.force_login(make_staff())

    response = client.post(
        reverse("admin:nominations_nomination_changelist"),
        {"action": "export_csv", "_selected_action": [kinn.pk], "index": 0},
    )

    header, row = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    columns = dict(zip(header, row, strict=True))
    assert columns["Vurdering"] == "Kvalifisert"
    assert columns["Antall poenggivninger"] == "2"
    assert columns["Snitt: Resultater i introduksjonsprogrammet"] == "4,50"
    assert columns["Sum av snittene"] == "15,00"
    assert columns["Plass"] == "1"
    assert columns["Nominert"] == "Nei"
