"""Every admin page of an object follows the change page's rule: nobody reads more there.

The history list, a past version, a revert, the delete page and the change
page of every model in the admin are walked as staff, as a jury member of the
edition, as a jury member with a declared conflict, as a jury member of
another edition, and signed out.
"""

import pytest
from django.contrib import admin
from django.contrib.admin import helpers
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from award.admin_access import ObjectAccessMixin
from award.models import Feedback, OutgoingEmail, Phase, PressRelease
from nominations.models import Eligibility, Nomination
from tests.factories import (
    REVIEW_ROLES,
    make_assessment,
    make_edition,
    make_juror,
    make_nomination,
    make_nominee,
    make_review_roles,
    make_vote,
    png_image,
    sign_in,
)
from voting.models import Vote

pytestmark = pytest.mark.django_db

APPS = {"award", "nominations", "voting", "municipalities"}
ROLES = REVIEW_ROLES

CONTACT_EMAIL = "kari.nordmann@kinn.kommune.no"
CONFLICT_REASON = "Gift med rådmannen i Kinn"
COMMENT = "Sterkt arbeid med språkpraksis"


@pytest.fixture
def world():
    """One object of every model in the admin, and a person in every role."""
    edition = make_edition(year=2030, phase=Phase.UNDER_REVIEW)
    earlier = make_edition(year=2029, phase=Phase.WINNER_ANNOUNCED)
    kinn = make_nomination(
        edition, "Kinn", contact_email=CONTACT_EMAIL, eligibility=Eligibility.ELIGIBLE
    )
    users, seats, conflict = make_review_roles(edition, earlier, kinn.municipality, CONFLICT_REASON)
    staff, juror = users["staff"], seats["juror"]
    assessment = make_assessment(juror, kinn, comment=COMMENT)
    nominee = make_nominee(edition, "Kinn", description="Omtale av Kinn")
    vote = make_vote(nominee, "velger@example.no")
    voiding = Vote.objects.filter(pk=vote.pk).void(staff, "Prøve", "én stemme")[0]
    objects = {
        "nominations.nomination": kinn,
        "nominations.nominee": nominee,
        "nominations.conflict": conflict,
        "nominations.assessment": assessment,
        "award.edition": edition,
        "nominations.jurymember": juror,
        "award.pressrelease": PressRelease.objects.create(
            edition=edition, title="Kinn vant", lead="Ingress", body="Tekst"
        ),
        "award.feedback": Feedback.objects.create(path="/", found=True, language="nb"),
        "award.outgoingemail": OutgoingEmail.objects.create(
            recipient=CONTACT_EMAIL, subject="Kvittering", body="Tekst"
        ),
        "voting.vote": vote,
        "voting.voiding": voiding,
        "municipalities.municipality": kinn.municipality,
        "municipalities.county": kinn.municipality.county,
    }
    return objects, users


# Who sees each object; everyone else with the model's permission is told it is not there.
SEES = {
    "nominations.nomination": {"staff", "juror"},
    "nominations.nominee": {"staff", "juror"},
    "nominations.conflict": {"staff", "conflicted"},
    "nominations.assessment": {"staff", "juror"},
    "award.edition": {"staff", "juror", "conflicted"},
    "nominations.jurymember": {"staff"},
    "award.pressrelease": {"staff"},
    "award.feedback": {"staff"},
    "award.outgoingemail": {"staff"},
    "voting.vote": {"staff"},
    "voting.voiding": {"staff"},
    "municipalities.municipality": {"staff", "juror", "conflicted", "other_edition"},
    "municipalities.county": {"staff"},
}
# Those who hold the model's view permission but may not see this object.
HIDDEN = {
    "nominations.nomination": {"conflicted", "other_edition"},
    "nominations.nominee": {"conflicted", "other_edition"},
    "nominations.conflict": {"juror", "other_edition"},
    "nominations.assessment": {"conflicted", "other_edition"},
    "award.edition": {"other_edition"},
}
# What the page of a hidden object must never show.
SECRET = {
    "nominations.nomination": CONTACT_EMAIL,
    "nominations.nominee": "Omtale av Kinn",
    "nominations.conflict": CONFLICT_REASON,
    "nominations.assessment": COMMENT,
}
DELETES = {("nominations.jurymember", "staff")}
# A revert saves an old version: only who may change the object now, where reverting is allowed.
# With the status an empty revert form gets: 200 where the form needs more, 302 once saved.
REVERTS = {
    ("nominations.jurymember", "staff"): 200,
    ("nominations.nominee", "staff"): 302,
    ("nominations.nominee", "juror"): 302,
    ("award.edition", "staff"): 200,
    ("nominations.conflict", "staff"): 200,
    ("award.pressrelease", "staff"): 200,
}


def label(model):
    return f"{model._meta.app_label}.{model._meta.model_name}"


def url(obj, view, *args):
    return reverse(
        f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{view}", args=[obj.pk, *args]
    )


def has_history(model):
    return hasattr(model, "history")


MODELS = {label(model): model for model in admin.site._registry}


def test_every_admin_of_the_site_fetches_its_objects_through_the_rule(world):
    registered = {label(model): model_admin for model, model_admin in admin.site._registry.items()}

    ours = {name for name in registered if name.split(".")[0] in APPS}

    assert ours == set(SEES)
    assert all(isinstance(model_admin, ObjectAccessMixin) for model_admin in registered.values())


def expected_pages(name, role, views):
    """The status code each page of the object should answer `role` with."""
    if role == "anonymous":
        return dict.fromkeys(views, 302)
    if role in SEES[name]:
        codes = dict.fromkeys(views, 200)
        codes["delete"] = 200 if (name, role) in DELETES else 403
        return codes
    if role in HIDDEN.get(name, ()):
        # The change page sends the person to the admin's front page, as Django does.
        codes = {"change": 302, "history": 404, "version": 404, "delete": 403}
        return {view: codes[view] for view in views}
    return dict.fromkeys(views, 403)


@pytest.mark.parametrize("name", sorted(SEES))
def test_every_page_of_an_object_answers_as_the_change_page_does(world, name):
    objects, users = world
    obj = objects[name]
    pages = {
        "change": url(obj, "change"),
        "history": url(obj, "history"),
        "delete": url(obj, "delete"),
    }
    if has_history(obj):
        pages["version"] = url(obj, "simple_history", obj.history.earliest().history_id)

    for role in ROLES:
        client = sign_in(users, role)
        responses = {view: client.get(address) for view, address in pages.items()}

        codes = {view: response.status_code for view, response in responses.items()}
        assert codes == expected_pages(name, role, pages), role
        for view, response in responses.items():
            if response.status_code == 302 and role == "anonymous":
                assert response["Location"].startswith(reverse("admin:login")), view
            elif response.status_code == 302:
                assert response["Location"] == reverse("admin:index"), view
            if role not in SEES[name] and name in SECRET:
                assert SECRET[name] not in response.content.decode(), (role, view)


WITH_HISTORY = sorted(name for name, model in MODELS.items() if name in SEES and has_history(model))


@pytest.mark.parametrize("name", WITH_HISTORY)
def test_a_revert_is_refused_to_all_but_those_who_may_change_the_object_now(world, name):
    objects, users = world
    obj = objects[name]
    version = obj.history.earliest()

    for role in ROLES:
        response = sign_in(users, role).post(url(obj, "simple_history", version.history_id), {})

        if role == "anonymous":
            expected = 302
        elif (name, role) in REVERTS:
            # Let through to the form: it saves what was sent, or says what is missing.
            expected = REVERTS[name, role]
        elif role in HIDDEN.get(name, ()):
            expected = 404
        else:
            expected = 403
        assert response.status_code == expected, role


def test_a_version_of_another_object_is_not_found_under_a_visible_one(world):
    objects, users = world
    kinn = objects["nominations.nomination"]
    hidden = make_nomination(kinn.edition, "Bodø", contact_email="hemmelig@bodo.kommune.no")
    client = sign_in(users, "juror")

    response = client.get(url(kinn, "simple_history", hidden.history.earliest().history_id))

    assert response.status_code == 404
    assert "hemmelig@bodo.kommune.no" not in response.content.decode()


def test_a_draft_entry_has_no_history_page_for_the_jury(world):
    objects, users = world
    draft = make_nomination(
        objects["award.edition"], "Bodø", status="draft", contact_email="utkast@bodo.kommune.no"
    )
    client = sign_in(users, "juror")

    pages = [
        url(draft, "history"),
        url(draft, "simple_history", draft.history.earliest().history_id),
    ]

    for page in pages:
        response = client.get(page)
        assert response.status_code == 404
        assert "utkast@bodo.kommune.no" not in response.content.decode()


def test_another_members_scores_have_history_only_once_ones_own_are_in_and_only_as_sent_in(world):
    objects, users = world
    kinn = objects["nominations.nomination"]
    edition = objects["award.edition"]
    other = make_assessment(
        make_juror(edition, "lise"), kinn, submitted=False, comment="Første tanke"
    )
    other.comment = "Endelig vurdering"
    other.submitted_at = kinn.created_at
    other.save()
    draft_version, sent_version = other.history.order_by("history_id")
    client = sign_in(users, "juror")

    # Kari has sent in her own scores for Kinn, so she reads Lise's sent-in version only.
    history = client.get(url(other, "history"))
    sent = client.get(url(other, "simple_history", sent_version.history_id))
    draft = client.get(url(other, "simple_history", draft_version.history_id))

    assert history.status_code == 200
    assert sent.status_code == 200
    assert "Endelig vurdering" in sent.content.decode()
    assert draft.status_code == 404
    assert "Første tanke" not in draft.content.decode()


def test_another_members_scores_are_hidden_until_ones_own_are_sent_in(world):
    objects, users = world
    kinn = objects["nominations.nomination"]
    lise = make_juror(objects["award.edition"], "lise")
    make_assessment(lise, kinn, submitted=False)
    client = Client()
    client.force_login(lise.user)
    karis = objects["nominations.assessment"]

    pages = [
        url(karis, "history"),
        url(karis, "simple_history", karis.history.earliest().history_id),
    ]

    for page in pages:
        response = client.get(page)
        assert response.status_code == 404
        assert COMMENT not in response.content.decode()


def test_a_submitted_score_cannot_be_reverted_to_its_draft(world):
    objects, users = world
    edition = objects["award.edition"]
    bodo = make_nomination(edition, "Bodø", eligibility=Eligibility.ELIGIBLE)
    own = make_assessment(
        Nomination.objects.get(pk=bodo.pk).edition.jury.get(user=users["juror"]),
        bodo,
        submitted=False,
    )
    own.submitted_at = own.updated_at
    own.save()
    client = sign_in(users, "juror")
    draft = own.history.earliest()

    response = client.post(
        url(own, "simple_history", draft.history_id),
        {"score_results": 1, "score_settlement": 1, "score_projects": 1, "score_qualification": 1},
    )

    own.refresh_from_db()
    assert response.status_code == 403
    assert own.submitted_at is not None


STAFF_ONLY = {"staff": 200, "juror": 403, "conflicted": 403, "other_edition": 403, "anonymous": 302}


def test_the_reviews_own_pages_are_for_staff_only(world):
    objects, users = world
    kinn = objects["nominations.nomination"]
    pages = [
        reverse("admin:nominations_nomination_eligibility", args=[kinn.pk]),
        reverse("admin:nominations_nomination_ranking", args=[2030]),
        reverse("admin:voting_vote_log") + "?prisrunde=2030",
        reverse("admin:voting_vote_clusters") + "?prisrunde=2030",
    ]

    for role, expected in STAFF_ONLY.items():
        client = sign_in(users, role)
        assert [client.get(page).status_code for page in pages] == [expected] * len(pages), role


def test_a_jury_member_cannot_export_the_entries(world):
    objects, users = world

    for role in ["juror", "conflicted", "other_edition"]:
        response = sign_in(users, role).post(
            reverse("admin:nominations_nomination_changelist"),
            {
                "action": "export_csv",
                helpers.ACTION_CHECKBOX_NAME: [objects["nominations.nomination"].pk],
            },
        )

        assert response.status_code == 200, role
        assert response["Content-Type"].startswith("text/html")
        assert CONTACT_EMAIL not in response.content.decode()


def test_the_photo_preview_follows_the_nominees_rule(world, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    objects, users = world
    nominee = objects["nominations.nominee"]
    nominee.photo.save("kinn.png", ContentFile(png_image()))
    expected = {
        "staff": 200,
        "juror": 200,
        "conflicted": 404,
        "other_edition": 404,
        "anonymous": 404,
    }

    for role, code in expected.items():
        response = sign_in(users, role).get(
            reverse("award:nominee_photo", kwargs={"year": 2030, "slug": "kinn"})
        )
        assert response.status_code == code, role
