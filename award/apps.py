from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AwardConfig(AppConfig):
    name = "award"
    verbose_name = _("Prisen")

    def ready(self):
        from .roles import sync_groups

        # Sent once per app after each migrate; the last one sees every permission.
        post_migrate.connect(sync_groups, dispatch_uid="award.roles.sync_groups")
