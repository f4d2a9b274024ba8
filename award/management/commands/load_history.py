from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.management.base import BaseCommand
from django.db import transaction

DEFAULT_SOURCE = Path(settings.BASE_DIR) / "fixtures" / "history.json"


class Command(BaseCommand):
    help = (
        "Adds the past editions and their nominees from the history fixture; a row that is "
        "already there (by year, and by year and municipality) is left as staff keep it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)

    @transaction.atomic
    def handle(self, *args, source, **options):
        # `loaddata` would write the fixture's text over whatever staff have edited since.
        added, kept = Counter(), Counter()
        with source.open(encoding="utf-8") as fixture:
            for row in serializers.deserialize("json", fixture):
                name = row.object._meta.label
                # The deserializer finds an existing row by its natural key and gives it its pk.
                if row.object.pk is not None:
                    kept[name] += 1
                    continue
                row.save()
                added[name] += 1
        for name in sorted(added.keys() | kept.keys()):
            self.stdout.write(f"{name}: {added[name]} new, {kept[name]} already there.")
