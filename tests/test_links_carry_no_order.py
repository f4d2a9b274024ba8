"""Links carry no order: votes are named by a random id, and old links keep working."""

import base64
import re
import uuid

import pytest
from django.core import signing
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from award.models import Phase
from tests.conftest import load_reference_data
from tests.factories import make_edition, make_nominee
from voting.models import Vote
from voting.tokens import SALT, confirmation_token, read_token

BEFORE = ("voting", "0002_vote_personal_data_erasable")
AFTER = ("voting", "0003_random_ids_and_spent_challenges")

pytestmark = pytest.mark.django_db


def text(response):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def edition():
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    make_nominee(edition, "Gjøvik")
    return edition


def link_in(message):
    return re.search(r"http://\S+(/stem/bekreft/\S+/)", message.body).group(1)


@pytest.mark.usefixtures("empty_cache")
def test_the_confirmation_link_names_the_vote_by_a_random_id(
    committing_client, edition, mailoutbox
):
    for number in range(3):
        committing_client.post("/stem/gjovik/", {"email": f"velger{number}@example.no"})

    tokens = [link_in(message).split("/")[-2] for message in mailoutbox]
    named = [signing.loads(token, salt=SALT)[0] for token in tokens]

    votes = Vote.objects.order_by("pk")
    assert named == [vote.public_id.hex for vote in votes]
    assert len({vote.public_id for vote in votes}) == 3


@pytest.mark.usefixtures("empty_cache")
def test_a_link_signed_with_the_sequential_id_still_confirms_until_it_expires(
    committing_client, edition, mailoutbox
):
    committing_client.post("/stem/gjovik/", {"email": "kari@example.no"})
    vote = Vote.objects.get()
    sealed = base64.urlsafe_b64encode(vote.seal_address("kari@example.no")).decode().rstrip("=")
    old = signing.dumps([vote.pk, sealed], salt=SALT)

    response = committing_client.post(reverse("voting:confirm", kwargs={"token": old}))

    assert "Stemmen din på Gjøvik er talt med" in text(response)
    assert Vote.objects.counted().count() == 1
    assert read_token(old)[0] == vote
    assert read_token(confirmation_token(vote, "kari@example.no"))[0] == vote


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_every_existing_vote_a_random_id_of_its_own():
    load_reference_data()
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    nominee = make_nominee(edition, "Gjøvik")
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    executor.loader.build_graph()
    OldVote = executor.loader.project_state([BEFORE]).apps.get_model("voting", "Vote")
    for number in range(5):
        OldVote.objects.create(
            edition_id=edition.pk,
            nominee_id=nominee.pk,
            voter_key=f"{number:064d}",
            email_domain="example.no",
            network="198.51.100.0/24",
        )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    ids = list(Vote.objects.values_list("public_id", flat=True))
    assert len(ids) == 5
    assert all(isinstance(public_id, uuid.UUID) for public_id in ids)
    assert len(set(ids)) == 5
    assert AFTER in MigrationExecutor(connection).loader.applied_migrations
