"""`manage.py demo_edition`: what `make run` shows, in every phase, as the README says."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from award.models import Edition, OutgoingEmail
from award.site.management.commands.demo_edition import PHASE_OPTIONS
from nominations.models import Eligibility, Nomination, Nominee
from nominations.tasks import schedule_reveal_announcements
from tests.factories import make_votes

ROOT = Path(__file__).resolve().parent.parent
YEAR = timezone.localdate().year
DEMO_NOMINEES = {"Alta", "Arendal", "Gjøvik", "Lillestrøm", "Steinkjer", "Stord"}

pytestmark = pytest.mark.django_db


def demo(phase):
    out = StringIO()
    call_command("demo_edition", phase=phase, stdout=out)
    return out.getvalue().strip()


def names(nominees):
    return {nominee.municipality.name for nominee in nominees}


def finalists():
    return names(Nominee.objects.filter(edition__year=YEAR, is_finalist=True))


def winners():
    return names(Nominee.objects.filter(edition__year=YEAR, is_winner=True))


@pytest.mark.parametrize("phase", PHASE_OPTIONS)
def test_each_phase_puts_the_edition_there_and_e_mails_nobody(municipalities, phase):
    demo(phase)

    edition = Edition.objects.get(year=YEAR)
    assert edition.phase() == PHASE_OPTIONS[phase]
    assert OutgoingEmail.objects.count() == 0
    assert mail.outbox == []


def test_no_later_step_e_mails_the_demo_contact_persons(municipalities):
    for phase in ["voting", "finalists", "winner"]:
        demo(phase)
    edition = Edition.objects.get(year=YEAR)

    # What the admin does when staff save the edition, and what a queued task does later.
    schedule_reveal_announcements(edition)

    assert edition.winner_is_public()
    assert OutgoingEmail.objects.count() == 0
    assert mail.outbox == []


def test_without_votes_the_finalists_are_the_demos_own_and_there_is_no_winner_yet(municipalities):
    output = demo("finalists")

    assert finalists() == {"Arendal", "Lillestrøm", "Stord"}
    assert winners() == set()
    assert output == (
        f"Bosettings- og integreringsprisen {YEAR} is now in the phase «Finalister kunngjort», "
        "with the finalists Arendal, Lillestrøm, Stord (the demo's own: no vote was counted) "
        "and no winner yet."
    )


def test_the_finalists_are_those_the_votes_chose_when_votes_were_counted(municipalities):
    demo("voting")
    edition = Edition.objects.get(year=YEAR)
    for name, count in [("Alta", 5), ("Gjøvik", 4), ("Steinkjer", 3), ("Lillestrøm", 1)]:
        make_votes(edition.nominees.get(municipality__name=name), count)

    output = demo("finalists")

    assert finalists() == {"Alta", "Gjøvik", "Steinkjer"}
    assert winners() == set()
    assert "(chosen by the votes) and no winner yet." in output
    # Moving on to the winner keeps them, and the winner is one of them.
    demo("winner")
    assert finalists() == {"Alta", "Gjøvik", "Steinkjer"}
    assert winners() == {"Alta"}


def test_the_winner_phase_reveals_a_winner_with_its_rationale_and_a_press_release(
    municipalities, client
):
    output = demo("winner")

    winner = Nominee.objects.get(edition__year=YEAR, is_winner=True)
    assert winner.municipality.name == "Lillestrøm"
    assert winner.winner_rationale.startswith("Demotekst: juryen gir prisen til Lillestrøm")
    assert output.endswith("the winner Lillestrøm and a press release.")
    page = client.get(f"/prisen/{YEAR}/pressemelding/")
    html = page.content.decode()
    assert page.status_code == 200
    assert f"Lillestrøm kommune vinner Bosettings- og integreringsprisen {YEAR}" in html
    assert "Demotekst: Vi er stolte og takker alle som har vært med på arbeidet." in html


def test_a_press_release_staff_edited_is_kept_when_the_demo_runs_again(municipalities):
    demo("winner")
    release = Edition.objects.get(year=YEAR).press_release
    release.title = "Staben skrev om tittelen"
    release.save()

    demo("winner")

    assert Edition.objects.get(year=YEAR).press_release.title == "Staben skrev om tittelen"


def test_the_nominee_phases_have_the_six_demo_nominees_eligible_and_no_finalists(municipalities):
    demo("review")
    for phase in ["nominees", "voting", "closed"]:
        assert demo(phase).endswith(", with 6 nominees.")
        assert names(Nominee.objects.filter(edition__year=YEAR)) == DEMO_NOMINEES
        assert finalists() == set()
        entries = Nomination.objects.filter(edition__year=YEAR)
        assert names(entries.filter(eligibility=Eligibility.ELIGIBLE)) == DEMO_NOMINEES
        assert names(entries.filter(eligibility=Eligibility.PENDING)) == {
            "Stavanger", "Ålesund", "Stange"
        }


def test_going_back_to_review_leaves_every_entry_undecided_and_no_nominees(municipalities):
    demo("winner")

    demo("review")

    entries = Nomination.objects.filter(edition__year=YEAR)
    assert entries.count() == 9
    assert set(entries.values_list("eligibility", flat=True)) == {Eligibility.PENDING}
    assert finalists() == set() and winners() == set()


def readme_demo_phases():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### History and demo data", 1)[1].split("\n### ", 1)[0]
    return re.findall(r"^\| `(\w+)` \|", section, re.MULTILINE)


def test_the_readme_says_what_every_demo_phase_holds():
    assert readme_demo_phases() == list(PHASE_OPTIONS)


# Addresses the README names that are not meant to answer an anonymous visitor with a page.
NOT_A_PUBLIC_PAGE = {
    "/admin/": "staff sign in first",
    "/api/v1/": "the prefix of the open data addresses listed beside it",
    "/metrikker/": "only for the metrics scraper",
}


def readme_site_addresses():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    addresses = set(re.findall(r"`(/[a-z][^`<>\s]*)`", readme))
    return sorted(a for a in addresses if not a.startswith("/usr/") and a not in NOT_A_PUBLIC_PAGE)


def test_every_address_the_readme_gives_as_an_example_answers_on_the_demo_data(
    history, client, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    demo("voting")
    addresses = readme_site_addresses()

    answers = {address: client.get(address).status_code for address in addresses}

    assert "/stem/gjovik/" in addresses
    assert answers == dict.fromkeys(addresses, 200)
