"""Finalists and winner: chosen by the rules, revealed by staff, and secret until then."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from award.models import Edition, Phase
from nominations.models import Nominee
from tests.factories import (
    edition_change_form,
    make_edition,
    make_nomination,
    make_nominee,
    make_staff,
    make_votes,
)

pytestmark = pytest.mark.django_db

RATIONALE = "Stord viser hvordan tett oppfølging av hver familie gir resultater."
# Every way a page or the status says who won.
WINNER_PHRASES = ["Vinneren av Bosettings- og integreringsprisen 2030 er", "kommune vant prisen", "Vinner av", "is_winner", "winner-announcement"]


@pytest.fixture
def staff(client, django_capture_on_commit_callbacks):
    client.force_login(make_staff())

    def act(action, edition):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("admin:award_edition_changelist"),
                {"action": action, "_selected_action": [edition.pk], "index": 0},
                follow=True,
            )

    client.act = act
    return client


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def finalists_stage():
    """An edition whose finalists are public and whose winner is chosen but not revealed."""
    edition = make_edition(year=2030, phase=Phase.FINALISTS_ANNOUNCED)
    for name in ("Asker", "Bodø", "Stord"):
        make_nomination(edition, name)
        make_nominee(edition, name, description="Omtale", jury_rationale=f"Om {name}", is_finalist=True)
    make_nominee(edition, "Voss", description="Omtale", jury_rationale="Om Voss")
    Nominee.objects.filter(municipality__name="Stord").update(is_winner=True, winner_rationale=RATIONALE)
    return edition


def notified_finalists(edition):
    """As if the finalists heard when they were published."""
    edition.nominees.filter(is_finalist=True).update(finalist_notified_at=timezone.now())
    return edition


def test_a_winner_who_is_not_a_finalist_is_refused_by_validation_and_by_the_database():
    edition = make_edition(year=2030, phase=Phase.FINALISTS_ANNOUNCED)
    voss = make_nominee(edition, "Voss")

    voss.is_winner = True
    with pytest.raises(ValidationError) as refused:
        voss.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        voss.save()

    assert refused.value.message_dict["is_winner"] == ["Vinneren må være en av finalistene."]


def closed_vote(finalists_revealed_at=None):
    edition = make_edition(year=2030, phase=Phase.VOTING_CLOSED)
    Edition.objects.filter(pk=edition.pk).update(
        finalists_revealed_at=finalists_revealed_at, winner_revealed_at=None, ceremony_at=None
    )
    edition.refresh_from_db()
    return edition


def test_staff_publish_the_three_with_most_votes_as_finalists(staff):
    edition = closed_vote()
    for name, votes in [("Asker", 5), ("Bodø", 2), ("Stord", 7), ("Voss", 4), ("Kinn", 1)]:
        make_votes(make_nominee(edition, name), votes)

    response = staff.act("publish_finalists", edition)

    assert sorted(str(n.municipality) for n in Nominee.objects.filter(is_finalist=True)) == [
        "Asker",
        "Stord",
        "Voss",
    ]
    assert Edition.objects.get(pk=edition.pk).phase() == Phase.FINALISTS_ANNOUNCED
    assert any("Asker" in m and "kunngjort" in m for m in messages_of(response))


def test_a_tie_at_third_place_makes_every_tied_nominee_a_finalist_and_warns_staff(staff):
    edition = closed_vote()
    for name, votes in [("Asker", 5), ("Bodø", 3), ("Stord", 7), ("Voss", 3)]:
        make_votes(make_nominee(edition, name), votes)

    response = staff.act("publish_finalists", edition)

    assert Nominee.objects.filter(is_finalist=True).count() == 4
    assert any("like mange stemmer" in m for m in messages_of(response))


def test_finalists_set_ahead_become_public_at_that_time(staff, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    moment = timezone.now() + datetime.timedelta(hours=2)
    edition = closed_vote(finalists_revealed_at=moment)
    make_votes(make_nominee(edition, "Asker"), 2)

    staff.act("publish_finalists", edition)

    edition.refresh_from_db()
    assert Nominee.objects.get().is_finalist
    assert edition.finalists_revealed_at == moment
    assert edition.phase() == Phase.VOTING_CLOSED
    assert edition.phase(moment) == Phase.FINALISTS_ANNOUNCED
    assert mail.outbox == []


def test_finalists_are_not_published_while_the_vote_is_open(staff):
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    make_nominee(edition, "Asker")

    response = staff.act("publish_finalists", edition)

    assert not Nominee.objects.filter(is_finalist=True).exists()
    assert any("etter at avstemningen er avsluttet" in m for m in messages_of(response))


def test_staff_reveal_the_winner_with_one_action_and_the_contacts_hear_once(staff):
    edition = notified_finalists(finalists_stage())

    staff.act("reveal_winner", edition)
    again = staff.act("reveal_winner", edition)

    edition.refresh_from_db()
    assert edition.phase() == Phase.WINNER_ANNOUNCED
    assert any("allerede kunngjort" in m for m in messages_of(again))
    assert [m.subject for m in mail.outbox] == [
        "Stord har vunnet Bosettings- og integreringsprisen 2030"
    ]


def test_the_winner_cannot_be_revealed_before_one_is_chosen(staff):
    edition = finalists_stage()
    Nominee.objects.update(is_winner=False)

    response = staff.act("reveal_winner", edition)

    assert Edition.objects.get(pk=edition.pk).phase() == Phase.FINALISTS_ANNOUNCED
    assert any("Velg vinneren blant finalistene" in m for m in messages_of(response))


def test_before_the_reveal_nothing_about_the_winner_is_in_any_page_or_response(client):
    edition = finalists_stage()
    pages = [
        reverse("award:front_page"),
        reverse("award:edition", kwargs={"year": 2030}),
        reverse("award:nominee", kwargs={"year": 2030, "slug": "stord"}),
        reverse("award:announcement", kwargs={"year": 2030}),
        reverse("award:announcement_status", kwargs={"year": 2030}),
        reverse("award:press_release", kwargs={"year": 2030}),
        reverse("award:archive"),
    ]

    for url in pages:
        response = client.get(url)
        body = response.content.decode()
        assert RATIONALE not in body, url
        for winner_phrase in WINNER_PHRASES:
            assert winner_phrase not in body, (url, winner_phrase)
    status = client.get(reverse("award:announcement_status", kwargs={"year": 2030})).json()
    assert status["winner"] is None
    assert [f["name"] for f in status["finalists"]] == ["Asker", "Bodø", "Stord"]
    assert edition.nominees.get(is_winner=True).municipality.name == "Stord"


def test_a_scheduled_reveal_makes_the_winner_public_at_that_second(client):
    edition = finalists_stage()
    moment = timezone.now() + datetime.timedelta(hours=1)
    edition.winner_revealed_at = moment
    edition.full_clean()
    edition.save()

    assert edition.phase(moment - datetime.timedelta(seconds=1)) == Phase.FINALISTS_ANNOUNCED
    assert edition.phase(moment) == Phase.WINNER_ANNOUNCED
    assert client.get(reverse("award:announcement_status", kwargs={"year": 2030})).json()["winner"] is None


def test_a_reveal_cannot_be_scheduled_without_a_winner():
    edition = finalists_stage()
    Nominee.objects.update(is_winner=False)
    edition.winner_revealed_at = timezone.now() + datetime.timedelta(hours=1)

    with pytest.raises(ValidationError) as refused:
        edition.full_clean()

    assert "winner_revealed_at" in refused.value.message_dict


# The worker closes connections it finds inside a transaction: this test commits for real.
@pytest.mark.django_db(transaction=True)
def test_scheduled_e_mails_wait_for_the_reveal_and_go_once(
    municipalities, settings, staff, work_off_the_queue, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    edition = finalists_stage()
    Edition.objects.filter(pk=edition.pk).update(finalists_revealed_at=timezone.now() - datetime.timedelta(days=1))
    edition.refresh_from_db()
    moment = timezone.now() + datetime.timedelta(hours=1)
    form = edition_change_form(
        edition,
        winner_revealed_at_0=timezone.localtime(moment).strftime("%d.%m.%Y"),
        winner_revealed_at_1=timezone.localtime(moment).strftime("%H:%M:%S"),
        ceremony_at_0="",
        ceremony_at_1="",
        venue="The Hub, Oslo",
    )

    with django_capture_on_commit_callbacks(execute=True):
        saved = staff.post(reverse("admin:award_edition_change", args=[edition.pk]), form)
    work_off_the_queue()
    before = [m.subject for m in mail.outbox]
    # The hour passes: the reveal moment, and the task waiting for it, are now.
    Edition.objects.filter(pk=edition.pk).update(winner_revealed_at=timezone.now())
    DBTaskResult.objects.update(run_after=timezone.now())
    work_off_the_queue()
    work_off_the_queue()

    assert saved.status_code == 302, saved.context["adminform"].form.errors
    assert sorted(before) == [
        f"{name} er finalist i Bosettings- og integreringsprisen 2030"
        for name in ("Asker", "Bodø", "Stord")
    ]
    assert [m.subject for m in mail.outbox][3:] == ["Stord har vunnet Bosettings- og integreringsprisen 2030"]


@pytest.fixture
def work_off_the_queue(django_capture_on_commit_callbacks):
    """Run the worker over every task that is due, and over the tasks those tasks queue."""

    def work():
        for _round in range(3):
            with django_capture_on_commit_callbacks(execute=True):
                call_command(
                    "db_worker", batch=True, startup_delay=False, stdout=StringIO(), stderr=StringIO()
                )

    return work
