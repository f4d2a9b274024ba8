"""Clusters: not yet voided votes that share a network, a domain, a browser or a minute.

Staff look at them for stuffing and may void one whole.
"""

import datetime

from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Trunc
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .tally import TallyQuerySet, counts

# Votes from one network, e-mail domain or browser before staff see them as a cluster.
CLUSTER_MIN_VOTES = 20
# Votes for one nominee within one minute that staff see as a burst.
BURST_MIN_VOTES = 10
BURST_WINDOW = datetime.timedelta(minutes=1)


class ClusterKind(models.TextChoices):
    NETWORK = "network", _("Nettverk")
    DOMAIN = "domain", _("E-postdomene")
    USER_AGENT = "user_agent", _("Nettleser")
    BURST = "burst", _("Mange stemmer på kort tid")


# The vote's field each kind of cluster shares; a burst is a nominee and a minute.
CLUSTER_FIELDS = {
    ClusterKind.NETWORK: "network",
    ClusterKind.DOMAIN: "email_domain",
    ClusterKind.USER_AGENT: "user_agent",
}


class ClusterQuerySet(TallyQuerySet):
    def clusters(self, edition, kind):
        """Groups of not yet voided votes that share a network, domain, browser or minute."""
        votes = self.filter(edition=edition)
        if kind == ClusterKind.BURST:
            grouped = votes.annotate(minute=Trunc("created_at", "minute")).values(
                "minute", "nominee", "nominee__municipality__name"
            )
            least = BURST_MIN_VOTES
        else:
            grouped = votes.values(CLUSTER_FIELDS[kind])
            least = CLUSTER_MIN_VOTES
        rows = (
            grouped.annotate(active=Count("pk", filter=Q(voiding__isnull=True)), **counts())
            .filter(active__gte=least)
            .order_by("-active")
        )
        clusters = []
        for row in rows:
            if kind == ClusterKind.BURST:
                key = f"{row['nominee']}@{row['minute'].isoformat()}"
                label = gettext("%(nominee)s, %(minute)s") % {
                    "nominee": row["nominee__municipality__name"],
                    "minute": date_format(timezone.localtime(row["minute"]), "DATETIME_FORMAT"),
                }
            else:
                key = label = row[CLUSTER_FIELDS[kind]]
            clusters.append({"kind": kind, "key": key, "label": label or "–", **row})
        return clusters

    def cluster(self, edition, kind, key):
        """The votes of one cluster that `clusters()` listed."""
        votes = self.filter(edition=edition)
        if kind == ClusterKind.BURST:
            nominee, _at, minute = key.partition("@")
            start = parse_datetime(minute)
            if not nominee.isdigit() or start is None:
                return votes.none()
            return votes.filter(
                nominee_id=int(nominee), created_at__gte=start, created_at__lt=start + BURST_WINDOW
            )
        return votes.filter(**{CLUSTER_FIELDS[ClusterKind(kind)]: key})
