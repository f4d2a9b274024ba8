"""Every message says what happened: results, finalists, closed forms, the challenge, field errors."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from award.models import Phase
from nominations import notifications
from nominations.forms import NominationForm
from nominations.tokens import edit_token
from tests.factories import make_edition, make_nomination, make_nominee, make_votes
from tests.test_nomination_form import complete_entry, errors_beside

pytestmark = pytest.mark.django_db


def text(response):
    """The page's visible words, tags and runs of white space removed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_an_edition_whose_votes_are_not_in_the_system_has_no_result_page(client, history):
    # The 2020 vote was held before the site: its finalists are public, its figures are not here.
    edition_page = client.get("/prisen/2020/")

    assert client.get("/prisen/2020/resultat/").status_code == 404
    assert "/prisen/2020/resultat/" not in edition_page.content.decode()
    assert "Resultatet av avstemningen" not in text(edition_page)


def test_an_edition_with_counted_votes_links_to_its_result(client):
    edition = make_edition(year=2030, phase=Phase.FINALISTS_ANNOUNCED)
    make_votes(make_nominee(edition, "Asker", is_finalist=True), 2)

    edition_page = client.get("/prisen/2030/").content.decode()

    assert '<a class="ds-link" href="/prisen/2030/resultat/">Resultatet av avstemningen</a>' in edition_page
    assert client.get("/prisen/2030/resultat/").status_code == 200


def test_the_result_counts_the_finalists_a_tie_made(client):
    edition = make_edition(year=2030, phase=Phase.FINALISTS_ANNOUNCED)
    for name, votes in [("Asker", 9), ("Bodø", 6), ("Stord", 3), ("Voss", 3), ("Kinn", 3), ("Alta", 1)]:
        make_votes(make_nominee(edition, name, is_finalist=votes >= 3), votes)

    page = text(client.get("/prisen/2030/resultat/"))

    assert "De 5 med flest stemmer ble finalister." in page
    assert "De tre med flest stemmer" not in page


def test_the_vote_page_after_the_close_does_not_ask_for_a_vote(client):
    edition = make_edition(year=2030, phase=Phase.VOTING_CLOSED)
    make_nominee(edition, "Gjøvik")

    response = client.get("/stem/gjovik/")

    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode()).group(1)
    assert h1 == "Gjøvik, nominert til Bosettings- og integreringsprisen 2030"
    assert "<title>Avstemningen er avsluttet: Gjøvik – IMDi</title>" in response.content.decode()
    assert "Stem på Gjøvik" not in text(response)


def test_the_front_page_after_the_close_does_not_promise_three_finalists(client):
    make_edition(year=2030, phase=Phase.VOTING_CLOSED)

    page = text(client.get("/"))

    assert re.search(r"Avstemningen er avsluttet\. Finalistene blir kunngjort \d+\. \w+ \d{4}\.", page)
    assert "tre finalist" not in page


def test_the_challenge_does_not_blame_a_network_it_may_not_be(client, settings, empty_cache):
    settings.VOTE_CHALLENGE_AFTER_PER_ADDRESS = 0
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    make_nominee(edition, "Gjøvik")

    page = text(client.get("/stem/gjovik/"))

    assert (
        "Det er sendt mange stemmer fra IP-adressen din eller nettverket ditt den siste timen. "
        "For å hindre juks med automatiske stemmer må nettleseren din gjøre en liten regneoppgave."
    ) in page
    assert "samme nettverk" not in page


def test_the_finalists_e_mail_does_not_count_them(municipalities, django_capture_on_commit_callbacks):
    edition = make_edition(year=2030, phase=Phase.FINALISTS_ANNOUNCED)
    nomination = make_nomination(edition, "Stord")

    with django_capture_on_commit_callbacks(execute=True):
        notifications.send_finalist(nomination)

    assert "Stord er finalist i Bosettings- og integreringsprisen 2030, etter publikums avstemning." in (
        " ".join(mail.outbox[-1].body.split())
    )
    assert "tre finalist" not in mail.outbox[-1].body


class TestThePrivateLinkAfterTheDeadline:
    @pytest.fixture
    def closed(self):
        edition = make_edition(year=2030, phase=Phase.UNDER_REVIEW)
        nomination = make_nomination(edition, "Stord", answer_projects="Språkkafé hver torsdag.")
        return nomination, edition_link(nomination)

    def test_opening_it_says_the_entry_can_no_longer_be_changed_and_shows_what_was_sent(self, client, closed):
        nomination, link = closed

        response = client.get(link)

        page = text(response)
        assert re.search(
            r"Status: Sendt inn\. Fristen for forslag gikk ut \d+\. \w+ \d{4} kl\. \d\d\.\d\d\. "
            r"Forslaget kan ikke endres lenger\.",
            page,
        )
        assert "ble ikke lagret" not in page
        assert "Dette sendte dere" in page
        assert "<textarea" not in response.content.decode()
        assert 'name="contact_name"' not in response.content.decode()

    def test_an_attachment_sent_after_it_says_the_attachment_was_not_saved(self, client, closed):
        from django.core.files.uploadedfile import SimpleUploadedFile

        nomination, link = closed
        upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")

        response = client.post(f"{link}vedlegg/", {"file": upload})

        page = text(response)
        assert response.status_code == 400
        assert re.search(r"Fristen for forslag gikk ut \d+\. \w+ \d{4} kl\. \d\d\.\d\d, så vedlegget ble ikke lagret\.", page)
        assert "Du kan rette forslaget fram til fristen" not in page
        assert nomination.attachments.count() == 0


def edition_link(nomination):
    return reverse("nominations:edit", kwargs={"token": edit_token(nomination)})


def test_the_edit_page_says_an_entry_is_below_the_entry_criterion(client):
    edition = make_edition(year=2030, phase=Phase.NOMINATIONS_OPEN)
    nomination = make_nomination(edition, "Stord", share_in_work_directly=Decimal("40"))

    page = text(client.get(edition_link(nomination)))

    assert (
        "Forslaget oppfyller ikke inngangskriteriet 40 % rett etter programmet er under "
        "inngangskriteriet på 50 %. Forslaget er tatt imot, men kan ikke vinne prisen slik tallene er nå."
    ) in page


@pytest.mark.parametrize(
    "typed, share",
    [("62", Decimal("62")), ("62,5", Decimal("62.5")), ("62 %", Decimal("62")), ("62,5\xa0%", Decimal("62.5")),
     (" 62% ", Decimal("62")), ("62.5", Decimal("62.5"))],
)
def test_a_share_is_read_as_a_norwegian_types_it(municipalities, typed, share):
    edition = make_edition(year=2030, phase=Phase.NOMINATIONS_OPEN)
    form = NominationForm(complete_entry(share_in_work_directly=typed), edition=edition, submitting=True)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["share_in_work_directly"] == share


@pytest.mark.parametrize("typed", ["1e2", "6E1", "62,5,1", "1.000,5", "inf", "NaN", "62 %%", "%"])
def test_a_share_with_an_exponent_or_other_non_number_is_refused(municipalities, typed):
    edition = make_edition(year=2030, phase=Phase.NOMINATIONS_OPEN)
    form = NominationForm(complete_entry(share_in_work_directly=typed), edition=edition, submitting=True)

    assert form.errors["share_in_work_directly"] == ["Skriv andelen som et tall, for eksempel 62 eller 62,5."]


def test_a_count_may_have_spaces_between_thousands(municipalities):
    edition = make_edition(year=2030, phase=Phase.NOMINATIONS_OPEN)
    form = NominationForm(complete_entry(settlement_requested="1 200"), edition=edition, submitting=True)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["settlement_requested"] == 1200


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("unit", "x" * 201, "«Enheten som sender forslaget» kan ha høyst 200 tegn (nå 201)."),
        ("contact_name", "x" * 201, "«Navn» kan ha høyst 200 tegn (nå 201)."),
        ("contact_role", "x" * 201, "«Rolle eller stilling» kan ha høyst 200 tegn (nå 201)."),
        ("answer_projects", "x" * 3001, "«Nye prosjekter og tiltak» kan ha høyst 3000 tegn (nå 3001)."),
        ("participants", "100001", "Antallet kan ikke være over 100000."),
        ("council_decided_per_request", "kanskje", "Svar ja eller nei på om kommunestyret har vedtatt å bosette."),
    ],
)
def test_every_field_error_is_in_our_words(municipalities, field, value, message):
    edition = make_edition(year=2030, phase=Phase.NOMINATIONS_OPEN)
    form = NominationForm(complete_entry(**{field: value}), edition=edition, submitting=True)

    assert form.errors[field] == [message]


@pytest.mark.parametrize("path", ["/forslag/", "/stem/gjovik/"])
def test_a_form_carries_one_csrf_token(client, path, empty_cache):
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN if "stem" in path else Phase.NOMINATIONS_OPEN)
    make_nominee(edition, "Gjøvik")

    html = client.get(path).content.decode()

    assert html.count('name="csrfmiddlewaretoken"') == 1


def test_an_error_shown_after_sending_names_the_field(client, municipalities):
    make_edition(year=2030, phase=Phase.NOMINATIONS_OPEN)

    response = client.post("/forslag/", complete_entry(contact_role="x" * 201))

    assert errors_beside(response, "contact_role") == "«Rolle eller stilling» kan ha høyst 200 tegn (nå 201)."


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"found": "kanskje", "path": "/"}, "found", "Velg ja eller nei."),
        ({"found": "yes", "comment": "x" * 1001, "path": "/"}, "comment", "Kommentaren kan ha høyst 1000 tegn (nå 1001)."),
        ({"found": "yes"}, "path", "Vi vet ikke hvilken side tilbakemeldingen gjelder. Gå tilbake og send den på nytt."),
    ],
)
def test_the_feedback_forms_errors_are_in_our_words(data, field, message):
    from award.forms import FeedbackForm

    assert FeedbackForm(data).errors[field] == [message]


def test_a_new_nomination_sent_after_the_deadline_is_told_it_was_not_saved(client, municipalities):
    make_edition(year=2030, phase=Phase.UNDER_REVIEW)

    response = client.post("/forslag/", complete_entry(contact_name="Kari Nordmann"))

    page = text(response)
    assert re.search(
        r"Fristen for forslag gikk ut \d+\. \w+ \d{4} kl\. \d\d\.\d\d, så det du sendte ble ikke lagret\. "
        r"Det du skrev, står fortsatt i skjemaet\.",
        page,
    )
    assert 'value="Kari Nordmann"' in response.content.decode()
