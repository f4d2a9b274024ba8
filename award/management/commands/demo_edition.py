from datetime import timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from award.models import Edition, Phase, PrizeName
from municipalities.models import Municipality
from nominations.models import Eligibility, Nomination, NominationStatus, Nominee

# Short names for --phase, in the order of the cycle.
PHASE_OPTIONS = {
    "upcoming": Phase.UPCOMING,
    "nominations": Phase.NOMINATIONS_OPEN,
    "review": Phase.UNDER_REVIEW,
    "nominees": Phase.NOMINEES_PUBLISHED,
    "voting": Phase.VOTING_OPEN,
    "closed": Phase.VOTING_CLOSED,
    "finalists": Phase.FINALISTS_ANNOUNCED,
    "winner": Phase.WINNER_ANNOUNCED,
}
STEP = timedelta(days=7)

DEMO_NOMINEES = {
    "5601": "Alta kommune har bygd opp et introduksjonsprogram med mye språkpraksis i lokale bedrifter.",
    "4203": "Arendal kommune samarbeider tett med frivillige lag om aktiviteter for nye innbyggere.",
    "3205": "Lillestrøm kommune har tatt imot mange familier og gir hver deltaker en egen plan.",
    "5006": "Steinkjer kommune kombinerer norskopplæring med fagbrev i helse og oppvekst.",
    "4614": "Stord kommune har bosatt flere enn staten ba om og følger opp hver familie tett.",
}
# Entries that did not make the shortlist; the last one misses the entry criterion.
DEMO_OTHER_ENTRIES = {"1103": Decimal("64"), "1508": Decimal("58.5"), "3413": Decimal("44")}
DEMO_FINALISTS = ["4203", "3205", "4614"]
DEMO_WINNER = "3205"


class Command(BaseCommand):
    help = (
        "Creates or updates a demo edition for the current year, with its dates placed "
        "around now so that the edition is in the chosen phase."
    )

    def add_arguments(self, parser):
        parser.add_argument("--phase", choices=PHASE_OPTIONS, default="voting")
        parser.add_argument("--year", type=int, default=None)

    @transaction.atomic
    def handle(self, *args, phase, year, **options):
        now = timezone.now()
        target = PHASE_OPTIONS[phase]
        edition, _ = Edition.objects.get_or_create(year=year or timezone.localdate().year)
        edition.place_in_phase(target, now, STEP)
        edition.prize_name = PrizeName.SETTLEMENT_AND_INTEGRATION
        edition.venue = "IMDis årskonferanse, Oslo"
        edition.venue_nn = "Årskonferansen til IMDi, Oslo"
        edition.venue_en = "IMDi's annual conference, Oslo"
        edition.summary = (
            "Demorunde: her kan du se hvordan nettstedet ser ut i hver fase av prisrunden."
        )
        edition.full_clean()
        edition.save()
        self.place_nominations(edition, target)
        self.place_nominees(edition, target)
        if edition.phase(now) != target:
            raise CommandError(f"The demo edition ended up in {edition.phase(now)}, not {target}.")
        self.stdout.write(f"{edition} is now in the phase «{target.label}».")

    def place_nominations(self, edition, target):
        """Submitted entries from review on, so that the admin has something to review."""
        if target in (Phase.UPCOMING, Phase.NOMINATIONS_OPEN):
            return
        entries = {number: Decimal("72.5") for number in DEMO_NOMINEES} | DEMO_OTHER_ENTRIES
        reviewed = target != Phase.UNDER_REVIEW
        for number, share in entries.items():
            municipality = Municipality.objects.get(number=number)
            Nomination.objects.get_or_create(
                edition=edition,
                municipality=municipality,
                defaults={
                    "status": NominationStatus.SUBMITTED,
                    "submitted_at": edition.nominations_deadline_at - STEP,
                    "unit": "Flyktningtjenesten",
                    "contact_name": "Demo Kontaktperson",
                    "contact_email": f"demo@{municipality.slug}.example.org",
                    "participants": 40,
                    "share_in_work_directly": share,
                    "share_in_work_after_one_year": share,
                    "settlement_requested": 30,
                    "settlement_settled": 30,
                    "council_decided_per_request": True,
                    "answer_settlement": "Demotekst om bosettingsarbeidet.",
                    "answer_projects": "Demotekst om nye prosjekter og tiltak.",
                    "answer_qualification": "Demotekst om kvalifisering.",
                    "eligibility": (
                        Eligibility.ELIGIBLE
                        if reviewed and number in DEMO_NOMINEES
                        else Eligibility.PENDING
                    ),
                },
            )

    def place_nominees(self, edition, target):
        edition.nominees.update(is_winner=False)
        edition.nominees.update(is_finalist=False)
        if target in (Phase.UPCOMING, Phase.NOMINATIONS_OPEN, Phase.UNDER_REVIEW):
            return
        for number, description in DEMO_NOMINEES.items():
            Nominee.objects.update_or_create(
                edition=edition,
                municipality=Municipality.objects.get(number=number),
                defaults={
                    "description": description,
                    "jury_rationale": "Demotekst: juryen trekker fram arbeidet med kvalifisering.",
                },
            )
        if target in (Phase.FINALISTS_ANNOUNCED, Phase.WINNER_ANNOUNCED):
            edition.nominees.filter(municipality__number__in=DEMO_FINALISTS).update(
                is_finalist=True
            )
        if target == Phase.WINNER_ANNOUNCED:
            edition.nominees.filter(municipality__number=DEMO_WINNER).update(is_winner=True)
