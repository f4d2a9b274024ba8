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
                # A county's name is staff's to edit in the admin: a reload only adds counties.
                county, _ = County.objects.get_or_create(
                    number=row["fylkesnummer"], defaults={"name": row["fylke"]}
                )
                # The reference owns what staff cannot edit (name, Sami name, county); the
                # written standard is staff's, so a reload keeps it.
                reference = {"name": row["navn"], "sami_name": row["samisk_navn"], "county": county}
                municipality, was_created = Municipality.objects.get_or_create(
                    number=row["kommunenummer"], defaults=reference
                )
                changed = {
                    field: value
                    for field, value in reference.items()
                    if getattr(municipality, field) != value
                }
                if changed:
                    for field, value in changed.items():
                        setattr(municipality, field, value)
                    municipality.save()
                created += was_created
        total = Municipality.objects.count()
        self.stdout.write(f"{total} municipalities ({created} new).")
