"""Faults on a real stack: PostgreSQL stopped and started under a running gunicorn, and a gunicorn
worker killed under load. Nothing acknowledged is lost, and the site recovers by itself.

The test runs its own throwaway PostgreSQL cluster on a free port (never the
shared server the rest of the suite uses) and its own gunicorn against it.
"""

import hashlib
import hmac
import http.client
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parent.parent
POSTGRESQL_BINARIES = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
VOTER_HASH_KEY = "fault-test-voter-hash-key"
WORKERS = 3
# Long enough for a stopped server to be noticed, short enough that a hang would fail the test.
ANSWER_WITHIN_SECONDS = 10

pytestmark = pytest.mark.postgres


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    """A PostgreSQL cluster of our own in a temporary folder, run as the postgres user under root."""

    def __init__(self, folder):
        self.bin = POSTGRESQL_BINARIES[-1].parent
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, program, *args):
        command = [str(self.bin / program), *args]
        if os.geteuid() == 0:
            # initdb refuses to run as root, and CI runs as root.
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def create(self):
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self.run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start")

    def stop(self):
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def query(self, sql, *params):
        with psycopg.connect(self.url.replace("postgres://", "postgresql://"), autocommit=True) as db:
            return db.execute(sql, params).fetchall()


@pytest.fixture(scope="module")
def cluster():
    if not POSTGRESQL_BINARIES:
        pytest.skip("needs the PostgreSQL server binaries (apt-get install postgresql; CI has them)")
    folder = Path(tempfile.mkdtemp(prefix="prize-faults-"))
    cluster = Cluster(folder)
    cluster.create()
    cluster.start()
    try:
        yield cluster
    finally:
        try:
            cluster.stop()
        except subprocess.CalledProcessError:
            pass  # the test left it stopped
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def environment(cluster):
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST", "DATABASE"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="award.settings",
        DATABASE_URL=cluster.url,
        # Static files are not collected for the test, which DEBUG=0 would need; the
        # 503 page never depends on DEBUG (the middleware answers it in both modes).
        DEBUG="1",
        CACHE_URL="locmemcache://",
        EMAIL_URL="consolemail://",
        VOTER_HASH_KEY=VOTER_HASH_KEY,
        VOTE_CHALLENGE_AFTER_PER_ADDRESS="100000",
        VOTE_REFUSE_AFTER_PER_ADDRESS="100000",
        VOTE_CHALLENGE_AFTER_PER_NETWORK="100000",
        VOTE_REFUSE_AFTER_PER_NETWORK="100000",
        DATABASE_CONNECT_TIMEOUT="3",
    )
    for command in (
        ["migrate", "--noinput"],
        ["load_municipalities"],
        ["demo_edition", "--phase", "voting"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=environment,
            check=True,
            capture_output=True,
            timeout=120,
        )
    return environment


@pytest.fixture
def site(cluster, environment):
    """gunicorn with several workers against the throwaway cluster."""
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "award.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--timeout",
            "30",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if get(url + "/helse/").status == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail("gunicorn did not answer within 30 seconds")
    yield Site(url, server, cluster)
    server.terminate()
    server.wait(timeout=30)


class Answer:
    def __init__(self, status, body, headers, seconds):
        self.status, self.body, self.headers, self.seconds = status, body, headers, seconds


def get(url, opener=None, data=None):
    opener = opener or urllib.request.build_opener()
    started = time.monotonic()
    try:
        with opener.open(url, data=data, timeout=ANSWER_WITHIN_SECONDS) as response:
            return Answer(response.status, response.read().decode(), response.headers, time.monotonic() - started)
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.read().decode(), error.headers, time.monotonic() - started)


class Site:
    def __init__(self, url, server, cluster):
        self.url, self.server, self.cluster = url, server, cluster
        self.slug = cluster.query(
            "SELECT m.slug FROM nominations_nominee n JOIN municipalities_municipality m "
            "ON m.id = n.municipality_id ORDER BY m.name LIMIT 1"
        )[0][0]

    def vote(self, address):
        """Cast a vote as a browser does: the form, then the post. The answer to the post."""
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        form = get(f"{self.url}/stem/{self.slug}/", opener)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.body).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "email": address}).encode()
        return get(f"{self.url}/stem/{self.slug}/", opener, data)

    def workers(self):
        children = Path(f"/proc/{self.server.pid}/task/{self.server.pid}/children").read_text()
        return [int(pid) for pid in children.split()]

    def stored_voter_keys(self):
        return {row[0] for row in self.cluster.query("SELECT voter_key FROM voting_vote")}


def voter_key(address):
    return hmac.new(VOTER_HASH_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def acknowledged(answer):
    return answer.status == 200 and "Sjekk e-posten din" in answer.body


def test_with_the_database_stopped_the_site_answers_503_and_recovers_when_it_returns(site):
    before = site.vote("for.stansen@example.no")

    site.cluster.stop()
    try:
        page = get(f"{site.url}/stem/")
        health = get(f"{site.url}/helse/")
    finally:
        site.cluster.start()
    after = get(f"{site.url}/stem/")

    assert acknowledged(before)
    assert page.status == 503
    assert page.seconds < ANSWER_WITHIN_SECONDS
    assert "Nettstedet er midlertidig utilgjengelig" in page.body
    assert "Traceback" not in page.body and "OperationalError" not in page.body
    assert page.headers["Retry-After"] == "30"
    assert health.status == 503
    assert health.body == '{"status": "unavailable", "database": "unavailable", "cache": "ok"}'
    assert after.status == 200
    assert "Stem på din favoritt" in after.body
    assert voter_key("for.stansen@example.no") in site.stored_voter_keys()


def test_a_vote_sent_while_the_database_is_down_is_refused_not_acknowledged(site):
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    form = get(f"{site.url}/stem/{site.slug}/", opener)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.body).group(1)

    site.cluster.stop()
    try:
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "email": "under.stansen@example.no"}
        ).encode()
        during = get(f"{site.url}/stem/{site.slug}/", opener, data)
    finally:
        site.cluster.start()

    assert during.status == 503
    assert "Nettstedet er midlertidig utilgjengelig" in during.body
    assert voter_key("under.stansen@example.no") not in site.stored_voter_keys()


def test_a_worker_killed_under_load_loses_no_acknowledged_vote_and_the_others_keep_serving(site):
    answers = {}
    victim = site.workers()[0]

    def voter(number):
        for round_ in range(8):
            address = f"velger.{number}.{round_}@example.no"
            try:
                answers[address] = site.vote(address)
            except (OSError, http.client.HTTPException):
                answers[address] = None  # the connection died with the worker, mid-answer or before

    threads = [threading.Thread(target=voter, args=(number,)) for number in range(6)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    while sum(1 for answer in list(answers.values()) if answer and acknowledged(answer)) < 6:
        assert time.monotonic() < deadline, "no six votes were acknowledged within a minute"
        time.sleep(0.05)
    os.kill(victim, signal.SIGKILL)
    for thread in threads:
        thread.join(timeout=120)
    later = [get(f"{site.url}/helse/") for _request in range(10)]

    acknowledged_addresses = {a for a, answer in answers.items() if answer and acknowledged(answer)}
    assert len(acknowledged_addresses) >= 40
    assert {voter_key(a) for a in acknowledged_addresses} <= site.stored_voter_keys()
    assert [answer.status for answer in later] == [200] * 10
    assert victim not in site.workers()
