"""The nominees and the jury's words are public only once staff publish them."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from award.models import Edition, Phase
from tests.factories import make_edition, make_nominee, make_staff, png_image

PNG_PIXEL = png_image()

pytestmark = pytest.mark.django_db

RATIONALE = "Juryen la merke til det systematiske språkarbeidet i Kinn."
DESCRIPTION = "Kinn har bygd opp et tett samarbeid med lokale arbeidsgivere."


@pytest.fixture
def edition():
    return make_edition(year=2030, phase=Phase.UNDER_REVIEW)


@pytest.fixture
def nominee(edition, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    nominee = make_nominee(
        edition,
        "Kinn",
        description=DESCRIPTION,
        jury_rationale=RATIONALE,
        photo_alt="Deltakere i språkpraksis",
        photo_credit="IMDi",
    )
    nominee.photo.save("kinn.png", ContentFile(PNG_PIXEL))
    return nominee


@pytest.fixture
def staff(client):
    client.force_login(make_staff())
    return client


def public_pages(edition, nominee):
    return [
        reverse("award:front_page"),
        reverse("award:edition", kwargs={"year": edition.year}),
        reverse("award:archive"),
        reverse("award:criteria"),
        "/nn/",
        f"/en/prisen/{edition.year}/",
    ]


def test_before_publication_no_public_page_shows_the_nominee_or_the_rationale(client, edition, nominee):
    photo = client.get(
        reverse("award:nominee_photo", kwargs={"year": edition.year, "slug": "kinn"})
    )

    for url in public_pages(edition, nominee):
        html = client.get(url).content.decode()
        assert RATIONALE not in html, url
        assert DESCRIPTION not in html, url
        assert 'href="/prisen/2030/kinn/"' not in html, url
    nominee_page = client.get(reverse("award:nominee", kwargs={"year": 2030, "slug": "kinn"}))
    assert nominee_page.status_code == 404
    assert RATIONALE not in nominee_page.content.decode()
    assert photo.status_code == 404


def test_staff_publish_with_one_action_and_every_page_follows(staff, client, edition, nominee):
    response = staff.post(
        reverse("admin:award_edition_changelist"),
        {"action": "publish_nominees", "_selected_action": [edition.pk], "index": 0},
        follow=True,
    )
    staff.logout()

    edition.refresh_from_db()
    page = client.get(reverse("award:nominee", kwargs={"year": 2030, "slug": "kinn"}))
    photo = client.get(reverse("award:nominee_photo", kwargs={"year": 2030, "slug": "kinn"}))
    html = page.content.decode()
    # The whole message, with the date it replaced, is in tests/test_admin_action_messages.py.
    assert [
        str(m).startswith("De nominerte til Bosettings- og integreringsprisen 2030 er kunngjort nå.")
        for m in response.context["messages"]
    ] == [True]
    assert edition.phase() == Phase.NOMINEES_PUBLISHED
    assert RATIONALE in html
    assert DESCRIPTION in html
    assert 'alt="Deltakere i språkpraksis"' in html
    assert "Foto: IMDi" in html
    assert photo.status_code == 200
    assert b"".join(photo.streaming_content) == PNG_PIXEL
    edition_page = client.get(reverse("award:edition", kwargs={"year": 2030})).content.decode()
    assert 'href="/prisen/2030/kinn/"' in edition_page
    assert DESCRIPTION in edition_page


def test_publication_is_refused_while_a_nominee_lacks_its_texts(staff, edition, nominee):
    make_nominee(edition, "Bodø", description="Omtale")

    response = staff.post(
        reverse("admin:award_edition_changelist"),
        {"action": "publish_nominees", "_selected_action": [edition.pk], "index": 0},
        follow=True,
    )

    messages = [str(m) for m in response.context["messages"]]
    assert any("Disse mangler omtale eller juryens begrunnelse: Bodø." in m for m in messages)
    assert Edition.objects.get(pk=edition.pk).phase() == Phase.UNDER_REVIEW


def test_staff_preview_the_photo_before_publication(staff, edition, nominee):
    photo = staff.get(reverse("award:nominee_photo", kwargs={"year": 2030, "slug": "kinn"}))

    assert photo.status_code == 200
    assert photo["Cache-Control"] == "private, no-store"


def test_a_photo_needs_an_alternative_text_and_a_credit(staff, edition, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    nominee = make_nominee(edition, "Bodø")
    upload = ContentFile(PNG_PIXEL, name="bodo.png")

    response = staff.post(
        reverse("admin:nominations_nominee_change", args=[nominee.pk]),
        {"description": "Omtale", "jury_rationale": "Begrunnelse", "photo": upload},
    )

    errors = response.context["adminform"].form.errors
    assert errors["photo_alt"] == ["Et bilde trenger en alternativ tekst."]
    assert errors["photo_credit"] == ["Oppgi hvem som har tatt bildet."]


def test_publication_is_recorded_with_who_and_when(staff, edition, nominee):
    staff.post(
        reverse("admin:award_edition_changelist"),
        {"action": "publish_nominees", "_selected_action": [edition.pk], "index": 0},
    )

    record = Edition.objects.get(pk=edition.pk).history.latest()
    history = staff.get(reverse("admin:award_edition_history", args=[edition.pk]))
    assert record.history_user.username == "saksbehandler"
    assert record.history_change_reason == "De nominerte ble kunngjort"
    assert "De nominerte ble kunngjort" in history.content.decode()
