"""The staff's vote log: counts over time, the standings, clusters that look like stuffing.

Its pages are views of the vote's admin (`VoteAdmin` mixes them in), under
its URLs and permissions; voiding a cluster is the one change made here.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import BadRequest, PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext

from award import pagecache
from award.models import Edition

from ..models import BURST_WINDOW, CLUSTER_FIELDS, ClusterKind, Vote
from ..permissions import can_review_votes, can_void_votes
from .voiding import VoidForm, report_voidings

# Shown before the list is cut, so a page of clusters stays readable.
CLUSTERS_SHOWN = 25


def _shared_figures(name, edition, count, *parts):
    """What `count` counts over the edition's votes, with the time it was counted.

    Counting a million votes takes PostgreSQL longer than a page should
    take, so the figures are shared by staff for VOTE_FIGURES_SECONDS, and
    counted afresh at once after a voiding or any other change by staff
    (they are kept under the page cache's version, which each draws anew).
    """
    return _shared([name, edition.pk, *parts], count)


def _shared(parts, count):
    key = ":".join(["votefigures", *map(str, parts), pagecache.current_version()])
    figures = cache.get(key) if settings.VOTE_FIGURES_SECONDS > 0 else None
    if figures is None:
        figures = {**count(), "counted_at": timezone.now()}
        if settings.VOTE_FIGURES_SECONDS > 0:
            cache.set(key, figures, settings.VOTE_FIGURES_SECONDS)
    return {**figures, "recounted_every": settings.VOTE_FIGURES_SECONDS}


class SharedCountPaginator(Paginator):
    """The vote list's pages, with the count of the votes it shows shared as the figures are.

    The rows are always read afresh; only the count, the one query that
    reads every vote the filters leave, is shared by staff for a few seconds.
    """

    @cached_property
    def count(self):
        sql, params = self.object_list.query.sql_with_params()
        filters = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
        return _shared(["list", filters], lambda: {"votes": self.object_list.count()})["votes"]


class VoteLogViews:
    """The vote log's pages, added to the vote's admin."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("logg/", view(self.log_view), name="voting_vote_log"),
            path("klynger/", view(self.clusters_view), name="voting_vote_clusters"),
            path(
                "klynger/annuller/", view(self.void_cluster_view), name="voting_vote_void_cluster"
            ),
            *super().get_urls(),
        ]

    def log_view(self, request):
        """Counts per nominee and over time, and the standings with the finalists."""
        edition = self._edition(request)
        try:
            day = parse_date(request.GET.get("dag", ""))
        except ValueError as error:
            # Shaped like a date but none (2030-13-45): only a hand-edited address has that.
            raise BadRequest("The day is not a date.") from error
        context = {
            **self._context(request, edition, gettext("Stemmelogg")),
            **_shared_figures("log", edition, lambda: self._log_figures(edition, day), day),
            "day": day,
        }
        return TemplateResponse(request, "admin/voting/vote/log.html", context)

    def _log_figures(self, edition, day):
        votes = Vote.objects.filter(edition=edition)
        standings = Vote.objects.standings(edition)
        finalists = Vote.objects.finalists(edition, standings)
        per_nominee = self._per_nominee(votes, standings)
        return {
            # Every vote is for one nominee: the sum of theirs is the edition's tally.
            "tally": {
                status: sum(row[status] for row in per_nominee)
                for status in ("counted", "unconfirmed", "voided")
            },
            "standings": standings,
            "finalists": finalists,
            "finalist_ids": {standing.nominee.pk for standing in finalists.standings},
            "per_nominee": per_nominee,
            "timeline": self._timeline(
                votes.filter(created_at__date=day) if day else votes,
                standings,
                "hour" if day else "day",
            ),
        }

    def clusters_view(self, request):
        edition = self._edition(request)
        groups = _shared_figures(
            "clusters",
            edition,
            lambda: {
                "groups": [
                    {
                        "kind": kind,
                        "clusters": Vote.objects.clusters(edition, kind)[:CLUSTERS_SHOWN],
                    }
                    for kind in ClusterKind
                ]
            },
        )
        for group in groups["groups"]:
            for cluster in group["clusters"]:
                cluster["list_url"] = self._cluster_list_url(edition, cluster)
                cluster["void_url"] = (
                    reverse("admin:voting_vote_void_cluster")
                    + "?"
                    + urlencode(
                        {
                            "prisrunde": edition.year,
                            "type": cluster["kind"],
                            "nokkel": cluster["key"],
                        }
                    )
                )
        context = {**self._context(request, edition, gettext("Mistenkelige klynger")), **groups}
        return TemplateResponse(request, "admin/voting/vote/clusters.html", context)

    def void_cluster_view(self, request):
        if not can_void_votes(request.user):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else request.GET
        edition = self._edition(request, data)
        try:
            kind = ClusterKind(data.get("type", ""))
        except ValueError as error:
            raise PermissionDenied from error
        key = data.get("nokkel", "")
        votes = Vote.objects.cluster(edition, kind, key)
        form = VoidForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            description = gettext("%(kind)s: %(key)s") % {"kind": kind.label, "key": key}
            voidings = votes.void(request.user, form.cleaned_data["reason"], description)
            report_voidings(self, request, voidings)
            return redirect(
                reverse("admin:voting_vote_clusters") + "?" + urlencode({"prisrunde": edition.year})
            )
        context = {
            **self._context(request, edition, gettext("Annuller en klynge")),
            "form": form,
            "kind": kind,
            "key": key,
            "tally": votes.tally(),
            "votes": votes.select_related("nominee__municipality")[:20],
        }
        return TemplateResponse(request, "admin/voting/vote/void_cluster.html", context)

    def _edition(self, request, data=None):
        if not can_review_votes(request.user):
            raise PermissionDenied
        year = (data or request.GET).get("prisrunde")
        if year and year.isdigit():
            return get_object_or_404(Edition, year=int(year))
        edition = Edition.objects.current()
        if edition is None:
            raise PermissionDenied
        return edition

    def _context(self, request, edition, title):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "edition": edition,
            "editions": Edition.objects.filter(voting_opens_at__isnull=False),
            "can_void": can_void_votes(request.user),
        }

    def _cluster_list_url(self, edition, cluster):
        query = {"edition__id__exact": edition.pk}
        if cluster["kind"] == ClusterKind.BURST:
            start = cluster["minute"]
            query.update(
                {
                    "nominee__id__exact": cluster["nominee"],
                    "created_at__gte": start.isoformat(),
                    "created_at__lt": (start + BURST_WINDOW).isoformat(),
                }
            )
        else:
            query[CLUSTER_FIELDS[cluster["kind"]]] = cluster["key"]
        return reverse("admin:voting_vote_changelist") + "?" + urlencode(query)

    @staticmethod
    def _per_nominee(votes, standings):
        tallies = {row["nominee"]: row for row in votes.tally_by("nominee")}
        empty = {"counted": 0, "unconfirmed": 0, "voided": 0}
        return [
            {**tallies.get(standing.nominee.pk, empty), "nominee": standing.nominee}
            for standing in standings
        ]

    @staticmethod
    def _timeline(votes, standings, unit):
        nominees = sorted(
            (standing.nominee for standing in standings), key=lambda n: n.municipality.name
        )
        rows = {}
        for row in votes.timeline(unit):
            rows.setdefault(row["period"], {})[row["nominee"]] = row
        return {
            "unit": unit,
            "nominees": nominees,
            "rows": [
                {"period": period, "cells": [cells.get(n.pk) for n in nominees]}
                for period, cells in sorted(rows.items())
            ],
        }
