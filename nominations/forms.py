import re

import filetype
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat, floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from award.addresses import EmailAddressField
from municipalities.models import Municipality

from .models import (
    ANSWER_MAX_LENGTH,
    WRITTEN_BY_MUNICIPALITY,
    Attachment,
    Eligibility,
    Nomination,
    NominationStatus,
)

# A draft needs only enough to hold the municipality's place and reach its
# contact; everything else the municipality writes is needed to submit.
REQUIRED_FOR_DRAFT = {"municipality", "contact_name", "contact_email"}
REQUIRED_TO_SUBMIT = [name for name in WRITTEN_BY_MUNICIPALITY if name not in REQUIRED_FOR_DRAFT]

# The MIME types an attachment may have, judged by its content.
ACCEPTED_ATTACHMENTS = {
    "application/pdf",
    "image/jpeg",
    "image/png",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}

PERCENT_ERRORS = {
    "invalid": _("Skriv andelen som et tall, for eksempel 62 eller 62,5."),
    # Django fills these in with "%", so a literal percent sign is written "%%".
    "min_value": _("Andelen kan ikke være under %(limit_value)s %%."),
    "max_value": _("Andelen kan ikke være over %(limit_value)s %%."),
    "max_digits": _("Skriv andelen med høyst én desimal."),
    "max_decimal_places": _("Skriv andelen med høyst én desimal."),
    "max_whole_digits": _("Andelen kan ikke være over 100 %%."),
}
COUNT_ERRORS = {
    "invalid": _("Skriv et helt tall, for eksempel 25."),
    "min_value": _("Antallet kan ikke være negativt."),
    "max_value": _("Antallet kan ikke være over %(limit_value)s."),
}

# Spaces a Norwegian puts between thousands or before the per cent sign:
# ordinary, non-breaking and narrow non-breaking.
NUMBER_SPACES = str.maketrans("", "", " \u00a0\u202f")
# A share as a person types it: digits, at most one decimal comma or point, an
# optional per cent sign (a minus too, so that «-1» hears it is below 0 %).
# Never an exponent («1e2»), never a thousands point.
SHARE_PATTERN = re.compile(r"-?\d+(?:[.,]\d+)?%?")


class ShareField(forms.DecimalField):
    """A per cent share as written in Norwegian: «62», «62,5», «62 %»; also «62.5»."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        typed = str(value).strip().translate(NUMBER_SPACES)
        if not SHARE_PATTERN.fullmatch(typed):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(typed.rstrip("%").replace(",", "."))


class CountField(forms.IntegerField):
    """A whole number, with or without spaces between thousands («1 234»)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        return super().to_python(str(value).strip().translate(NUMBER_SPACES))


def percent_field(label):
    return ShareField(
        label=label,
        min_value=0,
        max_value=100,
        max_digits=4,
        decimal_places=1,
        localize=True,
        error_messages=PERCENT_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def count_field(label, help_text=""):
    return CountField(
        label=label,
        help_text=help_text,
        min_value=0,
        max_value=100000,
        error_messages=COUNT_ERRORS,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


def answer_field(label, help_text):
    return forms.CharField(
        label=label,
        # Lazy, so that the text follows each request's language.
        help_text=format_lazy(
            "{} {}", help_text, format_lazy(_("Høyst {count} tegn."), count=ANSWER_MAX_LENGTH)
        ),
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8, "data-character-limit": ANSWER_MAX_LENGTH}),
    )


class NominationForm(forms.ModelForm):
    """The self-nomination: lenient for a draft, complete before it is sent."""

    municipality = forms.ModelChoiceField(
        label=_("Kommune"),
        queryset=Municipality.objects.order_by("name"),
        empty_label=_("Velg kommune"),
        error_messages={
            "required": _("Velg kommunen forslaget gjelder."),
            "invalid_choice": _("Velg en kommune fra listen."),
        },
    )
    unit = forms.CharField(
        label=_("Enheten som sender forslaget"),
        help_text=_("For eksempel flyktningtjenesten eller kvalifiseringsenheten."),
        max_length=200,
    )
    contact_name = forms.CharField(label=_("Navn"), max_length=200)
    contact_role = forms.CharField(label=_("Rolle eller stilling"), max_length=200)
    contact_email = EmailAddressField(
        label=_("E-postadresse"),
        help_text=_("Kvitteringen og lenken for å endre forslaget sendes hit."),
        error_messages={"invalid": _("Skriv en gyldig e-postadresse, for eksempel navn@kommune.no.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_phone = forms.RegexField(
        label=_("Telefonnummer"),
        regex=r"^\+?[0-9 ]{8,20}$",
        max_length=30,
        error_messages={"invalid": _("Skriv telefonnummeret med sifre, for eksempel 22 24 16 00.")},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    participants = count_field(
        _("Antall deltakere i introduksjonsprogrammet"),
        _("Deltakere som avsluttet programmet i året prisen gjelder."),
    )
    share_in_work_directly = percent_field(
        _("Andel i arbeid eller utdanning rett etter programmet (%)")
    )
    share_in_work_after_one_year = percent_field(
        _("Andel i arbeid eller utdanning ett år etter programmet (%)")
    )
    settlement_requested = count_field(
        _("Antall flyktninger staten ba kommunen bosette (anmodning)")
    )
    settlement_settled = count_field(_("Antall flyktninger kommunen bosatte"))
    council_decided_per_request = forms.TypedChoiceField(
        label=_("Har kommunestyret vedtatt å bosette i tråd med anmodningen?"),
        choices=[("yes", _("Ja")), ("no", _("Nei"))],
        coerce=lambda answer: answer == "yes",
        empty_value=None,
        error_messages={"invalid_choice": _("Svar ja eller nei på om kommunestyret har vedtatt å bosette.")},
        widget=forms.RadioSelect,
    )
    answer_settlement = answer_field(
        _("Engasjement og fleksibilitet i bosettingen"),
        _("Hvordan har kommunen bosatt planmessig, treffsikkert og fleksibelt?"),
    )
    answer_projects = answer_field(
        _("Nye prosjekter og tiltak"),
        _("Hvilke nye prosjekter eller tiltak har kommunen satt i gang, og hva har de gitt?"),
    )
    answer_qualification = answer_field(
        _("Tilpasset program og formell kompetanse"),
        _("Hvordan tilpasser kommunen programmet til den enkelte, og hvordan fører det til formell kompetanse?"),
    )
    consent = forms.BooleanField(
        label=_("Jeg samtykker i at IMDi behandler opplysningene om kontaktpersonen for å behandle forslaget."),
        error_messages={"required": _("Du må samtykke for at vi kan behandle forslaget.")},
    )

    # Filled in by the challenge widget when a new entry needs it; the view checks it.
    altcha = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Nomination
        fields = WRITTEN_BY_MUNICIPALITY

    def __init__(self, *args, edition, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.submitting = submitting
        self.challenge = False
        if self.instance.pk:
            self.fields["municipality"].disabled = True
            self.fields["consent"].initial = self.instance.consent_given_at is not None
            if self.instance.council_decided_per_request is not None:
                self.initial["council_decided_per_request"] = (
                    "yes" if self.instance.council_decided_per_request else "no"
                )
        for field in self.fields.values():
            # The error summary lists messages without their fields, so each names its field.
            if field.error_messages["required"] == forms.Field.default_error_messages["required"]:
                field.error_messages["required"] = _("Fyll ut «%(label)s».") % {
                    "label": field.label
                }
            if getattr(field, "max_length", None) and "max_length" not in field.error_messages:
                # Django fills in the limit afterwards, so a percent sign in the label is doubled.
                label = str(field.label).replace("%", "%%")
                field.error_messages["max_length"] = _(
                    "«%(label)s» kan ha høyst %%(limit_value)d tegn (nå %%(show_value)d)."
                ) % {"label": label}
        self.fields["consent"].help_text = format_html(
            '<a class="ds-link" href="{}">{}</a>',
            reverse("award:privacy"),
            _("Les personvernerklæringen"),
        )
        threshold = floatformat(edition.entry_threshold, -1)
        criterion = _(
            "Inngangskriteriet er minst %(threshold)s %% både rett etter og ett år etter "
            "programmet. Et forslag under dette kan ikke vinne prisen."
        ) % {"threshold": threshold}
        self.fields["share_in_work_directly"].help_text = criterion
        self.fields["share_in_work_after_one_year"].help_text = criterion
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("Kommunen"), "municipality", "unit"),
            Fieldset(_("Kontaktperson"), "contact_name", "contact_role", "contact_email", "contact_phone"),
            Fieldset(
                _("Resultater i introduksjonsprogrammet"),
                "participants",
                "share_in_work_directly",
                "share_in_work_after_one_year",
            ),
            Fieldset(
                _("Bosetting"),
                "settlement_requested",
                "settlement_settled",
                "council_decided_per_request",
            ),
            Fieldset(
                _("Kriteriene"), "answer_settlement", "answer_projects", "answer_qualification"
            ),
            Fieldset(_("Samtykke"), "consent"),
        )

    def full_clean(self):
        # A draft may leave out what only a submitted entry needs, but the
        # fields still read as required on the page.
        relaxed = [] if self.submitting else REQUIRED_TO_SUBMIT
        for name in relaxed:
            self.fields[name].required = False
        try:
            super().full_clean()
        finally:
            for name in relaxed:
                self.fields[name].required = True

    def save(self):
        """Save the entry as a draft or send it: a new entry never replaces anyone else's."""
        nomination = self.instance
        nomination.edition = self.edition
        if nomination.consent_given_at is None:
            nomination.consent_given_at = timezone.now()
        with transaction.atomic():
            nomination.save()
            if self.submitting and nomination.status == NominationStatus.DRAFT:
                nomination.change_status(NominationStatus.SUBMITTED)
        return nomination


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Legg ved en fil"),
        help_text=_("PDF, bilde (JPEG eller PNG) eller et kontordokument (Word, Excel, PowerPoint, OpenDocument)."),
        error_messages={
            "required": _("Velg en fil å laste opp."),
            "empty": _("Filen er tom."),
            "invalid": _("Vi kunne ikke lese filen. Prøv igjen."),
        },
    )

    def __init__(self, *args, nomination, **kwargs):
        super().__init__(*args, **kwargs)
        self.nomination = nomination
        limit = filesizeformat(settings.ATTACHMENT_MAX_BYTES)
        self.fields["file"].help_text = format_html(
            "{} {}",
            self.fields["file"].help_text,
            _("Høyst %(limit)s per fil.") % {"limit": limit},
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(
                _("Filen er for stor (%(size)s). Største tillatte størrelse er %(limit)s."),
                params={
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
                },
                code="too_large",
            )
        attached = self.nomination.attachments.all()
        if len(attached) >= settings.ATTACHMENTS_MAX_COUNT:
            raise forms.ValidationError(
                _("Forslaget har allerede %(count)s vedlegg, som er det høyeste antallet."),
                params={"count": settings.ATTACHMENTS_MAX_COUNT},
                code="too_many",
            )
        if sum(a.size for a in attached) + upload.size > settings.ATTACHMENTS_MAX_TOTAL_BYTES:
            raise forms.ValidationError(
                _("Vedleggene kan til sammen være høyst %(limit)s."),
                params={"limit": filesizeformat(settings.ATTACHMENTS_MAX_TOTAL_BYTES)},
                code="total_too_large",
            )
        upload.seek(0)
        kind = filetype.guess(upload.read(65536))
        upload.seek(0)
        if kind is None or kind.mime not in ACCEPTED_ATTACHMENTS:
            raise forms.ValidationError(
                _("Filtypen er ikke tillatt. Last opp PDF, JPEG, PNG eller et kontordokument."),
                code="type",
            )
        upload.detected_type = kind.mime
        return upload

    def save(self):
        upload = self.cleaned_data["file"]
        name = upload.name.replace("\\", "/").rsplit("/", 1)[-1][:200] or "vedlegg"
        return Attachment.objects.create(
            nomination=self.nomination,
            file=upload,
            original_name=name,
            content_type=upload.detected_type,
            size=upload.size,
        )


class EligibilityForm(forms.Form):
    """Staff's decision on an entry; the rules are in `Nomination.decide_eligibility()`."""

    eligibility = forms.ChoiceField(
        label=_("Vurdering"),
        choices=[
            (Eligibility.ELIGIBLE, _("Kvalifisert")),
            (Eligibility.INELIGIBLE, _("Ikke kvalifisert")),
        ],
        widget=forms.RadioSelect,
    )
    eligibility_reason = forms.CharField(
        label=_("Begrunnelse"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Må fylles ut når forslaget ikke er kvalifisert, og når et forslag under "
            "inngangskriteriet likevel skal være kvalifisert (et unntak). Kommunen kan få se den."
        ),
    )

    def __init__(self, *args, nomination, **kwargs):
        self.nomination = nomination
        kwargs.setdefault(
            "initial",
            {
                "eligibility": nomination.eligibility,
                "eligibility_reason": nomination.eligibility_reason,
            },
        )
        super().__init__(*args, **kwargs)

    def decide(self, by):
        """Record the decision; False, with the reasons on the form, if it is refused."""
        try:
            self.nomination.decide_eligibility(
                self.cleaned_data["eligibility"] == Eligibility.ELIGIBLE,
                self.cleaned_data["eligibility_reason"],
                by=by,
            )
        except ValidationError as error:
            self.add_error(None, error)
            return False
        return True
