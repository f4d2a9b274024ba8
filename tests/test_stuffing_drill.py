"""The stuffing drill: a determined stuffer with mailbox variants, one /24, replays and reloads."""

import re

import altcha
import idna
import pytest
from django.urls import reverse

from award.models import Phase
from tests.factories import make_edition, make_nominee
from voting.models import ClusterKind, Vote, voter_key

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

NETWORK = "198.51.100.0/24"
ADDRESSES = [f"198.51.100.{host}" for host in range(1, 21)]


def variants(local, domain):
    """Five spellings of one mailbox, as a stuffer would try them."""
    punycode = idna.encode(domain).decode()
    if domain == "gmail.com":
        dotted = ".".join(local)
        return [
            f"{local}@gmail.com",
            f"{dotted}@gmail.com",
            f"{local.upper()}@googlemail.com",
            f"{dotted}+stem@GoogleMail.com",
            f'"{local}"@gmail.com',
        ]
    return [
        f"{local}@{domain}",
        f'"{local}"@{domain}',
        f'"{local}+x"@{punycode}',
        f"{local.upper()}@{domain.upper()}",
        f"{local}+{local}@{punycode}.",
    ]


MAILBOXES = [
    ("dup", "example.no"),
    ("per", "bærum.no"),
    ("kari", "gmail.com"),
    ("ola", "gmail.com"),
    ("anne", "ås.kommune.no"),
    ("nils", "example.no"),
    ("siri", "tromsø.no"),
    ("lars", "outlook.com"),
    ("eva", "blåbær.no"),
    ("jon", "example.com"),
]


def solved(client):
    challenge = altcha.Challenge.from_dict(client.get(reverse("voting:challenge")).json())
    return altcha.Payload(challenge, altcha.solve_challenge(challenge)).to_base64()


def test_the_stuffer_gets_one_counted_vote_per_mailbox_and_staff_see_the_network(
    committing_client, settings, mailoutbox
):
    settings.VOTE_CHALLENGE_COST = 10
    client = committing_client
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    make_nominee(edition, "Gjøvik")
    make_nominee(edition, "Voss")
    url = reverse("voting:vote_for", kwargs={"slug": "gjovik"})
    typed = [v for mailbox in MAILBOXES for v in variants(*mailbox)]
    assert len(typed) == 50 and len(set(typed)) == 50
    spent = []
    outcomes = []

    for number, email in enumerate(typed):
        address = ADDRESSES[number % len(ADDRESSES)]
        response = client.post(url, {"email": email}, REMOTE_ADDR=address)
        if b"<altcha-widget" in response.content:
            # Every solution the stuffer used before is refused, whatever the address.
            for payload in spent[-3:]:
                replay = client.post(url, {"email": email, "altcha": payload}, REMOTE_ADDR=address)
                assert replay.status_code == 400
                assert b'id="id_altcha_error"' in replay.content
            payload = solved(client)
            spent.append(payload)
            response = client.post(url, {"email": email, "altcha": payload}, REMOTE_ADDR=address)
        if response.status_code == 302:
            # A reload of the page after the vote sends nothing.
            before = Vote.objects.count()
            assert client.get(response["Location"], REMOTE_ADDR=address).status_code == 200
            assert Vote.objects.count() == before
        outcomes.append(response.status_code)

    # Per mailbox: three links may wait, the fourth and fifth spelling are refused.
    assert outcomes == [302, 302, 302, 400, 400] * len(MAILBOXES)
    assert spent, "the /24 reached the challenge"
    links = [re.search(r"http://\S+(/stem/bekreft/\S+/)", m.body).group(1) for m in mailoutbox]
    assert len(links) == 30
    for link in links:
        client.post(link)
        client.post(link)  # The confirmation posted again, as a reload would.

    assert Vote.objects.count() == 30
    counted = list(Vote.objects.counted().values_list("voter_key", flat=True))
    assert sorted(counted) == sorted(voter_key(f"{m[0]}@{m[1]}") for m in MAILBOXES)
    assert Vote.objects.standings(edition)[0].votes == 10
    clusters = {row["key"]: row for row in Vote.objects.clusters(edition, ClusterKind.NETWORK)}
    assert list(clusters) == [NETWORK]
    assert (clusters[NETWORK]["active"], clusters[NETWORK]["counted"]) == (30, 10)
    assert clusters[NETWORK]["unconfirmed"] == 20
    # No domain reaches a cluster: the network is what gives the stuffer away.
    assert Vote.objects.clusters(edition, ClusterKind.DOMAIN) == []
    assert set(Vote.objects.values_list("email_domain", flat=True)) == {
        domain for _local, domain in MAILBOXES
    }
