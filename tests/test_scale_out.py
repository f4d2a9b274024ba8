"""Two app servers over one PostgreSQL and one Redis behave as one site.

Two gunicorn instances on free ports serve the test database; one voter's
requests go to each in turn, as a load balancer without sticky sessions
would send them. The one-vote rule, the rate limits, the embargo, the page
cache's invalidation, a staff session and a lockout must hold across the two.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import environ
import pytest
from django.core.cache import cache
from django.db import connection

from award.models import Edition, OutgoingEmail, Phase
from tests.factories import make_edition, make_nominee, make_staff
from voting.models import Vote

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
# Four attempts to vote per client address, then refused (no challenge in between).
ATTEMPTS_ALLOWED = 4
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
LINK = re.compile(r"(/stem/bekreft/[^\s]+/)")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_url(settings):
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("needs Redis: set TEST_REDIS_URL=redis://127.0.0.1:6379/13 (CI does)")
    config = environ.Env.cache_url_config(url)
    config.setdefault("KEY_PREFIX", "prize")
    settings.CACHES = {"default": config}
    cache.clear()
    yield url
    cache.clear()


@pytest.fixture
def servers(redis_url, tmp_path):
    """Two gunicorn instances over this test's database and Redis."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "award.settings",
        "DATABASE_URL": _database_url(),
        "CACHE_URL": redis_url,
        "EMAIL_URL": f"filemail://{tmp_path}",
        "VOTE_CHALLENGE_AFTER_PER_ADDRESS": str(ATTEMPTS_ALLOWED),
        "VOTE_REFUSE_AFTER_PER_ADDRESS": str(ATTEMPTS_ALLOWED),
        "VOTE_CHALLENGE_AFTER_PER_NETWORK": "1000",
        "VOTE_REFUSE_AFTER_PER_NETWORK": "1000",
    }
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen(
            [str(GUNICORN), "award.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
             "--log-level", "warning"],
            cwd=ROOT, env=environment, start_new_session=True,
        )
        for port in ports
    ]
    try:
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base in bases:
            _wait_for(base)
        yield bases
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def _database_url():
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait_for(base):
    for _attempt in range(150):
        try:
            with urllib.request.urlopen(f"{base}/helse/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn at {base} did not answer /helse/")


class Voter:
    """One browser whose requests a load balancer spreads over the servers in turn."""

    def __init__(self, bases):
        self.bases = bases
        self.turn = 0
        self.cookies = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path, data=None):
        base = self.bases[self.turn % len(self.bases)]
        self.turn += 1
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(base + path, data=body)
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _eq, value = header.split(";", 1)[0].partition("=")
            if value in ("", '""'):
                # A browser forgets a cookie the server deletes (the message cookie, once shown).
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        self.location = response.headers.get("Location")
        return response.status, response.read().decode()

    def vote(self, slug, address):
        """Open the vote page on one server and send the vote to the other.

        A page that refuses (429) has no form, and its answer is the outcome.
        """
        status, page = self.request(f"/stem/{slug}/")
        if status != 200:
            return status, page
        status, page = self._post(f"/stem/{slug}/", page, {"email": address})
        if status == 302:
            # Post, then redirect: the page after a vote is read with a GET, from the
            # server that took the post, and the turns go on as if it were the post's answer.
            answer = self.request(self.location)
            self.turn -= 1
            return answer
        return status, page

    def confirm(self, link):
        _status, page = self.request(link)
        return self._post(link, page, {})

    def _post(self, path, page, data):
        answer = self.request(path, {**data, "csrfmiddlewaretoken": TOKEN.search(page).group(1)})
        # The next page is opened on the server that took this post, so that
        # posts alternate between the servers too.
        self.turn -= 1
        return answer


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def confirmation_link():
    body = OutgoingEmail.objects.filter(subject__startswith="Bekreft").latest("pk").body
    return LINK.search(body).group(1)


@pytest.fixture
def edition(municipalities):
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN, summary="Første ingress.")
    for name in ["Asker", "Voss"]:
        make_nominee(edition, name, description=f"{name} bosetter godt.", jury_rationale="Godt.")
    return edition


def test_a_voter_sent_to_both_servers_votes_once(servers, edition):
    voter = Voter(servers)

    sent = voter.vote("voss", "kari@example.no")
    counted = voter.confirm(confirmation_link())
    again = voter.vote("asker", "Kari+igjen@Example.NO")

    assert sent[0] == 200 and "Sjekk e-posten din" in sent[1]
    assert "Vi har sendt en lenke til kari@example.no." in sent[1]
    assert counted[0] == 200 and "Takk! Du har stemt på Voss" in counted[1]
    assert again[0] == 400
    assert "Denne e-postadressen har allerede stemt i år" in again[1]
    assert list(Vote.objects.counted().values_list("nominee__municipality__name", flat=True)) == [
        "Voss"
    ]


def test_the_rate_limit_counts_attempts_on_both_servers(servers, edition):
    voter = Voter(servers)

    statuses = [
        voter.vote("voss", f"velger{number}@example.no")[0]
        for number in range(ATTEMPTS_ALLOWED + 2)
    ]

    assert statuses == [200] * ATTEMPTS_ALLOWED + [429, 429]
    assert Vote.objects.count() == ATTEMPTS_ALLOWED


def test_neither_server_shows_a_count_while_the_vote_is_open(servers, edition):
    voter = Voter(servers)
    before = [voter.request("/prisen/2030/")[1] for _server in servers]
    voter.vote("voss", "kari@example.no")
    voter.confirm(confirmation_link())
    cache.clear()

    after = [voter.request("/prisen/2030/")[1] for _server in servers]
    results = [voter.request("/prisen/2030/resultat/")[0] for _server in servers]

    assert after == before
    assert results == [404, 404]


def test_a_change_by_staff_reaches_the_cached_pages_of_both_servers(servers, edition):
    anonymous = Voter(servers)
    first = [anonymous.request("/prisen/2030/")[1] for _server in servers]
    Edition.objects.filter(pk=edition.pk).update(summary="Stille endret ingress.")
    from_cache = [anonymous.request("/prisen/2030/")[1] for _server in servers]

    edition.summary = "Ny ingress fra saksbehandleren."
    edition.save()
    renewed = [anonymous.request("/prisen/2030/")[1] for _server in servers]

    assert all("Første ingress." in page for page in first)
    assert from_cache == first
    assert all("Ny ingress fra saksbehandleren." in page for page in renewed)


def test_a_staff_session_and_a_lockout_hold_on_both_servers(servers, edition):
    make_staff()
    staff, intruder = Voter(servers), Voter(servers)
    login = "/admin/login/?next=/admin/"

    def sign_in(client, server, password):
        client.turn = server
        _status, page = client.request(login)
        client.turn = server
        return client.request(
            login,
            {
                "username": "saksbehandler",
                "password": password,
                "csrfmiddlewaretoken": TOKEN.search(page).group(1),
            },
        )[0]

    signed_in = sign_in(staff, 0, "passord-for-test")
    admin_pages = [staff.request("/admin/")[0] for _server in servers]
    staff.cookies.clear()
    wrong = [sign_in(intruder, attempt % 2, "feil-passord") for attempt in range(5)]
    locked = [sign_in(intruder, server, "passord-for-test") for server in (0, 1)]

    assert signed_in == 302
    assert admin_pages == [200, 200]
    assert wrong == [200, 200, 200, 200, 429]
    assert locked == [429, 429]
