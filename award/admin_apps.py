"""Django's admin app, serving the staff site of award.admin_site.

Kept apart from that module, which imports the user model and so cannot be
loaded while INSTALLED_APPS is being read.
"""

from django.conf import settings
from django.contrib.admin.apps import AdminConfig
from django.core import checks
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext


def yes_no_icon(value):
    """The admin's yes, no or unknown icon, with its text in the reader's language."""
    name, text = {
        True: ("yes", gettext("Ja")),
        False: ("no", gettext("Nei")),
        None: ("unknown", gettext("Ukjent")),
    }[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{name}.svg"), text)


class StaffAdminConfig(AdminConfig):
    default_site = "award.admin_site.StaffAdminSite"

    def ready(self):
        super().ready()
        # Django writes Python's own True, False or None as the icon's alt text,
        # which a screen reader reads out in English. Each place the admin shows
        # a yes/no value (lists, read-only fields, every app's admin) looks this
        # name up as it renders, so one replacement here covers them all;
        # tests/test_admin_every_url.py fails if Django stops using it.
        from django.contrib.admin.templatetags import admin_list

        admin_list._boolean_icon = yes_no_icon


@checks.register(checks.Tags.security, deploy=True)
def check_admin_is_guarded(app_configs, **kwargs):
    """`manage.py check --deploy` warns of an admin at the usual address or without codes."""
    warnings = []
    if settings.ADMIN_PATH.strip("/") == "admin":
        warnings.append(
            checks.Warning(
                "The staff admin is at the default address /admin/.",
                hint="Set ADMIN_PATH to a path of your own, e.g. staff-4f2a/.",
                id="award.W001",
            )
        )
    if not settings.ADMIN_OTP_REQUIRED:
        warnings.append(
            checks.Warning(
                "Staff can sign in to the admin without a one-time code.",
                hint="Leave ADMIN_OTP_REQUIRED unset (on when DEBUG=0) or set it to 1.",
                id="award.W002",
            )
        )
    return warnings
