"""E-mails leave through the task queue: retried while the mail server refuses, kept for staff when
they fail for good, and stripped of the address once sent; a mail outage loses no vote."""

import datetime
import re
import socket
from email import message_from_bytes, policy
from io import StringIO

import pytest
from aiosmtpd.controller import Controller
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from award import mail
from award.models import EmailStatus, OutgoingEmail, Phase
from tests.factories import make_edition, make_nominee, make_staff
from voting.models import Vote

# The worker closes connections it finds inside a transaction, as a test's would be:
# these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)


class MailServer:
    """A real SMTP server on loopback that refuses the first `refusals` messages."""

    def __init__(self, refusals):
        self.refusals = refusals
        self.received = []
        self.sessions = set()

    async def handle_DATA(self, server, session, envelope):
        self.sessions.add(session.peer)
        if self.refusals > 0:
            self.refusals -= 1
            return "451 Prøv igjen senere"
        self.received.append((envelope.rcpt_tos, envelope.content.decode()))
        return "250 OK"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    def start(refusals=0):
        handler = MailServer(refusals)
        port = free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        servers.append(controller)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 5
        return handler

    servers = []
    yield start
    for controller in servers:
        controller.stop()


@pytest.fixture
def queue(settings, django_capture_on_commit_callbacks, empty_cache):
    """The database queue, as production runs it, with retries due at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_RETRY_SECONDS = 0
    settings.EMAIL_MAX_ATTEMPTS = 3

    def send(recipient="velger@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            return mail.send(recipient, "Bekreft stemmen din", "Lenke: https://example.org/x")

    return send


def work_off_the_queue():
    call_command("db_worker", batch=True, startup_delay=False, stdout=StringIO(), stderr=StringIO())


def test_nothing_is_sent_until_the_worker_runs(queue, smtp):
    server = smtp()

    email = queue()

    assert server.received == []
    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED


def test_a_rush_of_e_mails_leaves_in_one_run_a_batch_per_connection(
    queue, smtp, django_capture_on_commit_callbacks
):
    server = smtp()

    with django_capture_on_commit_callbacks(execute=True):
        for number in range(120):
            mail.send(f"velger{number}@example.org", "Bekreft stemmen din", "Lenke")
    runs = DBTaskResult.objects.count()
    work_off_the_queue()

    assert runs == 1
    assert len(server.received) == 120
    assert len(server.sessions) == 3
    assert OutgoingEmail.objects.filter(status=EmailStatus.SENT, recipient="").count() == 120


def test_an_e_mail_queued_after_a_run_started_gets_a_run_of_its_own(queue, smtp):
    server = smtp()

    queue("forste@example.org")
    work_off_the_queue()
    queue("andre@example.org")
    work_off_the_queue()

    assert [to for to, _content in server.received] == [["forste@example.org"], ["andre@example.org"]]
    assert DBTaskResult.objects.count() == 2


def test_one_refused_e_mail_does_not_hold_back_the_rest_of_its_batch(
    queue, smtp, django_capture_on_commit_callbacks
):
    server = smtp(refusals=1)

    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):
            mail.send(f"velger{number}@example.org", "Bekreft stemmen din", "Lenke")
    work_off_the_queue()

    received = [to for to, _content in server.received]
    assert received == [["velger1@example.org"], ["velger2@example.org"], ["velger0@example.org"]]
    assert [email.attempts for email in OutgoingEmail.objects.order_by("pk")] == [1, 0, 0]
    assert not OutgoingEmail.objects.exclude(status=EmailStatus.SENT).exists()


def test_a_refused_e_mail_waits_before_its_next_attempt_and_twice_as_long_after_that(queue, smtp, settings):
    settings.EMAIL_RETRY_SECONDS = 60
    server = smtp(refusals=1)

    email = queue()
    work_off_the_queue()
    email.refresh_from_db()
    first_wait = email.next_attempt_at - timezone.now()
    work_off_the_queue()
    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED
    email.record_failure(OSError("Tidsavbrudd"))
    second_wait = email.next_attempt_at - timezone.now()

    assert server.received == []
    assert email.attempts == 2
    assert datetime.timedelta(seconds=50) < first_wait <= datetime.timedelta(seconds=60)
    assert datetime.timedelta(seconds=110) < second_wait <= datetime.timedelta(seconds=120)
    assert DBTaskResult.objects.filter(status="READY", run_after__gt=timezone.now()).count() == 1


def test_a_refused_e_mail_is_tried_again_until_the_server_accepts_it(queue, smtp):
    server = smtp(refusals=2)

    email = queue()
    for _round in range(3):
        work_off_the_queue()

    email.refresh_from_db()
    assert [to for to, _content in server.received] == [["velger@example.org"]]
    assert email.status == EmailStatus.SENT
    assert email.attempts == 2
    assert "451" in email.last_error


def test_a_sent_e_mail_keeps_neither_the_address_nor_the_text(queue, smtp):
    smtp()

    email = queue()
    work_off_the_queue()

    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.recipient == ""
    assert email.body == ""
    assert email.subject == "Bekreft stemmen din"


def test_an_e_mail_that_fails_every_attempt_is_shown_to_staff_who_can_send_it_again(
    queue, smtp, client, django_capture_on_commit_callbacks
):
    smtp(refusals=3)
    email = queue()
    for _round in range(4):
        work_off_the_queue()
    client.force_login(make_staff())

    listing = client.get(reverse("admin:award_outgoingemail_changelist") + "?status=failed")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:award_outgoingemail_changelist"),
            {"action": "send_again", "_selected_action": [email.pk], "index": 0},
        )
    work_off_the_queue()

    assert [str(e) for e in listing.context["cl"].result_list] == ["Bekreft stemmen din"]
    assert "Kunne ikke sendes" in listing.content.decode()
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert OutgoingEmail.objects.count() == 1


def test_a_vote_cast_while_the_mail_server_refuses_gets_its_link_and_counts_once_it_accepts(
    queue, smtp, client, municipalities, django_capture_on_commit_callbacks
):
    server = smtp(refusals=2)
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    make_nominee(edition, "Gjøvik")
    cache.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cast = client.post("/stem/gjovik/", {"email": "kari@example.no"})
    for _round in range(3):
        work_off_the_queue()
    (recipients, content), = server.received
    body = message_from_bytes(content.encode(), policy=policy.default).get_content()
    link = re.search(r"https?://[^/\s]+(/stem/bekreft/[^/\s]+/)", body).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(link)

    assert cast.status_code == 302
    assert recipients == ["kari@example.no"]
    assert "Stemmen din på Gjøvik er talt med" in confirmed.content.decode()
    assert Vote.objects.counted().filter(nominee__municipality__name="Gjøvik").count() == 1
