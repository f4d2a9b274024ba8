from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from award.admin_records import RecordAdminMixin
from award.models import Edition

from .. import notifications
from ..forms import EligibilityForm
from ..models import SCORED_CRITERIA, WRITTEN_BY_MUNICIPALITY, Nomination
from ..permissions import (
    can_download_attachments,
    is_reviewer,
    visible_nominations,
)
from .export import entries_csv
from .filters import ClaimedMoreThanOnceFilter, EntryCriterionFilter
from .jury import scores_table


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
        return scores_table(nomination, viewer)

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
        return entries_csv(queryset)
