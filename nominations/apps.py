from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class NominationsConfig(AppConfig):
    name = "nominations"
    verbose_name = _("Forslag og nominerte")

    def ready(self):
        from award.pagecache import invalidate

        from .models import Nominee

        # A nominee's texts, photo, finalist and winner marks are on the public pages.
        post_save.connect(invalidate, sender=Nominee, dispatch_uid="pagecache.Nominee")
        post_delete.connect(invalidate, sender=Nominee, dispatch_uid="pagecache.Nominee.delete")
