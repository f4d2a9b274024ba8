from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from ..models import PressRelease, Quote
from ..translation import other_language_names


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 1
    fields = ["text", *other_language_names("text"), "speaker", "role", *other_language_names("role"), "position"]


@admin.register(PressRelease)
class PressReleaseAdmin(SimpleHistoryAdmin):
    list_display = ["title", "edition", "dated"]
    inlines = [QuoteInline]
