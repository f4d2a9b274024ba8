import csv

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat, floatformat
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import WRITTEN_BY_MUNICIPALITY, Nomination, Nominee
from .permissions import can_download_attachments


@admin.register(Nominee)
class NomineeAdmin(admin.ModelAdmin):
    list_display = ["municipality", "edition", "is_finalist", "is_winner"]
    list_filter = ["edition", "is_finalist", "is_winner", "municipality__county"]
    search_fields = ["municipality__search_text", "description", "jury_rationale"]
    autocomplete_fields = ["municipality"]
    list_select_related = ["municipality", "edition"]


class EntryCriterionFilter(admin.SimpleListFilter):
    """Splits the list by the entry criterion, as the database counts it."""

    title = _("Inngangskriteriet")
    parameter_name = "inngangskriteriet"
    MEETS = "ja"
    FAILS = "nei"

    def lookups(self, request, model_admin):
        return [(self.MEETS, _("Oppfyller")), (self.FAILS, _("Oppfyller ikke"))]

    def queryset(self, request, queryset):
        if self.value() == self.MEETS:
            return queryset.meeting_entry_criterion()
        if self.value() == self.FAILS:
            return queryset.not_meeting_entry_criterion()
        return queryset


# Characters that make a spreadsheet read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value):
    """Text the municipality wrote, kept from being run as a formula in Excel."""
    if value and value.startswith(FORMULA_START):
        return "'" + value
    return value


def yes_no(value):
    if value is None:
        return ""
    return _("Ja") if value else _("Nei")


def share_or_blank(share):
    # Written as the entry criterion writes shares: «62,5», «70».
    return "" if share is None else floatformat(share, -1)


def number_or_blank(value):
    return "" if value is None else value


@admin.register(Nomination)
class NominationAdmin(SimpleHistoryAdmin):
    """Staff read every entry; nothing a municipality submitted is changed or deleted here."""

    list_display = [
        "municipality",
        "edition",
        "status",
        "meets_entry_criterion",
        "submitted_at",
        "updated_at",
    ]
    list_select_related = ["municipality", "municipality__county", "edition"]
    list_filter = ["edition", "municipality__county", "status", EntryCriterionFilter]
    search_fields = ["municipality__search_text", "unit", "contact_name"]
    actions = ["export_csv"]
    fieldsets = [
        (_("Kommunen"), {"fields": ["edition", "municipality", "unit"]}),
        (
            _("Kontaktperson"),
            {"fields": ["contact_name", "contact_role", "contact_email", "contact_phone"]},
        ),
        (
            _("Resultater"),
            {
                "fields": [
                    "participants",
                    "share_in_work_directly",
                    "share_in_work_after_one_year",
                    "entry_criterion",
                ]
            },
        ),
        (
            _("Bosetting"),
            {
                "fields": [
                    "settlement_requested",
                    "settlement_settled",
                    "council_decided_per_request",
                ]
            },
        ),
        (
            _("Kriteriene"),
            {
                "fields": [
                    "answer_settlement",
                    "answer_projects",
                    "answer_qualification",
                    "attachment_list",
                ]
            },
        ),
        (
            _("Status"),
            {"fields": ["status", "consent_given_at", "created_at", "submitted_at", "updated_at"]},
        ),
    ]
    readonly_fields = [
        "edition",
        *WRITTEN_BY_MUNICIPALITY,
        "entry_criterion",
        "attachment_list",
        "status",
        "consent_given_at",
        "created_at",
        "submitted_at",
        "updated_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("edition", "municipality__county")

    def get_object(self, request, object_id, from_field=None):
        nomination = super().get_object(request, object_id, from_field)
        if nomination is not None:
            # Read-only fields see only the object, so it carries what the viewer may open.
            nomination.viewer_can_download_attachments = can_download_attachments(request.user)
        return nomination

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Saving the page would only bump «sist endret» and add an empty history entry.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A POST here would save the old version over what the municipality sent last.
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    @admin.display(boolean=True, description=_("Oppfyller inngangskriteriet"))
    def meets_entry_criterion(self, nomination):
        return nomination.meets_entry_criterion()

    @admin.display(description=_("Inngangskriteriet"))
    def entry_criterion(self, nomination):
        shortfalls = nomination.entry_criterion_shortfalls()
        if not shortfalls:
            return _("Oppfyller")
        items = format_html_join("", "<li>{}</li>", ((reason,) for reason in shortfalls))
        return format_html("<ul>{}</ul>", items)

    @admin.display(description=_("Vedlegg"))
    def attachment_list(self, nomination):
        attachments = list(nomination.attachments.all())
        if not attachments:
            return _("Ingen vedlegg")
        if getattr(nomination, "viewer_can_download_attachments", False):
            rows = (
                (
                    reverse("nominations:attachment", args=[attachment.pk]),
                    attachment.original_name,
                    filesizeformat(attachment.size),
                )
                for attachment in attachments
            )
            items = format_html_join("", '<li><a href="{}">{}</a> ({})</li>', rows)
        else:
            rows = (
                (attachment.original_name, filesizeformat(attachment.size))
                for attachment in attachments
            )
            items = format_html_join("", "<li>{} ({})</li>", rows)
        return format_html("<ul>{}</ul>", items)

    @admin.action(description=_("Eksporter som CSV"))
    def export_csv(self, request, queryset):
        nominations = queryset.select_related("edition", "municipality__county").annotate(
            attachment_count=Count("attachments")
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="forslag.csv"'
        # The byte order mark tells Excel the file is UTF-8, so æ, ø and å survive.
        response.write("\ufeff")
        writer = csv.writer(response, delimiter=";")
        writer.writerow(
            [
                _("År"),
                _("Kommunenummer"),
                _("Kommune"),
                _("Fylke"),
                _("Status"),
                _("Enhet"),
                _("Kontaktperson"),
                _("Rolle eller stilling"),
                _("E-postadresse"),
                _("Telefonnummer"),
                _("Antall deltakere"),
                _("Andel i arbeid eller utdanning rett etter programmet (prosent)"),
                _("Andel i arbeid eller utdanning ett år etter programmet (prosent)"),
                _("Anmodning om bosetting"),
                _("Bosatt"),
                _("Vedtak i tråd med anmodningen"),
                _("Oppfyller inngangskriteriet"),
                _("Mangler ved inngangskriteriet"),
                _("Sendt inn"),
                _("Engasjement og fleksibilitet i bosettingen"),
                _("Nye prosjekter og tiltak"),
                _("Tilpasset program og kvalifisering til formell kompetanse"),
                _("Antall vedlegg"),
            ]
        )
        for nomination in nominations:
            shortfalls = nomination.entry_criterion_shortfalls()
            municipality = nomination.municipality
            writer.writerow(
                [
                    nomination.edition.year,
                    municipality.number,
                    municipality.name,
                    municipality.county.name,
                    nomination.get_status_display(),
                    spreadsheet_text(nomination.unit),
                    spreadsheet_text(nomination.contact_name),
                    spreadsheet_text(nomination.contact_role),
                    spreadsheet_text(nomination.contact_email),
                    spreadsheet_text(nomination.contact_phone),
                    number_or_blank(nomination.participants),
                    share_or_blank(nomination.share_in_work_directly),
                    share_or_blank(nomination.share_in_work_after_one_year),
                    number_or_blank(nomination.settlement_requested),
                    number_or_blank(nomination.settlement_settled),
                    yes_no(nomination.council_decided_per_request),
                    yes_no(not shortfalls),
                    " ".join(shortfalls),
                    (
                        localtime(nomination.submitted_at).isoformat(timespec="seconds")
                        if nomination.submitted_at
                        else ""
                    ),
                    spreadsheet_text(nomination.answer_settlement),
                    spreadsheet_text(nomination.answer_projects),
                    spreadsheet_text(nomination.answer_qualification),
                    nomination.attachment_count,
                ]
            )
        return response
