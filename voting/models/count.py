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

from django.db import models
from django.utils.translation import gettext_lazy as _

from nominations.models import Nominee

SHARDS = 16


class VoteCount(models.Model):
    nominee = models.ForeignKey(
        Nominee, on_delete=models.CASCADE, related_name="vote_counts", verbose_name=_("nominert")
    )
    shard = models.PositiveSmallIntegerField()
    votes = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("stemmetall")
        verbose_name_plural = _("stemmetall")
        constraints = [
            models.UniqueConstraint(fields=["nominee", "shard"], name="vote_count_per_shard"),
        ]

    def __str__(self):
        return f"{self.nominee}: {self.votes}"
