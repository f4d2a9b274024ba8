"""Erase the keys to the addresses sealed in confirmation links that can no longer be used.

One conditional update: safe to run at any time, and on several machines at
once. Run it hourly during a vote and once after it closes.
"""

from django.core.management.base import BaseCommand

from voting.models import Vote


class Command(BaseCommand):
    help = "Erase the one-time keys of vote confirmation links that have expired."

    def handle(self, *args, **options):
        erased = Vote.objects.erase_spent_keys()
        self.stdout.write(f"Erased {erased} key(s).")
