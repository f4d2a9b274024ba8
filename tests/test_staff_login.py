"""Staff and jury sign in with a password and a one-time code, are locked out after repeated
failures, get sessions that end, and find the admin where the configuration puts it."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from award.models import Phase
from tests.factories import make_edition, make_juror, make_staff

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "passord-for-test"
WRONG = "feil-passord"


@pytest.fixture(autouse=True)
def fresh_counts(settings):
    """Failed sign-ins are counted in the shared cache; a fast hasher keeps the many attempts quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def codes(settings):
    settings.ADMIN_OTP_REQUIRED = True


def text(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def sign_in(client, username, password, code=None, address="192.0.2.10", **headers):
    data = {"username": username, "password": password}
    if code is not None:
        data["otp_token"] = code
    return client.post(LOGIN, data, REMOTE_ADDR=address, **headers)


def app_of(user):
    return TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True)


def code_from(device):
    return TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()


def test_the_fifth_wrong_password_locks_the_name_out_and_then_even_the_right_one_is_refused(client):
    make_staff()
    refused = [sign_in(client, "saksbehandler", WRONG) for _attempt in range(5)]

    locked = sign_in(client, "saksbehandler", PASSWORD)

    assert [response.status_code for response in refused] == [200, 200, 200, 200, 429]
    assert "Vennligst oppgi gyldig brukernavn og passord til en administrasjonsbrukerkonto." in text(
        refused[0]
    )
    assert locked.status_code == 429
    assert "For mange forsøk på å logge inn" in text(locked)
    assert "Prøv igjen om 30 minutter." in text(locked)
    assert "_auth_user_id" not in client.session


def test_a_lockout_holds_for_one_name_from_one_address_only(client):
    make_staff()
    for _attempt in range(5):
        sign_in(client, "saksbehandler", WRONG, address="192.0.2.10")

    elsewhere = sign_in(client, "saksbehandler", PASSWORD, address="198.51.100.7")

    assert (elsewhere.status_code, elsewhere["Location"]) == (302, "/admin/")


def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(client):
    make_staff()
    for attempt in range(5):
        sign_in(client, "saksbehandler", WRONG, HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}")

    locked = sign_in(client, "saksbehandler", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99")

    assert locked.status_code == 429


def test_a_right_password_before_the_limit_clears_the_count(client):
    make_staff()
    for _attempt in range(4):
        sign_in(client, "saksbehandler", WRONG)
    sign_in(client, "saksbehandler", PASSWORD)
    client.logout()
    for _attempt in range(4):
        sign_in(client, "saksbehandler", WRONG)

    signed_in = sign_in(client, "saksbehandler", PASSWORD)

    assert (signed_in.status_code, signed_in["Location"]) == (302, "/admin/")


def test_a_password_alone_does_not_let_staff_in(client, codes):
    app_of(make_staff())

    response = sign_in(client, "saksbehandler", PASSWORD)

    assert response.status_code == 200
    assert "Skriv inn engangskoden fra autentiseringsappen." in text(response)
    assert "_auth_user_id" not in client.session


def test_staff_get_in_with_the_password_and_the_code_from_their_app(client, codes):
    device = app_of(make_staff())

    response = sign_in(client, "saksbehandler", PASSWORD, code=code_from(device))
    index = client.get("/admin/")

    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert index.status_code == 200
    assert "Velkommen, saksbehandler ." in text(index)


def test_a_wrong_code_is_refused_with_a_clear_message(client, codes):
    device = app_of(make_staff())
    wrong = f"{(int(code_from(device)) + 1) % 1_000_000:06d}"

    response = sign_in(client, "saksbehandler", PASSWORD, code=wrong)

    assert "Engangskoden stemmer ikke. Skriv inn koden appen viser nå." in text(response)
    assert "_auth_user_id" not in client.session


def test_staff_without_an_app_are_told_to_ask_an_administrator(client, codes):
    make_staff()

    response = sign_in(client, "saksbehandler", PASSWORD, code="123456")

    assert (
        "Kontoen din har ingen autentiseringsapp ennå. Be en administrator om å registrere en for deg."
        in text(response)
    )
    assert "_auth_user_id" not in client.session


def test_a_jury_member_needs_a_code_too(client, codes):
    juror = make_juror(make_edition(year=2030, phase=Phase.UNDER_REVIEW))
    device = app_of(juror.user)

    without = sign_in(client, "jurymedlem", PASSWORD)
    with_code = sign_in(client, "jurymedlem", PASSWORD, code=code_from(device))

    assert "Skriv inn engangskoden fra autentiseringsappen." in text(without)
    assert (with_code.status_code, with_code["Location"]) == (302, "/admin/")


def test_a_session_signed_in_without_a_code_is_sent_back_to_the_login(client, codes):
    client.force_login(make_staff())

    response = client.get("/admin/")

    assert (response.status_code, response["Location"]) == (302, LOGIN)


def test_a_staff_session_ends_with_the_browser_and_lasts_at_most_four_hours(client):
    make_staff()

    sign_in(client, "saksbehandler", PASSWORD)

    session = client.session
    assert session.get_expire_at_browser_close() is True
    assert session.get_expiry_age() == 4 * 60 * 60
    stored = Session.objects.get(session_key=session.session_key)
    lifetime = stored.expire_date - timezone.now()
    assert 4 * 60 * 60 - 60 < lifetime.total_seconds() <= 4 * 60 * 60


def test_the_admin_lives_at_the_configured_path_and_nowhere_else():
    probe = (
        "import django; django.setup(); from django.test import Client; from django.urls import reverse; "
        "c = Client(HTTP_HOST='localhost'); print(reverse('admin:index'), "
        "c.get('/staff-4f2a/').status_code, c.get('/admin/').status_code)"
    )
    environment = {
        k: v for k, v in os.environ.items() if k not in {"ADMIN_PATH", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(ADMIN_PATH="staff-4f2a/", DJANGO_SETTINGS_MODULE="award.settings")

    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=environment, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-3:] == ["/staff-4f2a/", "302", "404"]
