"""README promises that no feature module tested yet: each test names the README section whose
sentence it keeps true."""

import datetime
import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django.utils.formats import date_format
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from award.models import Edition, Phase
from municipalities.models import County, Municipality
from nominations.models import Attachment
from tests.factories import (
    make_edition,
    make_nomination,
    make_nominee,
    make_staff,
    make_vote,
    png_image,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent

OSLO = datetime.timezone(datetime.timedelta(hours=1))


# Editions and phases


def test_an_edition_asks_half_the_work_done_by_default():
    assert Edition(year=2031).entry_threshold == Decimal("50")


def test_the_phase_is_never_stored_but_follows_the_clock():
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    columns = [
        column.name
        for column in connection.introspection.get_table_description(
            connection.cursor(), Edition._meta.db_table
        )
    ]

    later = edition.phase(edition.voting_closes_at + datetime.timedelta(seconds=1))

    assert not [column for column in columns if "phase" in column]
    assert (edition.phase(), later) == (Phase.VOTING_OPEN, Phase.VOTING_CLOSED)


def test_the_edition_page_shows_the_public_when_and_where_of_the_ceremony(client, history):
    make_edition(year=2030, phase=Phase.NOMINEES_PUBLISHED, venue="The Hub, Oslo")
    Edition.objects.filter(year=2030).update(
        ceremony_at=datetime.datetime(2030, 11, 14, 18, 30, tzinfo=OSLO)
    )

    html = client.get("/prisen/2030/").content.decode()

    assert (
        '<dt>Prisutdeling</dt><dd><time datetime="2030-11-14T18:30:00+01:00">'
        "14. november 2030 kl. 18.30</time>, The Hub, Oslo</dd>"
    ) in html


# Municipalities


def test_the_admin_shows_a_municipalitys_name_sami_name_and_county_read_only(admin_client):
    kautokeino = Municipality.objects.get(name="Kautokeino")
    page = f"/admin/municipalities/municipality/{kautokeino.pk}/change/"
    other_county = County.objects.exclude(pk=kautokeino.county_id).first()

    shown = admin_client.get(page).content.decode()
    admin_client.post(
        page,
        {
            "name": "Omdøpt",
            "sami_name": "Ođđa",
            "county": str(other_county.pk),
            "written_standard": "nb",
            "_save": "Lagre",
        },
    )

    kautokeino.refresh_from_db()
    assert '<div class="readonly">Kautokeino</div>' in shown
    assert '<div class="readonly">Guovdageaidnu</div>' in shown
    assert 'name="name"' not in shown and 'name="county"' not in shown
    assert (
        kautokeino.name,
        kautokeino.sami_name,
        kautokeino.county_id,
        kautokeino.written_standard,
    ) == (
        "Kautokeino",
        "Guovdageaidnu",
        Municipality.objects.get(name="Alta").county_id,
        "nb",
    )


# Security: staff sign-in


def test_a_lockout_is_counted_in_the_shared_cache_and_nowhere_else(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    make_staff()
    credentials = {"username": "saksbehandler", "password": "feil-passord"}
    for _attempt in range(5):
        client.post("/admin/login/?next=/admin/", credentials, REMOTE_ADDR="192.0.2.10")
    locked = client.post(
        "/admin/login/?next=/admin/",
        {**credentials, "password": "passord-for-test"},
        REMOTE_ADDR="192.0.2.10",
    )

    cache.clear()
    after_the_cache_is_emptied = client.post(
        "/admin/login/?next=/admin/",
        {**credentials, "password": "passord-for-test"},
        REMOTE_ADDR="192.0.2.10",
    )

    assert locked.status_code == 429
    assert AccessAttempt.objects.count() == 0
    assert (after_the_cache_is_emptied.status_code, after_the_cache_is_emptied["Location"]) == (
        302,
        "/admin/",
    )


def test_a_lockout_is_kept_for_thirty_minutes(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The database cache, so that the test can read when the record expires.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
            "KEY_PREFIX": "prize",
        }
    }
    cache.clear()
    make_staff()

    client.post(
        "/admin/login/?next=/admin/",
        {"username": "saksbehandler", "password": "feil-passord"},
        REMOTE_ADDR="192.0.2.10",
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, expires FROM django_cache")
        records = cursor.fetchall()

    assert [key.split(":")[2][:5] for key, _expires in records] == ["axes-"]
    kept_for = records[0][1] - timezone.now()
    assert datetime.timedelta(minutes=29) < kept_for <= datetime.timedelta(minutes=30)


def test_an_administrator_registers_a_staff_members_app_under_totp_devices(
    client, admin_client, settings
):
    # The administrator here signed in without a code; the staff member below needs one.
    settings.ADMIN_OTP_REQUIRED = False
    staff = make_staff()
    index = admin_client.get("/admin/").content.decode()
    form = admin_client.get("/admin/otp_totp/totpdevice/add/").content.decode()
    key = re.search(r'name="key" value="([0-9a-f]+)"', form).group(1)

    admin_client.post(
        "/admin/otp_totp/totpdevice/add/",
        {
            "user": str(staff.pk),
            "name": "Telefon",
            "confirmed": "on",
            "key": key,
            "step": "30",
            "t0": "0",
            "digits": "6",
            "tolerance": "1",
            "drift": "0",
            "throttling_failure_count": "0",
            "_save": "Lagre",
        },
    )
    settings.ADMIN_OTP_REQUIRED = True
    device = TOTPDevice.objects.get(user=staff)
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    credentials = {"username": "saksbehandler", "password": "passord-for-test"}
    without_the_code = client.post("/admin/login/?next=/admin/", credentials)
    signed_in = client.post("/admin/login/?next=/admin/", {**credentials, "otp_token": code})

    assert '<a href="/admin/otp_totp/totpdevice/">TOTP devices</a>' in index
    assert (device.name, device.confirmed, device.key) == ("Telefon", True, key)
    assert without_the_code.status_code == 200
    assert (signed_in.status_code, signed_in["Location"]) == (302, "/admin/")


def test_the_numbers_the_security_section_gives_are_the_defaults():
    names = [
        "AXES_FAILURE_LIMIT",
        "AXES_COOLOFF_MINUTES",
        "SESSION_COOKIE_AGE",
        "PERSONAL_DATA_RETENTION_DAYS",
        "TRUSTED_PROXY_COUNT",
    ]
    probe = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.total_seconds(), "
        "s.SESSION_COOKIE_AGE, s.PERSONAL_DATA_RETENTION_DAYS, s.TRUSTED_PROXY_COUNT]))"
    )
    environment = {key: value for key, value in os.environ.items() if key not in names}
    environment["DJANGO_SETTINGS_MODULE"] = "award.settings"

    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[-1]) == [5, 30 * 60, 4 * 60 * 60, 365, 0]


# Security: personal data


def test_the_editions_historikk_in_the_admin_says_how_many_were_erased_and_when(
    admin_client, history, settings
):
    settings.PERSONAL_DATA_RETENTION_DAYS = 365
    edition = make_edition(
        year=2028,
        phase=Phase.WINNER_ANNOUNCED,
        at=timezone.now() - datetime.timedelta(days=400),
    )
    make_nomination(edition, "Kinn")
    make_vote(make_nominee(edition, "Kinn"), "kari@example.no")
    call_command("erase_personal_data", stdout=StringIO())
    erased_at = edition.history.first().history_date

    change_page = admin_client.get(f"/admin/award/edition/{edition.pk}/change/").content.decode()
    historikk = admin_client.get(f"/admin/award/edition/{edition.pk}/history/").content.decode()

    assert f'href="/admin/award/edition/{edition.pk}/history/" class="historylink">Historikk' in (
        change_page
    )
    assert (
        f"<td>{date_format(timezone.localtime(erased_at), 'DATETIME_FORMAT')}</td> <td>Endret</td> "
        "<td> Ingen </td> <td> Personopplysninger slettet etter lagringstiden: "
        "1 stemmer og 1 kontaktpersoner </td>"
    ) in " ".join(historikk.split())


# Open data


@pytest.fixture
def two_winners(history):
    """Two editions of our own, with dates and a venue, whose winners were revealed."""
    for year, name in [(2031, "Stord"), (2030, "Asker")]:
        edition = make_edition(
            year=year,
            phase=Phase.WINNER_ANNOUNCED,
            at=timezone.now().replace(microsecond=0),
            venue=f"Salen i {name}",
        )
        make_nominee(edition, name, is_finalist=True, is_winner=True)
    return Edition.objects.filter(year__in=[2030, 2031])


def test_the_open_data_is_read_only(client, two_winners):
    for path in [
        "/api/v1/editions",
        "/api/v1/editions/2030",
        "/api/v1/winners",
        "/api/v1/nominees.csv",
    ]:
        for method in (client.post, client.put, client.patch, client.delete):
            assert method(path).status_code == 405, (method.__name__, path)


def test_an_edition_in_the_open_data_has_its_dates_and_venue(client, two_winners):
    edition = two_winners.get(year=2030)

    data = client.get("/api/v1/editions/2030").json()

    def moment(value):
        return datetime.datetime.fromisoformat(value)

    assert (
        moment(data["nominations_deadline"]),
        moment(data["voting_opens"]),
        moment(data["voting_closes"]),
        data["venue"],
    ) == (
        edition.nominations_deadline_at,
        edition.voting_opens_at,
        edition.voting_closes_at,
        "Salen i Asker",
    )
    assert [n["municipality"] for n in data["nominees"]] == ["Asker"]


def test_the_winners_come_oldest_first(client, two_winners):
    winners = client.get("/api/v1/winners").json()

    years = [winner["year"] for winner in winners]
    assert years == sorted(years)
    assert [(w["year"], w["municipality"]) for w in winners][-2:] == [
        (2030, "Asker"),
        (2031, "Stord"),
    ]
    assert len(winners) == Edition.objects.filter(nominees__is_winner=True).count()


def test_the_interactive_api_docs_are_switched_off(client):
    assert client.get("/api/v1/docs").status_code == 404
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_the_csv_has_the_columns_its_description_names(client, two_winners):
    spec = client.get("/api/v1/openapi.json").json()
    described = spec["paths"]["/api/v1/nominees.csv"]["get"]["responses"]["200"]
    columns = described["description"].split("med kolonnene ", 1)[1].split(", ")

    response = client.get("/api/v1/nominees.csv")

    header = response.content.decode().splitlines()[0]
    assert list(described["content"]) == ["text/csv"]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert header.split(",") == columns
    assert columns == [
        "year",
        "municipality_number",
        "municipality",
        "county",
        "finalist",
        "winner",
        "votes",
        "url",
    ]


# Deployment


def test_a_staff_session_outlives_the_shared_cache(client):
    client.force_login(make_staff())

    cache.clear()

    assert client.get("/admin/").status_code == 200


def test_attachments_and_photos_are_files_under_the_private_media_root(history, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    edition = make_edition(year=2030, phase=Phase.NOMINEES_PUBLISHED)
    nominee = make_nominee(edition, "Kinn")
    nomination = make_nomination(edition, "Kinn")

    nominee.photo.save("kinn.png", ContentFile(png_image()))
    attachment = Attachment(
        nomination=nomination, original_name="plan.pdf", content_type="application/pdf", size=4
    )
    attachment.file.save("plan.pdf", ContentFile(b"%PDF"))

    stored = sorted(
        path.relative_to(tmp_path).parts[:3] for path in tmp_path.rglob("*") if path.is_file()
    )
    assert stored == [("private", "nominations", "2030"), ("private", "nominees", "2030")]
