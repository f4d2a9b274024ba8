"""`make bench`: the site under gunicorn against the ceiling of the stack, in one run.

Sets up a database of its own (BENCH_DATABASE, prize_bench) and a Redis
database (BENCH_REDIS_URL, db 11), starts two gunicorns with the same
options: the site with the production settings (beside `manage.py
db_worker`) on BENCH_PORT, and bare Django (bench/bare.py: no apps, no
middleware) on a free port. Then measures, one after the other:

- the ceiling: bare Django's 3-byte view (wrk), before and after the pages;
- the baseline: a 3-byte view behind the site's middleware (bench/views.py);
- the anonymous pages, the shared vote link and the announcement's status (wrk);
- the vote cycle (bench/vote_cycle.py) and its ceiling and baseline: the same
  client making the same four requests to views of three bytes; for each, the
  processor time per vote of every kind of process it keeps busy (/proc);
- where the time of a request goes, in one process (bench/profile.py);
- a scheduled reveal watched by BENCH_SCREENS screens polling the status
  (bench/screens.py);
- the standings and finalists over 1,000,000 votes (bench/standings.py), and
  the admin's vote pages over them, signed in as staff (bench/staff.py).

Prints a table and writes it, with the raw figures, to bench/results/.
"""

import datetime
import json
import os
import platform
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python")
RESULTS = Path(os.environ.get("BENCH_RESULTS") or ROOT / "bench" / "results")
MAIL = ROOT / "var" / "bench-mail"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
BARE_PORT = int(os.environ.get("BENCH_BARE_PORT") or free_port())
BARE = f"http://127.0.0.1:{BARE_PORT}"
DATABASE = os.environ.get("BENCH_DATABASE", "prize_bench")
DATABASE_URL = f"postgres://prize:prize@127.0.0.1:5432/{DATABASE}"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
VOTER_PROCESSES = int(os.environ.get("BENCH_VOTERS", "6"))
# gunicorn's rule of thumb, two processes per core and one more, so that a
# core never idles while a worker waits for PostgreSQL or Redis. One thread
# each: the gthread worker keeps wrk's connections alive (a sync worker closes
# each one), and a second thread would only queue for the same interpreter lock.
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
THREADS = int(os.environ.get("BENCH_THREADS", "1"))
MAIL_WORKERS = int(os.environ.get("BENCH_MAIL_WORKERS", "1"))
# The screens in the hall, each polling the announcement's status over a
# connection it keeps: gthread holds this many per worker, with room to spare
# because the connections do not spread evenly over the workers.
SCREENS = int(os.environ.get("BENCH_SCREENS", "5000"))
SCREEN_PROCESSES = int(os.environ.get("BENCH_SCREEN_PROCESSES", "2"))
REVEAL_AFTER_SECONDS = int(os.environ.get("BENCH_REVEAL_AFTER", "12"))
WORKER_CONNECTIONS = max(1000, 2 * SCREENS // WORKERS)
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
    result = subprocess.run(command, cwd=ROOT, env=env, text=True, capture_output=capture)
    if result.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr or ''}")
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


def gunicorn(env, port):
    """gunicorn as the site runs it; bare Django gets exactly the same options."""
    return subprocess.Popen(
        [
            str(BIN / "gunicorn"), "award.wsgi",
            "--bind", f"127.0.0.1:{port}",
            "--workers", str(WORKERS),
            "--worker-class", "gthread",
            "--threads", str(THREADS),
            "--worker-connections", str(WORKER_CONNECTIONS),
            "--keep-alive", "5",
            "--log-level", "warning",
        ],
        cwd=ROOT, env=env, start_new_session=True,
    )


def start_servers(env):
    bare_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.bare"}
    processes = [gunicorn(env, PORT), gunicorn(bare_env, BARE_PORT)]
    for address in (f"{BASE}/helse/", f"{BARE}/bench/baseline/"):
        for _attempt in range(100):
            try:
                with urllib.request.urlopen(address, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            stop(processes)
            sys.exit(f"gunicorn did not answer {address} within 20 seconds.")
    return processes


# A delivery run queued once the workers are up: the measurements start when one has
# run it, so that no worker is still starting (two seconds of a core) during them.
WAIT_FOR_MAIL_WORKERS = """
import time
from award import mail
from django_tasks.base import TaskResultStatus
result = mail.deliver.enqueue()
for _attempt in range(600):
    result.refresh()
    if result.status == TaskResultStatus.SUCCESSFUL:
        break
    time.sleep(0.1)
print(result.status)
"""


def start_mail_workers(env):
    workers = [
        subprocess.Popen(
            # As the README runs it: at the default interval between looks at an empty queue.
            [PYTHON, "manage.py", "db_worker", "--no-reload", "-v0"],
            cwd=ROOT, env=env, start_new_session=True,
        )
        for _worker in range(MAIL_WORKERS)
    ]
    if shell(WAIT_FOR_MAIL_WORKERS, env) != "SUCCESSFUL":
        stop(workers)
        sys.exit("The e-mail worker did not run a delivery within a minute.")
    return workers


def stop(processes):
    for process in processes:
        os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        process.wait(timeout=30)


def wrk(*paths, base=BASE):
    for path in paths:
        urllib.request.urlopen(base + path, timeout=10).read()
    output = run(
        "wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "5s",
        "-s", str(ROOT / "bench" / "report.lua"), base, "--", *paths, capture=True,
    )
    figures = json.loads(output.strip().splitlines()[-1])
    figures["rps"] = figures["requests"] / figures["seconds"]
    return figures


def vote_cycle(env, base, folder, slug, groups):
    """The cycle's figures, with the processor time each kind of process spent per vote."""
    before, voters_before = cpu_seconds(groups), children_cpu_seconds()
    figures = json.loads(
        run(
            PYTHON, "bench/vote_cycle.py", base, folder, slug, str(SECONDS),
            str(VOTER_PROCESSES), env=env, capture=True,
        ).splitlines()[-1]
    )
    after = cpu_seconds(groups)
    spent = {kind: after[kind] - before[kind] for kind in after}
    spent["voters"] = children_cpu_seconds() - voters_before
    figures["votes_per_second"] = figures["confirmed"] / figures["seconds"]
    votes = max(figures["confirmed"], 1)
    figures["cpu_ms_per_vote"] = {kind: seconds / votes * 1000 for kind, seconds in spent.items()}
    return figures


def cpu_seconds(groups):
    """Processor time so far, user and system, of each process group and of the two servers.

    `groups` names the process groups the benchmark started (gunicorn with its
    workers, the e-mail workers); PostgreSQL and Redis are every process of
    theirs on the machine, which runs nothing else. Each process adds the time
    of its children that have ended (a PostgreSQL backend whose connection
    closed, a gunicorn worker replaced), so that none is lost between two looks.
    """
    totals = dict.fromkeys([*groups, "PostgreSQL", "Redis"], 0.0)
    kinds = {group: kind for kind, members in groups.items() for group in members}
    servers = {"postgres": "PostgreSQL", "redis-server": "Redis"}
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"{entry.path}/stat") as file:
                name, _paren, rest = file.read().partition(" (")[2].rpartition(") ")
        except OSError:
            continue
        fields = rest.split()
        # After the name: state, parent, process group, …, then from the 12th the user
        # and system time of the process and those of its children that have ended.
        kind = kinds.get(int(fields[2])) or servers.get(name)
        if kind:
            totals[kind] += sum(int(field) for field in fields[11:15]) / ticks
    return totals


def children_cpu_seconds():
    """Processor time of the commands the benchmark ran and waited for, with theirs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


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


# The vote is over and the finalists are public; the winner is chosen and its
# reveal is set REVEAL_AFTER_SECONDS ahead, as staff schedule it in the admin.
SCHEDULE_REVEAL = """
import datetime
from django.utils import timezone
from award.models import Edition
edition = Edition.objects.current()
now = timezone.now()
edition.voting_closes_at = now - datetime.timedelta(minutes=2)
edition.finalists_revealed_at = now - datetime.timedelta(minutes=1)
edition.winner_revealed_at = edition.ceremony_at = now + datetime.timedelta(seconds={after})
finalists = list(edition.nominees.order_by("municipality__name")[:3])
edition.nominees.filter(pk__in=[n.pk for n in finalists]).update(is_finalist=True)
edition.nominees.filter(pk=finalists[-1].pk).update(
    is_winner=True, winner_rationale="Juryen valgte kommunen for arbeidet med kvalifisering."
)
edition.full_clean()
edition.save()
print(edition.winner_revealed_at.timestamp())
"""


def reveal(env, year):
    moment = float(shell(SCHEDULE_REVEAL.format(after=REVEAL_AFTER_SECONDS), env))
    return json.loads(
        run(
            PYTHON, "bench/screens.py", BASE, f"/prisen/{year}/kunngjoring/status/", str(moment),
            str(SCREENS), str(SCREEN_PROCESSES), env=env, capture=True,
        ).splitlines()[-1]
    )


def row(name, figures, ceiling, baseline):
    return (
        f"{name:<44} {figures['rps']:>8,.0f} {figures['rps'] / ceiling:>8.0%}"
        f" {figures['rps'] / baseline:>8.0%} {figures['p50_ms']:>8.1f}"
        f" {figures['p99_ms']:>8.1f} {figures['errors']:>7}"
    )


def cpu_rows(results):
    runs = {
        "ceiling (bare, 4 × 3 bytes)": results["cycle ceiling"],
        "baseline (middleware, 4 × 3 bytes)": results["cycle baseline"],
        "the vote": results["vote cycle"],
    }
    kinds = list(results["vote cycle"]["cpu_ms_per_vote"])
    lines = [f"{'':<36}" + "".join(f" {kind.split(' (')[0]:>13}" for kind in kinds) + "    total"]
    for name, figures in runs.items():
        spent = figures["cpu_ms_per_vote"]
        lines.append(
            f"{name:<36}" + "".join(f" {spent[kind]:>13.2f}" for kind in kinds)
            + f" {sum(spent.values()):>8.2f}"
        )
    return lines


def table(results, started):
    ceiling = statistics.mean(r["rps"] for r in results["ceiling"])
    baseline = results["baseline"]["rps"]
    cycle_ceiling = results["cycle ceiling"]["rps"]
    cycle_baseline = results["cycle baseline"]["rps"]
    cycle, screens, staff = results["vote cycle"], results["reveal"], results["staff"]
    standings = results["standings"]
    cores = os.cpu_count() or 1
    heading = (
        f"{'scenario':<44} {'req/s':>8} {'ceiling':>8} {'baseline':>8}"
        f" {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}"
    )
    lines = [
        f"Bosettingsprisen benchmark, {started:%Y-%m-%d %H:%M} UTC, {platform.node()}: "
        f"{cores} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}",
        f"gunicorn gthread, {WORKERS} workers × {THREADS} threads, for the site and for bare Django;"
        f" wrk {CONNECTIONS} connections, {SECONDS} s per scenario; vote cycle"
        f" {VOTER_PROCESSES} voter processes, {MAIL_WORKERS} e-mail worker(s)",
        "",
        "Ceiling: bare Django (no apps, no middleware), 3-byte view, measured before and after"
        " the pages: " + " and ".join(f"{r['rps']:,.0f}" for r in results["ceiling"]) + " req/s.",
        "Baseline: a 3-byte view behind the site's middleware.",
        "",
        heading,
    ]
    for first, figures in enumerate(results["ceiling"]):
        lines.append(row(f"ceiling, {'first' if not first else 'second'}", figures, ceiling, baseline))
    lines.append(row("baseline (3-byte view, site middleware)", results["baseline"], ceiling, baseline))
    for name, figures in results["pages"].items():
        lines.append(row(name, figures, ceiling, baseline))
    lines += [
        "",
        "The vote cycle: the same client and voters against four 3-byte views (ceiling: bare",
        "Django; baseline: behind the site's middleware) and against the vote itself.",
        heading,
        row("vote cycle ceiling (bare, 4 × 3 bytes)", results["cycle ceiling"], cycle_ceiling,
            cycle_baseline),
        row("vote cycle baseline (middleware, 4 × 3 bytes)", results["cycle baseline"],
            cycle_ceiling, cycle_baseline),
        row("vote cycle (4 requests per vote)", cycle, cycle_ceiling, cycle_baseline),
        f"vote cycle: {cycle['votes_per_second']:.1f} votes/s, "
        f"{cycle['votes_per_second'] / cores:.1f} per core; {cycle['cast']} votes cast,"
        f" {cycle['confirmed']} confirmed by the voters, {cycle['counted']} counted in PostgreSQL,"
        f" {cycle['unconfirmed']} left waiting"
        f" ({'nothing lost, nothing doubled' if cycle['counted'] == cycle['confirmed'] else 'MISMATCH'})",
        "",
        "Processor time per vote (ms), by kind of process:",
        *cpu_rows(results),
        "",
        f"Reveal: {screens['screens']:,} screens polling every 3 s across a scheduled reveal:"
        f" {screens['saw_winner']:,} showed the winner, the first {screens['reveal_to_first_ms']:,.0f} ms,"
        f" half within {screens['reveal_to_median_ms']:,.0f} ms and the last"
        f" {screens['reveal_to_last_ms']:,.0f} ms after the reveal; {screens['early']} saw it early;"
        f" {screens['polls']:,} polls, p50 {screens['p50_ms']:.1f} ms, p99 {screens['p99_ms']:.1f} ms,"
        f" {screens['errors']} errors",
        "",
        f"Standings over {standings['votes']:,} votes: {standings['standings_ms']:.1f} ms median "
        f"({standings['standings_worst_ms']:.1f} worst); finalists {standings['finalists_ms']:.1f} ms;"
        f" equal to a plain count: {'yes' if standings['equal_to_plain_count'] else 'NO'}",
        "Admin over them, signed in as staff (median of 10, worst): "
        + "; ".join(
            f"{name} {figures['median_ms']:.0f} ms ({figures['worst_ms']:.0f})"
            for name, figures in staff.items()
        ),
    ]
    return "\n".join(lines)


def main():
    started = datetime.datetime.now(datetime.UTC)
    ensure_tools()
    env = environment()
    print(f"Setting up {DATABASE} and Redis {REDIS_URL} …", flush=True)
    fresh_database(env)
    year, slug = demo(env)
    processes = start_servers(env)
    mail_workers = start_mail_workers(env)
    processes += mail_workers
    results = {}
    try:
        print("Measuring …", flush=True)
        results["ceiling"] = [wrk("/bench/baseline/", base=BARE)]
        groups = {
            "site (gunicorn)": [processes[0].pid],
            "bare Django (gunicorn)": [processes[1].pid],
            "e-mail worker": [worker.pid for worker in mail_workers],
        }
        results["cycle ceiling"] = vote_cycle(env, BARE, "baseline", slug, groups)
        results["baseline"] = wrk("/bench/baseline/")
        results["cycle baseline"] = vote_cycle(env, BASE, "baseline", slug, groups)
        results["pages"] = {
            "front page + edition page": wrk("/", f"/prisen/{year}/"),
            "nominee page + vote list": wrk(f"/prisen/{year}/{slug}/", "/stem/"),
            "archive": wrk("/arkiv/"),
            "criteria + two statements": wrk("/kriterier/", "/tilgjengelighet/", "/personvern/"),
            "shared vote link /stem/<kommune>/": wrk(f"/stem/{slug}/"),
            "announcement status (polled)": wrk(f"/prisen/{year}/kunngjoring/status/"),
        }
        results["ceiling"].append(wrk("/bench/baseline/", base=BARE))
        results["vote cycle"] = vote_cycle(env, BASE, str(MAIL), slug, groups)
        # The profile reads the links from the queued e-mails before it sends them itself.
        stop(mail_workers)
        processes = [process for process in processes if process not in mail_workers]
        print("Profiling …", flush=True)
        profile = run(PYTHON, "-m", "bench.profile", env=env, capture=True)
        print("The reveal …", flush=True)
        results["reveal"] = reveal(env, year)
        print("A million votes …", flush=True)
        # Adding the votes takes longer than the site lets a query take (DATABASE_TIMEOUT).
        loading = {**env, "DATABASE_TIMEOUT": "0"}
        results["standings"] = json.loads(
            run(PYTHON, "-m", "bench.standings", env=loading, capture=True).splitlines()[-1]
        )
        results["staff"] = json.loads(
            run(PYTHON, "-m", "bench.staff", BASE, env=env, capture=True).splitlines()[-1]
        )
    finally:
        stop(processes)
    results["vote cycle"]["counted"] = counted_votes(env, results["vote cycle"]["domain"])
    profile = profile[profile.index("/bench/baseline/") :]
    report = table(results, started)
    report += "\n\nProfile (python -m bench.profile):\n" + profile
    print("\n" + report)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / f"{started:%Y%m%dT%H%M%S}"
    stem.with_suffix(".txt").write_text(report + "\n")
    raw = {
        **results, "workers": WORKERS, "threads": THREADS, "mail_workers": MAIL_WORKERS,
        "connections": CONNECTIONS, "cores": os.cpu_count(),
    }
    stem.with_suffix(".json").write_text(json.dumps(raw, indent=2, default=str) + "\n")
    print(f"\nWritten to {stem.with_suffix('.txt')}")


if __name__ == "__main__":
    main()
