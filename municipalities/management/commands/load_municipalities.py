import csv
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from municipalities.models import County, Municipality

DEFAULT_SOURCE = Path(settings.BASE_DIR) / "fixtures" / "municipalities-2024.csv"


class Command(BaseCommand):
    help = "Loads counties and municipalities from the reference CSV; safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)

    @transaction.atomic
    def handle(self, *args, source, **options):
        created = 0
        with source.open(encoding="utf-8", newline="") as rows:
            for row in csv.DictReader(rows):
                county, _ = County.objects.update_or_create(
                    number=row["fylkesnummer"], defaults={"name": row["fylke"]}
                )
                # The written standard is staff's to edit, so a reload keeps it.
                municipality, was_created = Municipality.objects.get_or_create(
                    number=row["kommunenummer"],
                    defaults={"name": row["navn"], "sami_name": row["samisk_navn"], "county": county},
                )
                if not was_created:
                    municipality.name = row["navn"]
                    municipality.sami_name = row["samisk_navn"]
                    municipality.county = county
                    municipality.save()
                created += was_created
        total = Municipality.objects.count()
        self.stdout.write(f"{total} municipalities ({created} new).")
