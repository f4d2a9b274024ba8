"""An attachment downloads under the type its content has, never the name's extension."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from award.models import Phase
from nominations.forms import NominationForm
from nominations.tokens import edit_token
from tests.factories import make_edition, make_staff, png_image
from tests.test_nomination_form import complete_entry

pytestmark = pytest.mark.django_db

# A PDF whose body is also a web page: a browser that saved it as .html would run the script.
POLYGLOT = (
    b"%PDF-1.4\n<html><body><script>alert(document.domain)</script></body></html>\n"
    b"1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
)


@pytest.fixture
def nomination(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    edition = make_edition(year=2030, phase=Phase.NOMINATIONS_OPEN)
    form = NominationForm(complete_entry(), edition=edition, submitting=True)
    assert form.is_valid()
    return form.save()


def upload_and_download(client, nomination, name, content):
    client.post(
        f"/forslag/{edit_token(nomination)}/vedlegg/", {"file": SimpleUploadedFile(name, content)}
    )
    attachment = nomination.attachments.get()
    client.force_login(make_staff())
    return attachment, client.get(f"/forslag/vedlegg/{attachment.pk}/")


@pytest.mark.parametrize(
    "name, content, content_type, download_name",
    [
        ("polyglot.html", POLYGLOT, "application/pdf", "polyglot.pdf"),
        ("bilde.pdf", png_image(), "image/png", "bilde.png"),
        ("Vedtak.fra.kommunestyret.PDF", POLYGLOT, "application/pdf", "Vedtak.fra.kommunestyret.pdf"),
        ("uten-filending", png_image(), "image/png", "uten-filending.png"),
        (".pdf", png_image(), "image/png", "vedlegg.png"),
    ],
)
def test_an_attachment_downloads_as_the_type_its_content_is(
    client, nomination, name, content, content_type, download_name
):
    attachment, response = upload_and_download(client, nomination, name, content)

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{download_name}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == content
    # What the municipality called the file stays on record.
    assert attachment.original_name == name


def test_a_name_with_norwegian_letters_keeps_them_in_the_download(client, nomination):
    _attachment, response = upload_and_download(client, nomination, "Bærum – vedtak.html", POLYGLOT)

    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''B%C3%A6rum%20%E2%80%93%20vedtak.pdf"
    )
