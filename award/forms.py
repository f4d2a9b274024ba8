from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Feedback


class FeedbackForm(forms.ModelForm):
    found = forms.TypedChoiceField(
        label=_("Fant du det du lette etter?"),
        choices=[("yes", _("Ja")), ("no", _("Nei"))],
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg ja eller nei.")},
    )
    comment = forms.CharField(
        label=_("Vil du fortelle oss mer? (valgfritt)"),
        help_text=_("Ikke skriv personopplysninger. Vi svarer ikke på tilbakemeldinger her."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    path = forms.CharField(max_length=300, widget=forms.HiddenInput)

    class Meta:
        model = Feedback
        fields = ["found", "comment", "path"]

    def save(self, language):
        self.instance.language = language
        return super().save()
