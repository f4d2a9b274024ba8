"""Voiding in the admin: the form that asks why, and the record of every voiding."""

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from award.admin_records import RecordAdminMixin

from ..models import Voiding


class VoidForm(forms.Form):
    reason = forms.CharField(
        label=_("Begrunnelse"),
        help_text=_("Hvorfor stemmene annulleres. Begrunnelsen lagres sammen med navnet ditt."),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        max_length=2000,
        error_messages={"required": _("Skriv hvorfor stemmene annulleres.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Skriv hvorfor stemmene annulleres."))
        return reason


def report_voidings(model_admin, request, voidings):
    """Tells staff how many votes their voiding voided."""
    count = sum(voiding.vote_count for voiding in voidings)
    model_admin.message_user(
        request,
        ngettext("%(count)d stemme er annullert.", "%(count)d stemmer er annullert.", count)
        % {"count": count},
        messages.SUCCESS,
    )


@admin.register(Voiding)
class VoidingAdmin(RecordAdminMixin, admin.ModelAdmin):
    """The record of every voiding: who, when, why, what and how many. Never changed."""

    list_display = ["voided_at", "edition", "description", "vote_count", "voided_by", "reason"]
    list_filter = ["edition"]
    list_select_related = ["edition", "voided_by"]
    search_fields = ["description", "reason"]
    readonly_fields = [
        "edition",
        "voided_at",
        "voided_by",
        "description",
        "vote_count",
        "reason",
        "vote_list",
    ]
    fields = readonly_fields

    @admin.display(description=_("stemmene"))
    def vote_list(self, voiding):
        url = (
            reverse("admin:voting_vote_changelist")
            + "?"
            + urlencode({"voiding__id__exact": voiding.pk})
        )
        return format_html('<a href="{}">{}</a>', url, gettext("Se de annullerte stemmene"))
