from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class AwardConfig(AppConfig):
    name = "award"
    verbose_name = _("Prisen")

    def ready(self):
        from municipalities.models import Municipality

        from . import (
            checks,  # noqa: F401 (registers the deployment checks)
            csrf,
        )
        from .models import Edition, PressRelease, Quote
        from .pagecache import invalidate
        from .roles import sync_groups

        csrf.install()
        # Sent once per app after each migrate; the last one sees every permission.
        post_migrate.connect(sync_groups, dispatch_uid="award.roles.sync_groups")
        # What the public pages show; the apps above connect their own models.
        for model in (Edition, PressRelease, Quote, Municipality):
            post_save.connect(invalidate, sender=model, dispatch_uid=f"pagecache.{model.__name__}")
            post_delete.connect(
                invalidate, sender=model, dispatch_uid=f"pagecache.{model.__name__}.delete"
            )
