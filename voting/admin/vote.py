"""The staff's vote log: counts over time, clusters that look like stuffing, voiding, standings.

Votes are read-only here and never deleted; voiding (with a required reason)
is the one change staff make, always through `VoteQuerySet.void`.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.cache import cache
from django.core.exceptions import BadRequest, PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from award import pagecache
from award.admin_records import RecordAdminMixin
from award.models import Edition
from nominations.models import Nominee

from ..models import BURST_WINDOW, CLUSTER_FIELDS, ClusterKind, Voiding, Vote
from ..permissions import can_review_votes, can_void_votes

# Shown before the list is cut, so a page of clusters stays readable.
CLUSTERS_SHOWN = 25


class VoidForm(forms.Form):
    reason = forms.CharField(
        label=_("Begrunnelse"),
        help_text=_("Hvorfor stemmene annulleres. Begrunnelsen lagres sammen med navnet ditt."),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        max_length=2000,
        error_messages={"required": _("Skriv hvorfor stemmene annulleres.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Skriv hvorfor stemmene annulleres."))
        return reason


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"
    COUNTED = "talt"
    UNCONFIRMED = "ubekreftet"
    VOIDED = "annullert"

    def lookups(self, request, model_admin):
        return [
            (self.COUNTED, _("Talt med")),
            (self.UNCONFIRMED, _("Ikke bekreftet")),
            (self.VOIDED, _("Annullert")),
        ]

    def queryset(self, request, queryset):
        if self.value() == self.COUNTED:
            return queryset.counted()
        if self.value() == self.UNCONFIRMED:
            return queryset.filter(confirmed_at__isnull=True, voiding__isnull=True)
        if self.value() == self.VOIDED:
            return queryset.filter(voiding__isnull=False)
        return queryset


def _shared_figures(name, edition, count, *parts):
    """What `count` counts over the edition's votes, with the time it was counted.

    Counting a million votes takes PostgreSQL longer than a page should
    take, so the figures are shared by staff for VOTE_FIGURES_SECONDS, and
    counted afresh at once after a voiding or any other change by staff
    (they are kept under the page cache's version, which each draws anew).
    """
    key = ":".join(
        ["votefigures", name, str(edition.pk), *map(str, parts), pagecache.current_version()]
    )
    figures = cache.get(key) if settings.VOTE_FIGURES_SECONDS > 0 else None
    if figures is None:
        figures = {**count(), "counted_at": timezone.now()}
        if settings.VOTE_FIGURES_SECONDS > 0:
            cache.set(key, figures, settings.VOTE_FIGURES_SECONDS)
    return {**figures, "recounted_every": settings.VOTE_FIGURES_SECONDS}


class NomineeFilter(admin.RelatedFieldListFilter):
    """The nominees of the edition chosen, or of every edition with a public vote.

    Read from the nominees, not from the votes: Django's «only those with
    votes» asks PostgreSQL for every distinct nominee among all the votes.
    """

    def field_choices(self, field, request, model_admin):
        nominees = Nominee.objects.filter(edition__voting_opens_at__isnull=False)
        edition = request.GET.get("edition__id__exact", "")
        if edition.isdigit():
            nominees = nominees.filter(edition_id=int(edition))
        nominees = nominees.select_related("municipality", "edition")
        return [
            (nominee.pk, str(nominee))
            for nominee in nominees.order_by("-edition__year", "municipality__name")
        ]


@admin.register(Vote)
class VoteAdmin(RecordAdminMixin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "nominee",
        "status",
        "email_domain",
        "network",
        "short_user_agent",
        "confirmed_at",
    ]
    # By day with fixed choices (today, the last seven days …), not a date hierarchy,
    # whose list of days is a pass over every vote; the vote log has the votes per day.
    list_filter = [
        "edition",
        StatusFilter,
        ("nominee", NomineeFilter),
        ("created_at", admin.DateFieldListFilter),
    ]
    list_select_related = ["nominee__municipality", "nominee__edition", "voiding"]
    search_fields = ["=email_domain", "=network", "user_agent"]
    actions = ["void_selected"]
    fields = [
        "edition",
        "nominee",
        "status",
        "created_at",
        "confirmed_at",
        "email_domain",
        "network",
        "user_agent",
        "voter_key",
        "voiding_details",
    ]
    readonly_fields = fields
    # Over a million votes, neither a count of them all beside the filtered one
    # nor more rows a page than a person reads before filtering further.
    show_full_result_count = False
    list_per_page = 50

    def has_void_permission(self, request):
        return can_void_votes(request.user)

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

    @admin.display(description=_("status"))
    def status(self, vote):
        if vote.voiding_id is not None:
            return _("Annullert")
        if vote.confirmed_at is not None:
            return _("Talt med")
        return _("Ikke bekreftet")

    @admin.display(description=_("nettleser"))
    def short_user_agent(self, vote):
        return vote.user_agent[:60]

    @admin.display(description=_("annullering"))
    def voiding_details(self, vote):
        voiding = vote.voiding
        if voiding is None:
            return "–"
        return format_html(
            "{} · {} · {}",
            voiding.voided_by,
            date_format(localtime(voiding.voided_at), "DATETIME_FORMAT"),
            voiding.reason,
        )

    @admin.action(description=_("Annuller valgte stemmer"), permissions=["void"])
    def void_selected(self, request, queryset):
        form = VoidForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            count = queryset.count()
            description = ngettext("%(count)d valgt stemme", "%(count)d valgte stemmer", count) % {
                "count": count
            }
            voidings = queryset.void(request.user, form.cleaned_data["reason"], description)
            self._report(request, voidings)
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Annuller stemmer"),
            "form": form,
            "count": queryset.count(),
            "tally": queryset.tally(),
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
        }
        return TemplateResponse(request, "admin/voting/vote/void_selected.html", context)

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
            self._report(request, voidings)
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

    def _report(self, request, voidings):
        count = sum(voiding.vote_count for voiding in voidings)
        self.message_user(
            request,
            ngettext("%(count)d stemme er annullert.", "%(count)d stemmer er annullert.", count)
            % {"count": count},
            messages.SUCCESS,
        )

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


@admin.register(Voiding)
class VoidingAdmin(RecordAdminMixin, admin.ModelAdmin):
    """The record of every voiding: who, when, why, what and how many. Never changed."""

    list_display = ["voided_at", "edition", "description", "vote_count", "voided_by", "reason"]
    list_filter = ["edition"]
    list_select_related = ["edition", "voided_by"]
    search_fields = ["description", "reason"]
    readonly_fields = [
        "edition",
        "voided_at",
        "voided_by",
        "description",
        "vote_count",
        "reason",
        "vote_list",
    ]
    fields = readonly_fields

    @admin.display(description=_("stemmene"))
    def vote_list(self, voiding):
        url = (
            reverse("admin:voting_vote_changelist")
            + "?"
            + urlencode({"voiding__id__exact": voiding.pk})
        )
        return format_html('<a href="{}">{}</a>', url, gettext("Se de annullerte stemmene"))
