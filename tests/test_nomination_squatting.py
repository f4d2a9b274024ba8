"""No one can keep a municipality out: every claim is kept, staff decide, new entries are limited."""

import re

import altcha
import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import resolve, reverse

from award.models import Phase
from municipalities.models import Municipality
from nominations.models import Eligibility, Nomination, NominationStatus
from nominations.tokens import SALT, edit_token, nomination_for_token
from tests.factories import make_edition, make_nomination, make_staff
from tests.test_nomination_form import complete_entry, errors_beside

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

CREATE = "/forslag/"
STRANGER = "203.0.113.66"
UNIT = "198.51.100.7"


@pytest.fixture
def client(committing_client):
    return committing_client


@pytest.fixture
def edition(municipalities):
    return make_edition(year=2030, phase=Phase.NOMINATIONS_OPEN)


@pytest.fixture
def limits(settings):
    settings.NOMINATION_CHALLENGE_AFTER_PER_ADDRESS = 2
    settings.NOMINATION_REFUSE_AFTER_PER_ADDRESS = 4
    settings.NOMINATION_CHALLENGE_AFTER_PER_NETWORK = 3
    settings.NOMINATION_REFUSE_AFTER_PER_NETWORK = 6
    settings.VOTE_CHALLENGE_COST = 10
    return settings


def text(response):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def solved(client):
    challenge = altcha.Challenge.from_dict(client.get(reverse("voting:challenge")).json())
    return altcha.Payload(challenge, altcha.solve_challenge(challenge)).to_base64()


def squatter_entry(municipality):
    return complete_entry(
        municipality,
        action="draft",
        unit="Ikke kommunen",
        contact_name="Sniken",
        contact_email="sniken@example.com",
        answer_settlement="Plassen er min.",
    )


def test_a_stranger_s_entry_does_not_keep_the_municipality_s_own_unit_out(client, edition):
    client.post(CREATE, squatter_entry("Kinn"), REMOTE_ADDR=STRANGER)
    mail.outbox.clear()

    response = client.post(CREATE, complete_entry("Kinn"), REMOTE_ADDR=UNIT)

    own = Nomination.objects.get(contact_email="kari@kinn.kommune.no")
    assert response.status_code == 302
    # The token is signed with the second it was made in: compare what it opens, not its text.
    assert resolve(response["Location"]).url_name == "receipt"
    assert nomination_for_token(resolve(response["Location"]).kwargs["token"]) == own
    assert own.status == NominationStatus.SUBMITTED
    assert [message.to for message in mail.outbox] == [["kari@kinn.kommune.no"]]
    [mailed] = re.findall(r"/forslag/([^\s/]+)/", mail.outbox[0].body)
    assert nomination_for_token(mailed) == own
    # Nothing the stranger wrote is lost or shown to the unit, and the other way round.
    stranger = Nomination.objects.get(contact_email="sniken@example.com")
    assert (stranger.status, stranger.unit, stranger.answer_settlement) == (
        NominationStatus.DRAFT,
        "Ikke kommunen",
        "Plassen er min.",
    )
    receipt = text(client.get(response["Location"]))
    assert "Sniken" not in receipt and "Plassen er min." not in receipt
    assert list(Nomination.objects.claimed_more_than_once().order_by("pk")) == [stranger, own]


def test_a_stranger_who_claims_every_municipality_blocks_none(client, edition, settings):
    settings.NOMINATION_CHALLENGE_AFTER_PER_ADDRESS = 1000
    settings.NOMINATION_CHALLENGE_AFTER_PER_NETWORK = 1000
    settings.NOMINATION_REFUSE_AFTER_PER_ADDRESS = 1000
    settings.NOMINATION_REFUSE_AFTER_PER_NETWORK = 1000
    names = ["Kinn", "Bodø", "Alta", "Voss"]
    for name in names:
        client.post(CREATE, squatter_entry(name) | {"action": "submit"}, REMOTE_ADDR=STRANGER)

    statuses = [
        client.post(
            CREATE, complete_entry(name, contact_email=f"post@{name.lower()}.kommune.no")
        ).status_code
        for name in names
    ]

    assert statuses == [302] * 4
    assert Nomination.objects.count() == 8
    own = Nomination.objects.filter(contact_email__endswith=".kommune.no")
    assert sorted(own.values_list("municipality__name", flat=True)) == sorted(names)
    assert set(own.values_list("status", flat=True)) == {NominationStatus.SUBMITTED}


def test_staff_decide_which_claim_is_the_municipality_s_and_only_one_can_be_eligible():
    edition = make_edition(year=2030, phase=Phase.UNDER_REVIEW)
    own = make_nomination(edition, "Kinn")
    stranger = make_nomination(edition, "Kinn", contact_email="sniken@example.com")
    staff = make_staff()

    own.decide_eligibility(True, by=staff)
    with pytest.raises(ValidationError) as refused:
        stranger.decide_eligibility(True, by=staff)
    stranger.decide_eligibility(False, "Ikke sendt av kommunen.", by=staff)

    assert refused.value.messages == [
        "Et annet forslag for Kinn er allerede kvalifisert. Bare ett forslag per kommune kan "
        "være kvalifisert: vurder det andre som ikke kvalifisert først."
    ]
    stranger.refresh_from_db()
    assert (stranger.eligibility, stranger.eligibility_reason) == (
        Eligibility.INELIGIBLE,
        "Ikke sendt av kommunen.",
    )
    latest = stranger.history.first()
    assert (latest.history_change_reason, latest.history_user) == ("Ikke kvalifisert", staff)
    nominee, created = own.shortlist(by=staff)
    assert created
    assert nominee.nomination() == own


def test_the_database_holds_one_eligible_claim_per_municipality():
    edition = make_edition(year=2030, phase=Phase.UNDER_REVIEW)
    make_nomination(edition, "Kinn", eligibility=Eligibility.ELIGIBLE)

    with pytest.raises(IntegrityError), transaction.atomic():
        make_nomination(edition, "Kinn", eligibility=Eligibility.ELIGIBLE)
    make_nomination(edition, "Kinn", eligibility=Eligibility.INELIGIBLE)

    assert Nomination.objects.filter(municipality__name="Kinn").count() == 2


# Limits on new entries, with the vote's step-up.


def test_one_client_cannot_create_more_entries_than_the_limit(client, edition, limits):
    names = ["Kinn", "Bodø", "Alta", "Voss", "Stord", "Vennesla"]
    first = [client.post(CREATE, squatter_entry(name), REMOTE_ADDR=STRANGER) for name in names[:2]]

    challenged = client.post(CREATE, squatter_entry(names[2]), REMOTE_ADDR=STRANGER)
    solved_once = client.post(
        CREATE, squatter_entry(names[2]) | {"altcha": solved(client)}, REMOTE_ADDR=STRANGER
    )
    # The unsolved attempt counted too: this is the fifth.
    refused = client.post(
        CREATE, squatter_entry(names[3]) | {"altcha": solved(client)}, REMOTE_ADDR=STRANGER
    )

    assert [response.status_code for response in first] == [302, 302]
    assert challenged.status_code == 200
    assert "<altcha-widget" in challenged.content.decode()
    assert errors_beside(challenged, "altcha") == (
        "Kryss av i boksen «Jeg er ikke en robot», og vent til den viser at du er bekreftet, "
        "før du lagrer forslaget."
    )
    assert "Det er laget mange forslag fra IP-adressen din eller nettverket ditt den siste timen." in text(challenged)
    assert solved_once.status_code == 302
    assert refused.status_code == 429
    assert (
        "Det er laget svært mange forslag herfra den siste timen, så vi tar en pause for å "
        "hindre misbruk. Forslaget ble ikke lagret, men det du skrev, står fortsatt i skjemaet."
    ) in text(refused)
    assert "Plassen er min." in refused.content.decode()
    assert sorted(Nomination.objects.values_list("municipality__name", flat=True)) == sorted(
        names[:3]
    )
    # Another client, the municipality's own unit, is not held back.
    assert client.post(CREATE, complete_entry("Stord"), REMOTE_ADDR=UNIT).status_code == 302


def test_a_replayed_challenge_solution_creates_nothing(client, edition, limits):
    for name in ["Kinn", "Bodø"]:
        client.post(CREATE, squatter_entry(name), REMOTE_ADDR=STRANGER)
    payload = solved(client)

    once = client.post(CREATE, squatter_entry("Alta") | {"altcha": payload}, REMOTE_ADDR=STRANGER)
    again = client.post(CREATE, squatter_entry("Voss") | {"altcha": payload}, REMOTE_ADDR=STRANGER)

    assert once.status_code == 302
    assert again.status_code == 200
    assert errors_beside(again, "altcha").startswith("Kryss av i boksen")
    assert Nomination.objects.count() == 3


def test_addresses_in_one_network_share_the_limit_on_new_entries(client, edition, limits):
    for number, name in enumerate(["Kinn", "Bodø", "Alta"], start=1):
        client.post(CREATE, squatter_entry(name), REMOTE_ADDR=f"203.0.113.{number}")

    same_network = client.post(CREATE, squatter_entry("Voss"), REMOTE_ADDR="203.0.113.99")
    other_network = client.post(CREATE, squatter_entry("Voss"), REMOTE_ADDR="203.0.114.99")

    assert same_network.status_code == 200
    assert "<altcha-widget" in same_network.content.decode()
    assert other_network.status_code == 302


def test_a_form_with_errors_and_corrections_through_the_link_count_nothing(
    client, edition, limits
):
    for _attempt in range(5):
        client.post(CREATE, complete_entry(contact_email="ikke en adresse"), REMOTE_ADDR=UNIT)
    client.post(CREATE, complete_entry(action="draft"), REMOTE_ADDR=UNIT)
    link = reverse("nominations:edit", kwargs={"token": edit_token(Nomination.objects.get())})
    for number in range(5):
        client.post(link, complete_entry(action="draft", unit=f"Eining {number}"), REMOTE_ADDR=UNIT)

    second = client.post(CREATE, complete_entry("Bodø"), REMOTE_ADDR=UNIT)

    assert second.status_code == 302
    assert Nomination.objects.get(municipality__name="Kinn").unit == "Eining 4"


# Links carry no order.


def test_the_private_link_names_the_entry_by_its_random_key_alone(client, edition):
    client.post(CREATE, complete_entry())
    nomination = Nomination.objects.get()

    payload = signing.loads(edit_token(nomination), salt=SALT)

    assert payload == nomination.edit_key.hex
    assert str(nomination.pk) not in edit_token(nomination).split(":")[0]


def test_a_link_sent_before_the_change_still_opens_its_entry(client, edition):
    client.post(CREATE, complete_entry())
    nomination = Nomination.objects.get()
    old = signing.dumps([nomination.pk, nomination.edit_key.hex], salt=SALT, compress=True)
    wrong_key = signing.dumps([nomination.pk, "0" * 32], salt=SALT, compress=True)

    response = client.get(reverse("nominations:edit", kwargs={"token": old}))

    assert response.status_code == 200
    assert "Forslaget fra Kinn" in text(response)
    assert nomination_for_token(old) == nomination
    assert nomination_for_token(wrong_key) is None


def test_a_municipality_select_still_lists_every_municipality(client, edition):
    client.post(CREATE, squatter_entry("Kinn"), REMOTE_ADDR=STRANGER)

    page = client.get(CREATE, REMOTE_ADDR=UNIT).content.decode()

    kinn = Municipality.objects.get(name="Kinn")
    assert f'<option value="{kinn.pk}">Kinn</option>' in page


def test_staff_list_the_municipalities_with_more_than_one_entry(admin_client):
    edition = make_edition(year=2030, phase=Phase.UNDER_REVIEW)
    make_nomination(edition, "Kinn")
    make_nomination(edition, "Kinn", contact_email="sniken@example.com")
    make_nomination(edition, "Bodø")

    response = admin_client.get(reverse("admin:nominations_nomination_changelist"), {"flere": "ja"})

    assert response.status_code == 200
    assert "Flere forslag for kommunen" in response.content.decode()
    assert sorted(n.contact_email for n in response.context["cl"].result_list) == [
        "post@kinn.kommune.no",
        "sniken@example.com",
    ]
