"""The request counts hold across gunicorn's worker processes: any worker's scrape adds them all."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.db import connection
from prometheus_client.parser import text_string_to_metric_families

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
TOKEN = "a-long-random-token-for-the-scraper-0123456789"
WORKERS = 3


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url():
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def server(tmp_path):
    metrics_dir = tmp_path / "metrics"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "award.settings",
        "DATABASE_URL": database_url(),
        "CACHE_URL": "dbcache://django_cache",
        "EMAIL_URL": f"filemail://{tmp_path / 'mail'}",
        "METRICS_TOKEN": TOKEN,
        # Every request reaches the view, so that each one is counted.
        "PAGE_CACHE_SECONDS": "0",
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
    }
    port = free_port()
    process = subprocess.Popen(
        [str(GUNICORN), "award.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS),
         "--log-level", "warning"],
        cwd=ROOT, env=environment, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(150):
            try:
                with urllib.request.urlopen(f"{base}/helse/", timeout=2):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not answer /helse/")
        yield base, metrics_dir
    finally:
        process.terminate()
        process.wait(timeout=30)


def get(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode()


def criteria_answers(text):
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "prize_http_requests_total"
        and sample.labels == {"view": "award:criteria", "status": "200"}
    )


def processes_that_counted(metrics_dir):
    return {path.stem.rsplit("_", 1)[1] for path in metrics_dir.glob("counter_*.db")}


def test_every_scrape_counts_the_requests_of_every_worker(server):
    base, metrics_dir = server
    sent = 0
    # Requests at the same time go to different workers; send until at least two have counted.
    with ThreadPoolExecutor(max_workers=WORKERS * 2) as pool:
        for _round in range(20):
            list(pool.map(lambda _: get(f"{base}/kriterier/"), range(WORKERS * 4)))
            sent += WORKERS * 4
            if len(processes_that_counted(metrics_dir)) >= 2:
                break
    assert len(processes_that_counted(metrics_dir)) >= 2

    scrapes = [
        criteria_answers(get(f"{base}/metrikker/", Authorization=f"Bearer {TOKEN}"))
        for _ in range(WORKERS * 3)
    ]

    assert scrapes == [sent] * len(scrapes)
