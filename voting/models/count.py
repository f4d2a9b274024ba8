"""Each nominee's counted votes, kept by the database as votes are cast, confirmed and voided.

The standings would otherwise read every counted vote: over a million votes
that is one pass of the counting index, 60 ms. The database's triggers
(voting/migrations/0007_vote_counts.py) add to or take from these rows in
the same statement that changes a vote, so they can never disagree with the
votes: a vote counts here exactly when `tally.COUNTED` holds for it
(confirmed, not voided), and tests/test_vote_counts.py checks the two after
every kind of change. Nothing in Python writes them.

Each nominee's count is spread over SHARDS rows, chosen by the vote's id, so
that two confirmations for the same nominee at the same moment seldom wait
for the same row's lock.
"""

from django.db import connection, models, transaction
from django.db.models import Count
from django.db.models.functions import Mod
from django.utils.translation import gettext_lazy as _

from nominations.models import Nominee

SHARDS = 16


class VoteCountQuerySet(models.QuerySet):
    def totals(self):
        """Each nominee's kept count: {nominee id: votes}."""
        totals = self.values("nominee").annotate(votes=models.Sum("votes")).order_by()
        return {row["nominee"]: row["votes"] for row in totals}

    def recount(self):
        """Count every nominee's votes afresh from the votes; returns the nominees whose count changed.

        For a database whose votes were written around the triggers (`loaddata`,
        a data-only restore without them). No vote changes meanwhile: on
        PostgreSQL the votes are locked until the new counts are in, and on
        SQLite the first write holds every other writer off.
        """
        from .vote import Vote

        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("LOCK TABLE voting_vote IN SHARE MODE")
            before = self.model.objects.totals()
            self.model.objects.all().delete()
            counted = (
                Vote.objects.counted()
                .annotate(shard=Mod("pk", SHARDS))
                .values("nominee", "shard")
                .annotate(votes=Count("pk"))
                .order_by()
            )
            self.model.objects.bulk_create(
                self.model(nominee_id=row["nominee"], shard=row["shard"], votes=row["votes"])
                for row in counted
            )
            after = self.model.objects.totals()
        # A nominee whose votes were all voided keeps rows at nought; the recount makes none.
        return {pk for pk in before.keys() | after.keys() if before.get(pk, 0) != after.get(pk, 0)}


class VoteCount(models.Model):
    nominee = models.ForeignKey(
        Nominee, on_delete=models.CASCADE, related_name="vote_counts", verbose_name=_("nominert")
    )
    shard = models.PositiveSmallIntegerField()
    votes = models.IntegerField(default=0)

    objects = VoteCountQuerySet.as_manager()

    class Meta:
        verbose_name = _("stemmetall")
        verbose_name_plural = _("stemmetall")
        constraints = [
            models.UniqueConstraint(fields=["nominee", "shard"], name="vote_count_per_shard"),
        ]

    def __str__(self):
        return f"{self.nominee}: {self.votes}"
