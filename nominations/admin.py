from django.contrib import admin

from .models import Nominee


@admin.register(Nominee)
class NomineeAdmin(admin.ModelAdmin):
    list_display = ["municipality", "edition", "is_finalist", "is_winner"]
    list_filter = ["edition", "is_finalist", "is_winner", "municipality__county"]
    search_fields = ["municipality__search_text", "description", "jury_rationale"]
    autocomplete_fields = ["municipality"]
    list_select_related = ["municipality", "edition"]
