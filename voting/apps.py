from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "voting"
    verbose_name = _("Avstemning")

    def ready(self):
        from award.pagecache import invalidate

        from .models import Voiding

        # Voiding votes changes the published result; the votes themselves are
        # updated in bulk right after, in the same transaction, and the page
        # cache's second invalidation comes once that transaction commits.
        post_save.connect(invalidate, sender=Voiding, dispatch_uid="pagecache.Voiding")
