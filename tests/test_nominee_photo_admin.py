"""A nominee with a photo opens, shows the photo through the private view, and saves again."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from award.models import Phase
from nominations.models import Nominee
from tests.factories import make_edition, make_juror, make_nominee, make_staff, png_image

pytestmark = pytest.mark.django_db

PREVIEW = "/prisen/2030/kinn/bilde/"


def jpeg_image():
    buffer = io.BytesIO()
    Image.new("RGB", (6, 4), "orange").save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.fixture
def nominee(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return make_nominee(make_edition(year=2030, phase=Phase.UNDER_REVIEW), "Kinn")


def texts(**fields):
    return {
        "description": "Kinn samarbeider tett med arbeidsgivere.",
        "jury_rationale": "Juryen la merke til språkpraksisen.",
        "photo_alt": "Deltakere i språkpraksis på et verksted",
        "photo_credit": "IMDi",
        **fields,
    }


@pytest.mark.parametrize(
    "name, content, content_type",
    [("kinn.png", png_image(), "image/png"), ("kinn.jpg", jpeg_image(), "image/jpeg")],
    ids=["png", "jpeg"],
)
def test_staff_upload_a_photo_then_open_and_save_the_nominee_again(
    client, nominee, name, content, content_type
):
    client.force_login(make_staff())
    change = reverse("admin:nominations_nominee_change", args=[nominee.pk])

    uploaded = client.post(change, texts(photo=SimpleUploadedFile(name, content, content_type)))
    opened = client.get(change)
    saved = client.post(change, texts(description="Ny omtale av Kinn."))
    preview = client.get(PREVIEW)

    nominee.refresh_from_db()
    page = opened.content.decode()
    assert uploaded.status_code == 302
    assert opened.status_code == 200
    assert f'<a href="{PREVIEW}">Åpne bildet</a>' in page
    assert (
        f'<img src="{PREVIEW}" alt="Deltakere i språkpraksis på et verksted" width="240">' in page
    )
    assert saved.status_code == 302
    assert nominee.description == "Ny omtale av Kinn."
    assert nominee.photo.name.startswith("nominees/2030/")
    assert preview.status_code == 200
    assert preview["Content-Type"] == content_type
    assert b"".join(preview.streaming_content) == content


def test_staff_remove_the_photo_with_the_checkbox(client, nominee):
    client.force_login(make_staff())
    change = reverse("admin:nominations_nominee_change", args=[nominee.pk])
    client.post(change, texts(photo=SimpleUploadedFile("kinn.png", png_image(), "image/png")))

    removed = client.post(change, texts(**{"photo-clear": "on"}))

    assert removed.status_code == 302
    assert not Nominee.objects.get(pk=nominee.pk).photo


def test_a_jury_member_opens_a_nominee_with_a_photo_and_sees_the_preview(client, nominee):
    staff = make_staff()
    client.force_login(staff)
    change = reverse("admin:nominations_nominee_change", args=[nominee.pk])
    client.post(change, texts(photo=SimpleUploadedFile("kinn.png", png_image(), "image/png")))
    client.force_login(make_juror(nominee.edition, "kari").user)

    opened = client.get(change)
    preview = client.get(PREVIEW)

    assert opened.status_code == 200
    assert f'<img src="{PREVIEW}"' in opened.content.decode()
    assert preview.status_code == 200
