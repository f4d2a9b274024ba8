"""The two roles of the review: what the staff and jury groups hold, and who gets in at all."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from award.roles import JURY_GROUP, STAFF_GROUP, missing_permissions
from tests.factories import make_edition, make_juror, make_nomination

pytestmark = pytest.mark.django_db


def held(group_name):
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_migrate_creates_both_groups_with_every_listed_permission():
    assert missing_permissions() == []
    assert "nominations.review_nomination" in held(STAFF_GROUP)
    assert "award.publish_nominees" in held(STAFF_GROUP)
    assert "nominations.add_assessment" in held(JURY_GROUP)


def test_the_jury_holds_no_permission_to_publish_review_or_see_votes():
    jury = held(JURY_GROUP)

    assert "award.publish_nominees" not in jury
    assert "award.change_edition" not in jury
    assert "nominations.view_all_assessments" not in jury
    assert "nominations.review_nomination" not in jury
    assert not {name for name in jury if name.startswith("voting.")}


def test_staff_hold_every_permission_of_the_voting_app():
    voting = {name for name in held(STAFF_GROUP) if name.startswith("voting.")}
    own_models = [m for m in admin.site._registry if m._meta.app_label == "voting"]

    assert own_models
    for model in own_models:
        assert f"voting.view_{model._meta.model_name}" in voting


def test_seating_a_user_on_a_jury_lets_them_into_the_admin_as_jury():
    member = make_juror(make_edition())

    assert member.user.is_staff
    assert list(member.user.groups.values_list("name", flat=True)) == [JURY_GROUP]


def staff_pages():
    """Every admin page: the index, and each registered model's list and add pages."""
    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        label = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages += [reverse(f"{label}_changelist"), reverse(f"{label}_add")]
    return pages


def test_an_anonymous_visitor_reaches_none_of_the_staff_pages(client):
    edition = make_edition(year=2030)
    nomination = make_nomination(edition)
    pages = [
        *staff_pages(),
        reverse("admin:nominations_nomination_change", args=[nomination.pk]),
        reverse("admin:nominations_nomination_eligibility", args=[nomination.pk]),
        reverse("admin:nominations_nomination_ranking", args=[edition.year]),
        reverse("admin:nominations_nomination_history", args=[nomination.pk]),
    ]

    for page in pages:
        response = client.get(page)
        assert response.status_code == 302, page
        assert reverse("admin:login") in response["Location"], page
