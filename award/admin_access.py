"""One object-level rule for every admin view of an object.

Django's change and delete pages fetch the object through the admin's
`get_queryset` and ask `has_*_permission(request, obj)`. The history pages
django-simple-history adds do not: they read the historical table directly,
so a jury member could walk `…/history/<id>/` through entries they may not
see. `ObjectAccessMixin` makes every such view fetch the object the way the
change page does, and refuses malformed input with a 400 rather than a 500.
"""

from django.contrib.admin import ModelAdmin, helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import Http404


class ObjectAccessMixin:
    """Mixed into every admin of the staff site by `StaffAdminSite.register`."""

    def visible_object(self, request, object_id):
        """The object as the change page would show it to this user.

        403 without the model's permission, 404 for an object outside the
        admin's queryset for this user (which says nothing about whether it exists).
        """
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        obj = self.get_object(request, unquote(str(object_id)))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def history_view(self, request, object_id, extra_context=None):
        obj = self.visible_object(request, object_id)
        return super().history_view(request, str(obj.pk), extra_context)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        """The versions listed and opened; an admin may narrow them further by overriding this."""
        self.visible_object(request, object_id)
        return super().get_history_queryset(request, history_manager, pk_name, object_id)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self.visible_object(request, object_id)
        try:
            version_id = int(version_id)
        except ValueError as error:
            raise Http404 from error
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        versions = self.get_history_queryset(request, history, self.model._meta.pk.attname, obj.pk)
        if not versions.filter(history_id=version_id).exists():
            raise Http404
        # A revert saves the old version over the current object: the current one decides.
        if request.method == "POST" and (
            self.revert_disabled(request, obj) or not self.has_change_permission(request, obj)
        ):
            raise PermissionDenied
        return super().history_form_view(request, str(obj.pk), version_id, extra_context)

    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        pk = self.model._meta.pk
        try:
            for value in selected:
                pk.to_python(value)
        except ValidationError as error:
            raise BadRequest("A selected id is not an id.") from error
        return super().response_action(request, queryset)


def with_object_access(admin_class):
    """`admin_class` (Django's `ModelAdmin` when None) with `ObjectAccessMixin` first in line."""
    admin_class = admin_class or ModelAdmin
    if issubclass(admin_class, ObjectAccessMixin):
        return admin_class
    return type(
        admin_class.__name__,
        (ObjectAccessMixin, admin_class),
        {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
    )
