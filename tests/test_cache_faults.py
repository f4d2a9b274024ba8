"""With the shared cache (Redis) gone, the site keeps serving from PostgreSQL, and recovers by itself.

Each test starts a redis-server of its own on a free port (never the shared
one the rest of the suite uses) and kills it. The cache is configured as
award.settings configures a CACHE_URL of redis://: django-redis with short
socket timeouts and IGNORE_EXCEPTIONS.
"""

import os
import re
import signal

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache, caches
from django.test import Client

from award.models import OutgoingEmail, Phase
from tests.factories import make_edition, make_nominee
from voting.models import Vote

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    make_nominee(edition, "Gjøvik", description="Gjøvik bosetter raskt.")
    make_nominee(edition, "Voss", description="Voss gir alle arbeid.")
    return edition


def public_pages():
    return [
        "/",
        "/prisen/2030/",
        "/prisen/2030/gjovik/",
        "/arkiv/",
        "/kriterier/",
        "/personvern/",
        "/tilgjengelighet/",
        "/stem/",
        "/stem/gjovik/",
        "/stem/gjovik/delingsbilde.png",
        "/nn/stem/",
        "/en/",
    ]


def test_with_redis_gone_every_public_page_is_served_and_health_says_the_cache_is_down(
    client, edition, redis
):
    served_before = {path: client.get(path).status_code for path in public_pages()}

    redis.kill()
    served = {path: client.get(path) for path in public_pages()}
    health = client.get("/helse/")

    assert served_before == {path: 200 for path in public_pages()}
    assert {path: response.status_code for path, response in served.items()} == {
        path: 200 for path in public_pages()
    }
    assert "Gjøvik bosetter raskt." in served["/stem/"].content.decode()
    assert served["/stem/gjovik/delingsbilde.png"]["Content-Type"] == "image/png"
    assert health.status_code == 200
    assert health.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


def test_with_redis_gone_a_vote_is_confirmed_counted_once_and_its_receipt_queued(
    client, edition, redis, django_capture_on_commit_callbacks, mailoutbox
):
    # The vote is cast before Redis goes (casting's rate limits are the next module's business).
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/stem/gjovik/", {"email": "kari@example.no"})
    link = re.search(r"http://\S+(/stem/bekreft/\S+/)", mailoutbox[0].body).group(1)

    redis.kill()
    opened = client.get(link)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(link)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(link)

    assert opened.status_code == 200
    assert "Bekreft stemmen på Gjøvik" in opened.content.decode()
    assert confirmed.status_code == 200
    assert "Stemmen din på Gjøvik er talt med" in confirmed.content.decode()
    assert "Du har allerede bekreftet denne stemmen." in again.content.decode()
    assert Vote.objects.counted().count() == 1
    # The flag that lets e-mails share a delivery run lives in Redis; without it each one
    # still gets a run, so the receipt leaves.
    assert [message.subject for message in mailoutbox] == [
        "Bekreft stemmen din på Gjøvik",
        "Stemmen din på Gjøvik er talt med",
    ]
    assert OutgoingEmail.objects.filter(sent_at__isnull=True).count() == 0


def test_with_redis_gone_staff_sign_in_and_a_wrong_password_is_refused_not_an_error(
    edition, redis, settings
):
    settings.ADMIN_OTP_REQUIRED = False
    User.objects.create_superuser("sjef", password="riktig-passord-for-test")
    redis.kill()
    browser = Client()

    wrong = browser.post(
        f"/{settings.ADMIN_PATH}login/", {"username": "sjef", "password": "feil-passord"}
    )
    right = browser.post(
        f"/{settings.ADMIN_PATH}login/",
        {"username": "sjef", "password": "riktig-passord-for-test"},
    )
    # The session lives in the database; the cache in front of it does not answer.
    admin_page = browser.get(f"/{settings.ADMIN_PATH}")

    assert wrong.status_code == 200
    assert "Vennligst oppgi gyldig brukernavn og passord" in wrong.content.decode()
    assert right.status_code == 302
    assert admin_page.status_code == 200
    assert "<strong>sjef</strong>" in admin_page.content.decode()


def test_when_redis_returns_the_cache_is_used_again_without_a_restart(client, edition, redis):
    redis.kill()
    during = client.get("/helse/")
    assert cache.get("pagecache:version") is None

    redis.start()
    after = client.get("/helse/")
    client.get("/stem/")

    assert during.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}
    assert after.status_code == 200
    assert after.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    # The page cache stores pages again: the version key that every kept page carries is back.
    assert cache.get("pagecache:version") is not None
    assert caches["lockouts"].add("sign-in-count", 1) is True


def test_with_redis_hung_pages_are_served_and_health_says_the_cache_is_down(
    client, edition, redis
):
    assert client.get("/stem/").status_code == 200

    # Paused, Redis accepts connections and answers nothing: each operation ends at its timeout.
    os.kill(redis.process.pid, signal.SIGSTOP)
    try:
        page = client.get("/stem/")
        health = client.get("/helse/")
    finally:
        os.kill(redis.process.pid, signal.SIGCONT)
    after = client.get("/helse/")

    assert page.status_code == 200
    assert "Gjøvik bosetter raskt." in page.content.decode()
    assert health.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}
    assert after.json() == {"status": "ok", "database": "ok", "cache": "ok"}
