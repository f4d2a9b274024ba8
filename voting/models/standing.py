"""The standings of an edition's vote and the finalists they make."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from award.models import Edition
from nominations.models import Nominee

from .count import VoteCount
from .tally import TallyQuerySet

FINALIST_COUNT = 3


@dataclass(frozen=True)
class Standing:
    nominee: Nominee
    votes: int
    rank: int


@dataclass(frozen=True)
class Finalists:
    standings: list
    # True when a tie at third place makes more than three finalists: staff are warned.
    tied_at_third: bool


def has_public_result(edition):
    """Whether the edition's vote result is public: its finalists are, and its votes are in the system.

    `edition` comes from `Vote.objects.editions_with_result()`. An edition voted
    on before the site existed (2020) has no votes here: a result page would
    show every nominee at nought, so it has none.
    """
    return edition.votes_recorded and edition.finalists_are_public()


class StandingQuerySet(TallyQuerySet):
    def editions_with_result(self):
        """Editions marked `votes_recorded` where their vote was held here; read by `has_public_result`."""
        return Edition.objects.annotate(votes_recorded=Exists(self.filter(edition=OuterRef("pk"))))

    def standings(self, edition):
        """Every nominee of the edition with its counted votes, most first, in one query.

        Nominees with as many votes share a rank; among them names go in
        alphabetical order. The counts are the ones the database keeps as
        votes change (`VoteCount`), a few rows a nominee, not the votes.
        """
        counted = (
            VoteCount.objects.filter(nominee=OuterRef("pk"))
            .order_by()
            .values("nominee")
            .annotate(votes=Sum("votes"))
            .values("votes")
        )
        nominees = (
            edition.nominees.select_related("municipality")
            .annotate(counted_votes=Coalesce(Subquery(counted), 0))
            .order_by("-counted_votes", "municipality__name")
        )
        standings = []
        for position, nominee in enumerate(nominees, start=1):
            if not standings or standings[-1].votes != nominee.counted_votes:
                rank = position
            standings.append(Standing(nominee, nominee.counted_votes, rank))
        return standings

    def finalists(self, edition, standings=None):
        """The three nominees with most counted votes (from `standings` if already counted).

        The rule for ties: every nominee with as many votes as the one in third
        place is a finalist too, and `tied_at_third` tells staff so.
        """
        standings = self.standings(edition) if standings is None else standings
        if len(standings) <= FINALIST_COUNT:
            return Finalists(standings, tied_at_third=False)
        third = standings[FINALIST_COUNT - 1].votes
        chosen = [standing for standing in standings if standing.votes >= third]
        return Finalists(chosen, tied_at_third=len(chosen) > FINALIST_COUNT)
