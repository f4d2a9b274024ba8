from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from award.models import Edition, Phase, PrizeName
from municipalities.models import Municipality
from nominations.models import Nominee

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
        edition.summary = (
            "Demorunde: her kan du se hvordan nettstedet ser ut i hver fase av prisrunden."
        )
        edition.full_clean()
        edition.save()
        self.place_nominees(edition, target)
        if edition.phase(now) != target:
            raise CommandError(f"The demo edition ended up in {edition.phase(now)}, not {target}.")
        self.stdout.write(f"{edition} is now in the phase «{target.label}».")

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
