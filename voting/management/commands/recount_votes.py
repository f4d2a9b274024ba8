"""Count every nominee's votes afresh, for the standings, from the votes themselves.

The database keeps the counts as votes change (voting/models/count.py); only
votes written around its triggers (`loaddata`, a data-only restore made
without them) can leave them behind. Safe to run at any time and again.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext, ngettext

from voting.models import VoteCount


class Command(BaseCommand):
    help = "Count every nominee's votes afresh from the votes, for the standings."

    def handle(self, *args, **options):
        changed = VoteCount.objects.recount()
        if not changed:
            self.stdout.write(gettext("Stemmetallene stemte med stemmene."))
            return
        self.stdout.write(
            ngettext(
                "Talt på nytt: %(count)d nominert hadde feil stemmetall.",
                "Talt på nytt: %(count)d nominerte hadde feil stemmetall.",
                len(changed),
            )
            % {"count": len(changed)}
        )
