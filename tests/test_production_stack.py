"""The site set up as the README's production section says, and used in Chromium.

The module starts everything itself, on free ports, and kills only what it
started: a PostgreSQL cluster of its own, a redis-server of its own, a real
SMTP server on loopback (aiosmtpd), gunicorn with DEBUG=0 serving HTTPS (a
certificate made for the run), and `manage.py db_worker`. Its environment
holds only what the README tells production to set. Every link followed is
the one in an e-mail the SMTP server received, followed on the server that
sent it.
"""

import email
import email.policy
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.entry_form import fill_answers, fill_draft
from tests.redis_server import RedisServer
from tests.test_faults import POSTGRESQL_BINARIES, Cluster, free_port

pytestmark = [pytest.mark.browser, pytest.mark.postgres]

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ADMIN_PATH = "staff-4f2a/"
MAIL_WITHIN_SECONDS = 60


class Inbox:
    """The messages a real SMTP server on loopback received, as the recipients would read them."""

    def __init__(self):
        self.messages = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.arrived:
            self.messages.append(message)
            self.arrived.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, recipient, subject):
        """The first message to `recipient` whose subject starts with `subject`; its text."""
        deadline = time.monotonic() + MAIL_WITHIN_SECONDS
        with self.arrived:
            while True:
                for message in self.messages:
                    # A long subject is folded over two lines; unfolded, it may start with a space.
                    if message["To"] == recipient and message["Subject"].strip().startswith(subject):
                        return message.get_content()
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"no e-mail «{subject}» to {recipient} within {MAIL_WITHIN_SECONDS} s; "
                        f"got {[(m['To'], m['Subject']) for m in self.messages]}"
                    )
                self.arrived.wait(remaining)


class Stack:
    def __init__(self, folder):
        self.folder = folder
        # A folder of its own: the cluster's runs as the postgres user.
        self.cluster = Cluster(Path(tempfile.mkdtemp(prefix="prize-production-db-")))
        self.redis = RedisServer()
        self.inbox = Inbox()
        self.port = free_port()
        self.url = f"https://127.0.0.1:{self.port}"
        self.processes = {}

    def environment(self, smtp_port):
        # Nothing of the test run's own environment: only what the README has production set.
        return {
            "PATH": os.environ["PATH"],
            "HOME": os.environ.get("HOME", "/root"),
            "LANG": "C.UTF-8",
            "DEBUG": "0",
            "SECRET_KEY": "production-stack-test-" + "k" * 50,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": self.url,
            "DATABASE_URL": self.cluster.url,
            "CACHE_URL": self.redis.url,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "ADMIN_PATH": ADMIN_PATH,
        }

    def manage(self, *command):
        done = subprocess.run(
            [str(BIN / "python"), "manage.py", *command],
            cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=300,
        )
        # Shown with a failure: what the command said.
        assert done.returncode == 0, f"manage.py {command[0]} failed:\n{done.stdout}{done.stderr}"
        return done

    def start(self, name, command):
        log = open(self.folder / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
        self.processes[name] = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log(self, name):
        return (self.folder / f"{name}.log").read_text()

    def stop_all(self):
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)

    def get(self, path):
        """The status and text of the answer to a GET of `path`, and the seconds it took."""
        context = ssl.create_default_context(cafile=str(self.folder / "cert.pem"))
        started = time.monotonic()
        try:
            with urllib.request.urlopen(self.url + path, context=context, timeout=60) as answer:
                status, body = answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read().decode()
        return status, body, time.monotonic() - started

    def health(self):
        return self.get("/helse/")[:2]

    def database_processes(self):
        """The cluster's postmaster and every backend it forked."""
        postmaster = int((self.cluster.data / "postmaster.pid").read_text().split()[0])
        children = Path(f"/proc/{postmaster}/task/{postmaster}/children").read_text().split()
        return [postmaster, *map(int, children)]

    def query(self, sql):
        return self.cluster.query(sql)


@pytest.fixture(scope="module")
def stack():
    if not POSTGRESQL_BINARIES:
        pytest.skip("needs the PostgreSQL server binaries (apt-get install postgresql; CI has them)")
    for program in ("redis-server", "openssl"):
        if not shutil.which(program):
            pytest.skip(f"needs {program} (apt-get install {program}; CI has it)")
    from aiosmtpd.controller import Controller

    stack = Stack(Path(tempfile.mkdtemp(prefix="prize-production-")))
    stack.cluster.create()
    stack.cluster.start()
    stack.redis.start()
    smtp = Controller(stack.inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(stack.folder / "key.pem"), "-out", str(stack.folder / "cert.pem")],
        check=True, capture_output=True,
    )
    stack.env = stack.environment(smtp.port)
    try:
        # The README's production steps, in order.
        stack.manage("migrate", "--noinput")
        stack.manage("createcachetable")
        stack.manage("collectstatic", "--noinput")
        stack.manage("load_municipalities")
        stack.manage("load_history")
        stack.start("gunicorn", [
            str(BIN / "gunicorn"), "award.wsgi", "--bind", f"127.0.0.1:{stack.port}",
            "--worker-class", "gthread", "--workers", "2", "--threads", "4", "--timeout", "30",
            "--certfile", str(stack.folder / "cert.pem"), "--keyfile", str(stack.folder / "key.pem"),
        ])
        stack.start("worker", [str(BIN / "python"), "manage.py", "db_worker"])
        deadline = time.monotonic() + 60
        while True:
            try:
                if stack.health()[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("gunicorn did not answer /helse/ within a minute:\n" + stack.log("gunicorn"))
            time.sleep(0.2)
        yield stack
    finally:
        stack.stop_all()
        smtp.stop()
        if stack.redis.process.poll() is None:
            stack.redis.kill()
        try:
            stack.cluster.stop()
        except subprocess.CalledProcessError:
            pass  # a test left it stopped
        # Shown with a failure: what the servers said.
        print(stack.log("gunicorn")[-3000:], stack.log("worker")[-2000:])
        shutil.rmtree(stack.folder, ignore_errors=True)
        shutil.rmtree(stack.cluster.folder, ignore_errors=True)


@pytest.fixture
def page(browser, stack):
    context = browser.new_context(base_url=stack.url, locale="nb-NO", ignore_https_errors=True)
    page = context.new_page()
    yield page
    context.close()


def link_in(text, stack):
    links = re.findall(r"https?://\S+", text)
    assert links, text
    assert all(link.startswith(stack.url + "/") for link in links), links
    return links[0]


def vote(page, stack, name, address, asked_for_the_challenge_after_sending=False):
    """Vote for `name` from the vote page, then confirm through the link in the e-mail.

    With `asked_for_the_challenge_after_sending`, the form first shows without the
    challenge and asks for it once the vote is sent, as it does while the cache cannot
    count (README, "Against ballot stuffing"); the person then solves it and sends again.
    """
    page.goto("/stem/")
    page.get_by_role("link", name=f"Stem på {name}").click()
    page.get_by_label("E-postadressen din").fill(address)
    challenge = page.get_by_role("checkbox", name="Jeg er ikke en robot")
    if asked_for_the_challenge_after_sending:
        expect(challenge).to_have_count(0)
        page.get_by_role("button", name="Send stemmen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Stem på {name}")
        # The message beside the challenge (the error summary at the top repeats it).
        expect(page.locator("#id_altcha_error")).to_have_text(
            "Kryss av i boksen «Jeg er ikke en robot», og vent til den viser at du er "
            "bekreftet, før du sender stemmen."
        )
        expect(page.get_by_label("E-postadressen din")).to_have_value(address)
    if challenge.is_visible():
        # Ticked with the keyboard, as the other browser tests do: the widget's check mark
        # lies over the box and takes a pointer's click.
        challenge.focus()
        page.keyboard.press("Space")
        expect(page.get_by_text("Bekreftet: du kan sende stemmen")).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="Send stemmen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sjekk e-posten din")
    expect(page.get_by_text(
        f"Vi har sendt en lenke til {address}. Klikk på lenken for å bekrefte stemmen på {name}."
    )).to_be_visible()

    request = stack.inbox.wait_for(address, f"Bekreft stemmen din på {name}")
    page.goto(link_in(request, stack))
    page.get_by_role("button", name=f"Bekreft stemmen på {name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Stemmen din på {name} er talt med")
    stack.inbox.wait_for(address, f"Stemmen din på {name} er talt med")


def counted_votes(stack):
    return stack.query(
        "SELECT m.name, count(*) FROM voting_vote v "
        "JOIN nominations_nominee n ON n.id = v.nominee_id "
        "JOIN municipalities_municipality m ON m.id = n.municipality_id "
        "WHERE v.confirmed_at IS NOT NULL GROUP BY m.name ORDER BY m.name"
    )


def test_a_municipality_nominates_itself_through_the_links_it_is_e_mailed(page, stack):
    stack.manage("demo_edition", "--phase", "nominations")

    page.goto("/")
    page.get_by_role("link", name="Foreslå kommunen din").click()
    fill_draft(page)
    page.get_by_role("button", name="Lagre utkast").click()
    expect(page.get_by_text("Utkastet er lagret.")).to_be_visible()

    draft = stack.inbox.wait_for("kari@kinn.kommune.no", "Utkast lagret")
    page.goto(link_in(draft, stack))
    expect(page.get_by_role("heading", level=1)).to_have_text("Forslaget fra Kinn")
    fill_answers(page)
    page.get_by_role("button", name="Send inn forslaget").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kvittering for forslaget")

    receipt = stack.inbox.wait_for("kari@kinn.kommune.no", "Kvittering")
    page.goto(link_in(receipt, stack))
    expect(page.get_by_label("Nye prosjekter og tiltak", exact=True)).to_have_value(
        "Språkpraksis i bedrifter."
    )
    assert stack.query(
        "SELECT n.status, n.unit FROM nominations_nomination n "
        "JOIN municipalities_municipality m ON m.id = n.municipality_id WHERE m.name = 'Kinn'"
    ) == [("submitted", "Flyktningtenesta")]


def test_a_vote_is_cast_and_confirmed_by_e_mail_also_with_redis_gone(page, stack):
    stack.manage("demo_edition", "--phase", "voting")
    before = dict(counted_votes(stack))

    vote(page, stack, "Alta", "kari.nordmann@example.no")

    stack.redis.kill()
    try:
        down = stack.health()
        vote(page, stack, "Arendal", "ola.nordmann@example.no", asked_for_the_challenge_after_sending=True)
        page.goto("/")
        expect(page.get_by_role("link", name="Gå til avstemningen")).to_be_visible()
    finally:
        stack.redis.start()
    deadline = time.monotonic() + 30
    while '"cache": "ok"' not in stack.health()[1] and time.monotonic() < deadline:
        time.sleep(0.5)
    up = stack.health()

    assert down == (200, '{"status": "degraded", "database": "ok", "cache": "unavailable"}')
    assert up == (200, '{"status": "ok", "database": "ok", "cache": "ok"}')
    after = dict(counted_votes(stack))
    assert after.get("Alta", 0) == before.get("Alta", 0) + 1
    assert after.get("Arendal", 0) == before.get("Arendal", 0) + 1


def test_the_e_mail_worker_outlives_a_database_outage_and_sends_what_is_queued(page, stack):
    stack.manage("demo_edition", "--phase", "voting")
    worker = stack.processes["worker"]

    stack.cluster.stop()
    try:
        # The worker asks the database for tasks every second; give it a few tries.
        deadline = time.monotonic() + 30
        while "The database does not answer" not in stack.log("worker"):
            assert time.monotonic() < deadline, stack.log("worker")
            time.sleep(0.5)
        during = stack.health()
    finally:
        stack.cluster.start()

    vote(page, stack, "Stord", "per.hansen@example.no")

    assert during[0] == 503
    assert worker.poll() is None
    assert "The database answers again; sending what is queued." in stack.log("worker")


def test_a_hung_database_gives_the_503_page_in_bounded_time_and_the_site_recovers(stack):
    stack.manage("demo_edition", "--phase", "voting")
    # The front page is kept in Redis; a year without an edition asks PostgreSQL every time.
    assert stack.get("/")[0] == 200
    # Every thread of every gunicorn worker gets a connection it will keep (CONN_MAX_AGE).
    with ThreadPoolExecutor(8) as pool:
        assert set(pool.map(lambda _: stack.get("/prisen/1999/")[0], range(16))) == {404}

    paused = stack.database_processes()
    for pid in paused:
        os.kill(pid, signal.SIGSTOP)
    try:
        with ThreadPoolExecutor(8) as pool:
            hung = list(pool.map(lambda _: stack.get("/prisen/1999/"), range(8)))
        cached = stack.get("/")
    finally:
        for pid in paused:
            os.kill(pid, signal.SIGCONT)
    after = stack.get("/prisen/1999/")

    # Each answer came before the client's own 60 seconds ran out (README, "Faults": a kept
    # connection waits DATABASE_TIMEOUT and a second, a new one DATABASE_CONNECT_TIMEOUT).
    assert [status for status, _body, _seconds in hung] == [503] * 8
    assert all("Nettstedet er midlertidig utilgjengelig" in body for _status, body, _s in hung)
    assert cached[0] == 200
    assert after[0] == 404


# The secret of each staff member's authenticator app, as the admin's TOTP device holds it.
# One member per test: a code, once used, is refused for the rest of its 30 seconds.
TOTP_KEY = "3132333435363738393031323334353637383930"
STAFF_SET_UP = """
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice
from award.models import Edition
from tests.factories import make_nomination
staff = User.objects.create_superuser("{username}", "{username}@imdi.no", "et-langt-passord-for-testen")
TOTPDevice.objects.create(user=staff, name="Telefon", confirmed=True, key="{key}")
edition = Edition.objects.order_by("-year").first()
"""
SHORTLIST_SET_UP = STAFF_SET_UP.format(username="saksbehandler", key=TOTP_KEY) + """
print(make_nomination(edition, "Bodø", contact_email="post@bodo.kommune.no").pk)
"""
# The jury's choice among the demo's finalists, with the rationale the reveal needs. Which
# nominees are finalists depends on the votes the other tests counted, so it is the first.
WINNER_SET_UP = STAFF_SET_UP.format(username="kommunikasjon", key=TOTP_KEY) + """
winner = edition.nominees.filter(is_finalist=True).order_by("municipality__name").first()
winner.is_winner = True
winner.winner_rationale = "Kommunen gir hver deltaker en egen plan."
# The demo marks its nominees as told, so that it e-mails no one; this winner is not told yet.
winner.winner_notified_at = None
winner.save()
print(edition.pk, edition.year, winner.municipality.name, winner.nomination().contact_email, sep="\\n")
"""


def sign_in(page, username):
    from django_otp.oath import TOTP

    page.goto(f"/{ADMIN_PATH}")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill("et-langt-passord-for-testen")
    page.get_by_label("Engangskode").fill(f"{TOTP(bytes.fromhex(TOTP_KEY)).token():06d}")
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("button", name="Logg ut")).to_be_visible()


def run_action(page, label, pk):
    page.locator(f'input[name="_selected_action"][value="{pk}"]').check()
    page.locator('select[name="action"]').select_option(label=label)
    page.get_by_role("button", name="Gå", exact=True).click()


def test_staff_sign_in_with_a_code_and_shortlist_and_the_municipality_is_told(page, stack):
    stack.manage("demo_edition", "--phase", "review")
    bodo = stack.manage("shell", "-c", SHORTLIST_SET_UP).stdout.split()[-1]

    sign_in(page, "saksbehandler")
    page.goto(f"/{ADMIN_PATH}nominations/nomination/")
    run_action(page, "Merk som kvalifisert", bodo)
    run_action(page, "Nominer de valgte kommunene", bodo)
    expect(page.get_by_text("Nominert: Bodø. Kontaktpersonene får e-post.")).to_be_visible()

    told = stack.inbox.wait_for("post@bodo.kommune.no", "Bodø er nominert til")
    assert "Juryen har nominert Bodø til" in told


def test_staff_reveal_the_winner_and_its_e_mailed_link_shows_the_winner(page, stack):
    stack.manage("demo_edition", "--phase", "finalists")
    edition, year, winner, contact = stack.manage(
        "shell", "-c", WINNER_SET_UP
    ).stdout.splitlines()[-4:]

    sign_in(page, "kommunikasjon")
    page.goto(f"/{ADMIN_PATH}award/edition/")
    run_action(page, "Kunngjør vinneren nå", edition)
    # The demo's finalists phase plans no reveal, so the message names no planned moment.
    expect(page.get_by_text(
        f"Vinneren av Bosettings- og integreringsprisen {year} er kunngjort nå.", exact=True
    )).to_be_visible()

    told = stack.inbox.wait_for(contact, f"{winner} har vunnet")
    page.context.clear_cookies()
    page.goto(link_in(told, stack))
    expect(page.get_by_text("Kommunen gir hver deltaker en egen plan.")).to_be_visible()
