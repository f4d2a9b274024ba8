from django.contrib import admin

from .models import County, Municipality


@admin.register(County)
class CountyAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]
    search_fields = ["name", "number"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "sami_name", "county", "written_standard"]
    list_filter = ["county", "written_standard"]
    list_editable = ["written_standard"]
    search_fields = ["number", "search_text"]
    readonly_fields = ["number", "name", "sami_name", "county"]
    list_per_page = 100

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
