"""Each rule of the nomination form, with the message shown beside its field."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from award.models import Phase
from nominations.forms import AttachmentForm, NominationForm
from nominations.models import Nomination, NominationStatus
from tests.factories import make_edition
from tests.test_nomination_form import complete_entry, errors_beside

pytestmark = pytest.mark.django_db

CREATE = "/forslag/"


@pytest.fixture
def edition():
    return make_edition(year=2030, phase=Phase.NOMINATIONS_OPEN)


def form_errors(edition, **changes):
    form = NominationForm({**complete_entry(), **changes}, edition=edition, submitting=True)
    form.is_valid()
    return form.errors


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("share_in_work_directly", "abc", "Skriv andelen som et tall, for eksempel 62 eller 62,5."),
        ("share_in_work_directly", "140", "Andelen kan ikke være over 100 %."),
        ("share_in_work_after_one_year", "-1", "Andelen kan ikke være under 0 %."),
        ("share_in_work_after_one_year", "55,55", "Skriv andelen med høyst én desimal."),
        ("participants", "førti", "Skriv et helt tall, for eksempel 25."),
        ("settlement_requested", "-3", "Antallet kan ikke være negativt."),
        ("contact_email", "kari.kinn.kommune.no", "Skriv en gyldig e-postadresse, for eksempel navn@kommune.no."),
        ("contact_phone", "ring meg", "Skriv telefonnummeret med sifre, for eksempel 22 24 16 00."),
        ("municipality", "999999", "Velg en kommune fra listen."),
        ("municipality", "", "Velg kommunen forslaget gjelder."),
        ("consent", "", "Du må samtykke for at vi kan behandle forslaget."),
        ("answer_settlement", "x" * 3001, "«Engasjement og fleksibilitet i bosettingen» kan ha høyst 3000 tegn (nå 3001)."),
    ],
)
def test_bad_input_gets_a_clear_message_beside_the_field(edition, field, value, message):
    assert form_errors(edition, **{field: value})[field] == [message]


def test_a_decimal_comma_and_a_decimal_point_are_both_understood(edition):
    comma = NominationForm(complete_entry(share_in_work_directly="62,5"), edition=edition, submitting=True)
    point = NominationForm(complete_entry(share_in_work_directly="62.5"), edition=edition, submitting=True)

    assert comma.is_valid() and point.is_valid()
    assert comma.cleaned_data["share_in_work_directly"] == Decimal("62.5")
    assert point.cleaned_data["share_in_work_directly"] == Decimal("62.5")


def test_bad_input_is_shown_again_as_typed(client, edition):
    response = client.post(CREATE, complete_entry(share_in_work_directly="140", answer_projects="Mitt svar"))

    html = response.content.decode()
    assert response.status_code == 200
    assert errors_beside(response, "share_in_work_directly") == "Andelen kan ikke være over 100 %."
    assert 'value="140"' in html
    assert "Mitt svar" in html
    assert Nomination.objects.count() == 0


def test_the_form_states_the_entry_criterion_before_submission(client, edition):
    html = client.get(CREATE).content.decode()

    assert (
        "Inngangskriteriet er minst 50 % både rett etter og ett år etter programmet. "
        "Et forslag under dette kan ikke vinne prisen."
    ) in html


@pytest.mark.parametrize(
    "share, meets",
    [("49,9", False), ("50", True), ("50,1", True)],
)
def test_the_entry_criterion_is_checked_at_its_boundary(client, edition, share, meets):
    client.post(CREATE, complete_entry(share_in_work_after_one_year=share))

    nomination = Nomination.objects.get()
    assert nomination.status == NominationStatus.SUBMITTED
    assert nomination.meets_entry_criterion() is meets
    assert Nomination.objects.meeting_entry_criterion().exists() is meets


def test_an_entry_below_the_criterion_is_accepted_and_told_why_it_does_not_qualify(client, edition):
    response = client.post(
        CREATE, complete_entry(share_in_work_directly="49,9"), follow=True
    )

    html = response.content.decode()
    assert "Forslaget oppfyller ikke inngangskriteriet" in html
    assert "49,9 % rett etter programmet er under inngangskriteriet på 50 %." in html


def test_the_edition_threshold_decides_the_criterion(edition):
    edition.entry_threshold = Decimal("60")
    edition.save()
    nomination = Nomination(
        edition=edition, share_in_work_directly=Decimal("59.9"), share_in_work_after_one_year=Decimal("61")
    )

    assert nomination.entry_criterion_shortfalls() == [
        "59,9 % rett etter programmet er under inngangskriteriet på 60 %."
    ]


def test_a_post_without_a_csrf_token_gets_a_clear_page_and_stores_nothing(edition):
    strict = Client(enforce_csrf_checks=True)

    response = strict.post(CREATE, complete_entry())

    assert response.status_code == 403
    assert "Skjemaet var for gammelt" in response.content.decode()
    assert Nomination.objects.count() == 0


# Attachments, judged by what they contain.

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def plain_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("virus.txt", "nothing")
    return buffer.getvalue()


@pytest.fixture
def nomination(edition, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    form = NominationForm(complete_entry(), edition=edition, submitting=True)
    assert form.is_valid()
    return form.save()


def attach(nomination, name, content):
    form = AttachmentForm({}, {"file": SimpleUploadedFile(name, content)}, nomination=nomination)
    return form


@pytest.mark.parametrize(
    "name, content, mime",
    [
        ("rapport.pdf", PDF, "application/pdf"),
        ("bilde.png", PNG, "image/png"),
        ("plan.docx", docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_accepted_attachments_are_stored_privately_with_their_type(nomination, tmp_path, name, content, mime):
    form = attach(nomination, name, content)

    assert form.is_valid(), form.errors
    attachment = form.save()
    assert attachment.content_type == mime
    assert attachment.original_name == name
    stored = tmp_path / attachment.file.name
    assert stored.read_bytes() == content
    assert name not in attachment.file.name


@pytest.mark.parametrize(
    "name, content",
    [
        ("program.pdf", EXE),
        ("arkiv.docx", plain_zip()),
        ("tekst.pdf", b"just some text pretending"),
        ("script.png", b"#!/bin/sh\nrm -rf /\n"),
    ],
)
def test_attachments_are_refused_by_content_not_by_name(nomination, name, content):
    form = attach(nomination, name, content)

    assert not form.is_valid()
    assert form.errors["file"] == [
        "Filtypen er ikke tillatt. Last opp PDF, JPEG, PNG eller et kontordokument."
    ]
    assert nomination.attachments.count() == 0


def test_an_attachment_over_the_size_limit_is_refused(nomination, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000

    form = attach(nomination, "stor.pdf", PDF + b"0" * 2000)

    assert not form.is_valid()
    assert form.errors["file"] == [
        "Filen er for stor (2,0\xa0KB). Største tillatte størrelse er 1000\xa0byte."
    ]


def test_attachments_together_may_not_pass_the_entry_limit(nomination, settings):
    settings.ATTACHMENTS_MAX_TOTAL_BYTES = 150
    first = attach(nomination, "en.pdf", PDF + b"0" * 60)
    assert first.is_valid()
    first.save()

    second = attach(nomination, "to.pdf", PDF + b"0" * 60)

    assert not second.is_valid()
    assert second.errors["file"] == ["Vedleggene kan til sammen være høyst 150\xa0byte."]


def test_a_path_in_the_file_name_is_not_kept(nomination):
    form = attach(nomination, "../../etc/passwd.pdf", PDF)

    assert form.is_valid()
    attachment = form.save()
    assert ".." not in attachment.file.name
    assert attachment.original_name == "passwd.pdf"


def test_an_upload_through_the_link_is_listed_on_the_entry(client, nomination):
    from nominations.tokens import edit_token

    token = edit_token(nomination)
    response = client.post(
        f"/forslag/{token}/vedlegg/", {"file": SimpleUploadedFile("rapport.pdf", PDF)}, follow=True
    )

    assert "Vedlegget «rapport.pdf» er lagt ved." in response.content.decode()
    assert nomination.attachments.get().original_name == "rapport.pdf"


def test_an_anonymous_visitor_cannot_fetch_an_attachment(client, nomination):
    attachment = attach(nomination, "rapport.pdf", PDF)
    attachment.is_valid()
    saved = attachment.save()

    response = client.get(f"/forslag/vedlegg/{saved.pk}/")

    assert response.status_code == 302
    assert PDF not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_staff_can_fetch_an_attachment(admin_client, nomination):
    attachment = attach(nomination, "rapport.pdf", PDF)
    attachment.is_valid()
    saved = attachment.save()

    response = admin_client.get(f"/forslag/vedlegg/{saved.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="rapport.pdf"'
