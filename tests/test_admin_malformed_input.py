"""Sign-in never lands on a missing page; a malformed admin action or vote log day gets a 400, not a 500."""

import pytest
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.auth.models import User
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import make_edition

pytestmark = pytest.mark.django_db

APPS = {"award", "nominations", "voting", "municipalities"}
PASSWORD = "passord-for-test"


@pytest.fixture
def superuser():
    return User.objects.create_superuser("sjef", password=PASSWORD)


@pytest.mark.parametrize(
    "query", ["?next=https://angriper.example/", "?next=//angriper.example/admin/", "?next=", ""]
)
def test_a_sign_in_with_an_unsafe_or_missing_next_lands_on_the_admin_index(
    client, superuser, query
):
    response = client.post(
        reverse("admin:login") + query, {"username": "sjef", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert client.get(response["Location"]).status_code == 200


def test_a_sign_in_with_a_safe_next_goes_there(client, superuser):
    target = reverse("admin:nominations_nomination_changelist")

    response = client.post(
        reverse("admin:login") + "?next=" + target, {"username": "sjef", "password": PASSWORD}
    )

    assert response["Location"] == target


def admins_with_actions(user):
    request = RequestFactory().get("/")
    request.user = user
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in APPS:
            continue
        for name in model_admin.get_actions(request):
            yield model, name


def test_every_admin_action_posted_with_a_selected_id_that_is_no_id_gets_a_400(client, superuser):
    client.force_login(superuser)
    actions = list(admins_with_actions(superuser))

    answers = {}
    for model, name in actions:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = client.post(
            url, {"action": name, "index": 0, helpers.ACTION_CHECKBOX_NAME: ["1", "ikke-et-tall"]}
        )
        answers[f"{model._meta.model_name}.{name}"] = response.status_code
        if response.status_code == 400:
            assert "Ugyldig forespørsel" in response.content.decode()

    assert {"nomination.export_csv", "vote.void_selected", "edition.publish_nominees"} <= set(
        answers
    )
    assert answers == dict.fromkeys(answers, 400)


def test_a_version_that_is_no_number_is_not_found(client, superuser):
    edition = make_edition(year=2030)
    client.force_login(superuser)

    response = client.get(reverse("admin:award_edition_simple_history", args=[edition.pk, "abc"]))

    assert response.status_code == 404


@pytest.mark.parametrize("day", ["2030-13-45", "2030-02-30"])
def test_a_vote_log_day_shaped_like_a_date_but_none_gets_a_400(client, superuser, day):
    make_edition(year=2030)
    client.force_login(superuser)

    response = client.get(reverse("admin:voting_vote_log") + f"?prisrunde=2030&dag={day}")

    assert response.status_code == 400
    assert "Ugyldig forespørsel" in response.content.decode()


def test_a_vote_log_day_that_is_no_date_at_all_shows_the_whole_period(client, superuser):
    make_edition(year=2030)
    client.force_login(superuser)

    response = client.get(reverse("admin:voting_vote_log") + "?prisrunde=2030&dag=i-går")

    assert response.status_code == 200
    assert response.context["day"] is None
