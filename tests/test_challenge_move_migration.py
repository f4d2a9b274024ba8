"""The spent challenges' move from voting to award keeps every nonce spent, and its content type."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from award.challenge import spend
from award.models import SpentChallenge

BEFORE = [
    ("award", "0008_jury_moves_to_nominations"),
    ("voting", "0005_vote_list_index"),
]
AFTER = ("award", "0009_spent_challenges_from_voting")
MOVED_BETWEEN = {"award", "voting"}


def before_the_move(executor):
    """The state of the apps with the spent challenges still in voting: the others as they are now."""
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] not in MOVED_BETWEEN]
    return executor.loader.project_state([*BEFORE, *others]).apps


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("schema_restored")
def test_the_move_keeps_every_spent_nonce_and_its_permissions_both_ways():
    later = timezone.now() + datetime.timedelta(minutes=5)
    spent_since_the_move = SpentChallenge.objects.create(nonce="etter flyttingen", expires_at=later)

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    executor.loader.build_graph()
    old = before_the_move(executor)
    OldSpentChallenge = old.get_model("voting", "SpentChallenge")
    assert list(OldSpentChallenge.objects.values_list("pk", "nonce")) == [
        (spent_since_the_move.pk, "etter flyttingen")
    ]
    spent = OldSpentChallenge.objects.create(nonce="før flyttingen", expires_at=later)
    voting_type = old.get_model("contenttypes", "ContentType").objects.get(
        app_label="voting", model="spentchallenge"
    )
    readers = old.get_model("auth", "Group").objects.create(name="Lesere")
    readers.permissions.add(
        old.get_model("auth", "Permission").objects.get(
            content_type=voting_type, codename="view_spentchallenge"
        )
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    assert AFTER in MigrationExecutor(connection).loader.applied_migrations
    assert set(SpentChallenge.objects.values_list("pk", "nonce", "expires_at")) == {
        (spent_since_the_move.pk, "etter flyttingen", later),
        (spent.pk, "før flyttingen", later),
    }
    assert spend("før flyttingen") is False
    assert spend("ny") is True
    assert ContentType.objects.get_for_model(SpentChallenge).pk == voting_type.pk
    assert not ContentType.objects.filter(app_label="voting", model="spentchallenge").exists()
    assert Group.objects.get(name="Lesere").permissions.filter(
        content_type__app_label="award", codename="view_spentchallenge"
    ).exists()
