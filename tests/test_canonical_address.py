"""One mailbox, one key: the canonical form of an address, case by case and by property."""

import re

import idna
import pytest
from django.urls import reverse
from hypothesis import assume, given
from hypothesis import strategies as st

from award.addresses import MAX_LENGTH, canonical_address, canonical_domain
from award.models import Phase
from tests.factories import make_edition, make_nominee
from tests.test_nomination_form import complete_entry
from voting.models import Vote, voter_key


@pytest.mark.parametrize(
    "typed, canonical",
    [
        ("kari@example.no", "kari@example.no"),
        ("  Kari@Example.NO\t", "kari@example.no"),
        ("ka ri@example.no", "kari@example.no"),
        ("kari@example.no.", "kari@example.no"),
        # Sub-addresses, for every provider.
        ("kari+stem@example.no", "kari@example.no"),
        ("Kari+Stem+Igjen@Example.no", "kari@example.no"),
        # Quotes that are not needed.
        ('"dup"@example.no', "dup@example.no"),
        ('"dup+x"@example.no', "dup@example.no"),
        ('"d\\up"@example.no', "dup@example.no"),
        # One IDNA form of the domain, however it was typed.
        ("per@bærum.no", "per@xn--brum-voa.no"),
        ("per@BÆRUM.no", "per@xn--brum-voa.no"),
        ("per@xn--brum-voa.no", "per@xn--brum-voa.no"),
        ("per@XN--BRUM-VOA.NO", "per@xn--brum-voa.no"),
        ("per@ｅｘａｍｐｌｅ.no", "per@example.no"),
        ("ærlig.øvre@blåbær.no", f"ærlig.øvre@{idna.encode('blåbær.no').decode()}"),
        # Gmail ignores dots and answers at googlemail.com too.
        ("kari@gmail.com", "kari@gmail.com"),
        ("k.ari@gmail.com", "kari@gmail.com"),
        ("KARI@googlemail.com", "kari@gmail.com"),
        ("K.a.r.i+valg@GoogleMail.com", "kari@gmail.com"),
        # Dots are part of the name everywhere else.
        ("k.ari@example.no", "k.ari@example.no"),
        ("k.ari@outlook.com", "k.ari@outlook.com"),
        # What does not parse is only stripped and lower-cased.
        ("ikke en adresse", "ikkeenadresse"),
    ],
)
def test_every_spelling_of_a_mailbox_has_one_canonical_form(typed, canonical):
    assert canonical_address(typed) == canonical
    assert voter_key(typed) == voter_key(canonical)


def test_the_domain_is_read_as_people_write_it():
    assert canonical_domain("per@xn--brum-voa.no") == "bærum.no"
    assert canonical_domain("per@BÆRUM.no") == "bærum.no"
    assert canonical_domain("kari@googlemail.com") == "gmail.com"


def test_the_issue_s_mailboxes_give_three_keys():
    typed = [
        "dup@example.no",
        '"dup"@example.no',
        '"dup+x"@example.no',
        "per@bærum.no",
        "per@xn--brum-voa.no",
        "kari@gmail.com",
        "k.ari@gmail.com",
        "KARI@googlemail.com",
    ]

    assert len({voter_key(address) for address in typed}) == 3


# Properties: variants of one mailbox give one key; distinct mailboxes distinct keys.

LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789"
names = st.text(LETTERS, min_size=1, max_size=12)
locals_ = st.lists(names, min_size=1, max_size=3).map(".".join)
tags = st.text(LETTERS + ".-", min_size=0, max_size=8)
DOMAINS = ["example.no", "bærum.no", "ås.kommune.no", "gmail.com", "googlemail.com", "outlook.com"]
domains = st.sampled_from(DOMAINS)


def mailbox(local, domain):
    """What the provider delivers to: the identity the key must follow."""
    domain = "gmail.com" if domain == "googlemail.com" else domain
    return (local.replace(".", "") if domain == "gmail.com" else local, domain)


@st.composite
def variant(draw, local, domain):
    if domain in ("gmail.com", "googlemail.com"):
        # Dots anywhere, and either of Google's domains.
        plain = local.replace(".", "")
        cuts = (
            sorted(draw(st.sets(st.integers(1, len(plain) - 1), max_size=3)))
            if len(plain) > 1
            else []
        )
        local = ".".join(plain[a:b] for a, b in zip([0, *cuts], [*cuts, len(plain)], strict=True))
        domain = draw(st.sampled_from(["gmail.com", "googlemail.com"]))
    local = "".join(c.upper() if draw(st.booleans()) else c for c in local)
    if draw(st.booleans()):
        local = f"{local}+{draw(tags)}"
    if draw(st.booleans()):
        local = f'"{local}"'
    if draw(st.booleans()):
        domain = idna.encode(domain, uts46=True).decode()
    domain = domain.upper() if draw(st.booleans()) else domain
    spaces = " " * draw(st.integers(0, 2))
    return f"{spaces}{local}@{domain}{'.' if draw(st.booleans()) else ''}{spaces}"


@given(st.data(), locals_, domains)
def test_variants_of_one_mailbox_give_one_key(data, local, domain):
    first = data.draw(variant(local, domain))
    second = data.draw(variant(local, domain))

    assert voter_key(first) == voter_key(second)


@given(st.data(), locals_, domains, locals_, domains)
def test_distinct_mailboxes_give_distinct_keys(data, local, domain, other_local, other_domain):
    assume(mailbox(local, domain) != mailbox(other_local, other_domain))

    first = data.draw(variant(local, domain))
    second = data.draw(variant(other_local, other_domain))

    assert voter_key(first) != voter_key(second)


# The length limit, the same on every form.

LONG = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".no"
LIMIT_MESSAGE = f"E-postadressen kan ha høyst {MAX_LENGTH} tegn."


def error_beside(response, field):
    match = re.search(
        rf'<div class="ds-validation-message"[^>]*id="id_{field}_error">(.*?)</div>',
        response.content.decode(),
        flags=re.S,
    )
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split()) if match else None


@pytest.mark.django_db
@pytest.mark.usefixtures("empty_cache")
def test_an_address_over_254_characters_is_refused_beside_the_vote_field(client):
    assert len(LONG) == 311
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    make_nominee(edition, "Gjøvik")

    response = client.post(reverse("voting:vote_for", kwargs={"slug": "gjovik"}), {"email": LONG})

    assert response.status_code == 400
    assert error_beside(response, "email") == LIMIT_MESSAGE
    assert f'value="{LONG}"' in response.content.decode()
    assert Vote.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.usefixtures("empty_cache")
def test_an_address_over_254_characters_is_refused_beside_the_nomination_field(
    client, municipalities
):
    make_edition(year=2030, phase=Phase.NOMINATIONS_OPEN)

    response = client.post(reverse("nominations:create"), complete_entry(contact_email=LONG))

    assert error_beside(response, "contact_email") == LIMIT_MESSAGE
    assert f'value="{LONG}"' in response.content.decode()


@given(st.text(max_size=300))
def test_any_text_has_a_canonical_form_and_a_domain(typed):
    assert isinstance(canonical_address(typed), str)
    assert isinstance(canonical_domain(typed), str)
    assert len(voter_key(typed)) == 64
