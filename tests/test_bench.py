"""`make bench` runs from start to end and reports every scenario (README, "Performance").

The benchmark is run in small (a second a scenario, a few thousand votes, fifty
screens) so that a change that breaks one of its steps fails here rather than
on the day someone measures. Its figures are not judged: timing belongs to the
benchmark, not to the tests. What is judged is what it promises besides
speed: no request failed, every vote cast was counted once, no screen saw the
winner before the reveal, and the standings equal a plain count.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def small_bench(tmp_path):
    if shutil.which("wrk") is None:
        pytest.skip("wrk is not installed (apt-get install wrk)")
    if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode:
        pytest.skip("PostgreSQL does not answer on 127.0.0.1:5432")
    return {
        **os.environ,
        "BENCH_RESULTS": str(tmp_path),
        "BENCH_PORT": str(free_port()),
        "BENCH_DATABASE": "prize_bench_small",
        "BENCH_REDIS_URL": os.environ.get("BENCH_TEST_REDIS_URL", "redis://127.0.0.1:6379/12"),
        "BENCH_SECONDS": "1",
        "BENCH_CONNECTIONS": "4",
        "BENCH_VOTERS": "1",
        "BENCH_WORKERS": "2",
        "BENCH_SCREENS": "50",
        "BENCH_SCREEN_PROCESSES": "1",
        "BENCH_REVEAL_AFTER": "4",
        "BENCH_VOTES": "3000",
    }


def test_the_benchmark_runs_every_scenario_and_loses_nothing(small_bench, tmp_path):
    finished = subprocess.run(
        [sys.executable, "bench/run.py"], cwd=ROOT, env=small_bench,
        capture_output=True, text=True, timeout=600,
    )

    assert finished.returncode == 0, finished.stderr[-3000:]
    (raw,) = tmp_path.glob("*.json")
    results = json.loads(raw.read_text())
    pages = results["pages"]
    assert sorted(pages) == [
        "announcement status (polled)",
        "archive",
        "criteria + two statements",
        "front page + edition page",
        "nominee page + vote list",
        "shared vote link /stem/<kommune>/",
    ]
    measured = [*results["ceiling"], results["baseline"], *pages.values()]
    assert all(figures["requests"] > 0 and figures["errors"] == 0 for figures in measured)
    cycle = results["vote cycle"]
    assert cycle["confirmed"] > 0 and cycle["errors"] == 0
    assert cycle["counted"] == cycle["confirmed"]
    # The processor time per vote of each kind of process that the cycle keeps busy.
    spent = cycle["cpu_ms_per_vote"]
    assert list(spent) == [
        "site (gunicorn)", "bare Django (gunicorn)", "e-mail worker", "PostgreSQL", "Redis", "voters",
    ]
    assert all(spent[kind] > 0 for kind in ["site (gunicorn)", "PostgreSQL", "voters"])
    assert results["cycle ceiling"]["cpu_ms_per_vote"]["bare Django (gunicorn)"] > 0
    assert results["reveal"]["early"] == 0
    assert (results["reveal"]["saw_winner"], results["reveal"]["errors"]) == (50, 0)
    assert results["standings"]["votes"] >= 3000
    assert results["standings"]["equal_to_plain_count"] is True
    assert sorted(results["staff"]) == ["clusters", "vote list", "vote log"]
    report = raw.with_suffix(".txt").read_text()
    assert "Profile (python -m bench.profile):" in report
    assert "Processor time per vote (ms), by kind of process:" in report
