"""The filters of the list of entries beyond the fields' own."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class ClaimedMoreThanOnceFilter(admin.SimpleListFilter):
    """The entries whose municipality has more than one entry: staff decide which is its own."""

    title = _("Flere forslag for kommunen")
    parameter_name = "flere"
    YES = "ja"

    def lookups(self, request, model_admin):
        return [(self.YES, _("Ja"))]

    def queryset(self, request, queryset):
        if self.value() == self.YES:
            return queryset.claimed_more_than_once()
        return queryset


class EntryCriterionFilter(admin.SimpleListFilter):
    """Splits the list by the entry criterion, as the database counts it."""

    title = _("Inngangskriteriet")
    parameter_name = "inngangskriteriet"
    MEETS = "ja"
    FAILS = "nei"

    def lookups(self, request, model_admin):
        return [(self.MEETS, _("Oppfyller")), (self.FAILS, _("Oppfyller ikke"))]

    def queryset(self, request, queryset):
        if self.value() == self.MEETS:
            return queryset.meeting_entry_criterion()
        if self.value() == self.FAILS:
            return queryset.not_meeting_entry_criterion()
        return queryset
