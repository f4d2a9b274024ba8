"""The votes in the admin: read-only and never deleted.

Voiding (with a required reason) is the one change staff make, always
through `VoteQuerySet.void`; the vote log's pages are in `log.py`.
"""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from award.admin_records import RecordAdminMixin
from nominations.models import Nominee

from ..models import Vote
from ..permissions import can_void_votes
from .log import SharedCountPaginator, VoteLogViews
from .voiding import VoidForm, report_voidings


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
class VoteAdmin(VoteLogViews, RecordAdminMixin, admin.ModelAdmin):
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
    paginator = SharedCountPaginator

    def has_void_permission(self, request):
        return can_void_votes(request.user)

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
            report_voidings(self, request, voidings)
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
