"""The staff's vote log: counts, clusters, voiding with a reason, and the standings."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from django.utils import timezone

from award.models import Phase
from tests.factories import make_edition, make_nominee, make_vote, make_votes
from voting.models import ClusterKind, Voiding, Vote

pytestmark = pytest.mark.django_db

PASSWORD = "passord-for-test"


def staff_with(*codenames, username="saksbehandler"):
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def staff(client):
    user = staff_with("view_vote", "void_vote", "view_voiding")
    client.force_login(user)
    return user


@pytest.fixture
def edition():
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    for name in ["Asker", "Gjøvik", "Randaberg", "Sunndal", "Tromsø", "Voss"]:
        make_nominee(edition, name)
    return edition


def nominee(edition, name):
    return edition.nominees.get(municipality__name=name)


def text(response):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def standings(edition):
    return [(s.nominee.municipality.name, s.votes) for s in Vote.objects.standings(edition)]


# The log.


def test_the_log_shows_counts_per_nominee_and_the_standings(client, staff, edition):
    make_votes(nominee(edition, "Voss"), 5)
    make_votes(nominee(edition, "Asker"), 3)
    make_votes(nominee(edition, "Asker"), 2, confirmed=False, domain="venter.no")

    response = client.get(reverse("admin:voting_vote_log"))

    assert response.status_code == 200
    page = text(response)
    assert "Talt med: 8. Ikke bekreftet: 2. Annullert: 0." in page
    assert "1 Voss 5 Ja" in page
    assert "2 Asker 3 Ja" in page
    assert "3 Gjøvik 0 Ja" in page
    assert "Asker 3 2 0" in page
    assert "likt antall stemmer på tredjeplass" in page
    assert "6 finalister" in page


def test_the_log_warns_of_a_tie_at_third_place(client, staff, edition):
    make_votes(nominee(edition, "Voss"), 5)
    make_votes(nominee(edition, "Asker"), 4)
    make_votes(nominee(edition, "Gjøvik"), 2)
    make_votes(nominee(edition, "Sunndal"), 2)
    make_votes(nominee(edition, "Tromsø"), 1)

    page = text(client.get(reverse("admin:voting_vote_log")))

    assert (
        "Det er likt antall stemmer på tredjeplass. Etter regelen blir alle som står likt på "
        "tredjeplass, finalister: 4 finalister." in page
    )
    assert "3 Gjøvik 2 Ja" in page
    assert "3 Sunndal 2 Ja" in page
    assert "5 Tromsø 1 Nei" in page


def test_without_a_tie_there_is_no_warning(client, staff, edition):
    for name, count in {"Voss": 5, "Asker": 4, "Gjøvik": 3, "Sunndal": 2}.items():
        make_votes(nominee(edition, name), count)

    page = text(client.get(reverse("admin:voting_vote_log")))

    assert "likt antall stemmer på tredjeplass" not in page
    assert "4 Sunndal 2 Nei" in page


def test_the_log_counts_votes_per_day_and_per_hour(client, staff, edition):
    at = timezone.localtime(edition.voting_opens_at).replace(
        hour=9, minute=15
    ) + datetime.timedelta(days=1)
    make_vote(nominee(edition, "Voss"), "a@example.no", at=at)
    make_vote(nominee(edition, "Voss"), "b@example.no", at=at, confirmed=False)
    make_vote(nominee(edition, "Voss"), "c@example.no", at=at + datetime.timedelta(hours=2))

    per_day = text(client.get(reverse("admin:voting_vote_log")))
    per_hour = text(
        client.get(reverse("admin:voting_vote_log") + f"?prisrunde=2030&dag={at:%Y-%m-%d}")
    )

    assert "2 / 1 / 0" in per_day
    assert "09:00 0 / 0 / 0 0 / 0 / 0 0 / 0 / 0 0 / 0 / 0 0 / 0 / 0 1 / 1 / 0" in per_hour
    assert "11:00" in per_hour


# Clusters.


def test_the_clusters_show_many_votes_from_one_network_domain_browser_or_minute(
    client, staff, edition
):
    at = edition.voting_opens_at + datetime.timedelta(hours=5)
    make_votes(nominee(edition, "Voss"), 25, domain="juks.no", network="203.0.113.0/24", at=at)
    make_votes(nominee(edition, "Asker"), 3, domain="gmail.com")

    page = text(client.get(reverse("admin:voting_vote_clusters")))

    assert "203.0.113.0/24 25 25 0 0 Annuller klyngen" in page
    assert "juks.no 25 25 0 0" in page
    assert "Firefox/140 28 28 0 0" in page
    assert "Voss," in page
    assert "gmail.com" not in page


def test_a_cluster_links_to_its_votes_in_the_list(client, staff, edition):
    make_votes(nominee(edition, "Voss"), 21, network="203.0.113.0/24")
    make_votes(nominee(edition, "Asker"), 2, network="198.51.100.0/24")
    [cluster] = Vote.objects.clusters(edition, ClusterKind.NETWORK)

    listed = client.get(
        reverse("admin:voting_vote_changelist")
        + f"?edition__id__exact={edition.pk}&network={cluster['key']}"
    )

    assert listed.status_code == 200
    assert text(listed).count("203.0.113.0/24") >= 21
    assert "198.51.100.0/24" not in text(listed)


def test_a_burst_is_many_votes_for_one_nominee_within_a_minute(edition):
    at = edition.voting_opens_at.replace(second=0, microsecond=0) + datetime.timedelta(hours=1)
    make_votes(nominee(edition, "Voss"), 12, at=at + datetime.timedelta(seconds=10))
    make_votes(
        nominee(edition, "Voss"), 3, domain="senere.no", at=at + datetime.timedelta(minutes=5)
    )

    [burst] = Vote.objects.clusters(edition, ClusterKind.BURST)

    assert burst["active"] == 12
    assert Vote.objects.cluster(edition, ClusterKind.BURST, burst["key"]).count() == 12


# Voiding.


def test_voiding_a_cluster_changes_the_standings_and_keeps_who_and_why(client, staff, edition):
    make_votes(nominee(edition, "Voss"), 25, domain="juks.no", network="203.0.113.0/24")
    make_votes(nominee(edition, "Voss"), 2, network="198.51.100.0/24", domain="ekte.no")
    make_votes(nominee(edition, "Asker"), 4, network="198.51.100.0/24", domain="ekte2.no")
    assert standings(edition)[:2] == [("Voss", 27), ("Asker", 4)]
    url = reverse("admin:voting_vote_void_cluster")

    form = client.get(url, {"prisrunde": 2030, "type": "network", "nokkel": "203.0.113.0/24"})
    response = client.post(
        url,
        {
            "prisrunde": 2030,
            "type": "network",
            "nokkel": "203.0.113.0/24",
            "reason": "25 stemmer på ett minutt fra samme nett",
        },
    )

    assert form.status_code == 200
    assert "Stemmer i klyngen: 25 teller, 0 er ikke bekreftet, 0 er annullert fra før." in text(form)
    assert response.status_code == 302
    assert standings(edition)[:2] == [("Asker", 4), ("Voss", 2)]
    voiding = Voiding.objects.get()
    assert voiding.voided_by == staff
    assert voiding.reason == "25 stemmer på ett minutt fra samme nett"
    assert voiding.description == "Nettverk: 203.0.113.0/24"
    assert voiding.vote_count == 25
    assert voiding.edition == edition
    assert Vote.objects.count() == 31
    assert Vote.objects.filter(voiding=voiding).count() == 25
    assert "25 stemmer er annullert." in text(client.get(response["Location"]))


def test_voiding_needs_a_reason(client, staff, edition):
    make_votes(nominee(edition, "Voss"), 21, network="203.0.113.0/24")
    url = reverse("admin:voting_vote_void_cluster")

    response = client.post(
        url, {"prisrunde": 2030, "type": "network", "nokkel": "203.0.113.0/24", "reason": "   "}
    )

    assert response.status_code == 200
    assert "Skriv hvorfor stemmene annulleres." in text(response)
    assert Voiding.objects.count() == 0
    assert Vote.objects.counted().count() == 21


def test_voiding_the_same_votes_twice_voids_each_once(edition, staff):
    make_votes(nominee(edition, "Voss"), 3)

    Vote.objects.all().void(staff, "Første gang", "Alle")
    [again] = Vote.objects.all().void(staff, "Andre gang", "Alle") or [None]

    assert again is None
    assert Vote.objects.filter(voiding__reason="Første gang").count() == 3


def test_staff_void_selected_votes_from_the_list_with_a_reason(client, staff, edition):
    votes = make_votes(nominee(edition, "Voss"), 3)
    kept = make_vote(nominee(edition, "Voss"), "ola@example.no")
    changelist = reverse("admin:voting_vote_changelist")
    chosen = {"action": "void_selected", "_selected_action": [v.pk for v in votes], "index": 0}

    confirm_page = client.post(changelist, chosen)
    response = client.post(changelist, {**chosen, "reason": "Samme person med tre adresser"})

    assert confirm_page.status_code == 200
    assert "Valgte stemmer: 3. Av dem teller 3, 0 er ikke bekreftet og 0 er annullert fra før." in text(confirm_page)
    assert Voiding.objects.count() == 1
    assert response.status_code == 302
    voiding = Voiding.objects.get()
    assert (voiding.reason, voiding.description, voiding.vote_count) == (
        "Samme person med tre adresser",
        "3 valgte stemmer",
        3,
    )
    assert list(Vote.objects.counted()) == [kept]


def test_the_list_action_without_a_reason_voids_nothing(client, staff, edition):
    votes = make_votes(nominee(edition, "Voss"), 2)
    changelist = reverse("admin:voting_vote_changelist")

    response = client.post(
        changelist,
        {
            "action": "void_selected",
            "_selected_action": [v.pk for v in votes],
            "index": 0,
            "reason": "",
        },
    )

    assert response.status_code == 200
    assert "Skriv hvorfor stemmene annulleres." in text(response)
    assert Vote.objects.counted().count() == 2


def test_staff_who_may_only_look_cannot_void(client, edition):
    make_votes(nominee(edition, "Voss"), 21, network="203.0.113.0/24")
    client.force_login(staff_with("view_vote", username="leser"))

    listing = client.get(reverse("admin:voting_vote_changelist"))
    clusters = client.get(reverse("admin:voting_vote_clusters"))
    response = client.post(
        reverse("admin:voting_vote_void_cluster"),
        {"prisrunde": 2030, "type": "network", "nokkel": "203.0.113.0/24", "reason": "Juks"},
    )

    assert listing.status_code == 200
    assert "void_selected" not in listing.content.decode()
    assert "Annuller klyngen" not in text(clusters)
    assert response.status_code == 403
    assert Vote.objects.counted().count() == 21


def test_votes_are_never_added_changed_or_deleted_in_the_admin(client, edition):
    vote = make_vote(nominee(edition, "Voss"), "kari@example.no")
    client.force_login(User.objects.create_superuser("imdi", password=PASSWORD))

    add = client.get(reverse("admin:voting_vote_add"))
    delete = client.post(reverse("admin:voting_vote_delete", args=[vote.pk]), {"post": "yes"})
    change = client.post(reverse("admin:voting_vote_change", args=[vote.pk]), {"network": "x"})
    listing = client.get(reverse("admin:voting_vote_changelist"))

    assert add.status_code == 403
    assert delete.status_code == 403
    assert change.status_code == 403
    assert 'value="delete_selected"' not in listing.content.decode()
    assert Vote.objects.get().network == "192.0.2.0/24"


def test_the_record_of_voidings_is_listed_and_cannot_be_changed(client, edition):
    make_votes(nominee(edition, "Voss"), 2)
    user = User.objects.create_superuser("imdi", password=PASSWORD)
    [voiding] = Vote.objects.all().void(user, "Kjent juksenettverk", "To stemmer")
    client.force_login(user)

    listing = client.get(reverse("admin:voting_voiding_changelist"))
    delete = client.post(reverse("admin:voting_voiding_delete", args=[voiding.pk]), {"post": "yes"})

    assert "Kjent juksenettverk" in text(listing)
    assert delete.status_code == 403
    assert Voiding.objects.count() == 1
