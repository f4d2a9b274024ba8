"""Erase the personal data of editions whose retention period is over.

For every edition whose winner was revealed more than
PERSONAL_DATA_RETENTION_DAYS ago: the voters' keys, networks, e-mail domains
and browsers go from its votes (the votes stay, so the counts do), and the
contact persons go from its nominations and their history. Failed e-mails
older than the period lose their address and text. Each edition's history
says what was erased and when. Safe to run at any time and again; run it daily.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from award.models import Edition, OutgoingEmail
from nominations.models import Nomination
from voting.models import Vote


class Command(BaseCommand):
    help = "Erase voters' keys and contact persons of editions past the retention period."

    def handle(self, *args, **options):
        cutoff = timezone.now() - datetime.timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)
        for edition in Edition.objects.winner_revealed_before(cutoff).order_by("year"):
            with transaction.atomic():
                votes = Vote.objects.filter(edition=edition).erase_personal_data()
                contacts = Nomination.objects.filter(edition=edition).anonymise_contacts(
                    gettext("Kontaktpersonen slettet etter lagringstiden")
                )
                if votes or contacts:
                    edition.note_in_history(
                        gettext(
                            "Personopplysninger slettet etter lagringstiden: "
                            "%(votes)d stemmer og %(contacts)d kontaktpersoner"
                        )
                        % {"votes": votes, "contacts": contacts}
                    )
            self.stdout.write(
                f"{edition.label}: erased {votes} voter key(s) and {contacts} contact person(s)."
            )
        emails = OutgoingEmail.objects.erase_failed_before(cutoff)
        self.stdout.write(f"Erased the address of {emails} failed e-mail(s).")
