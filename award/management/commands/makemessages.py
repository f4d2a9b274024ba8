"""``makemessages`` that leaves an unchanged catalogue byte for byte as it was.

Django's command stamps a new ``POT-Creation-Date`` into every catalogue on
each run, so regenerating the catalogues of a clean checkout would change
them although no string did. Catalogues are also written without source
locations: they change with every edited line and would make two branches'
catalogues conflict where their strings do not.
"""

import re
from pathlib import Path

from django.core.management.commands import makemessages

CREATION_DATE = re.compile(r'^"POT-Creation-Date: [^"]*"\n', re.MULTILINE)


class Command(makemessages.Command):
    def handle(self, *args, **options):
        options["no_location"] = True
        super().handle(*args, **options)

    def write_po_file(self, potfile, locale):
        path = Path(potfile).parent / locale / "LC_MESSAGES" / f"{self.domain}.po"
        before = path.read_text(encoding="utf-8") if path.exists() else None
        super().write_po_file(potfile, locale)
        after = path.read_text(encoding="utf-8")
        if before is not None and CREATION_DATE.sub("", before) == CREATION_DATE.sub("", after):
            path.write_text(before, encoding="utf-8")
