"""`make bench`: the site under gunicorn against the same gunicorn's own ceiling.

Sets up a database of its own (BENCH_DATABASE, prize_bench) and a Redis
database (BENCH_REDIS_URL, db 11), starts gunicorn with the production
settings on loopback beside `manage.py db_worker`, and measures, one after
the other and with the same server:

- baseline: a Django view that returns three bytes (bench/urls.py);
- the front page and the edition page, anonymous (wrk);
- the vote: vote page, vote, the e-mail's link, confirmation (bench/vote_cycle.py);
- the archive with every edition (wrk);
- the standings and finalists over 1,000,000 votes (bench/standings.py);
- where the time of a request goes, in one process (bench/profile.py).

Prints a table and writes it, with the raw figures, to bench/results/.
"""

import datetime
import json
import os
import platform
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python")
RESULTS = ROOT / "bench" / "results"
MAIL = ROOT / "var" / "bench-mail"

PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
DATABASE = os.environ.get("BENCH_DATABASE", "prize_bench")
DATABASE_URL = f"postgres://prize:prize@127.0.0.1:5432/{DATABASE}"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
VOTER_PROCESSES = int(os.environ.get("BENCH_VOTERS", "6"))
# gunicorn's rule of thumb, two processes per core and one more, so that a
# core never idles while a worker waits for PostgreSQL or Redis. One thread
# each: the gthread worker keeps wrk's connections alive (a sync worker closes
# each one), and a second thread would only queue for the same interpreter lock.
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
THREADS = int(os.environ.get("BENCH_THREADS", "1"))
MAIL_WORKERS = int(os.environ.get("BENCH_MAIL_WORKERS", "1"))
LOCK_SECONDS = 10**7


def environment():
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on loopback: no redirect to HTTPS in front of the measurement.
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": DATABASE_URL,
        "CACHE_URL": REDIS_URL,
        "EMAIL_URL": f"filemail://{MAIL}",
        "SITE_URL": BASE,
        "LOG_LEVEL": "WARNING",
        # Every voter comes from 127.0.0.1: the limits per address are not what is measured.
        "VOTE_CHALLENGE_AFTER_PER_ADDRESS": str(LOCK_SECONDS),
        "VOTE_CHALLENGE_AFTER_PER_NETWORK": str(LOCK_SECONDS),
        "VOTE_REFUSE_AFTER_PER_ADDRESS": str(LOCK_SECONDS),
        "VOTE_REFUSE_AFTER_PER_NETWORK": str(LOCK_SECONDS),
    }


def run(*command, env=None, capture=False):
    result = subprocess.run(
        command, cwd=ROOT, env=env, check=True, text=True, capture_output=capture
    )
    return result.stdout


def ensure_tools():
    if shutil.which("wrk") is None:
        print("Installing wrk from Debian")
        run("apt-get", "update", "-q")
        run("apt-get", "install", "-y", "-q", "--no-install-recommends", "wrk")
    if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode != 0:
        sys.exit("PostgreSQL does not answer on 127.0.0.1:5432 (bash .ci/run starts it).")
    if subprocess.run(["redis-cli", "-u", REDIS_URL, "ping"], capture_output=True).returncode:
        sys.exit(f"Redis does not answer at {REDIS_URL} (bash .ci/run starts it).")


def fresh_database(env):
    admin = {**os.environ, "PGPASSWORD": "prize"}
    subprocess.run(
        ["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "prize", DATABASE], env=admin, check=True
    )
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "prize", DATABASE], env=admin, check=True)
    run("redis-cli", "-u", REDIS_URL, "flushdb", capture=True)
    shutil.rmtree(MAIL, ignore_errors=True)
    MAIL.mkdir(parents=True)
    for step in (
        ["migrate", "--noinput", "-v0"],
        ["createcachetable"],
        ["load_municipalities"],
        ["loaddata", "history", "-v0"],
        ["demo_edition", "--phase", "voting"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        run(PYTHON, "manage.py", *step, env=env, capture=True)


def start_server(env):
    gunicorn = subprocess.Popen(
        [
            str(BIN / "gunicorn"), "award.wsgi",
            "--bind", f"127.0.0.1:{PORT}",
            "--workers", str(WORKERS),
            "--worker-class", "gthread",
            "--threads", str(THREADS),
            "--keep-alive", "5",
            "--log-level", "warning",
        ],
        cwd=ROOT, env=env, start_new_session=True,
    )
    mail_workers = [
        subprocess.Popen(
            [PYTHON, "manage.py", "db_worker", "--no-reload", "--interval", "0.1", "-v0"],
            cwd=ROOT, env=env, start_new_session=True,
        )
        for _worker in range(MAIL_WORKERS)
    ]
    for _attempt in range(100):
        try:
            with urllib.request.urlopen(f"{BASE}/helse/", timeout=2) as response:
                if response.status == 200:
                    return [gunicorn, *mail_workers]
        except OSError:
            time.sleep(0.2)
    stop([gunicorn, *mail_workers])
    sys.exit("gunicorn did not answer /helse/ within 20 seconds.")


def stop(processes):
    for process in processes:
        os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        process.wait(timeout=30)


def wrk(*paths):
    for path in paths:
        urllib.request.urlopen(BASE + path, timeout=10).read()
    output = run(
        "wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "5s",
        "-s", str(ROOT / "bench" / "report.lua"), BASE, "--", *paths, capture=True,
    )
    figures = json.loads(output.strip().splitlines()[-1])
    figures["rps"] = figures["requests"] / figures["seconds"]
    return figures


def shell(code, env):
    """What `code` prints last in a Django shell (apps may print a line of their own first)."""
    return run(PYTHON, "manage.py", "shell", "-c", code, env=env, capture=True).splitlines()[-1]


def counted_votes(env, domain):
    code = (
        "from voting.models import Vote; "
        f"print(Vote.objects.counted().filter(email_domain={domain!r}).count())"
    )
    return int(shell(code, env))


def demo(env):
    code = (
        "from award.models import Edition; e = Edition.objects.current(); "
        "print(e.year, e.nominees.order_by('municipality__name').first().municipality.slug)"
    )
    year, slug = shell(code, env).split()
    return int(year), slug


def table(rows, baseline, standings, started):
    lines = [
        f"Bosettingsprisen benchmark, {started:%Y-%m-%d %H:%M} UTC, {platform.node()}: "
        f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}",
        f"gunicorn gthread, {WORKERS} workers × {THREADS} threads; wrk {CONNECTIONS} connections,"
        f" {SECONDS} s per scenario; vote cycle {VOTER_PROCESSES} voter processes,"
        f" {MAIL_WORKERS} e-mail worker{'s' if MAIL_WORKERS > 1 else ''}",
        "",
        f"{'scenario':<38} {'req/s':>8} {'of base':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}",
    ]
    for name, figures in rows:
        lines.append(
            f"{name:<38} {figures['rps']:>8.0f} {figures['rps'] / baseline:>8.0%}"
            f" {figures['p50_ms']:>8.1f} {figures['p99_ms']:>8.1f} {figures['errors']:>7}"
        )
    lines += [
        "",
        f"standings over {standings['votes']:,} votes: {standings['standings_ms']:.1f} ms median "
        f"({standings['standings_worst_ms']:.1f} worst); finalists {standings['finalists_ms']:.1f} ms;"
        f" equal to a plain count: {'yes' if standings['equal_to_plain_count'] else 'NO'}",
    ]
    return "\n".join(lines)


def main():
    started = datetime.datetime.now(datetime.UTC)
    ensure_tools()
    env = environment()
    print(f"Setting up {DATABASE} and Redis {REDIS_URL} …", flush=True)
    fresh_database(env)
    year, slug = demo(env)
    processes = start_server(env)
    try:
        print("Measuring …", flush=True)
        baseline = wrk("/bench/baseline/")
        pages = wrk("/", f"/prisen/{year}/")
        cycle = json.loads(
            run(
                PYTHON, "bench/vote_cycle.py", BASE, str(MAIL), slug, str(SECONDS),
                str(VOTER_PROCESSES), env=env, capture=True,
            ).splitlines()[-1]
        )
        archive = wrk("/arkiv/")
    finally:
        stop(processes)
    cycle["counted"] = counted_votes(env, cycle["domain"])
    standings = json.loads(
        run(PYTHON, "-m", "bench.standings", env=env, capture=True).splitlines()[-1]
    )
    profile = run(PYTHON, "-m", "bench.profile", env=env, capture=True)
    profile = profile[profile.index("/bench/baseline/") :]
    rows = [
        ("baseline (3-byte Django view)", baseline),
        ("front page + edition page", pages),
        ("vote cycle (4 requests per vote)", cycle),
        ("archive", archive),
    ]
    report = table(rows, baseline["rps"], standings, started)
    report += (
        f"\nvote cycle: {cycle['cast']} votes cast, {cycle['confirmed']} confirmed by the voters, "
        f"{cycle['counted']} counted in PostgreSQL, {cycle['unconfirmed']} left waiting"
        f" ({'nothing lost, nothing doubled' if cycle['counted'] == cycle['confirmed'] else 'MISMATCH'})"
    )
    report += "\n\nProfile (python -m bench.profile):\n" + profile
    print("\n" + report)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / f"{started:%Y%m%dT%H%M%S}"
    stem.with_suffix(".txt").write_text(report + "\n")
    raw = {
        "rows": dict(rows), "standings": standings, "workers": WORKERS, "threads": THREADS,
        "mail_workers": MAIL_WORKERS,
    }
    stem.with_suffix(".json").write_text(json.dumps(raw, indent=2, default=str) + "\n")
    print(f"\nWritten to {stem.with_suffix('.txt').relative_to(ROOT)}")


if __name__ == "__main__":
    main()
