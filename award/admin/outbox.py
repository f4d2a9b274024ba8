from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import mail
from ..models import EmailStatus, OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin):
    """What became of each e-mail; failed ones can be sent again."""

    list_display = [
        "subject", "status", "attempts", "next_attempt_at", "last_error", "created_at", "sent_at"
    ]
    list_filter = ["status", "created_at"]
    search_fields = ["subject"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    fields = [
        "subject", "status", "attempts", "next_attempt_at", "last_error", "created_at", "sent_at"
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send på nytt"), permissions=["change"])
    def send_again(self, request, queryset):
        failed = list(queryset.filter(status=EmailStatus.FAILED))
        for email in failed:
            mail.retry(email)
        self.message_user(
            request,
            ngettext(
                "%(count)d e-post er lagt i kø igjen.",
                "%(count)d e-poster er lagt i kø igjen.",
                len(failed),
            )
            % {"count": len(failed)},
            messages.SUCCESS,
        )
