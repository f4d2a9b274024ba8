"""The embargo tests' world: three nominees, then a ballot stuffed unevenly, and every address
fetched before and after to be compared."""

from tests.factories import make_edition, make_nominee, make_votes


def edition_in(phase, **fields):
    """Three nominees whose alphabetical order is the reverse of the vote order to come."""
    edition = make_edition(year=2030, phase=phase, **fields)
    for name in ["Asker", "Gjøvik", "Voss"]:
        make_nominee(edition, name, description=f"{name} bosetter godt.", jury_rationale="Godt.")
    return edition


def stuff_the_ballot(edition):
    """Unevenly spread votes: Voss far ahead, then Gjøvik; some unconfirmed."""
    nominees = {n.municipality.name: n for n in edition.nominees.all()}
    make_votes(nominees["Voss"], 37)
    make_votes(nominees["Gjøvik"], 11)
    make_votes(nominees["Asker"], 23, confirmed=False, domain="ventende.no")


def snapshot(client, paths, keep=bytes):
    """Each address's answer, which must be 200, as `keep` leaves its content."""
    answers = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        answers[path] = keep(response.content)
    return answers
