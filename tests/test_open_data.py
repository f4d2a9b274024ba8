"""Open data: JSON and CSV that hold to every embargo and match their OpenAPI description."""

import csv
import io

import jsonschema
import pytest
from django.utils import timezone

from award.models import Edition, Phase
from tests.factories import make_edition, make_nomination, make_nominee, make_votes

pytestmark = pytest.mark.django_db

OPENAPI = "/api/v1/openapi.json"


def validator(client, path):
    """A validator for the JSON a path answers with, built from the generated description."""
    spec = client.get(OPENAPI).json()
    schema = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    # The schema's references point into the description's components; carry them along.
    return jsonschema.Draft202012Validator({**schema, "components": spec["components"]})


@pytest.fixture
def cycle():
    """One edition under each embargo, with votes and a contact person's personal data."""
    voting = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    finalists = make_edition(year=2029, phase=Phase.FINALISTS_ANNOUNCED)
    review = make_edition(year=2031, phase=Phase.UNDER_REVIEW)
    for edition in (voting, finalists):
        make_votes(make_nominee(edition, "Asker", is_finalist=True), 5)
        make_votes(make_nominee(edition, "Stord", is_finalist=True), 7)
    make_nominee(review, "Voss", jury_rationale="Hemmelig")
    make_nomination(review, "Voss", contact_email="kari.nordmann@voss.kommune.no")
    return voting, finalists, review


def test_the_editions_follow_the_embargoes(client, cycle):
    data = {edition["year"]: edition for edition in client.get("/api/v1/editions").json()}

    assert data[2031]["nominees"] == []
    assert [(n["municipality"], n["finalist"], n["votes"]) for n in data[2030]["nominees"]] == [
        ("Asker", None, None),
        ("Stord", None, None),
    ]
    assert [
        (n["municipality"], n["finalist"], n["winner"], n["votes"]) for n in data[2029]["nominees"]
    ] == [("Asker", True, None, 5), ("Stord", True, None, 7)]


def test_the_responses_validate_against_the_generated_description(client, cycle):
    for path, url in [
        ("/api/v1/editions", "/api/v1/editions"),
        ("/api/v1/editions/{year}", "/api/v1/editions/2029"),
        ("/api/v1/winners", "/api/v1/winners"),
    ]:
        errors = [error.message for error in validator(client, path).iter_errors(client.get(url).json())]
        assert errors == [], url


def test_a_response_that_breaks_the_description_is_caught(client, cycle):
    wrong = client.get("/api/v1/editions/2029").json()
    wrong["year"] = "tjueni"

    assert not validator(client, "/api/v1/editions/{year}").is_valid(wrong)


def test_nothing_personal_and_nothing_embargoed_in_any_export(client, cycle):
    everything = "".join(
        client.get(url).content.decode()
        for url in [
            "/api/v1/editions",
            "/api/v1/editions/2031",
            "/api/v1/winners",
            "/api/v1/nominees.csv",
            OPENAPI,
        ]
    )

    assert "kari.nordmann" not in everything
    assert "Hemmelig" not in everything
    assert "Voss" not in everything


def test_the_csv_has_one_row_per_public_nominee(client, cycle):
    response = client.get("/api/v1/nominees.csv")

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert [(r["year"], r["municipality"], r["votes"], r["finalist"]) for r in rows] == [
        ("2029", "Asker", "5", "True"),
        ("2029", "Stord", "7", "True"),
        ("2030", "Asker", "", ""),
        ("2030", "Stord", "", ""),
    ]


def test_the_winner_appears_at_the_reveal(client, cycle):
    _voting, finalists, _review = cycle
    finalists.nominees.filter(municipality__name="Stord").update(is_winner=True)
    before = client.get("/api/v1/winners").json()
    Edition.objects.filter(pk=finalists.pk).update(winner_revealed_at=timezone.now())
    after = client.get("/api/v1/winners").json()

    assert before == []
    assert [(w["year"], w["municipality"]) for w in after] == [(2029, "Stord")]
