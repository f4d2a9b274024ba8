from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from award.addresses import EmailAddressField
from award.challenge import is_solved

from .models import validate_voter_address


class VoteForm(forms.Form):
    """An e-mail address for the confirmation link, and the challenge when one is asked."""

    email = EmailAddressField(
        label=_("E-postadressen din"),
        help_text=_(
            "Vi sender deg en lenke. Stemmen teller først når du har klikket på den. "
            "Vi lagrer ikke adressen."
        ),
        error_messages={
            "required": _("Skriv e-postadressen din."),
            "invalid": _("Skriv en gyldig e-postadresse, for eksempel navn@eksempel.no."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # Filled in by the challenge widget, which makes its own input; never rendered here.
    altcha = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, challenge=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.challenge = challenge
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout("email")

    def clean_email(self):
        address = self.cleaned_data["email"]
        validate_voter_address(address)
        return address

    def clean_altcha(self):
        payload = self.cleaned_data["altcha"]
        if self.challenge and not is_solved(payload):
            raise forms.ValidationError(
                _(
                    "Kryss av i boksen «Jeg er ikke en robot», og vent til den viser at du er "
                    "bekreftet, før du sender stemmen."
                ),
                code="challenge",
            )
        return payload
