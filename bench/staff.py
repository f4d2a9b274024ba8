"""The admin's vote pages over the million votes, timed through gunicorn as signed-in staff.

Run by bench/run.py with the benchmark's environment, after bench/standings.py
has added the votes: makes a staff member with a verified authenticator
(django-otp) and a session, as signing in with a code leaves one, then asks
for the vote log, the clusters page and the vote list one after the other
over one connection. Prints one line of JSON: the median and worst time of
each, in milliseconds.

    python -m bench.staff http://127.0.0.1:8765
"""

import http.client
import json
import statistics
import sys
import time
from urllib.parse import urlsplit

import django

django.setup()

from django.conf import settings  # noqa: E402 (after django.setup())
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.contrib.sessions.backends.cached_db import SessionStore  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

ROUNDS = 10
PAGES = {
    "vote log": "voting/vote/logg/",
    "clusters": "voting/vote/klynger/",
    "vote list": "voting/vote/",
}


def signed_in_staff():
    """The session cookie of a superuser who signed in with password and code."""
    user, _created = User.objects.get_or_create(
        username="bench-staff", defaults={"is_staff": True, "is_superuser": True}
    )
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def timed(connection, path, cookie):
    connection.request("GET", path, headers={"Cookie": cookie})
    started = time.perf_counter()
    response = connection.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    if response.status != 200:
        sys.exit(f"{path} answered {response.status}: {body[:300]!r}")
    return elapsed


def main(base):
    cookie = signed_in_staff()
    address = urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    figures = {}
    for name, page in PAGES.items():
        path = f"/{settings.ADMIN_PATH}{page}"
        timed(connection, path, cookie)
        times = [timed(connection, path, cookie) for _round in range(ROUNDS)]
        figures[name] = {"median_ms": statistics.median(times), "worst_ms": max(times)}
    print(json.dumps(figures))


if __name__ == "__main__":
    main(sys.argv[1])
