"""The counts the database keeps per nominee (`VoteCount`) always equal the counted votes.

The scenarios run on whichever database the suite runs on (PostgreSQL in
CI), and once more on SQLite in a run of their own, since each has triggers
of its own (voting/migrations/0007_vote_counts.py).
"""

import datetime
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from award.models import Phase
from tests.factories import make_edition, make_nominee, make_vote, make_votes
from voting.models import SHARDS, Vote, VoteCount

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(municipalities):
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    for name in ["Voss", "Gjøvik", "Asker"]:
        make_nominee(edition, name)
    return edition


def nominee(edition, name):
    return edition.nominees.get(municipality__name=name)


def kept():
    """What the kept counts say: each nominee's votes, leaving out those at nought."""
    return {pk: votes for pk, votes in VoteCount.objects.totals().items() if votes}


def counted():
    """What the votes say, counted afresh by the rule."""
    totals = Vote.objects.counted().values("nominee").annotate(votes=Count("*")).order_by()
    return {row["nominee"]: row["votes"] for row in totals}


def test_each_change_to_a_vote_keeps_the_counts_equal_to_the_votes(edition, admin_user):
    voss, gjovik = nominee(edition, "Voss"), nominee(edition, "Gjøvik")

    waiting = [Vote.objects.cast(voss, f"velger{n}@example.no") for n in range(3)]
    assert kept() == {} == counted()

    for vote in waiting[:2]:
        vote.confirm()
    assert kept() == {voss.pk: 2} == counted()

    make_votes(gjovik, 4, domain="gjovik.no")
    assert kept() == {voss.pk: 2, gjovik.pk: 4} == counted()

    Vote.objects.filter(pk=waiting[0].pk).void(admin_user, "Juks", "Én stemme")
    assert kept() == {voss.pk: 1, gjovik.pk: 4} == counted()

    # A voided vote's confirmation counts nothing.
    Vote.objects.filter(pk=waiting[0].pk).update(confirmed_at=timezone.now())
    assert kept() == {voss.pk: 1, gjovik.pk: 4} == counted()

    Vote.objects.filter(email_domain="gjovik.no").void(admin_user, "Juks", "Et domene")
    assert kept() == {voss.pk: 1} == counted()

    Vote.objects.bulk_create(
        Vote(
            edition=edition,
            nominee=gjovik,
            voter_key=f"{n:064}",
            email_domain="bulk.no",
            network="192.0.2.0/24",
            confirmed_at=timezone.now(),
        )
        for n in range(5)
    )
    assert kept() == {voss.pk: 1, gjovik.pk: 5} == counted()

    bulk = Vote.objects.filter(email_domain="bulk.no").order_by("pk").values_list("pk", flat=True)
    Vote.objects.filter(pk__in=list(bulk[:2])).delete()
    assert kept() == {voss.pk: 1, gjovik.pk: 3} == counted()


def test_erasing_keys_and_personal_data_leaves_the_counts_as_they_were(edition):
    voss = nominee(edition, "Voss")
    make_votes(voss, 3)
    old = make_vote(voss, "gammel@example.no", confirmed=False)
    Vote.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=30), address_key=b"key"
    )
    before = sorted(VoteCount.objects.values_list("nominee", "shard", "votes"))

    assert Vote.objects.erase_spent_keys() == 1
    assert Vote.objects.erase_personal_data() == 4

    assert sorted(VoteCount.objects.values_list("nominee", "shard", "votes")) == before
    assert kept() == {voss.pk: 3} == counted()


def rows_written():
    """Rows of the counts this transaction has inserted or updated so far (PostgreSQL's own tally)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n_tup_ins + n_tup_upd FROM pg_stat_xact_user_tables"
            " WHERE relname = 'voting_votecount'"
        )
        return cursor.fetchone()[0]


@pytest.mark.postgres
def test_a_statement_writes_each_count_once_and_one_that_changes_no_standing_none(
    edition, admin_user
):
    voss = nominee(edition, "Voss")
    make_votes(voss, 3 * SHARDS)
    shards = VoteCount.objects.filter(nominee=voss).count()

    before = rows_written()
    Vote.objects.erase_personal_data()
    assert rows_written() == before

    Vote.objects.filter(nominee=voss).void(admin_user, "Juks", "Alle stemmene på Voss")
    assert rows_written() == before + shards == before + SHARDS
    assert kept() == {} == counted()


def test_a_nominees_count_is_spread_over_shards_by_the_votes_id(edition):
    votes = make_votes(nominee(edition, "Asker"), SHARDS + 3)

    shards = dict(VoteCount.objects.values_list("shard", "votes"))

    expected = {}
    for vote in votes:
        expected[vote.pk % SHARDS] = expected.get(vote.pk % SHARDS, 0) + 1
    assert shards == expected
    assert sum(shards.values()) == SHARDS + 3


# Each step: which vote (by position among those made so far), and what happens to it.
STEPS = st.lists(
    st.tuples(
        st.sampled_from(["cast", "cast confirmed", "confirm", "void", "delete", "erase keys"]),
        st.integers(min_value=0, max_value=30),
        st.sampled_from(["Voss", "Gjøvik", "Asker"]),
    ),
    max_size=25,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=STEPS)
def test_any_sequence_of_changes_keeps_the_counts_equal_to_the_votes(edition, admin_user, steps):
    Vote.objects.all().delete()
    assert kept() == {}
    for number, (step, which, name) in enumerate(steps):
        votes = list(Vote.objects.order_by("pk"))
        vote = votes[which % len(votes)] if votes else None
        if step.startswith("cast") or vote is None:
            make_vote(
                nominee(edition, name), f"velger{number}@example.no", confirmed=step != "cast"
            )
        elif step == "confirm":
            vote.confirm()
        elif step == "void":
            Vote.objects.filter(pk__gte=vote.pk).void(admin_user, "Juks", "Fra og med én stemme")
        elif step == "delete":
            vote.delete()
        else:
            Vote.objects.erase_spent_keys()
        assert kept() == counted(), (number, step)


def test_the_standings_read_the_kept_counts_in_one_query(edition, django_assert_num_queries):
    make_votes(nominee(edition, "Voss"), 3)

    with django_assert_num_queries(1) as captured:
        standings = Vote.objects.standings(edition)

    sql = captured.captured_queries[0]["sql"]
    assert '"voting_votecount"' in sql
    assert '"voting_vote"' not in sql
    assert [(s.nominee.municipality.name, s.votes, s.rank) for s in standings] == [
        ("Voss", 3, 1),
        ("Asker", 0, 2),
        ("Gjøvik", 0, 2),
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("schema_restored")
def test_the_migration_counts_the_votes_already_there(edition):
    make_votes(nominee(edition, "Voss"), 4)
    make_votes(nominee(edition, "Gjøvik"), 2, confirmed=False)
    before = counted()
    executor = MigrationExecutor(connection)
    executor.migrate([("voting", "0006_spent_challenges_move_to_award")])
    # Votes confirmed while no trigger kept a count.
    Vote.objects.filter(confirmed_at__isnull=True).update(confirmed_at=timezone.now())

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert kept() == counted() == {**before, nominee(edition, "Gjøvik").pk: 2}


def test_recount_votes_mends_counts_left_behind_and_says_so(edition, admin_user):
    voss, asker, gjovik = (nominee(edition, name) for name in ["Voss", "Asker", "Gjøvik"])
    make_votes(voss, 3)
    make_votes(asker, 2)
    # Counts at nought, and right so: not a count to mend.
    make_votes(gjovik, 2, domain="gjovik.no")
    Vote.objects.filter(email_domain="gjovik.no").void(admin_user, "Juks", "Et domene")
    # As votes written around the triggers would leave them.
    VoteCount.objects.filter(nominee=voss).update(votes=7)
    VoteCount.objects.filter(nominee=asker).delete()
    out = StringIO()

    call_command("recount_votes", stdout=out)

    assert out.getvalue() == "Talt på nytt: 2 nominerte hadde feil stemmetall.\n"
    assert kept() == {voss.pk: 3, asker.pk: 2} == counted()
    out = StringIO()
    call_command("recount_votes", stdout=out)
    assert out.getvalue() == "Stemmetallene stemte med stemmene.\n"


@pytest.mark.django_db(transaction=True)
def test_emptying_the_database_empties_the_counts(edition):
    make_votes(nominee(edition, "Voss"), 5)

    # Django empties the tables one by one, in any order (TRUNCATE on PostgreSQL).
    call_command("flush", interactive=False, verbosity=0)

    assert not Vote.objects.exists()
    assert not VoteCount.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_restore_of_the_nightly_dump_brings_the_counts_back_as_they_were(edition, tmp_path):
    make_votes(nominee(edition, "Voss"), 5)
    make_votes(nominee(edition, "Asker"), 2)
    dumped = sorted(VoteCount.objects.values_list("nominee", "shard", "votes"))
    settings_dict = connection.settings_dict
    environment = {**os.environ, "PGPASSWORD": settings_dict["PASSWORD"] or ""}
    server = ["-h", settings_dict["HOST"] or "127.0.0.1", "-p", str(settings_dict["PORT"] or 5432)]
    server += ["-U", settings_dict["USER"]]
    restored = f"{settings_dict['NAME']}_restored"
    dump = tmp_path / "prize.dump"

    def run(*command):
        subprocess.run(command, env=environment, check=True, capture_output=True, timeout=120)

    # As the README's backup: pg_dump --format=custom, then pg_restore into an empty database.
    run("pg_dump", *server, "--format=custom", f"--file={dump}", settings_dict["NAME"])
    run("dropdb", *server, "--if-exists", restored)
    run("createdb", *server, restored)
    try:
        run("pg_restore", *server, f"--dbname={restored}", str(dump))
        with psycopg.connect(
            dbname=restored,
            host=server[1],
            port=server[3],
            user=settings_dict["USER"],
            password=settings_dict["PASSWORD"] or None,
        ) as other:
            counts = sorted(other.execute("SELECT nominee_id, shard, votes FROM voting_votecount"))
            triggers = other.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'voting_vote_count_%'"
            ).fetchone()[0]
    finally:
        run("dropdb", *server, "--if-exists", restored)

    assert counts == dumped
    assert sum(votes for _nominee, _shard, votes in counts) == 7
    assert triggers == 3


@pytest.mark.skipif(
    os.environ.get("VOTE_COUNTS_ON_SQLITE") == "1", reason="this is the run on SQLite"
)
def test_the_same_scenarios_hold_on_sqlite(tmp_path):
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'counts.sqlite3'}",
        "VOTE_COUNTS_ON_SQLITE": "1",
        "REQUIRE_ALL_TESTS": "",
    }
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            __file__,
            "-k",
            "not on_sqlite",
            "-m",
            "not postgres",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "8 passed" in run.stdout
