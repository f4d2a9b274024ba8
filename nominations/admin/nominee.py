from django.contrib import admin, messages
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from award.translation import other_language_names

from ..admin_widgets import NomineePhotoWidget, nominee_photo_url
from ..models import Nominee
from ..permissions import is_reviewer, visible_nominees


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
