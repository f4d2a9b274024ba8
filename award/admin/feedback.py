from django.contrib import admin

from ..models import Feedback


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
