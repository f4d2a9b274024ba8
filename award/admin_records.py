"""Admin pages for records that are read, never added, changed or deleted by hand."""


class RecordAdminMixin:
    """Staff read the record in the admin; only the domain's own functions write it."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
