"""A jury member in the admin: scores their edition's eligible entries, sees only what they may."""

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import reverse

from award.models import Edition, Phase
from nominations.models import Assessment, Attachment, Conflict, Eligibility
from tests.factories import (
    make_assessment,
    make_edition,
    make_juror,
    make_nomination,
    make_nominee,
)

pytestmark = pytest.mark.django_db

NOMINATIONS = "admin:nominations_nomination_changelist"
ASSESSMENTS = "admin:nominations_assessment_changelist"


@pytest.fixture
def edition():
    return make_edition(year=2030, phase=Phase.UNDER_REVIEW)


@pytest.fixture
def juror(edition):
    return make_juror(edition, "kari")


@pytest.fixture
def jury_client(client, juror):
    client.force_login(juror.user)
    return client


def eligible(edition, name):
    return make_nomination(edition, name, eligibility=Eligibility.ELIGIBLE)


def listed(response):
    return sorted(str(item) for item in response.context["cl"].result_list)


def score_form(nomination, scores=(4, 3, 5, 2), submit=False, comment=""):
    data = {
        "nomination": nomination.pk,
        "score_results": scores[0],
        "score_settlement": scores[1],
        "score_projects": scores[2],
        "score_qualification": scores[3],
        "comment": comment,
    }
    if submit:
        data["submit_now"] = "on"
    return data


def test_a_jury_member_sees_the_eligible_entries_of_their_own_edition_only(jury_client, edition):
    eligible(edition, "Kinn")
    make_nomination(edition, "Bodø")
    make_nomination(edition, "Voss", eligibility=Eligibility.INELIGIBLE, eligibility_reason="Under")
    eligible(make_edition(year=2031, phase=Phase.UNDER_REVIEW), "Asker")

    response = jury_client.get(reverse(NOMINATIONS))

    assert response.status_code == 200
    assert listed(response) == ["Kinn (2030)"]


def test_a_declared_conflict_hides_the_entry_and_its_files(jury_client, juror, edition, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    kinn = eligible(edition, "Kinn")
    eligible(edition, "Bodø")
    attachment = Attachment(nomination=kinn, original_name="Plan.pdf", content_type="application/pdf", size=4)
    attachment.file.save("plan", ContentFile(b"%PDF"))
    Conflict.objects.create(juror=juror, municipality=kinn.municipality, reason="Arbeidsgiver")

    listing = jury_client.get(reverse(NOMINATIONS))
    page = jury_client.get(reverse("admin:nominations_nomination_change", args=[kinn.pk]))
    download = jury_client.get(reverse("nominations:attachment", args=[attachment.pk]))
    add_form = jury_client.get(reverse("admin:nominations_assessment_add"))

    assert listed(listing) == ["Bodø (2030)"]
    assert page.status_code == 302  # the admin's answer to an object the user cannot see
    assert download.status_code == 404
    choices = [str(n) for n in add_form.context["adminform"].form.fields["nomination"].queryset]
    assert choices == ["Bodø (2030)"]


def test_a_jury_member_cannot_score_an_entry_they_have_a_conflict_with(jury_client, juror, edition):
    kinn = eligible(edition, "Kinn")
    Conflict.objects.create(juror=juror, municipality=kinn.municipality)

    response = jury_client.post(reverse("admin:nominations_assessment_add"), score_form(kinn))

    assert response.status_code == 200
    assert "nomination" in response.context["adminform"].form.errors
    assert not Assessment.objects.exists()


def test_a_jury_member_scores_an_entry_as_a_draft_and_then_submits(jury_client, juror, edition):
    kinn = eligible(edition, "Kinn")

    draft = jury_client.post(
        reverse("admin:nominations_assessment_add"), score_form(kinn, comment="Godt arbeid")
    )
    assessment = Assessment.objects.get()
    submitted = jury_client.post(
        reverse("admin:nominations_assessment_change", args=[assessment.pk]),
        score_form(kinn, scores=(5, 3, 5, 2), submit=True),
    )
    assessment.refresh_from_db()
    after = jury_client.post(
        reverse("admin:nominations_assessment_change", args=[assessment.pk]),
        score_form(kinn, scores=(1, 1, 1, 1)),
    )
    assessment.refresh_from_db()

    assert draft.status_code == 302
    assert submitted.status_code == 302
    assert assessment.juror == juror
    assert assessment.is_submitted
    assert assessment.scores() == [5, 3, 5, 2]
    assert after.status_code == 403


def test_submitting_needs_a_score_on_every_criterion(jury_client, edition):
    kinn = eligible(edition, "Kinn")
    data = score_form(kinn, submit=True)
    data["score_projects"] = ""

    response = jury_client.post(reverse("admin:nominations_assessment_add"), data)

    form = response.context["adminform"].form
    assert response.status_code == 200
    assert "Gi poeng fra 1 til 5 før du sender inn." in form.errors["score_projects"]
    assert form["score_results"].value() == "4"
    assert not Assessment.objects.exists()


def test_a_score_outside_1_to_5_is_refused(jury_client, edition):
    kinn = eligible(edition, "Kinn")

    response = jury_client.post(
        reverse("admin:nominations_assessment_add"), score_form(kinn, scores=(6, 3, 3, 0))
    )

    form = response.context["adminform"].form
    assert "score_results" in form.errors
    assert "score_qualification" in form.errors
    assert not Assessment.objects.exists()


def test_the_others_scores_stay_hidden_until_the_member_has_submitted_their_own(
    jury_client, juror, edition
):
    kinn = eligible(edition, "Kinn")
    other = make_juror(edition, "ola")
    theirs = make_assessment(other, kinn, scores=(1, 2, 1, 2), comment="Hemmelig vurdering")

    before_list = jury_client.get(reverse(ASSESSMENTS))
    before_page = jury_client.get(reverse("admin:nominations_nomination_change", args=[kinn.pk]))
    before_direct = jury_client.get(reverse("admin:nominations_assessment_change", args=[theirs.pk]))
    own = make_assessment(juror, kinn, scores=(4, 4, 4, 4), submitted=False)
    while_drafting = jury_client.get(reverse(ASSESSMENTS))
    own.submit()
    own.save()
    after_list = jury_client.get(reverse(ASSESSMENTS))
    after_direct = jury_client.get(reverse("admin:nominations_assessment_change", args=[theirs.pk]))

    assert listed(before_list) == []
    assert "ola" not in before_page.content.decode()
    assert before_direct.status_code == 302
    assert listed(while_drafting) == ["Kinn (2030) – kari (2030)"]
    assert listed(after_list) == ["Kinn (2030) – kari (2030)", "Kinn (2030) – ola (2030)"]
    assert after_direct.status_code == 200
    assert "Hemmelig vurdering" in after_direct.content.decode()


def test_a_jury_member_cannot_publish_the_nominees(jury_client, edition):
    nominee = make_nominee(edition, "Kinn", description="Omtale", jury_rationale="Begrunnelse")

    listing = jury_client.get(reverse("admin:award_edition_changelist"))
    action = jury_client.post(
        reverse("admin:award_edition_changelist"),
        {"action": "publish_nominees", "_selected_action": [edition.pk], "index": 0},
    )
    change = jury_client.post(
        reverse("admin:award_edition_change", args=[edition.pk]), {"year": edition.year}
    )

    assert listing.status_code == 200
    assert listing.context["action_form"] is None
    assert action.status_code in (200, 302)
    assert change.status_code == 403
    assert Edition.objects.get(pk=edition.pk).nominees_published_at == edition.nominees_published_at
    assert not nominee.edition.nominees_are_public()


def test_a_jury_member_drafts_the_rationale_until_publication(jury_client, edition):
    nominee = make_nominee(edition, "Kinn", description="Staben skreiv dette")
    url = reverse("admin:nominations_nominee_change", args=[nominee.pk])

    response = jury_client.post(
        url,
        {"jury_rationale": "Juryen trekker fram språkpraksisen.", "description": "Endret av juryen"},
    )
    nominee.refresh_from_db()

    assert response.status_code == 302
    assert nominee.jury_rationale == "Juryen trekker fram språkpraksisen."
    assert nominee.description == "Staben skreiv dette"


def test_after_publication_only_staff_change_the_rationale(jury_client, edition):
    nominee = make_nominee(edition, "Kinn", description="Omtale", jury_rationale="Publisert tekst")
    edition.publish_nominees()

    response = jury_client.post(
        reverse("admin:nominations_nominee_change", args=[nominee.pk]),
        {"jury_rationale": "Endret etter kunngjøring"},
    )
    nominee.refresh_from_db()

    assert response.status_code == 403
    assert nominee.jury_rationale == "Publisert tekst"


def test_a_jury_member_cannot_reach_the_ranking_the_eligibility_form_or_the_export(
    jury_client, edition
):
    kinn = eligible(edition, "Kinn")

    ranking = jury_client.get(reverse("admin:nominations_nomination_ranking", args=[2030]))
    decide = jury_client.get(reverse("admin:nominations_nomination_eligibility", args=[kinn.pk]))
    listing = jury_client.get(reverse(NOMINATIONS))

    assert ranking.status_code == 403
    assert decide.status_code == 403
    assert listing.context["action_form"] is None


def test_a_jury_member_sees_no_vote_page_in_the_admin(jury_client):
    vote_models = [m for m in admin.site._registry if m._meta.app_label == "voting"]

    assert vote_models
    for model in vote_models:
        url = reverse(f"admin:voting_{model._meta.model_name}_changelist")
        assert jury_client.get(url).status_code == 403, url
    assert jury_client.get(reverse("admin:app_list", args=["voting"])).status_code == 404
