"""The jury's ranking of the eligible entries, from the scores that count."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from django.db.models import Count, Sum

from .jury import SCORE_FIELDS, Assessment
from .states import Eligibility, NominationStatus

if TYPE_CHECKING:
    from .nomination import Nomination


def rounded(fraction):
    """A mean or total as staff read it: two decimals, halves rounded up."""
    return (Decimal(fraction.numerator) / Decimal(fraction.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


@dataclass
class Standing:
    """Where a nomination stands in the jury's ranking."""

    nomination: "Nomination"
    score_count: int
    means: list  # one Fraction per criterion, in the order of SCORED_CRITERIA; empty if unscored
    total: Fraction | None
    place: int | None = None

    @property
    def rounded_means(self):
        return [rounded(mean) for mean in self.means]

    @property
    def rounded_total(self):
        return None if self.total is None else rounded(self.total)


def rank(nominations):
    """The eligible ones of `nominations` in the jury's order, as `Standing`s.

    The rule: each nomination's total is the sum of its means per
    criterion over the counted scores (submitted, from members without a
    conflict), so from 4 to 20. Higher totals rank higher. Equal totals
    share a place, and the next place is skipped (1, 2, 2, 4); within a
    place, alphabetical order. Nominations nobody has scored come last,
    without a place. Means are computed exactly and rounded only for
    display, so that rounding never decides a place.
    """
    nominations = list(
        nominations.filter(status=NominationStatus.SUBMITTED, eligibility=Eligibility.ELIGIBLE)
        .select_related("municipality", "edition")
        .order_by("municipality__name")
    )
    sums = {
        row["nomination"]: row
        for row in Assessment.objects.counted()
        .filter(nomination__in=[n.pk for n in nominations])
        .values("nomination")
        .annotate(count=Count("pk"), **{field: Sum(field) for field in SCORE_FIELDS})
    }
    standings = []
    for nomination in nominations:
        row = sums.get(nomination.pk)
        if row is None:
            standings.append(Standing(nomination, 0, [], None))
            continue
        count = row["count"]
        means = [Fraction(row[field], count) for field in SCORE_FIELDS]
        standings.append(Standing(nomination, count, means, sum(means)))
    scored = sorted((s for s in standings if s.total is not None), key=lambda s: -s.total)
    for position, standing in enumerate(scored, start=1):
        previous = scored[position - 2] if position > 1 else None
        same = previous is not None and previous.total == standing.total
        standing.place = previous.place if same else position
    unscored = [s for s in standings if s.total is None]
    return scored + unscored
