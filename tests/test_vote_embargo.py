"""The embargo: before the finalists are published, nothing public tells a count or an order by votes.

Each public page is fetched with no votes, then again with many, unevenly
spread votes; apart from the CSRF token, the pages must be the same.
"""

import re

import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.urls import reverse

from award.models import Phase
from tests.embargo import edition_in, snapshot, stuff_the_ballot
from voting.models import Vote
from voting.tokens import confirmation_token

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

PUBLIC_PAGES = [
    "/",
    "/prisen/2030/",
    "/prisen/2030/asker/",
    "/prisen/2030/voss/",
    "/stem/",
    "/stem/asker/",
    "/stem/voss/",
    "/stem/voss/delingsbilde.png",
    "/arkiv/",
    "/personvern/",
    "/nn/stem/",
    "/en/stem/voss/",
]
BEFORE_PUBLICATION = [Phase.VOTING_OPEN, Phase.VOTING_CLOSED]


def without_tokens(content):
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


@pytest.mark.parametrize("phase", BEFORE_PUBLICATION)
def test_public_pages_are_the_same_with_and_without_votes(client, phase):
    edition = edition_in(phase)
    before = snapshot(client, PUBLIC_PAGES, keep=without_tokens)

    stuff_the_ballot(edition)
    # Rendered again, not read back from the page cache: votes do not renew it.
    cache.clear()
    after = snapshot(client, PUBLIC_PAGES, keep=without_tokens)

    for path in PUBLIC_PAGES:
        assert after[path] == before[path], path


@pytest.mark.parametrize("phase", BEFORE_PUBLICATION)
def test_staff_signed_in_see_the_same_public_pages_so_no_cache_can_keep_a_count(client, phase):
    edition = edition_in(phase)
    anonymous = snapshot(client, PUBLIC_PAGES, keep=without_tokens)
    stuff_the_ballot(edition)
    client.force_login(User.objects.create_superuser("imdi", password="passord-for-test"))

    staff = snapshot(client, PUBLIC_PAGES, keep=without_tokens)

    for path in PUBLIC_PAGES:
        assert staff[path] == anonymous[path], path


def test_the_vote_page_lists_the_nominees_in_alphabetical_order_whatever_the_votes(client):
    edition = edition_in(Phase.VOTING_OPEN)
    stuff_the_ballot(edition)

    html = client.get("/stem/").content.decode()

    headings = re.findall(
        r'<h3 class="ds-heading" data-size="md" id="nominert-[^"]+">([^<]+)</h3>', html
    )
    assert headings == ["Asker", "Gjøvik", "Voss"]


def test_a_confirmation_page_shows_no_count(client):
    edition = edition_in(Phase.VOTING_OPEN)
    voss = edition.nominees.get(municipality__name="Voss")
    vote = Vote.objects.cast(voss, "kari@example.no")
    link = reverse("voting:confirm", kwargs={"token": confirmation_token(vote, "kari@example.no")})
    client.post(link)
    alone = without_tokens(client.get(link).content)

    stuff_the_ballot(edition)
    among_many = without_tokens(client.get(link).content)

    assert among_many == alone


def test_the_vote_log_and_standings_are_for_staff_with_the_voting_permission_only(client):
    edition = edition_in(Phase.VOTING_OPEN)
    stuff_the_ballot(edition)
    log = reverse("admin:voting_vote_log")
    clusters = reverse("admin:voting_vote_clusters")
    changelist = reverse("admin:voting_vote_changelist")

    for path in (log, clusters, changelist):
        anonymous = client.get(path)
        assert anonymous.status_code == 302
        assert anonymous["Location"].startswith(reverse("admin:login"))

    juror = User.objects.create_user("jurymedlem", password="passord-for-test", is_staff=True)
    juror.user_permissions.add(Permission.objects.get(codename="view_edition"))
    client.force_login(juror)
    for path in (log, clusters, changelist):
        response = client.get(path)
        assert response.status_code == 403, path
        assert b"37" not in response.content

    staff = User.objects.create_user("saksbehandler", password="passord-for-test", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_vote"))
    client.force_login(staff)
    response = client.get(log)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert re.search(r"<th scope=\"row\">Voss</th>\s*<td>37</td>", response.content.decode())
