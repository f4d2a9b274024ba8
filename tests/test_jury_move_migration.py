"""The jury's move from award to nominations keeps every row, every history record,
and the content types that permissions, groups and the admin's log point at."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, User
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from award.models import Phase
from municipalities.models import Municipality
from nominations.models import Assessment, Conflict, Eligibility, JuryMember
from tests.conftest import load_reference_data
from tests.factories import make_edition, make_nomination

BEFORE = [
    ("award", "0007_venue_in_nynorsk_and_english"),
    ("nominations", "0006_every_claim_kept_and_links_by_random_key"),
]
AFTER = ("nominations", "0007_jury_from_award")
MOVED_BETWEEN = {"award", "nominations"}
REASON = "Gift med rådmannen i Bodø"
DRAFT, SENT = "Første tanke", "Sterkt arbeid med språkpraksis"
SCORES = {"score_results": 4, "score_settlement": 3, "score_projects": 5, "score_qualification": 2}


def jury_as_it_was(apps, edition, nomination, user, bodo):
    """A seat, a conflict and a score with its draft and sent-in versions, as award kept them."""
    seat = apps.get_model("award", "JuryMember").objects.create(edition_id=edition.pk, user_id=user.pk)
    conflict = apps.get_model("award", "Conflict").objects.create(
        juror=seat, municipality_id=bodo.pk, reason=REASON
    )
    sent_at = timezone.now()
    assessment = apps.get_model("award", "Assessment").objects.create(
        juror=seat, nomination_id=nomination.pk, comment=SENT, submitted_at=sent_at, **SCORES
    )
    # The historical models of a migration state record nothing by themselves.
    moment = sent_at - datetime.timedelta(hours=1)
    apps.get_model("award", "HistoricalJuryMember").objects.create(
        id=seat.pk, edition_id=edition.pk, user_id=user.pk, history_date=moment, history_type="+"
    )
    apps.get_model("award", "HistoricalConflict").objects.create(
        id=conflict.pk,
        juror_id=seat.pk,
        municipality_id=bodo.pk,
        reason=REASON,
        declared_at=conflict.declared_at,
        history_date=moment,
        history_type="+",
    )
    versions = apps.get_model("award", "HistoricalAssessment").objects
    for comment, submitted_at, kind in [(DRAFT, None, "+"), (SENT, sent_at, "~")]:
        versions.create(
            id=assessment.pk,
            juror_id=seat.pk,
            nomination_id=nomination.pk,
            comment=comment,
            submitted_at=submitted_at,
            updated_at=moment,
            history_date=moment if submitted_at is None else sent_at,
            history_type=kind,
            history_user_id=user.pk,
            **SCORES,
        )
    return seat, conflict, assessment


def before_the_move(executor):
    """The state of the apps with the jury still in award: every other app as it is now."""
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in MOVED_BETWEEN]
    return executor.loader.project_state([*BEFORE, *others]).apps


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("schema_restored")
def test_the_move_keeps_every_seat_conflict_score_version_and_permission():
    load_reference_data()
    edition = make_edition(year=2030, phase=Phase.UNDER_REVIEW)
    kinn = make_nomination(edition, "Kinn", eligibility=Eligibility.ELIGIBLE)
    bodo = Municipality.objects.get(name="Bodø")
    kari = User.objects.create_user("kari")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    executor.loader.build_graph()
    old = before_the_move(executor)
    seat, conflict, assessment = jury_as_it_was(old, edition, kinn, kari, bodo)
    award_assessment = old.get_model("contenttypes", "ContentType").objects.get(
        app_label="award", model="assessment"
    )
    scorers = old.get_model("auth", "Group").objects.create(name="Poenggivere")
    scorers.permissions.add(
        old.get_model("auth", "Permission").objects.get(
            content_type=award_assessment, codename="add_assessment"
        )
    )
    old.get_model("auth", "User").objects.get(pk=kari.pk).groups.add(scorers)
    old.get_model("admin", "LogEntry").objects.create(
        user_id=kari.pk,
        content_type=award_assessment,
        object_id=str(assessment.pk),
        object_repr="Kinn – kari",
        action_flag=1,
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert AFTER in MigrationExecutor(connection).loader.applied_migrations
    assert list(JuryMember.objects.values_list("pk", "edition", "user")) == [
        (seat.pk, edition.pk, kari.pk)
    ]
    assert list(Conflict.objects.values_list("pk", "juror", "municipality", "reason")) == [
        (conflict.pk, seat.pk, bodo.pk, REASON)
    ]
    moved = Assessment.objects.get()
    assert (moved.pk, moved.juror_id, moved.nomination_id) == (assessment.pk, seat.pk, kinn.pk)
    assert {field: getattr(moved, field) for field in SCORES} == SCORES
    assert (moved.comment, moved.submitted_at) == (SENT, assessment.submitted_at)
    assert list(moved.history.order_by("history_date").values_list("comment", "history_user")) == [
        (DRAFT, kari.pk),
        (SENT, kari.pk),
    ]
    assert list(JuryMember.history.values_list("id", flat=True)) == [seat.pk]
    assert list(Conflict.history.values_list("id", "reason")) == [(conflict.pk, REASON)]
    assert Group.objects.get(name="Poenggivere").permissions.filter(
        content_type__app_label="nominations", codename="add_assessment"
    ).exists()
    assert User.objects.get(pk=kari.pk).has_perm("nominations.add_assessment")
    log = LogEntry.objects.get(object_id=str(assessment.pk))
    assert log.get_edited_object() == moved
