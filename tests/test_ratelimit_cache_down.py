"""While the shared cache cannot count, the limits fail safe and no challenge solution is replayed."""

import datetime
import re

import altcha
import pytest
from django.core import mail
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from award.challenge import is_solved
from award.models import OutgoingEmail, Phase, SpentChallenge
from award.ratelimit import Level, feedback_allowed, nomination_level, vote_level
from nominations.models import Nomination
from tests.factories import make_edition, make_nominee
from tests.test_nomination_form import complete_entry, errors_beside
from voting.models import Vote

pytestmark = pytest.mark.django_db

BROKEN = ["tests.caches.RaisingCache", "tests.caches.IgnoringCache"]


@pytest.fixture
def broken_cache(settings):
    """A default cache that cannot count; the page cache is off so pages need no cache."""

    def use(backend):
        settings.CACHES = {"default": {"BACKEND": backend}}
        settings.PAGE_CACHE_SECONDS = 0

    settings.VOTE_CHALLENGE_COST = 10
    return use


def solved(client):
    challenge = altcha.Challenge.from_dict(client.get(reverse("voting:challenge")).json())
    return altcha.Payload(challenge, altcha.solve_challenge(challenge)).to_base64()


@pytest.mark.parametrize("backend", BROKEN)
@pytest.mark.parametrize("level", [vote_level, nomination_level])
def test_while_the_cache_cannot_count_every_attempt_needs_the_challenge(
    broken_cache, backend, level
):
    broken_cache(backend)
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7")

    assert [level(request, attempt=True) for _ in range(3)] == [Level.CHALLENGE] * 3


def test_a_cache_that_raises_when_looked_at_asks_for_the_challenge_up_front(broken_cache):
    broken_cache("tests.caches.RaisingCache")

    assert vote_level(RequestFactory().get("/", REMOTE_ADDR="203.0.113.7"), attempt=False) == (
        Level.CHALLENGE
    )


@pytest.mark.parametrize("backend", BROKEN)
def test_while_the_cache_cannot_count_feedback_waits(broken_cache, backend):
    broken_cache(backend)

    assert feedback_allowed(RequestFactory().post("/", REMOTE_ADDR="203.0.113.7")) is False


@pytest.mark.parametrize("backend", BROKEN)
def test_a_solution_is_accepted_once_without_the_cache(broken_cache, backend, client):
    broken_cache(backend)
    payload = solved(client)

    assert is_solved(payload) is True
    assert is_solved(payload) is False
    assert SpentChallenge.objects.count() == 1


def test_spent_solutions_are_forgotten_once_their_challenge_has_expired(client, settings):
    settings.VOTE_CHALLENGE_COST = 10
    now = timezone.now()
    SpentChallenge.objects.create(nonce="utløpt", expires_at=now - datetime.timedelta(seconds=1))
    SpentChallenge.objects.create(nonce="gyldig", expires_at=now + datetime.timedelta(minutes=5))

    assert is_solved(solved(client)) is True

    kept = set(SpentChallenge.objects.values_list("nonce", flat=True))
    assert "utløpt" not in kept
    assert "gyldig" in kept
    assert len(kept) == 2


# The whole vote while the cache ignores everything (as the site's cache does when Redis is down).


@pytest.fixture
def edition(broken_cache):
    broken_cache("tests.caches.IgnoringCache")
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    make_nominee(edition, "Gjøvik")
    return edition


def vote(client, email, **data):
    return client.post(
        reverse("voting:vote_for", kwargs={"slug": "gjovik"}),
        {"email": email, **data},
        REMOTE_ADDR="198.51.100.7",
    )


def test_without_the_cache_a_vote_needs_the_challenge_and_counts_once(committing_client, edition):
    client = committing_client
    unchallenged = vote(client, "kari@example.no")
    payload = solved(client)
    accepted = vote(client, "kari@example.no", altcha=payload)
    replayed = vote(client, "ola@example.no", altcha=payload)

    assert unchallenged.status_code == 400
    html = unchallenged.content.decode()
    assert "<altcha-widget" in html
    error = re.search(r'id="id_altcha_error">([^<]*)</div>', html).group(1)
    assert error.startswith("Kryss av i boksen «Jeg er ikke en robot»")
    assert accepted.status_code == 302
    assert replayed.status_code == 400
    assert "<altcha-widget" in replayed.content.decode()
    # The e-mail leaves although the cache cannot say whether a delivery run waits.
    (sent,) = [message for message in mail.outbox if message.subject.startswith("Bekreft")]
    assert sent.to == ["kari@example.no"]
    assert OutgoingEmail.objects.filter(subject__startswith="Bekreft").count() == 1
    link = re.search(r"http://\S+(/stem/bekreft/\S+/)", sent.body).group(1)
    client.post(link)
    client.post(link)
    assert Vote.objects.counted().count() == 1
    assert Vote.objects.count() == 1
    assert cache.get("anything") is None


def test_without_the_cache_a_new_entry_needs_the_challenge_and_keeps_what_was_typed(
    committing_client, broken_cache, municipalities
):
    broken_cache("tests.caches.IgnoringCache")
    make_edition(year=2030, phase=Phase.NOMINATIONS_OPEN)
    client = committing_client

    unchallenged = client.post("/forslag/", complete_entry())
    accepted = client.post("/forslag/", complete_entry() | {"altcha": solved(client)})

    assert unchallenged.status_code == 200
    assert errors_beside(unchallenged, "altcha").startswith("Kryss av i boksen")
    assert "Vi bosette raskt og planmessig." in unchallenged.content.decode()
    assert accepted.status_code == 302
    assert Nomination.objects.count() == 1
