"""The self-nomination form: drafts, submission, receipts, corrections and the deadline."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import resolve, reverse
from django.utils import timezone

from award.models import Phase
from municipalities.models import Municipality, WrittenStandard
from nominations.models import Nomination, NominationStatus
from nominations.tokens import edit_token, nomination_for_token
from tests.factories import make_edition

pytestmark = pytest.mark.django_db

CREATE = "/forslag/"


@pytest.fixture
def client(committing_client):
    return committing_client


@pytest.fixture
def edition():
    return make_edition(year=2030, phase=Phase.NOMINATIONS_OPEN)


def complete_entry(municipality="Kinn", **changes):
    entry = {
        "municipality": str(Municipality.objects.get(name=municipality).pk),
        "unit": "Flyktningtenesta",
        "contact_name": "Kari Nordmann",
        "contact_role": "Leiar",
        "contact_email": "kari@kinn.kommune.no",
        "contact_phone": "57 00 00 00",
        "participants": "40",
        "share_in_work_directly": "62,5",
        "share_in_work_after_one_year": "70",
        "settlement_requested": "30",
        "settlement_settled": "32",
        "council_decided_per_request": "yes",
        "answer_settlement": "Vi bosette raskt og planmessig.",
        "answer_projects": "Språkpraksis i lokale verksemder.",
        "answer_qualification": "Fagbrev i helsefag for vaksne.",
        "consent": "on",
        "action": "submit",
    }
    entry.update(changes)
    return entry


def errors_beside(response, field):
    """The error message shown beside a field, by its id."""
    match = re.search(
        rf'id="id_{field}_error"[^>]*>(.*?)</', response.content.decode(), flags=re.S
    )
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split()) if match else None


def test_a_complete_entry_is_submitted_and_a_receipt_is_mailed(client, edition):
    response = client.post(CREATE, complete_entry())

    nomination = Nomination.objects.get()
    assert nomination.status == NominationStatus.SUBMITTED
    assert nomination.submitted_at is not None
    assert response.status_code == 302
    # The token is signed with the second it was made in: compare what it opens, not its text.
    assert resolve(response["Location"]).url_name == "receipt"
    assert nomination_for_token(resolve(response["Location"]).kwargs["token"]) == nomination
    assert len(mail.outbox) == 1
    receipt = mail.outbox[0]
    assert receipt.to == ["kari@kinn.kommune.no"]
    assert receipt.subject == "Kvittering: forslag til Bosettings- og integreringsprisen 2030"
    assert "Vi har tatt imot forslaget fra Kinn" in receipt.body
    assert "I arbeid eller utdanning rett etter: 62,5 %" in receipt.body
    [mailed] = re.findall(r"http://127\.0\.0\.1:8000/forslag/([^\s/]+)/", receipt.body)
    assert nomination_for_token(mailed) == nomination


def test_the_receipt_page_summarises_the_entry(client, edition):
    response = client.post(CREATE, complete_entry(), follow=True)

    page = response.content.decode()
    assert "Forslaget fra Kinn til Bosettings- og integreringsprisen 2030 har status: Sendt inn." in page
    assert "Se og endre forslaget" in page
    assert "oppfyller ikke inngangskriteriet" not in page


def test_a_draft_needs_only_the_municipality_the_contact_and_consent(client, edition):
    response = client.post(
        CREATE,
        {
            "municipality": str(Municipality.objects.get(name="Bodø").pk),
            "contact_name": "Ola",
            "contact_email": "ola@bodo.kommune.no",
            "consent": "on",
            "action": "draft",
        },
    )

    nomination = Nomination.objects.get()
    assert nomination.status == NominationStatus.DRAFT
    assert nomination.submitted_at is None
    # The token is signed with the second it was made in: compare what it opens, not its text.
    assert resolve(response["Location"]).url_name == "edit"
    assert nomination_for_token(resolve(response["Location"]).kwargs["token"]) == nomination
    assert mail.outbox[0].subject == "Utkast lagret: forslag til Bosettings- og integreringsprisen 2030"
    [mailed] = re.findall(r"/forslag/([^\s/]+)/", mail.outbox[0].body)
    assert nomination_for_token(mailed) == nomination


def test_submitting_an_incomplete_draft_names_each_missing_field(client, edition):
    entry = complete_entry(answer_projects="", participants="")

    response = client.post(CREATE, entry)

    assert response.status_code == 200
    assert errors_beside(response, "answer_projects") == "Fyll ut «Nye prosjekter og tiltak»."
    assert errors_beside(response, "participants") == (
        "Fyll ut «Antall deltakere i introduksjonsprogrammet»."
    )
    assert Nomination.objects.count() == 0
    assert "Skjemaet har feil" in response.content.decode()


def test_a_draft_is_continued_and_submitted_through_its_link(client, edition):
    client.post(CREATE, complete_entry(action="draft", answer_projects=""))
    nomination = Nomination.objects.get()
    link = reverse("nominations:edit", kwargs={"token": edit_token(nomination)})

    page = client.get(link).content.decode()
    response = client.post(link, complete_entry())

    assert "Kari Nordmann" in page
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED
    assert nomination.answer_projects == "Språkpraksis i lokale verksemder."
    assert response.status_code == 302
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Utkast lagret", "Kvittering"]


def test_a_submitted_entry_is_corrected_through_the_link_before_the_deadline(client, edition):
    client.post(CREATE, complete_entry())
    nomination = Nomination.objects.get()
    link = reverse("nominations:edit", kwargs={"token": edit_token(nomination)})

    client.post(link, complete_entry(answer_projects="Nytt svar om tiltak."))

    nomination.refresh_from_db()
    assert nomination.answer_projects == "Nytt svar om tiltak."
    assert nomination.status == NominationStatus.SUBMITTED
    assert nomination.history.count() == 3


def test_the_municipality_cannot_be_changed_through_the_link(client, edition):
    client.post(CREATE, complete_entry())
    nomination = Nomination.objects.get()
    link = reverse("nominations:edit", kwargs={"token": edit_token(nomination)})

    client.post(link, complete_entry(municipality="Oslo"))

    nomination.refresh_from_db()
    assert nomination.municipality.name == "Kinn"


def test_a_correction_after_the_deadline_is_refused_and_keeps_what_was_typed(client, edition):
    client.post(CREATE, complete_entry())
    nomination = Nomination.objects.get()
    link = reverse("nominations:edit", kwargs={"token": edit_token(nomination)})
    edition.nominations_deadline_at = timezone.now() - datetime.timedelta(minutes=1)
    edition.save()

    response = client.post(link, complete_entry(answer_projects="For seint endra svar."))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Fristen for forslag gikk ut" in page
    assert "For seint endra svar." in page
    nomination.refresh_from_db()
    assert nomination.answer_projects == "Språkpraksis i lokale verksemder."


def test_the_link_says_changes_are_closed_after_the_deadline(client, edition):
    client.post(CREATE, complete_entry())
    nomination = Nomination.objects.get()
    edition.nominations_deadline_at = timezone.now() - datetime.timedelta(seconds=1)
    edition.save()

    page = client.get(reverse("nominations:edit", kwargs={"token": edit_token(nomination)}))

    html = page.content.decode()
    assert "Fristen for forslag gikk ut" in html
    assert 'value="submit"' not in html


def test_a_new_entry_sent_a_minute_after_the_deadline_is_refused_and_kept_on_the_page(
    client, edition
):
    page = client.get(CREATE)
    edition.nominations_deadline_at = timezone.now() - datetime.timedelta(minutes=1)
    edition.save()

    response = client.post(CREATE, complete_entry(answer_settlement="Svar skrive før fristen."))

    html = response.content.decode()
    assert "Send inn forslaget" in page.content.decode()
    assert "Fristen for forslag gikk ut" in html
    assert "Svar skrive før fristen." in html
    assert Nomination.objects.count() == 0


@pytest.mark.parametrize("phase", [Phase.UPCOMING, Phase.UNDER_REVIEW, Phase.VOTING_OPEN])
def test_outside_the_window_the_form_is_closed_with_the_dates(client, phase):
    make_edition(year=2030, phase=phase)

    response = client.get(CREATE)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Skjemaet er stengt" in html
    assert "<form" not in html.split("tilbakemelding")[0] or 'name="municipality"' not in html


def test_a_forged_or_altered_link_gets_a_clear_not_found_page(client, edition):
    client.post(CREATE, complete_entry())
    token = edit_token(Nomination.objects.get())

    altered = client.get(reverse("nominations:edit", kwargs={"token": token[:-2] + "xx"}))
    forged = client.get(reverse("nominations:edit", kwargs={"token": "1:abc"}))

    assert altered.status_code == 404
    assert forged.status_code == 404


def test_a_withdrawn_entry_cannot_be_changed(client, edition):
    client.post(CREATE, complete_entry())
    nomination = Nomination.objects.get()
    token = edit_token(nomination)

    client.post(reverse("nominations:withdraw", kwargs={"token": token}))
    response = client.post(
        reverse("nominations:edit", kwargs={"token": token}), complete_entry(unit="Ny eining")
    )

    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.WITHDRAWN
    assert nomination.unit == "Flyktningtenesta"
    assert "Forslaget er trukket og kan ikke endres." in response.content.decode()


def test_the_receipt_follows_the_municipalitys_written_standard_not_the_page(client, edition):
    kinn = Municipality.objects.get(name="Kinn")
    kinn.written_standard = WrittenStandard.NYNORSK
    kinn.save()

    client.post(CREATE, complete_entry())

    receipt = mail.outbox[0]
    assert receipt.subject == "Kvittering: framlegg til Busetjings- og integreringsprisen 2030"
    assert "Vi har teke imot framlegget frå Kinn" in receipt.body


def test_a_neutral_municipality_gets_bokmal_even_from_the_english_form(client, edition):
    english = complete_entry(municipality="Bodø", share_in_work_directly="62.5")
    client.post("/en" + CREATE, english)

    receipt = mail.outbox[0]
    assert receipt.subject == "Kvittering: forslag til Bosettings- og integreringsprisen 2030"
    assert "Vi har tatt imot forslaget fra Bodø" in receipt.body
