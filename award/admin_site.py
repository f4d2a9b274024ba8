"""The staff admin, which asks for a one-time code as well as the password.

Whether the code is required is read from ADMIN_OTP_REQUIRED on each
request: on in production, off in development and in the tests that sign
staff in with force_login.
"""

from django import forms
from django.conf import settings
from django.contrib.admin import AdminSite
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django.views.i18n import set_language
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite


class StaffAuthenticationForm(OTPAdminAuthenticationForm):
    """Username, password and the six-digit code from the staff member's app."""

    otp_token = forms.CharField(
        label=_("Engangskode"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    otp_error_messages = {
        **OTPAdminAuthenticationForm.otp_error_messages,
        "token_required": _("Skriv inn engangskoden fra autentiseringsappen."),
        "invalid_token": _("Engangskoden stemmer ikke. Skriv inn koden appen viser nå."),
        "device_required": _("Velg hvilken app koden kommer fra."),
        "n_failed_attempts": ngettext_lazy(
            "Koden ble skrevet feil %(failure_count)d gang. Vent litt før du prøver igjen.",
            "Koden ble skrevet feil %(failure_count)d ganger. Vent litt før du prøver igjen.",
            "failure_count",
        ),
        "verification_not_allowed": _("Engangskoder kan ikke brukes akkurat nå. Prøv igjen senere."),
    }

    def clean_otp(self, user):
        if user is not None and not any(devices_for_user(user)):
            raise forms.ValidationError(
                _(
                    "Kontoen din har ingen autentiseringsapp ennå. "
                    "Be en administrator om å registrere en for deg."
                ),
                code="no_device",
            )
        super().clean_otp(user)

    def _chosen_device(self, user):
        # Nearly everyone has one app; asking them to pick it first would only
        # cost a round trip. With several, the choice stays theirs.
        chosen = super()._chosen_device(user)
        if chosen is None and not self.cleaned_data.get("otp_device"):
            devices = list(devices_for_user(user, for_verify=True))
            if len(devices) == 1:
                return devices[0]
        return chosen


class StaffAdminSite(OTPAdminSite):
    """Django's admin with django-otp's check that the session was verified by a code."""

    site_header = _("Bosettings- og integreringsprisen")
    site_title = _("Administrasjon av Bosettings- og integreringsprisen")
    index_title = _("Administrasjon")

    def __init__(self, name="admin"):
        # OTPAdminSite calls itself "otpadmin"; every URL name here is "admin:…".
        super().__init__(name)

    @property
    def login_form(self):
        return StaffAuthenticationForm if settings.ADMIN_OTP_REQUIRED else None

    @property
    def login_template(self):
        return "staff/login.html" if settings.ADMIN_OTP_REQUIRED else None

    def register(self, model_or_iterable, admin_class=None, **options):
        """Register every admin with the object-level rule of `ObjectAccessMixin`.

        Done here rather than in each admin's bases, so that no admin, ours or
        a library's, can be registered without it.
        """
        # Imported here: award.admin_access loads django.contrib.admin's helpers.
        from .admin_access import with_object_access

        return super().register(model_or_iterable, with_object_access(admin_class), **options)

    def get_urls(self):
        # Django's own language switch, posted from every admin page (the
        # sign-in page too) and kept in a cookie for the admin's addresses.
        return [path("sprak/", set_language, name="set_language"), *super().get_urls()]

    def has_permission(self, request):
        if settings.ADMIN_OTP_REQUIRED:
            return super().has_permission(request)
        return AdminSite.has_permission(self, request)

