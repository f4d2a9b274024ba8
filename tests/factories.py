"""Small builders for test data; each test shows what it builds."""

import datetime

from django.utils import timezone

from award.models import Edition, Phase
from municipalities.models import Municipality
from nominations.models import Nominee

STEP = datetime.timedelta(days=7)


def make_edition(year=2030, phase=Phase.UPCOMING, at=None, **fields):
    edition = Edition(year=year, **fields)
    edition.place_in_phase(phase, at or timezone.now(), STEP)
    edition.full_clean()
    edition.save()
    return edition


def make_nominee(edition, name, **fields):
    return Nominee.objects.create(
        edition=edition, municipality=Municipality.objects.get(name=name), **fields
    )
