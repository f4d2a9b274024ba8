"""The vote's result as a chart and a table, public only once the finalists are."""

import re

import pytest
from django.urls import reverse

from award.models import Phase
from tests.factories import make_edition, make_nominee, make_votes

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted():
    edition = make_edition(year=2030, phase=Phase.FINALISTS_ANNOUNCED)
    for name, votes, finalist in [
        ("Asker", 6, True),
        ("Bodø", 3, True),
        ("Stord", 9, True),
        ("Voss", 2, False),
    ]:
        make_votes(make_nominee(edition, name, is_finalist=finalist), votes)
    make_votes(
        edition.nominees.get(municipality__name="Voss"), 4, confirmed=False, domain="annen.no"
    )
    return edition


def test_the_table_and_the_chart_carry_the_same_numbers_as_the_standings(client, counted):
    html = client.get(reverse("award:vote_result", kwargs={"year": 2030})).content.decode()

    rows = re.findall(
        r"<tr>\s*<td>(\d+)</td>\s*<th scope=\"row\">(\w+)[^<]*</th>\s*<td>(\d+)</td>\s*<td>([\d,]+)\xa0%</td>",
        html,
    )
    bars = re.findall(r'<rect x="160" y="\d+" width="(\d+)"', html)
    assert rows == [
        ("1", "Stord", "9", "45,0"),
        ("2", "Asker", "6", "30,0"),
        ("3", "Bodø", "3", "15,0"),
        ("4", "Voss", "2", "10,0"),
    ]
    assert bars == ["400", "267", "133", "89"]
    assert "20 bekreftede stemmer" in html
    assert 'role="img"' in html


@pytest.mark.parametrize("phase", [Phase.VOTING_OPEN, Phase.VOTING_CLOSED])
def test_no_result_before_the_finalists_are_public(client, phase):
    edition = make_edition(year=2030, phase=phase)
    make_votes(make_nominee(edition, "Asker"), 3)

    response = client.get(reverse("award:vote_result", kwargs={"year": 2030}))
    edition_page = client.get(reverse("award:edition", kwargs={"year": 2030})).content.decode()

    assert response.status_code == 404
    assert reverse("award:vote_result", kwargs={"year": 2030}) not in edition_page
