"""Each nominee's counted votes, kept by triggers on the votes (voting/models/count.py says why).

A vote counts when it is confirmed and not voided (`voting.models.tally.COUNTED`):
the triggers below say the same in SQL, and tests/test_vote_counts.py holds
the two together. On PostgreSQL one trigger per statement adds up the change
over every row the statement touched, from its transition tables, so that a
voiding of ten thousand votes writes each shard once, and an update that
changes no vote's standing (erasing keys or personal data) writes nothing.
SQLite has only row triggers. The votes already there are counted in the
same transaction, after the triggers are made: their lock keeps the votes
still until it commits.
"""

import django.db.models.deletion
from django.db import migrations, models

SHARDS = 16
COUNTED = "confirmed_at IS NOT NULL AND voiding_id IS NULL"

# PostgreSQL: the rows a statement added count +1 each, the rows it removed -1 each, summed
# per nominee and shard. Rows are locked in one order, so that two large voidings cannot wait
# for each other.
UPSERT = """
        INSERT INTO voting_votecount (nominee_id, shard, votes)
        SELECT nominee_id, shard, sum(change) FROM ({changes}) AS changes
        GROUP BY nominee_id, shard HAVING sum(change) <> 0 ORDER BY nominee_id, shard
        ON CONFLICT (nominee_id, shard)
        DO UPDATE SET votes = voting_votecount.votes + EXCLUDED.votes;"""
ADDED = f"SELECT nominee_id, (id % {SHARDS})::smallint AS shard, 1 AS change FROM new_votes WHERE {COUNTED}"
REMOVED = f"SELECT nominee_id, (id % {SHARDS})::smallint AS shard, -1 AS change FROM old_votes WHERE {COUNTED}"
# Each branch names only the transition tables its event has.
POSTGRESQL = [
    f"""
CREATE FUNCTION voting_vote_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN{UPSERT.format(changes=ADDED)}
    ELSIF TG_OP = 'DELETE' THEN{UPSERT.format(changes=REMOVED)}
    ELSE{UPSERT.format(changes=f"{ADDED} UNION ALL {REMOVED}")}
    END IF;
    RETURN NULL;
END
$$""",
    """CREATE TRIGGER voting_vote_count_insert AFTER INSERT ON voting_vote
    REFERENCING NEW TABLE AS new_votes
    FOR EACH STATEMENT EXECUTE FUNCTION voting_vote_count()""",
    """CREATE TRIGGER voting_vote_count_update AFTER UPDATE ON voting_vote
    REFERENCING OLD TABLE AS old_votes NEW TABLE AS new_votes
    FOR EACH STATEMENT EXECUTE FUNCTION voting_vote_count()""",
    """CREATE TRIGGER voting_vote_count_delete AFTER DELETE ON voting_vote
    REFERENCING OLD TABLE AS old_votes
    FOR EACH STATEMENT EXECUTE FUNCTION voting_vote_count()""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER voting_vote_count_insert ON voting_vote",
    "DROP TRIGGER voting_vote_count_update ON voting_vote",
    "DROP TRIGGER voting_vote_count_delete ON voting_vote",
    "DROP FUNCTION voting_vote_count()",
]


def _sqlite_trigger(name, event, row, change):
    condition = COUNTED.replace("confirmed_at", f"{row}.confirmed_at").replace(
        "voiding_id", f"{row}.voiding_id"
    )
    shard = f"{row}.id % {SHARDS}"
    if change > 0:
        write = f"""INSERT INTO voting_votecount (nominee_id, shard, votes)
    VALUES ({row}.nominee_id, {shard}, 1)
    ON CONFLICT (nominee_id, shard) DO UPDATE SET votes = votes + 1"""
    else:
        # A vote that counted has its row already. Django's flush empties the tables one by one
        # in any order: a vote deleted after the counts must not make a row of them again.
        write = f"""UPDATE voting_votecount SET votes = votes - 1
    WHERE nominee_id = {row}.nominee_id AND shard = {shard}"""
    return f"""CREATE TRIGGER {name} AFTER {event} ON voting_vote WHEN {condition}
BEGIN
    {write};
END"""


SQLITE_TRIGGERS = {
    "voting_vote_count_insert": ("INSERT", "NEW", 1),
    "voting_vote_count_delete": ("DELETE", "OLD", -1),
    "voting_vote_count_update_old": ("UPDATE", "OLD", -1),
    "voting_vote_count_update_new": ("UPDATE", "NEW", 1),
}
SQLITE = [_sqlite_trigger(name, *how) for name, how in SQLITE_TRIGGERS.items()]
SQLITE_REVERSE = [f"DROP TRIGGER {name}" for name in SQLITE_TRIGGERS]

COUNT_THE_VOTES = f"""
INSERT INTO voting_votecount (nominee_id, shard, votes)
SELECT nominee_id, id % {SHARDS}, count(*) FROM voting_vote WHERE {COUNTED}
GROUP BY nominee_id, id % {SHARDS}
"""


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements:
            # Without the triggers the standings would count nothing.
            raise NotImplementedError(f"The vote counts have no triggers for {vendor}.")
        for statement in statements[vendor]:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):

    # The nominees' table is all this needs of nominations: depending on its newest migration
    # would tie the jury's move (nominations 0007) to the counts in the migration tests.
    dependencies = [
        ("nominations", "0005_content_in_nynorsk_and_english"),
        ("voting", "0006_spent_challenges_move_to_award"),
    ]

    operations = [
        migrations.CreateModel(
            name="VoteCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("shard", models.PositiveSmallIntegerField()),
                ("votes", models.IntegerField(default=0)),
                (
                    "nominee",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="vote_counts",
                        to="nominations.nominee",
                        verbose_name="nominert",
                    ),
                ),
            ],
            options={
                "verbose_name": "stemmetall",
                "verbose_name_plural": "stemmetall",
                "constraints": [
                    models.UniqueConstraint(fields=("nominee", "shard"), name="vote_count_per_shard")
                ],
            },
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL + [COUNT_THE_VOTES], "sqlite": SQLITE + [COUNT_THE_VOTES]}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
