"""`manage.py erase_personal_data`: voters and contact persons are forgotten after the retention
period, the votes still count, and the histories say what happened."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from award.models import EmailStatus, OutgoingEmail, Phase
from nominations.models import Nomination
from tests.factories import make_edition, make_nomination, make_nominee, make_vote
from voting.models import Vote

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def one_year(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 365


@pytest.fixture
def old_edition():
    """An edition whose winner was revealed 407 days ago (a week before `at`)."""
    edition = make_edition(year=2028, phase=Phase.WINNER_ANNOUNCED, at=timezone.now() - 400 * DAY)
    nomination = make_nomination(edition, "Kinn", contact_phone="+47 900 00 000")
    nomination.contact_role = "Flyktningkonsulent"
    nomination.save()
    kinn = make_nominee(edition, "Kinn")
    make_vote(kinn, "kari@example.no")
    make_vote(kinn, "ola@example.no")
    make_vote(make_nominee(edition, "Bodø"), "per@example.no")
    return edition


@pytest.fixture
def recent_edition():
    """An edition whose winner was revealed 37 days ago."""
    edition = make_edition(year=2030, phase=Phase.WINNER_ANNOUNCED, at=timezone.now() - 30 * DAY)
    make_nomination(edition, "Voss")
    make_vote(make_nominee(edition, "Voss"), "kari@example.no")
    return edition


def erase():
    out = StringIO()
    call_command("erase_personal_data", stdout=out)
    return out.getvalue()


def test_the_contact_person_of_an_old_edition_is_erased_and_the_entry_kept(old_edition):
    erase()

    entry = Nomination.objects.get(edition=old_edition)
    assert (entry.contact_name, entry.contact_role, entry.contact_email, entry.contact_phone) == (
        "",
        "",
        "",
        "",
    )
    assert entry.municipality.name == "Kinn"
    assert entry.share_in_work_directly == Decimal("62.5")


def test_no_earlier_version_of_the_entry_keeps_the_contact_person(old_edition):
    erase()

    versions = Nomination.history.filter(edition=old_edition)
    assert versions.count() == 3
    assert set(versions.values_list("contact_name", "contact_email", "contact_phone")) == {
        ("", "", "")
    }
    assert versions.first().history_change_reason == "Kontaktpersonen slettet etter lagringstiden"


def test_the_voters_of_an_old_edition_are_forgotten_and_their_votes_still_count(old_edition):
    standings_before = [(s.nominee.municipality.name, s.votes) for s in Vote.objects.standings(old_edition)]

    erase()

    assert set(
        Vote.objects.filter(edition=old_edition).values_list(
            "voter_key", "network", "email_domain", "user_agent"
        )
    ) == {(None, "", "", "")}
    assert [(s.nominee.municipality.name, s.votes) for s in Vote.objects.standings(old_edition)] == (
        standings_before
    )
    assert standings_before == [("Kinn", 2), ("Bodø", 1)]


def test_the_editions_history_says_what_was_erased(old_edition):
    erase()

    record = old_edition.history.first()
    assert record.history_change_reason == (
        "Personopplysninger slettet etter lagringstiden: 3 stemmer og 1 kontaktpersoner"
    )
    assert record.history_user is None
    old_edition.refresh_from_db()
    assert old_edition.updated_at == old_edition.history.last().updated_at


def test_an_edition_within_the_retention_period_keeps_its_personal_data(old_edition, recent_edition):
    erase()

    entry = Nomination.objects.get(edition=recent_edition)
    assert (entry.contact_name, entry.contact_email) == ("Kontakt i Voss", "post@voss.kommune.no")
    assert Vote.objects.get(edition=recent_edition).voter_key is not None
    assert recent_edition.history.count() == 1


def test_the_retention_period_is_read_from_the_setting(settings, old_edition):
    settings.PERSONAL_DATA_RETENTION_DAYS = 500

    erase()

    assert Nomination.objects.get(edition=old_edition).contact_name == "Kontakt i Kinn"
    assert not Vote.objects.filter(edition=old_edition, voter_key__isnull=True).exists()


def test_running_it_again_changes_nothing_and_records_nothing(old_edition):
    erase()
    versions = (old_edition.history.count(), Nomination.history.count())

    output = erase()

    assert "2028: erased 0 voter key(s) and 0 contact person(s)." in output
    assert (old_edition.history.count(), Nomination.history.count()) == versions


def test_failed_e_mails_older_than_the_period_lose_their_address(db):
    old = OutgoingEmail.objects.create(
        recipient="kari@example.no", subject="Bekreft stemmen din", body="Lenke", status=EmailStatus.FAILED
    )
    recent = OutgoingEmail.objects.create(
        recipient="ola@example.no", subject="Bekreft stemmen din", body="Lenke", status=EmailStatus.FAILED
    )
    OutgoingEmail.objects.filter(pk=old.pk).update(created_at=timezone.now() - 366 * DAY)

    output = erase()

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.recipient, old.body, old.subject) == ("", "", "Bekreft stemmen din")
    assert (recent.recipient, recent.body) == ("ola@example.no", "Lenke")
    assert "Erased the address of 1 failed e-mail(s)." in output
