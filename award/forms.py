from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Feedback


class FeedbackForm(forms.ModelForm):
    found = forms.TypedChoiceField(
        label=_("Fant du det du lette etter?"),
        choices=[("yes", _("Ja")), ("no", _("Nei"))],
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Velg ja eller nei."), "invalid_choice": _("Velg ja eller nei.")},
    )
    # The form templates mark optional fields with "(valgfritt)" themselves.
    comment = forms.CharField(
        label=_("Vil du fortelle oss mer?"),
        help_text=_("Ikke skriv personopplysninger. Vi svarer ikke på tilbakemeldinger her."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _("Kommentaren kan ha høyst %(limit_value)d tegn (nå %(show_value)d).")
        },
    )
    # Only a tampered form gets these: the page fills the field in itself.
    path = forms.CharField(
        max_length=300,
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Vi vet ikke hvilken side tilbakemeldingen gjelder. Gå tilbake og send den på nytt."),
            "max_length": _("Vi vet ikke hvilken side tilbakemeldingen gjelder. Gå tilbake og send den på nytt."),
        },
    )

    class Meta:
        model = Feedback
        fields = ["found", "comment", "path"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        # Resolved when the form is rendered, in the language of the request.
        self.helper.form_action = "award:feedback"
        self.helper.form_method = "post"
        self.helper.form_id = "tilbakemeldingsskjema"
        # Errors are shown by the page (summary and next to each field), in
        # Norwegian, rather than by the browser's own validation bubbles.
        self.helper.attrs = {"novalidate": True}
        # No CSRF token: the form sits on pages every visitor shares from the
        # page cache, and its view needs none (award.site.views.feedback says why).
        self.helper.disable_csrf = True
        self.helper.add_input(Submit("send", _("Send")))

    def save(self, language):
        self.instance.language = language
        return super().save()
