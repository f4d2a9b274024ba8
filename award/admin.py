from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Edition, Feedback


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["year", "period_label", "prize_name", "current_phase", "ceremony_at", "venue"]
    list_filter = ["prize_name"]
    search_fields = ["year", "period_label", "venue", "summary"]
    readonly_fields = ["current_phase", "updated_at"]
    fieldsets = [
        (None, {"fields": ["year", "period_label", "prize_name", "entry_threshold"]}),
        (_("Tekster"), {"fields": ["summary", "body"]}),
        (
            _("Tidsplan"),
            {
                "description": _(
                    "Fasen regnes ut fra datoene. La et felt stå tomt hvis runden ikke har det steget."
                ),
                "fields": [
                    "current_phase",
                    "nominations_open_at",
                    "nominations_deadline_at",
                    "nominees_published_at",
                    "voting_opens_at",
                    "voting_closes_at",
                    "finalists_revealed_at",
                    "ceremony_at",
                    "venue",
                    "winner_revealed_at",
                ],
            },
        ),
        (None, {"fields": ["updated_at"]}),
    ]

    @admin.display(description=_("fase nå"))
    def current_phase(self, edition):
        return edition.phase().label


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "path", "found", "language", "comment"]
    list_filter = ["found", "language", "created_at"]
    search_fields = ["path", "comment"]
    date_hierarchy = "created_at"
    readonly_fields = ["path", "found", "comment", "language", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
