"""Post, then redirect: a form that creates something answers with a redirect; a reload sends nothing."""

import re

import pytest
from django.urls import reverse

from award.models import Feedback, Phase
from nominations.models import Nomination
from tests.factories import make_edition, make_nominee
from tests.test_nomination_form import complete_entry
from voting.models import Vote

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]


def text(response):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_cast_vote_redirects_to_a_page_that_says_where_the_link_went_once(committing_client):
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    make_nominee(edition, "Gjøvik")

    cast = committing_client.post("/stem/gjovik/", {"email": "kari@example.no"})
    shown = committing_client.get(cast["Location"])
    reloaded = committing_client.get(cast["Location"])

    assert cast.status_code == 302
    assert cast["Location"] == reverse("voting:sent", kwargs={"slug": "gjovik"})
    assert "kari" not in cast["Location"]
    assert (
        "Vi har sendt en lenke til kari@example.no. Klikk på lenken for å bekrefte stemmen på "
        "Gjøvik."
    ) in text(shown)
    assert "no-store" in shown["Cache-Control"]
    assert reloaded.status_code == 200
    assert "kari@example.no" not in reloaded.content.decode()
    assert (
        "Vi har sendt en lenke til adressen du skrev. Klikk på lenken for å bekrefte stemmen på "
        "Gjøvik."
    ) in text(reloaded)
    assert Vote.objects.count() == 1


@pytest.mark.parametrize(
    "action, message",
    [
        ("draft", "Utkastet er lagret. Vi har sendt en lenke til kari@kinn.kommune.no"),
        ("submit", "Forslaget er sendt inn. Du har fått en kvittering på e-post."),
    ],
)
def test_a_saved_entry_redirects_and_a_reload_saves_nothing(
    committing_client, municipalities, action, message
):
    make_edition(year=2030, phase=Phase.NOMINATIONS_OPEN)

    saved = committing_client.post("/forslag/", complete_entry(action=action))
    first = committing_client.get(saved["Location"])
    reloaded = committing_client.get(saved["Location"])

    assert saved.status_code == 302
    assert first.status_code == reloaded.status_code == 200
    assert message in text(first)
    assert message not in text(reloaded)
    assert Nomination.objects.count() == 1


def test_feedback_redirects_back_and_a_reload_stores_nothing(client):
    answer = client.post("/tilbakemelding/", {"found": "yes", "path": "/personvern/"})
    first = client.get(answer["Location"])
    reloaded = client.get(answer["Location"])

    assert answer.status_code == 302
    assert answer["Location"] == "/personvern/"
    assert "Takk for tilbakemeldingen!" in text(first)
    assert "Takk for tilbakemeldingen!" not in text(reloaded)
    assert Feedback.objects.count() == 1
