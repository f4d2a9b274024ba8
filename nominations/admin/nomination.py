import csv

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat, floatformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from award.admin_records import RecordAdminMixin
from award.models import SCORED_CRITERIA, Assessment, Edition
from award.translation import other_language_names

from .. import notifications
from ..admin_widgets import NomineePhotoWidget, nominee_photo_url
from ..forms import EligibilityForm
from ..models import WRITTEN_BY_MUNICIPALITY, Nomination, Nominee
from ..permissions import (
    can_download_attachments,
    is_reviewer,
    visible_nominations,
    visible_nominees,
)


@admin.register(Nominee)
class NomineeAdmin(SimpleHistoryAdmin):
    """Staff edit the nominees; a jury member drafts the rationale until publication."""

    list_display = ["municipality", "edition", "ready_to_publish", "is_finalist", "is_winner"]
    list_filter = ["edition", "is_finalist", "is_winner", "municipality__county"]
    search_fields = ["municipality__search_text", "description", "jury_rationale"]
    autocomplete_fields = ["municipality"]
    list_select_related = ["municipality", "edition"]
    fieldsets = [
        (None, {"fields": ["edition", "municipality"]}),
        (_("Til publikum"), {"fields": ["description", "jury_rationale", "video_url"]}),
        (_("Bilde"), {"fields": ["photo", "photo_preview", "photo_alt", "photo_credit"]}),
        (_("Finale"), {"fields": ["is_finalist", "is_winner", "winner_rationale"]}),
        (
            _("Tekstene på nynorsk og engelsk"),
            {
                "classes": ["collapse"],
                "fields": other_language_names(
                    "description", "jury_rationale", "photo_alt", "winner_rationale"
                ),
            },
        ),
        (_("Saksgang"), {"fields": ["shortlisted_at", "contact_notified_at"]}),
    ]
    JURY_EDITS = ["jury_rationale", *other_language_names("jury_rationale")]
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        models.ImageField: {"widget": NomineePhotoWidget},
    }

    def get_queryset(self, request):
        return visible_nominees(request.user, super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        fixed = ["photo_preview", "shortlisted_at", "contact_notified_at"]
        if obj is not None:
            fixed += ["edition", "municipality"]
        if is_reviewer(request.user):
            return fixed
        # "photo" is left out of the jury's fields (see get_fieldsets): the preview shows it.
        return [
            name
            for fieldset in self.fieldsets
            for name in fieldset[1]["fields"]
            if name not in self.JURY_EDITS
        ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        nomination = obj.nomination() if obj.is_winner else None
        if nomination is not None and (warning := nomination.entry_criterion_warning()):
            self.message_user(request, warning, messages.WARNING)

    def get_fieldsets(self, request, obj=None):
        if is_reviewer(request.user):
            return self.fieldsets
        # Read-only, a file field links to its storage URL, which private storage has not.
        return [
            (title, {**options, "fields": [f for f in options["fields"] if f != "photo"]})
            for title, options in self.fieldsets
        ]

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        # The jury drafts; once published, only staff change what the public reads.
        return obj is None or is_reviewer(request.user) or not obj.edition.nominees_are_public()

    @admin.display(boolean=True, description=_("Klar til kunngjøring"))
    def ready_to_publish(self, nominee):
        return nominee.is_ready_to_publish()

    @admin.display(description=_("Bildet nå"))
    def photo_preview(self, nominee):
        if not nominee.photo:
            return "–"
        return format_html(
            '<img src="{}" alt="{}" width="240">', nominee_photo_url(nominee), nominee.photo_alt
        )


class ClaimedMoreThanOnceFilter(admin.SimpleListFilter):
    """The entries whose municipality has more than one entry: staff decide which is its own."""

    title = _("Flere forslag for kommunen")
    parameter_name = "flere"
    YES = "ja"

    def lookups(self, request, model_admin):
        return [(self.YES, _("Ja"))]

    def queryset(self, request, queryset):
        if self.value() == self.YES:
            return queryset.claimed_more_than_once()
        return queryset


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


def standing_columns(standing):
    """Count, means per criterion, total and place, written as staff read them."""
    if standing is None or standing.total is None:
        count = standing.score_count if standing else 0
        return [count, *([""] * len(SCORED_CRITERIA)), "", ""]
    return [
        standing.score_count,
        *(floatformat(mean, 2) for mean in standing.rounded_means),
        floatformat(standing.rounded_total, 2),
        standing.place,
    ]


@admin.register(Nomination)
class NominationAdmin(RecordAdminMixin, SimpleHistoryAdmin):
    """Staff read every entry; nothing a municipality submitted is changed or deleted here.

    Not even saved unchanged: that would only bump «sist endret» and add an
    empty history entry. Decisions go through their own forms and actions.
    """

    list_display = [
        "municipality",
        "edition",
        "status",
        "meets_entry_criterion",
        "eligibility",
        "submitted_at",
        "updated_at",
    ]
    list_select_related = ["municipality", "municipality__county", "edition"]
    list_filter = [
        "edition",
        "status",
        "eligibility",
        ClaimedMoreThanOnceFilter,
        EntryCriterionFilter,
        "municipality__county",
    ]
    search_fields = ["municipality__search_text", "unit", "contact_name"]
    actions = ["mark_eligible", "shortlist", "export_csv"]
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
        (_("Vurdering"), {"fields": ["eligibility_decision", "jury_scores"]}),
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
        "eligibility_decision",
        "jury_scores",
    ]

    def get_queryset(self, request):
        nominations = super().get_queryset(request).select_related("edition", "municipality__county")
        return visible_nominations(request.user, nominations)

    def has_review_permission(self, request):
        return is_reviewer(request.user)

    def get_urls(self):
        return [
            path(
                "<int:pk>/vurdering/",
                self.admin_site.admin_view(self.eligibility_view),
                name="nominations_nomination_eligibility",
            ),
            path(
                "<int:pk>/ny-lenke/",
                self.admin_site.admin_view(self.new_link_view),
                name="nominations_nomination_new_link",
            ),
            path(
                "rangering/<int:year>/",
                self.admin_site.admin_view(self.ranking_view),
                name="nominations_nomination_ranking",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        if is_reviewer(request.user):
            extra_context["ranking_editions"] = Edition.objects.filter(
                nominations__isnull=False
            ).distinct()
        return super().changelist_view(request, extra_context)

    def eligibility_view(self, request, pk):
        if not is_reviewer(request.user):
            raise PermissionDenied
        nomination = get_object_or_404(self.get_queryset(request), pk=pk)
        form = EligibilityForm(request.POST or None, nomination=nomination)
        if request.method == "POST" and form.is_valid() and form.decide(by=request.user):
            decision = nomination.get_eligibility_display()
            if nomination.is_entry_criterion_exception():
                decision = gettext("Kvalifisert som unntak fra inngangskriteriet")
            self.message_user(
                request,
                gettext("%(nomination)s er vurdert: %(decision)s.")
                % {"nomination": nomination, "decision": decision},
                messages.SUCCESS,
            )
            return redirect("admin:nominations_nomination_change", nomination.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Vurder %(nomination)s") % {"nomination": nomination},
            "nomination": nomination,
            "shortfalls": nomination.entry_criterion_shortfalls(),
            "form": form,
        }
        return TemplateResponse(request, "admin/nominations/eligibility.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "can_replace_link": is_reviewer(request.user)}
        return super().change_view(request, object_id, form_url, extra_context)

    def new_link_view(self, request, pk):
        """Staff revoke a leaked private link; the contact person gets the new one by e-mail."""
        if not is_reviewer(request.user):
            raise PermissionDenied
        nomination = get_object_or_404(self.get_queryset(request), pk=pk)
        if request.method == "POST":
            nomination.replace_edit_key(by=request.user)
            notifications.send_new_link(nomination)
            self.message_user(
                request,
                gettext(
                    "%(nomination)s har fått en ny privat lenke. Den gamle virker ikke lenger, "
                    "og den nye er sendt til %(email)s."
                )
                % {"nomination": nomination, "email": nomination.contact_email},
                messages.SUCCESS,
            )
            return redirect("admin:nominations_nomination_change", nomination.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Ny privat lenke til %(nomination)s") % {"nomination": nomination},
            "nomination": nomination,
        }
        return TemplateResponse(request, "admin/nominations/new_link.html", context)

    def ranking_view(self, request, year):
        if not is_reviewer(request.user):
            raise PermissionDenied
        edition = get_object_or_404(Edition, year=year)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Juryens rangering, %(edition)s") % {"edition": edition},
            "edition": edition,
            "standings": edition.nominations.ranked(),
            "criteria": [label for _field, label in SCORED_CRITERIA],
            "nominated": set(edition.nominees.values_list("municipality_id", flat=True)),
        }
        return TemplateResponse(request, "admin/nominations/ranking.html", context)

    def get_object(self, request, object_id, from_field=None):
        nomination = super().get_object(request, object_id, from_field)
        if nomination is not None:
            # Read-only fields see only the object, so it carries what the viewer may open.
            nomination.viewer_can_download_attachments = can_download_attachments(request.user)
            nomination.viewer_is_reviewer = is_reviewer(request.user)
            nomination.viewer = request.user
        return nomination

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
        if nomination.is_entry_criterion_exception():
            return format_html(
                "<ul>{}</ul><p>{} {}</p>",
                items,
                _("Kvalifisert som unntak. Begrunnelse:"),
                nomination.eligibility_reason,
            )
        return format_html("<ul>{}</ul>", items)

    @admin.display(description=_("Kvalifisert"))
    def eligibility_decision(self, nomination):
        text = nomination.get_eligibility_display()
        if nomination.eligibility_decided_at:
            text = format_html(
                "{} – {} ({})",
                text,
                nomination.eligibility_reason or "–",
                localtime(nomination.eligibility_decided_at).strftime("%d.%m.%Y %H:%M"),
            )
        if getattr(nomination, "viewer_is_reviewer", False):
            url = reverse("admin:nominations_nomination_eligibility", args=[nomination.pk])
            text = format_html('{} <a href="{}">{}</a>', text, url, _("Endre vurderingen"))
        return text

    @admin.display(description=_("Juryens poeng"))
    def jury_scores(self, nomination):
        viewer = getattr(nomination, "viewer", None)
        if viewer is None:
            return "–"
        assessments = (
            Assessment.objects.filter(nomination=nomination)
            .visible_to(viewer)
            .select_related("juror__user")
        )
        counted = set(Assessment.objects.filter(nomination=nomination).counted().values_list("pk", flat=True))
        rows = format_html_join(
            "",
            "<tr><td>{}</td>{}<td>{}</td><td>{}</td></tr>",
            (
                (
                    assessment.juror,
                    format_html_join("", "<td>{}</td>", ((s if s else "–",) for s in assessment.scores())),
                    _("Sendt inn") if assessment.is_submitted else _("Utkast"),
                    _("Ja") if assessment.pk in counted else _("Nei"),
                )
                for assessment in assessments
            ),
        )
        headers = format_html_join("", "<th>{}</th>", ((label,) for _f, label in SCORED_CRITERIA))
        table = format_html(
            "<table><thead><tr><th>{}</th>{}<th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("Jurymedlem"),
            headers,
            _("Status"),
            _("Teller med"),
            rows,
        )
        own = Assessment.objects.filter(nomination=nomination, juror__user=viewer).first()
        if own is not None:
            link = format_html(
                '<p><a href="{}">{}</a></p>',
                reverse("admin:award_assessment_change", args=[own.pk]),
                _("Se poengene dine") if own.is_submitted else _("Fortsett poenggivningen"),
            )
        elif nomination.edition.jury.filter(user=viewer).exists():
            link = format_html(
                '<p><a href="{}?nomination={}">{}</a></p>',
                reverse("admin:award_assessment_add"),
                nomination.pk,
                _("Gi poeng"),
            )
        else:
            link = ""
        return format_html("{}{}", table, link)

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

    @admin.action(description=_("Merk som kvalifisert"), permissions=["review"])
    def mark_eligible(self, request, queryset):
        decided, refused = 0, []
        for nomination in queryset.select_related("edition", "municipality"):
            try:
                nomination.decide_eligibility(True, by=request.user)
            except ValidationError as error:
                refused.append(
                    format_html(
                        '{}: {} <a href="{}">{}</a>',
                        nomination.municipality,
                        " ".join(error.messages),
                        reverse("admin:nominations_nomination_eligibility", args=[nomination.pk]),
                        _("Endre vurderingen"),
                    )
                )
            else:
                decided += 1
        if decided:
            self.message_user(
                request,
                ngettext(
                    "%(count)d forslag er merket som kvalifisert.",
                    "%(count)d forslag er merket som kvalifisert.",
                    decided,
                )
                % {"count": decided},
                messages.SUCCESS,
            )
        for reason in refused:
            self.message_user(request, reason, messages.ERROR)

    @admin.action(description=_("Nominer de valgte kommunene"), permissions=["review"])
    def shortlist(self, request, queryset):
        shortlisted = []
        for nomination in queryset.select_related("edition", "municipality"):
            try:
                nominee, created = nomination.shortlist(by=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                continue
            if nominee.claim_contact_notification():
                notifications.send_shortlisted(nomination)
            if created:
                shortlisted.append(str(nomination.municipality))
            if warning := nomination.entry_criterion_warning():
                self.message_user(request, warning, messages.WARNING)
        if shortlisted:
            self.message_user(
                request,
                gettext("Nominert: %(names)s. Kontaktpersonene får e-post.")
                % {"names": ", ".join(shortlisted)},
                messages.SUCCESS,
            )

    @admin.action(description=_("Eksporter som CSV"), permissions=["review"])
    def export_csv(self, request, queryset):
        nominations = queryset.select_related("edition", "municipality__county").annotate(
            attachment_count=Count("attachments")
        )
        standings = {
            standing.nomination.pk: standing
            for edition in Edition.objects.filter(pk__in=queryset.values("edition"))
            for standing in edition.nominations.ranked()
        }
        nominated = set(
            Nominee.objects.filter(edition__in=queryset.values("edition")).values_list(
                "edition_id", "municipality_id"
            )
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
                _("Vurdering"),
                _("Begrunnelse for vurderingen"),
                _("Antall poenggivninger"),
                *(gettext("Snitt: %(criterion)s") % {"criterion": label} for _f, label in SCORED_CRITERIA),
                _("Sum av snittene"),
                _("Plass"),
                _("Nominert"),
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
                    nomination.get_eligibility_display(),
                    spreadsheet_text(nomination.eligibility_reason),
                    *standing_columns(standings.get(nomination.pk)),
                    yes_no((nomination.edition_id, nomination.municipality_id) in nominated),
                ]
            )
        return response
