"""Django's admin app, serving the staff site of award.admin_site.

Kept apart from that module, which imports the user model and so cannot be
loaded while INSTALLED_APPS is being read.
"""

from django.conf import settings
from django.contrib.admin.apps import AdminConfig
from django.core import checks


class StaffAdminConfig(AdminConfig):
    default_site = "award.admin_site.StaffAdminSite"


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
