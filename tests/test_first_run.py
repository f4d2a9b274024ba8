"""The README's first command, on a fresh clone with the SQLite default."""

import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url, attempts=60):
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, response.read().decode()
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer")


@pytest.fixture
def fresh_clone(tmp_path):
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: there is nothing to clone")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    return clone


def test_a_fresh_clone_sets_up_on_sqlite_and_serves_the_front_page(fresh_clone):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CACHE_URL", "DJANGO_SETTINGS_MODULE", "VIRTUAL_ENV"}
    }
    subprocess.run(
        ["make", "setup", "data"], cwd=fresh_clone, env=environment, check=True, timeout=900
    )
    assert (fresh_clone / "db.sqlite3").exists()

    port = free_port()
    server = subprocess.Popen(
        [".venv/bin/python", "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=fresh_clone,
        env=environment,
    )
    try:
        status, html = fetch(f"http://127.0.0.1:{port}/")
        archive_status, archive = fetch(f"http://127.0.0.1:{port}/arkiv/")
    finally:
        server.terminate()
        server.wait(timeout=10)

    assert status == 200
    assert "Avstemningen er åpen." in html
    assert archive_status == 200
    assert "Lørenskog" in archive and "Vadsø" in archive
