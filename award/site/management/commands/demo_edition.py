from datetime import timedelta
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from award.models import Edition, Phase, PressRelease, PrizeName, Quote
from municipalities.models import Municipality
from nominations.models import Eligibility, Nomination, NominationStatus, Nominee
from voting.models import Vote

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
    "3407": "Gjøvik kommune lar nye innbyggere prøve seg i arbeid fra første måned i programmet.",
    "3205": "Lillestrøm kommune har tatt imot mange familier og gir hver deltaker en egen plan.",
    "5006": "Steinkjer kommune kombinerer norskopplæring med fagbrev i helse og oppvekst.",
    "4614": "Stord kommune har bosatt flere enn staten ba om og følger opp hver familie tett.",
}
# Entries that did not make the shortlist; the last one misses the entry criterion.
DEMO_OTHER_ENTRIES = {"1103": Decimal("64"), "1508": Decimal("58.5"), "3413": Decimal("44")}
# The finalists while the demo vote has no counted votes; with votes, the votes choose.
DEMO_FINALISTS = ["4203", "3205", "4614"]
DEMO_WINNER = "3205"
# What the e-mail steps record once a contact person is told. The demo sets them all,
# so that neither the demo nor a task or a staff action later e-mails anyone about it.
NOTIFIED_FIELDS = ["contact_notified_at", "finalist_notified_at", "winner_notified_at"]


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
        made = self.place_nominees(edition, target, now)
        self.place_press_release(edition, target)
        if edition.phase(now) != target:
            raise CommandError(f"The demo edition ended up in {edition.phase(now)}, not {target}.")
        self.stdout.write(f"{edition} is now in the phase «{target.label}»{made}.")

    def place_nominations(self, edition, target):
        """Submitted entries from review on, so that the admin has something to review."""
        if target in (Phase.UPCOMING, Phase.NOMINATIONS_OPEN):
            return
        entries = {number: Decimal("72.5") for number in DEMO_NOMINEES} | DEMO_OTHER_ENTRIES
        reviewed = target != Phase.UNDER_REVIEW
        for number, share in entries.items():
            municipality = Municipality.objects.get(number=number)
            eligibility = (
                Eligibility.ELIGIBLE if reviewed and number in DEMO_NOMINEES else Eligibility.PENDING
            )
            entry, _ = Nomination.objects.get_or_create(
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
                    "eligibility": eligibility,
                },
            )
            # What was typed in an entry stays; the decision is the phase's.
            Nomination.objects.filter(pk=entry.pk).update(eligibility=eligibility)

    def place_nominees(self, edition, target, now):
        """The shortlist from the nominee phase on; finalists and winner in their phases.

        Returns what it made, for the command's last line.
        """
        if target in (Phase.UPCOMING, Phase.NOMINATIONS_OPEN, Phase.UNDER_REVIEW):
            edition.nominees.update(is_winner=False, is_finalist=False)
            return ""
        for number, description in DEMO_NOMINEES.items():
            Nominee.objects.update_or_create(
                edition=edition,
                municipality=Municipality.objects.get(number=number),
                defaults={
                    "description": description,
                    "jury_rationale": "Demotekst: juryen trekker fram arbeidet med kvalifisering.",
                },
            )
        for field in NOTIFIED_FIELDS:
            edition.nominees.filter(**{f"{field}__isnull": True}).update(**{field: now})
        edition.nominees.update(is_winner=False)
        if target not in (Phase.FINALISTS_ANNOUNCED, Phase.WINNER_ANNOUNCED):
            edition.nominees.update(is_finalist=False)
            return f", with {edition.nominees.count()} nominees"
        finalists, chosen_by = self.finalists(edition)
        edition.nominees.update(is_finalist=False)
        edition.nominees.filter(pk__in=[nominee.pk for nominee in finalists]).update(
            is_finalist=True
        )
        names = ", ".join(nominee.municipality.name for nominee in finalists)
        if target == Phase.FINALISTS_ANNOUNCED:
            return f", with the finalists {names} ({chosen_by}) and no winner yet"
        winner = next(
            (nominee for nominee in finalists if nominee.municipality.number == DEMO_WINNER),
            finalists[0],
        )
        winner.is_winner = True
        winner.winner_rationale = (
            f"Demotekst: juryen gir prisen til {winner.municipality.name} for et langsiktig "
            "arbeid med bosetting og kvalifisering."
        )
        winner.save(update_fields=["is_winner", "winner_rationale"])
        return (
            f", with the finalists {names} ({chosen_by}), the winner "
            f"{winner.municipality.name} and a press release"
        )

    def finalists(self, edition):
        """The finalists the vote's counted votes chose, or the demo's own without votes."""
        if Vote.objects.counted().filter(edition=edition).exists():
            standings = Vote.objects.finalists(edition).standings
            return [standing.nominee for standing in standings], "chosen by the votes"
        demo = edition.nominees.filter(municipality__number__in=DEMO_FINALISTS).select_related(
            "municipality"
        )
        return list(demo.order_by("municipality__name")), "the demo's own: no vote was counted"

    def place_press_release(self, edition, target):
        """The winner's press release, public with the reveal; kept as staff left it."""
        if target != Phase.WINNER_ANNOUNCED or hasattr(edition, "press_release"):
            return
        winner = edition.nominees.select_related("municipality").get(is_winner=True)
        name = winner.municipality.name
        release = PressRelease.objects.create(
            edition=edition,
            title=f"{name} kommune vinner Bosettings- og integreringsprisen {edition.label}",
            lead=(
                f"Demotekst: {name} kommune fikk prisen på {edition.venue} for arbeidet med å "
                "bosette flyktninger og hjelpe dem videre til arbeid og utdanning."
            ),
            body=(
                "Demotekst: juryen trekker fram et godt samarbeid mellom kommunen, frivillige "
                "lag og lokale arbeidsgivere, og en plan for hver enkelt deltaker."
            ),
        )
        Quote.objects.create(
            press_release=release,
            text="Demotekst: Vi er stolte og takker alle som har vært med på arbeidet.",
            speaker="Demo Ordfører",
            role=f"ordfører i {name} kommune",
        )
