"""In development the e-mails' links lead to the address `make run` serves, whatever its port.

The test runs the Makefile's `serve` step (runserver and the e-mail worker) on
a free port over the test database, votes over HTTP, reads the e-mail the
worker wrote where the file backend puts it, and follows its link on that
same server.
"""

import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.db import connection

from award.models import Phase
from tests.factories import make_edition, make_nominee

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def served(tmp_path, municipalities):
    db = connection.settings_dict
    address = f"127.0.0.1:{free_port()}"
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SITE_URL", "DEBUG"))
    }
    environment.update(
        DATABASE_URL=f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}",
        EMAIL_URL=f"filemail://{tmp_path}",
        CACHE_URL="locmemcache://",
    )
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve", f"ADDRESS={address}"],
        cwd=ROOT, env=environment, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://{address}/helse/", timeout=5).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "make serve did not answer within a minute"
                time.sleep(0.3)
        yield address, tmp_path
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def wait_for_mail(folder):
    deadline = time.monotonic() + 60
    while not list(folder.glob("*.log")):
        assert time.monotonic() < deadline, "the worker wrote no e-mail within a minute"
        time.sleep(0.3)
    return next(folder.glob("*.log")).read_text()


def test_the_confirmation_link_leads_to_the_address_make_run_serves(served):
    address, mail_folder = served
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    make_nominee(edition, "Voss", description="Voss bosetter godt.")
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    form = browser.open(f"http://{address}/stem/voss/", timeout=30).read().decode()
    data = {"csrfmiddlewaretoken": TOKEN.search(form).group(1), "email": "kari@example.no"}
    browser.open(f"http://{address}/stem/voss/", urllib.parse.urlencode(data).encode(), timeout=30)
    message = wait_for_mail(mail_folder)
    link = re.search(r"http://\S+/stem/bekreft/\S+/", message).group(0)
    page = browser.open(link, timeout=30).read().decode()

    assert link.startswith(f"http://{address}/stem/bekreft/")
    assert "Bekreft stemmen på Voss" in page
