"""What a vote counts as: counted, waiting for confirmation, or voided, and the counts of each."""

from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Trunc

COUNTED = Q(confirmed_at__isnull=False, voiding__isnull=True)
UNCONFIRMED = Q(confirmed_at__isnull=True, voiding__isnull=True)
VOIDED = Q(voiding__isnull=False)


def counts():
    """The aggregates of a tally: counted, unconfirmed and voided votes."""
    return {
        "counted": Count("pk", filter=COUNTED),
        "unconfirmed": Count("pk", filter=UNCONFIRMED),
        "voided": Count("pk", filter=VOIDED),
    }


class TallyQuerySet(models.QuerySet):
    """The counts of votes, which the standings and the clusters read too."""

    def counted(self):
        """Confirmed and not voided: the only votes that count."""
        return self.filter(COUNTED)

    def tally(self):
        """Counted, unconfirmed and voided votes in the queryset."""
        return self.aggregate(**counts())

    def tally_by(self, *fields):
        """The tally for each value of `fields`."""
        return self.values(*fields).annotate(**counts()).order_by(*fields)

    def timeline(self, unit):
        """The tally per nominee per "day" or "hour" the votes were cast."""
        return self.annotate(period=Trunc("created_at", unit)).tally_by("period", "nominee")
