"""Staff read the municipalities' nominations in the admin, filter and export them."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from award.models import Phase
from municipalities.models import Municipality
from nominations.models import Attachment, Nomination, NominationStatus
from tests.factories import make_edition

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:nominations_nomination_changelist"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def staff(admin_client):
    return admin_client


@pytest.fixture
def edition():
    return make_edition(year=2030, phase=Phase.NOMINATIONS_OPEN)


def nominate(edition, name="Kinn", **fields):
    entry = {
        "contact_name": f"Kontakt i {name}",
        "contact_email": "post@kommune.no",
        "share_in_work_directly": Decimal("62.5"),
        "share_in_work_after_one_year": Decimal("70"),
        "status": NominationStatus.SUBMITTED,
        **fields,
    }
    return Nomination.objects.create(
        edition=edition, municipality=Municipality.objects.get(name=name), **entry
    )


def listed(response):
    """The nominations the change list shows, by municipality name."""
    return sorted(str(n.municipality) for n in response.context["cl"].result_list)


def change_url(nomination):
    return reverse("admin:nominations_nomination_change", args=[nomination.pk])


def attach(nomination, name="Vedtak.pdf", content=PDF):
    return Attachment.objects.create(
        nomination=nomination,
        file=ContentFile(content, name="upload"),
        original_name=name,
        content_type="application/pdf",
        size=len(content),
    )


def export(staff, nominations):
    return staff.post(
        reverse(CHANGELIST),
        {"action": "export_csv", "_selected_action": [n.pk for n in nominations]},
    )


def rows_of(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


def test_the_list_shows_each_nomination_with_its_status_and_criterion(staff, edition):
    nominate(edition, "Kinn")
    nominate(
        edition, "Bergen", status=NominationStatus.DRAFT, share_in_work_directly=Decimal("49.9")
    )

    response = staff.get(reverse(CHANGELIST))

    html = response.content.decode()
    assert response.status_code == 200
    assert listed(response) == ["Bergen", "Kinn"]
    assert "Sendt inn" in html
    assert "Utkast" in html
    assert "Oppfyller inngangskriteriet" in html
    assert html.count('<img src="/static/admin/img/icon-yes.svg" alt="Ja">') == 1
    assert html.count('<img src="/static/admin/img/icon-no.svg" alt="Nei">') == 1


def test_the_list_filters_by_status(staff, edition):
    nominate(edition, "Kinn")
    nominate(edition, "Bergen", status=NominationStatus.DRAFT)
    nominate(edition, "Bodø", status=NominationStatus.WITHDRAWN)

    response = staff.get(reverse(CHANGELIST), {"status__exact": NominationStatus.DRAFT})

    assert listed(response) == ["Bergen"]


def test_the_list_filters_by_the_municipalitys_county(staff, edition):
    kinn = nominate(edition, "Kinn")
    nominate(edition, "Bergen")
    nominate(edition, "Bodø")

    response = staff.get(
        reverse(CHANGELIST), {"municipality__county__id__exact": kinn.municipality.county_id}
    )

    assert listed(response) == ["Bergen", "Kinn"]


@pytest.mark.parametrize(("choice", "expected"), [("ja", ["Bodø", "Kinn"]), ("nei", ["Bergen"])])
def test_the_list_filters_by_the_entry_criterion_at_its_threshold(staff, edition, choice, expected):
    nominate(edition, "Bergen", share_in_work_directly=Decimal("49.9"))
    nominate(edition, "Kinn", share_in_work_directly=Decimal("50"))
    nominate(edition, "Bodø", share_in_work_directly=Decimal("50.1"))

    response = staff.get(reverse(CHANGELIST), {"inngangskriteriet": choice})

    html = response.content.decode()
    assert "Inngangskriteriet" in html
    assert "Oppfyller ikke" in html
    assert listed(response) == expected


def test_staff_find_a_nomination_by_municipality_without_norwegian_letters(staff, edition):
    nominate(edition, "Bodø")
    nominate(edition, "Kinn")

    response = staff.get(reverse(CHANGELIST), {"q": "bodo"})

    assert listed(response) == ["Bodø"]


def test_the_detail_page_shows_why_an_entry_fails_the_entry_criterion(staff, edition):
    nomination = nominate(edition, share_in_work_directly=Decimal("49.9"))

    response = staff.get(change_url(nomination))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<li>49,9 % rett etter programmet er under inngangskriteriet på 50 %.</li>" in html
    assert "Kontaktperson" in html
    assert "Kontakt i Kinn" in html


def test_the_detail_page_says_an_entry_meets_the_entry_criterion(staff, edition):
    nomination = nominate(edition, share_in_work_directly=Decimal("50"))

    response = staff.get(change_url(nomination))

    assert response.context["adminform"].readonly_fields
    assert '<div class="readonly">Oppfyller</div>' in response.content.decode()


def test_the_detail_page_is_read_only_and_a_post_changes_nothing(staff, edition):
    nomination = nominate(edition, unit="Flyktningtenesta")
    before = nomination.updated_at

    page = staff.get(change_url(nomination)).content.decode()
    response = staff.post(change_url(nomination), {"unit": "Endret av IMDi", "_save": "Lagre"})

    assert 'name="_save"' not in page
    assert response.status_code == 403
    nomination.refresh_from_db()
    assert nomination.unit == "Flyktningtenesta"
    assert nomination.updated_at == before
    assert nomination.history.count() == 1


def test_the_detail_page_links_to_an_attachment_that_staff_can_download(
    staff, client, edition, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    attachment = attach(nominate(edition), name="Kommunestyrevedtak.pdf")
    link = reverse("nominations:attachment", args=[attachment.pk])

    html = staff.get(change_url(attachment.nomination)).content.decode()
    download = staff.get(link)
    anonymous = client.get(link)

    assert f'<li><a href="{link}">Kommunestyrevedtak.pdf</a> ({len(PDF)}\xa0byte)</li>' in html
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "Kommunestyrevedtak.pdf" in download["Content-Disposition"]
    assert anonymous.status_code == 302
    assert "login" in anonymous["Location"]
    assert PDF not in anonymous.content


def test_staff_without_the_attachment_permission_see_the_name_but_no_link(
    client, edition, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    attachment = attach(nominate(edition), name="Kommunestyrevedtak.pdf")
    reader = User.objects.create_user("saksbehandler", is_staff=True)
    reader.user_permissions.add(
        Permission.objects.get(codename="view_nomination"),
        Permission.objects.get(codename="review_nomination"),
    )
    client.force_login(reader)

    response = client.get(change_url(attachment.nomination))

    html = response.content.decode()
    assert response.status_code == 200
    assert f"<li>Kommunestyrevedtak.pdf ({len(PDF)}\xa0byte)</li>" in html
    assert reverse("nominations:attachment", args=[attachment.pk]) not in html


def test_staff_cannot_add_or_delete_nominations(staff, edition):
    nomination = nominate(edition)

    listing = staff.get(reverse(CHANGELIST))
    add = staff.get(reverse("admin:nominations_nomination_add"))
    delete = staff.get(reverse("admin:nominations_nomination_delete", args=[nomination.pk]))
    post_delete = staff.post(
        reverse("admin:nominations_nomination_delete", args=[nomination.pk]), {"post": "yes"}
    )

    actions = [name for name, _label in listing.context["action_form"].fields["action"].choices]
    assert actions == ["", "mark_eligible", "shortlist", "export_csv"]
    assert add.status_code == 403
    assert delete.status_code == 403
    assert post_delete.status_code == 403
    assert Nomination.objects.filter(pk=nomination.pk).exists()


def test_the_csv_export_has_a_header_and_one_row_per_selected_nomination(
    staff, edition, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    submitted_at = timezone.make_aware(datetime.datetime(2030, 5, 2, 14, 30))
    kinn = nominate(
        edition,
        "Kinn",
        unit="Flyktningtenesta",
        contact_name="Kari Nordmann",
        contact_role="Leiar",
        contact_email="kari@kinn.kommune.no",
        contact_phone="57 00 00 00",
        participants=40,
        share_in_work_directly=Decimal("62.5"),
        share_in_work_after_one_year=Decimal("70"),
        settlement_requested=30,
        settlement_settled=32,
        council_decided_per_request=True,
        answer_settlement="Vi busette raskt; og planmessig.",
        answer_projects="Språkpraksis i lokale verksemder.",
        answer_qualification="Fagbrev i helsefag for vaksne.",
        submitted_at=submitted_at,
    )
    attach(kinn)
    attach(kinn, name="Rapport.pdf")
    bodo = nominate(
        edition,
        "Bodø",
        status=NominationStatus.DRAFT,
        contact_name="Ola Nordmann",
        contact_email="ola@bodo.kommune.no",
        share_in_work_directly=Decimal("49.9"),
        share_in_work_after_one_year=None,
    )
    nominate(edition, "Bergen")

    response = export(staff, [kinn, bodo])

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="forslag.csv"'
    header, *rows = rows_of(response)
    assert header == [
        "År",
        "Kommunenummer",
        "Kommune",
        "Fylke",
        "Status",
        "Enhet",
        "Kontaktperson",
        "Rolle eller stilling",
        "E-postadresse",
        "Telefonnummer",
        "Antall deltakere",
        "Andel i arbeid eller utdanning rett etter programmet (prosent)",
        "Andel i arbeid eller utdanning ett år etter programmet (prosent)",
        "Anmodning om bosetting",
        "Bosatt",
        "Vedtak i tråd med anmodningen",
        "Oppfyller inngangskriteriet",
        "Mangler ved inngangskriteriet",
        "Sendt inn",
        "Engasjement og fleksibilitet i bosettingen",
        "Nye prosjekter og tiltak",
        "Tilpasset program og kvalifisering til formell kompetanse",
        "Antall vedlegg",
        "Vurdering",
        "Begrunnelse for vurderingen",
        "Antall poenggivninger",
        "Snitt: Resultater i introduksjonsprogrammet",
        "Snitt: Engasjement og fleksibilitet i bosettingen",
        "Snitt: Nye prosjekter og tiltak",
        "Snitt: Tilpasset program og kvalifisering til formell kompetanse",
        "Sum av snittene",
        "Plass",
        "Nominert",
    ]
    unreviewed = ["Ikke vurdert", "", "0", "", "", "", "", "", "", "Nei"]
    assert rows == [
        [
            "2030",
            "1804",
            "Bodø",
            "Nordland",
            "Utkast",
            "",
            "Ola Nordmann",
            "",
            "ola@bodo.kommune.no",
            "",
            "",
            "49,9",
            "",
            "",
            "",
            "",
            "Nei",
            "49,9 % rett etter programmet er under inngangskriteriet på 50 %. "
            "Andelen ett år etter programmet mangler.",
            "",
            "",
            "",
            "",
            "0",
            *unreviewed,
        ],
        [
            "2030",
            "4602",
            "Kinn",
            "Vestland",
            "Sendt inn",
            "Flyktningtenesta",
            "Kari Nordmann",
            "Leiar",
            "kari@kinn.kommune.no",
            "57 00 00 00",
            "40",
            "62,5",
            "70",
            "30",
            "32",
            "Ja",
            "Ja",
            "",
            "2030-05-02T14:30:00+02:00",
            "Vi busette raskt; og planmessig.",
            "Språkpraksis i lokale verksemder.",
            "Fagbrev i helsefag for vaksne.",
            "2",
            *unreviewed,
        ],
    ]


def test_the_csv_export_keeps_what_a_municipality_wrote_from_running_as_a_formula(staff, edition):
    nomination = nominate(edition, answer_projects='=HYPERLINK("http://example.com")')

    header, row = rows_of(export(staff, [nomination]))

    assert row[header.index("Nye prosjekter og tiltak")] == '\'=HYPERLINK("http://example.com")'


@pytest.mark.parametrize("count", [2, 10])
def test_the_csv_export_needs_the_same_number_of_queries_for_any_number_of_nominations(
    staff, edition, settings, tmp_path, django_assert_max_num_queries, count
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    municipalities = Municipality.objects.order_by("number")[:count]
    nominations = [nominate(edition, m.name) for m in municipalities]
    for nomination in nominations:
        attach(nomination)

    # The nominations, their attachments, and the ranking of each edition (scores, nominees).
    with django_assert_max_num_queries(13):
        response = export(staff, nominations)

    assert len(rows_of(response)) == count + 1


def test_the_history_page_lists_the_changes_with_their_reason(staff, edition):
    nomination = nominate(edition, unit="Flyktningtenesta")
    nomination.unit = "Integreringstenesta"
    nomination._change_reason = "Kommunen rettet navnet på enheten"
    nomination.save()

    response = staff.get(reverse("admin:nominations_nomination_history", args=[nomination.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Kommunen rettet navnet på enheten" in html
    assert "Flyktningtenesta" in html
    assert "Integreringstenesta" in html


def test_staff_cannot_revert_a_nomination_to_an_earlier_version(staff, edition):
    nomination = nominate(edition, unit="Flyktningtenesta")
    first = nomination.history.earliest()
    nomination.unit = "Integreringstenesta"
    nomination.save()
    url = reverse(
        "admin:nominations_nomination_simple_history", args=[nomination.pk, first.history_id]
    )

    page = staff.get(url)
    response = staff.post(url, {"_change_history": "1"})

    assert page.status_code == 200
    assert response.status_code == 403
    nomination.refresh_from_db()
    assert nomination.unit == "Integreringstenesta"
