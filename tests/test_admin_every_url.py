"""Every URL of the admin says who gets it: staff, a jury member, a jury member
with a conflict, a jury member of another edition, and someone signed out.

The URLs are read from the URL resolver, so a page added to the admin (a
model, a custom view, a library's admin) without a line in the tables below
fails `test_every_admin_url_has_a_line_in_the_table`. The actions on the
change lists (the CSV export, voiding, publishing) are listed the same way.
For every page that answers 200, the personal or secret text on it is
checked to be there for those who may read it, and only for them.
"""

import pytest
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from award.models import Feedback, OutgoingEmail, Phase, PressRelease
from award.roles import JURY_GROUP
from nominations.models import Attachment, Eligibility
from tests.factories import (
    REVIEW_ROLES,
    make_assessment,
    make_edition,
    make_nomination,
    make_nominee,
    make_review_roles,
    make_vote,
    make_votes,
    png_image,
    sign_in,
)
from voting.models import CLUSTER_MIN_VOTES, Vote

pytestmark = pytest.mark.django_db

ROLES = REVIEW_ROLES

CONTACT_EMAIL = "kari.nordmann@kinn.kommune.no"
CONFLICT_REASON = "Gift med rådmannen i Kinn"
COMMENT = "Sterkt arbeid med språkpraksis"
DESCRIPTION = "Omtale av Kinn"
VOTER_DOMAIN = "velgerdomene.example"
VOID_REASON = "Prøveannullering av én stemme"
STAFF_EMAIL = "saksbehandler@imdi.no"
JUROR_EMAIL = "kari.juryen@example.no"
EMAIL_BODY = "Her er lenken til forslaget ditt"
FEEDBACK = "Skjemaet var vanskelig å finne"
TASK_PATH = "award.mail.deliver"
ATTACHMENT_NAME = "kommunestyrevedtak-kinn.pdf"
ATTACHMENT_BYTES = b"%PDF-1.4 vedtak i Kinn"


@pytest.fixture
def world(settings, tmp_path):
    """One object of every model in the admin, and a person in every role."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    edition = make_edition(year=2030, phase=Phase.UNDER_REVIEW)
    earlier = make_edition(year=2029, phase=Phase.WINNER_ANNOUNCED)
    kinn = make_nomination(
        edition, "Kinn", contact_email=CONTACT_EMAIL, eligibility=Eligibility.ELIGIBLE
    )
    users, seats, conflict = make_review_roles(edition, earlier, kinn.municipality, CONFLICT_REASON)
    staff, juror = users["staff"], seats["juror"]
    staff.email = STAFF_EMAIL
    staff.save()
    juror.user.email = JUROR_EMAIL
    juror.user.save()
    # An entry Kari has not scored yet, for the «Gi poeng» page.
    bodo = make_nomination(edition, "Bodø", eligibility=Eligibility.ELIGIBLE)
    attachment = Attachment(
        nomination=kinn,
        original_name=ATTACHMENT_NAME,
        content_type="application/pdf",
        size=len(ATTACHMENT_BYTES),
    )
    attachment.file.save("vedtak", ContentFile(ATTACHMENT_BYTES))
    assessment = make_assessment(juror, kinn, comment=COMMENT)
    nominee = make_nominee(edition, "Kinn", description=DESCRIPTION)
    nominee.photo.save("kinn.png", ContentFile(png_image()))
    vote = make_vote(nominee, f"velger@{VOTER_DOMAIN}")
    # Enough votes from one domain to make a cluster staff can look into and void.
    make_votes(nominee, CLUSTER_MIN_VOTES, domain=VOTER_DOMAIN)
    voiding = Vote.objects.filter(pk=vote.pk).void(staff, VOID_REASON, "én stemme")[0]
    objects = {
        "nominations.nomination": kinn,
        "nominations.nominee": nominee,
        "nominations.attachment": attachment,
        "unscored": bodo,
        "nominations.conflict": conflict,
        "nominations.assessment": assessment,
        "award.edition": edition,
        "nominations.jurymember": juror,
        "award.pressrelease": PressRelease.objects.create(
            edition=edition, title="Kinn vant", lead="Ingress", body="Tekst"
        ),
        "award.feedback": Feedback.objects.create(
            path="/", found=False, comment=FEEDBACK, language="nb"
        ),
        "award.outgoingemail": OutgoingEmail.objects.create(
            recipient=CONTACT_EMAIL, subject="Kvittering", body=EMAIL_BODY
        ),
        "voting.vote": vote,
        "voting.voiding": voiding,
        "municipalities.municipality": kinn.municipality,
        "municipalities.county": kinn.municipality.county,
        "auth.user": juror.user,
        "auth.group": Group.objects.get(name=JURY_GROUP),
        "otp_totp.totpdevice": TOTPDevice.objects.create(user=staff, name="Telefonen til IMDi"),
        "django_tasks_database.dbtaskresult": DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}},
            task_path=TASK_PATH,
            backend_name="default",
            queue_name="default",
            run_after=timezone.now(),
        ),
    }
    return objects, users


def walk(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, route)
        else:
            yield pattern.name or route, pattern


def admin_routes():
    """Every URL pattern under the admin: its name, or its route where it has none."""
    (site,) = [
        pattern
        for pattern in get_resolver().url_patterns
        if isinstance(pattern, URLResolver) and pattern.namespace == "admin"
    ]
    return dict(walk(site.url_patterns))


def label(model):
    return f"{model._meta.app_label}.{model._meta.model_name}"


REGISTERED = {label(model): model_admin for model, model_admin in admin.site._registry.items()}
MODEL_VIEWS = ["changelist", "add", "change", "redirect", "history", "simple_history", "delete"]


def model_view(key):
    """(model, view) for the URLs every model admin has; None for the others."""
    for name in REGISTERED:
        app_label, model_name = name.split(".")
        if key == f"{app_label}/{model_name}/<path:object_id>/":
            return name, "redirect"
        for view in MODEL_VIEWS:
            if key == f"{app_label}_{model_name}_{view}":
                return name, view
    return None


def model_address(objects, name, view):
    obj = objects[name]
    app_label, model_name = name.split(".")
    if view in ("changelist", "add"):
        return reverse(f"admin:{app_label}_{model_name}_{view}")
    if view == "redirect":
        return f"/admin/{app_label}/{model_name}/{obj.pk}/"
    if view == "simple_history":
        version = obj.history.earliest().history_id
        return reverse(f"admin:{name.replace('.', '_')}_simple_history", args=[obj.pk, version])
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=[obj.pk])


def year_query(objects):
    return f"?prisrunde={objects['award.edition'].year}"


# The admin's own pages, the libraries' and ours, beyond those every model admin has.
ADDRESSES = {
    "index": lambda objects: reverse("admin:index"),
    "login": lambda objects: reverse("admin:login"),
    "logout": lambda objects: reverse("admin:logout"),
    "password_change": lambda objects: reverse("admin:password_change"),
    "password_change_done": lambda objects: reverse("admin:password_change_done"),
    "autocomplete": lambda objects: (
        reverse("admin:autocomplete")
        + "?app_label=nominations&model_name=jurymember&field_name=user&term=kari"
    ),
    "jsi18n": lambda objects: reverse("admin:jsi18n"),
    # Django's language switch changes nothing on a GET: it sends the browser to the front page.
    "set_language": lambda objects: reverse("admin:set_language"),
    "view_on_site": lambda objects: reverse(
        "admin:view_on_site",
        args=[
            ContentType.objects.get_for_model(objects["nominations.nomination"]).pk,
            objects["nominations.nomination"].pk,
        ],
    ),
    "(?P<url>.*)$": lambda objects: "/admin/finnes-ikke/",
    "nominations_assessment_add": lambda objects: (
        reverse("admin:nominations_assessment_add") + f"?nomination={objects['unscored'].pk}"
    ),
    "auth_user_password_change": lambda objects: reverse(
        "admin:auth_user_password_change", args=[objects["auth.user"].pk]
    ),
    "otp_totp_totpdevice_config": lambda objects: reverse(
        "admin:otp_totp_totpdevice_config", args=[objects["otp_totp.totpdevice"].pk]
    ),
    "otp_totp_totpdevice_qrcode": lambda objects: reverse(
        "admin:otp_totp_totpdevice_qrcode", args=[objects["otp_totp.totpdevice"].pk]
    ),
    "nominations_nomination_eligibility": lambda objects: reverse(
        "admin:nominations_nomination_eligibility", args=[objects["nominations.nomination"].pk]
    ),
    "nominations_nomination_new_link": lambda objects: reverse(
        "admin:nominations_nomination_new_link", args=[objects["nominations.nomination"].pk]
    ),
    "nominations_nomination_ranking": lambda objects: reverse(
        "admin:nominations_nomination_ranking", args=[objects["award.edition"].year]
    ),
    "voting_vote_log": lambda objects: reverse("admin:voting_vote_log") + year_query(objects),
    "voting_vote_clusters": lambda objects: (
        reverse("admin:voting_vote_clusters") + year_query(objects)
    ),
    "voting_vote_void_cluster": lambda objects: (
        reverse("admin:voting_vote_void_cluster")
        + year_query(objects)
        + f"&type=domain&nokkel={VOTER_DOMAIN}"
    ),
}
# Pages outside the admin that serve what only the admin links to.
PRIVATE_FILES = {
    "award:nominee_photo": lambda objects: reverse(
        "award:nominee_photo", kwargs={"year": 2030, "slug": "kinn"}
    ),
    "nominations:attachment": lambda objects: reverse(
        "nominations:attachment", args=[objects["nominations.attachment"].pk]
    ),
}


def address(objects, key):
    if key in ADDRESSES:
        return ADDRESSES[key](objects)
    if key in PRIVATE_FILES:
        return PRIVATE_FILES[key](objects)
    return model_address(objects, *model_view(key))


def app_labels():
    """The apps in the pattern of the admin's app pages, `^(?P<app_label>auth|award|…)/$`."""
    regex = admin_routes()["app_list"].pattern.regex.pattern
    return regex.split("(?P<app_label>", 1)[1].split(")", 1)[0].split("|")


# What each role gets, in the order of ROLES: staff, jury member, jury member
# with a conflict over Kinn, jury member of the 2029 edition, signed out.
# 302 signed out is the way to the sign-in page; 302 for a jury member on a
# change page is Django's answer for an object outside their queryset (to
# the front page); a history page answers 404 there.
EXPECTED = {
    "index": "200 200 200 200 302",
    "login": "302 302 302 302 200",
    "logout": "405 405 405 405 302",
    "password_change": "200 200 200 200 302",
    "password_change_done": "200 200 200 200 302",
    "autocomplete": "200 403 403 403 302",
    "jsi18n": "200 200 200 200 302",
    "set_language": "302 302 302 302 302",
    "view_on_site": "404 404 404 404 302",
    "auth_group_changelist": "403 403 403 403 302",
    "auth_group_add": "403 403 403 403 302",
    "auth_group_history": "403 403 403 403 302",
    "auth_group_delete": "403 403 403 403 302",
    "auth_group_change": "403 403 403 403 302",
    "auth/group/<path:object_id>/": "302 302 302 302 302",
    "auth_user_password_change": "403 403 403 403 302",
    "auth_user_changelist": "200 403 403 403 302",
    "auth_user_add": "403 403 403 403 302",
    "auth_user_history": "200 403 403 403 302",
    "auth_user_delete": "403 403 403 403 302",
    "auth_user_change": "200 403 403 403 302",
    "auth/user/<path:object_id>/": "302 302 302 302 302",
    "otp_totp_totpdevice_config": "403 403 403 403 302",
    "otp_totp_totpdevice_qrcode": "403 403 403 403 302",
    "otp_totp_totpdevice_changelist": "403 403 403 403 302",
    "otp_totp_totpdevice_add": "403 403 403 403 302",
    "otp_totp_totpdevice_history": "403 403 403 403 302",
    "otp_totp_totpdevice_delete": "403 403 403 403 302",
    "otp_totp_totpdevice_change": "403 403 403 403 302",
    "otp_totp/totpdevice/<path:object_id>/": "302 302 302 302 302",
    "django_tasks_database_dbtaskresult_changelist": "403 403 403 403 302",
    "django_tasks_database_dbtaskresult_add": "403 403 403 403 302",
    "django_tasks_database_dbtaskresult_history": "403 403 403 403 302",
    "django_tasks_database_dbtaskresult_delete": "403 403 403 403 302",
    "django_tasks_database_dbtaskresult_change": "403 403 403 403 302",
    "django_tasks_database/dbtaskresult/<path:object_id>/": "302 302 302 302 302",
    "municipalities_county_changelist": "200 403 403 403 302",
    "municipalities_county_add": "403 403 403 403 302",
    "municipalities_county_history": "200 403 403 403 302",
    "municipalities_county_delete": "403 403 403 403 302",
    "municipalities_county_change": "200 403 403 403 302",
    "municipalities/county/<path:object_id>/": "302 302 302 302 302",
    "municipalities_municipality_changelist": "200 200 200 200 302",
    "municipalities_municipality_add": "403 403 403 403 302",
    "municipalities_municipality_history": "200 200 200 200 302",
    "municipalities_municipality_delete": "403 403 403 403 302",
    "municipalities_municipality_change": "200 200 200 200 302",
    "municipalities/municipality/<path:object_id>/": "302 302 302 302 302",
    "award_edition_simple_history": "200 200 200 404 302",
    "award_edition_changelist": "200 200 200 200 302",
    "award_edition_add": "200 403 403 403 302",
    "award_edition_history": "200 200 200 404 302",
    "award_edition_delete": "403 403 403 403 302",
    "award_edition_change": "200 200 200 302 302",
    "award/edition/<path:object_id>/": "302 302 302 302 302",
    "nominations_jurymember_simple_history": "200 403 403 403 302",
    "nominations_jurymember_changelist": "200 403 403 403 302",
    "nominations_jurymember_add": "200 403 403 403 302",
    "nominations_jurymember_history": "200 403 403 403 302",
    "nominations_jurymember_delete": "200 403 403 403 302",
    "nominations_jurymember_change": "200 403 403 403 302",
    "nominations/jurymember/<path:object_id>/": "302 302 302 302 302",
    "nominations_conflict_simple_history": "200 404 200 404 302",
    "nominations_conflict_changelist": "200 200 200 200 302",
    "nominations_conflict_add": "200 200 200 200 302",
    "nominations_conflict_history": "200 404 200 404 302",
    "nominations_conflict_delete": "403 403 403 403 302",
    "nominations_conflict_change": "200 302 200 302 302",
    "nominations/conflict/<path:object_id>/": "302 302 302 302 302",
    "nominations_assessment_simple_history": "200 200 404 404 302",
    "nominations_assessment_changelist": "200 200 200 200 302",
    "nominations_assessment_add": "403 200 200 200 302",
    "nominations_assessment_history": "200 200 404 404 302",
    "nominations_assessment_delete": "403 403 403 403 302",
    "nominations_assessment_change": "200 200 302 302 302",
    "nominations/assessment/<path:object_id>/": "302 302 302 302 302",
    "award_feedback_changelist": "200 403 403 403 302",
    "award_feedback_add": "403 403 403 403 302",
    "award_feedback_history": "200 403 403 403 302",
    "award_feedback_delete": "403 403 403 403 302",
    "award_feedback_change": "200 403 403 403 302",
    "award/feedback/<path:object_id>/": "302 302 302 302 302",
    "award_pressrelease_simple_history": "200 403 403 403 302",
    "award_pressrelease_changelist": "200 403 403 403 302",
    "award_pressrelease_add": "200 403 403 403 302",
    "award_pressrelease_history": "200 403 403 403 302",
    "award_pressrelease_delete": "403 403 403 403 302",
    "award_pressrelease_change": "200 403 403 403 302",
    "award/pressrelease/<path:object_id>/": "302 302 302 302 302",
    "award_outgoingemail_changelist": "200 403 403 403 302",
    "award_outgoingemail_add": "403 403 403 403 302",
    "award_outgoingemail_history": "200 403 403 403 302",
    "award_outgoingemail_delete": "403 403 403 403 302",
    "award_outgoingemail_change": "200 403 403 403 302",
    "award/outgoingemail/<path:object_id>/": "302 302 302 302 302",
    "nominations_nominee_simple_history": "200 200 404 404 302",
    "nominations_nominee_changelist": "200 200 200 200 302",
    "nominations_nominee_add": "200 403 403 403 302",
    "nominations_nominee_history": "200 200 404 404 302",
    "nominations_nominee_delete": "403 403 403 403 302",
    "nominations_nominee_change": "200 200 302 302 302",
    "nominations/nominee/<path:object_id>/": "302 302 302 302 302",
    "nominations_nomination_eligibility": "200 403 403 403 302",
    "nominations_nomination_new_link": "200 403 403 403 302",
    "nominations_nomination_ranking": "200 403 403 403 302",
    "nominations_nomination_simple_history": "200 200 404 404 302",
    "nominations_nomination_changelist": "200 200 200 200 302",
    "nominations_nomination_add": "403 403 403 403 302",
    "nominations_nomination_history": "200 200 404 404 302",
    "nominations_nomination_delete": "403 403 403 403 302",
    "nominations_nomination_change": "200 200 302 302 302",
    "nominations/nomination/<path:object_id>/": "302 302 302 302 302",
    "voting_vote_log": "200 403 403 403 302",
    "voting_vote_clusters": "200 403 403 403 302",
    "voting_vote_void_cluster": "200 403 403 403 302",
    "voting_vote_changelist": "200 403 403 403 302",
    "voting_vote_add": "403 403 403 403 302",
    "voting_vote_history": "200 403 403 403 302",
    "voting_vote_delete": "403 403 403 403 302",
    "voting_vote_change": "200 403 403 403 302",
    "voting/vote/<path:object_id>/": "302 302 302 302 302",
    "voting_voiding_changelist": "200 403 403 403 302",
    "voting_voiding_add": "403 403 403 403 302",
    "voting_voiding_history": "200 403 403 403 302",
    "voting_voiding_delete": "403 403 403 403 302",
    "voting_voiding_change": "200 403 403 403 302",
    "voting/voiding/<path:object_id>/": "302 302 302 302 302",
    "(?P<url>.*)$": "404 404 404 404 302",
    "award:nominee_photo": "200 200 404 404 404",
    "nominations:attachment": "200 200 404 404 302",
}
# The app pages of the admin: 404 where the person may see no model in the app.
APP_PAGES = {
    "auth": "200 404 404 404 302",
    "otp_totp": "404 404 404 404 302",
    "django_tasks_database": "404 404 404 404 302",
    "municipalities": "200 200 200 200 302",
    "award": "200 200 200 200 302",
    "nominations": "200 200 200 200 302",
    "voting": "200 404 404 404 302",
}
EVERYONE = {"staff", "juror", "conflicted", "other_edition"}
# Text on a page and exactly who reads it there; on everyone else's answer it is absent.
SHOWN = {
    "autocomplete": ('"text": "kari"', {"staff"}),
    "auth_user_changelist": (JUROR_EMAIL, {"staff"}),
    "auth_user_change": (JUROR_EMAIL, {"staff"}),
    "municipalities_municipality_change": ("Kinn", EVERYONE),
    "nominations_conflict_changelist": (CONFLICT_REASON, {"staff", "conflicted"}),
    "nominations_conflict_change": (CONFLICT_REASON, {"staff", "conflicted"}),
    "nominations_conflict_simple_history": (CONFLICT_REASON, {"staff", "conflicted"}),
    "nominations_conflict_history": ("Kinn", {"staff", "conflicted"}),
    "award_edition_changelist": ("2030", {"staff", "juror", "conflicted"}),
    "nominations_assessment_changelist": ("Kinn", {"staff", "juror"}),
    "nominations_assessment_change": (COMMENT, {"staff", "juror"}),
    "nominations_assessment_simple_history": (COMMENT, {"staff", "juror"}),
    "nominations_assessment_history": ("Kinn", {"staff", "juror"}),
    "nominations_assessment_add": ("Bodø", {"juror", "conflicted"}),
    "award_feedback_changelist": (FEEDBACK, {"staff"}),
    "award_feedback_change": (FEEDBACK, {"staff"}),
    "award_outgoingemail_changelist": ("Kvittering", {"staff"}),
    "award_outgoingemail_change": ("Kvittering", {"staff"}),
    "nominations_nominee_changelist": ("Kinn", {"staff", "juror"}),
    "nominations_nominee_change": (DESCRIPTION, {"staff", "juror"}),
    "nominations_nominee_simple_history": (DESCRIPTION, {"staff", "juror"}),
    "nominations_nominee_history": ("Kinn", {"staff", "juror"}),
    "nominations_nomination_changelist": ("Kinn", {"staff", "juror"}),
    "nominations_nomination_change": (CONTACT_EMAIL, {"staff", "juror"}),
    "nominations_nomination_simple_history": (CONTACT_EMAIL, {"staff", "juror"}),
    "nominations_nomination_history": ("Kinn", {"staff", "juror"}),
    "nominations_nomination_eligibility": ("Kinn", {"staff"}),
    "nominations_nomination_new_link": (CONTACT_EMAIL, {"staff"}),
    "nominations_nomination_ranking": ("Kinn", {"staff"}),
    "voting_vote_log": ("Kinn", {"staff"}),
    "voting_vote_clusters": (VOTER_DOMAIN, {"staff"}),
    # Not the domain: it is in the address, which the refusal page repeats in its links.
    "voting_vote_void_cluster": ("Kinn", {"staff"}),
    "voting_vote_changelist": (VOTER_DOMAIN, {"staff"}),
    "voting_vote_change": (VOID_REASON, {"staff"}),
    "voting_voiding_changelist": (VOID_REASON, {"staff"}),
    "voting_voiding_change": (VOID_REASON, {"staff"}),
    "nominations:attachment": (ATTACHMENT_BYTES.decode(), {"staff", "juror"}),
    "award:nominee_photo": ("PNG", {"staff", "juror"}),
}

# What a role never reads on any page of the admin (a page that repeats its own
# address is not counted: the person typed that).
NOT_FOR_THE_JURY = {VOTER_DOMAIN, VOID_REASON, STAFF_EMAIL, FEEDBACK, EMAIL_BODY}
KINNS_ENTRY = {CONTACT_EMAIL, DESCRIPTION, COMMENT, ATTACHMENT_BYTES.decode()}
NEVER = {
    # The outbox tells what became of an e-mail, never what it said.
    "staff": {EMAIL_BODY},
    "juror": NOT_FOR_THE_JURY | {CONFLICT_REASON},
    "conflicted": NOT_FOR_THE_JURY | KINNS_ENTRY | {JUROR_EMAIL},
    "other_edition": NOT_FOR_THE_JURY | KINNS_ENTRY | {JUROR_EMAIL, CONFLICT_REASON},
    "anonymous": NOT_FOR_THE_JURY | KINNS_ENTRY | {JUROR_EMAIL, CONFLICT_REASON},
}


ICON_TEXTS = {"translated": ("Ja", "Nei", "Ukjent"), "in python": ("True", "False", "None")}
# The pages that show a yes/no icon, in a list or as a read-only field.
TRANSLATED_ICONS = {
    "auth_user_change",
    "auth_user_changelist",
    "award_feedback_change",
    "award_feedback_changelist",
    "nominations_nomination_change",
    "nominations_nomination_changelist",
    "nominations_nomination_simple_history",
    "nominations_nominee_change",
    "nominations_nominee_changelist",
    "nominations_nominee_simple_history",
}


def body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def test_every_admin_url_has_a_line_in_the_table():
    routes = set(admin_routes())

    assert routes - {"app_list"} == set(EXPECTED) - set(PRIVATE_FILES)
    assert set(app_labels()) == set(APP_PAGES)
    # django-axes keeps its records out of the admin (AXES_ENABLE_ADMIN = False).
    assert not [route for route in routes if "axes" in route]


def test_every_admin_url_answers_each_role_as_the_table_says(world):
    objects, users = world
    clients = {role: sign_in(users, role) for role in ROLES}
    login = reverse("admin:login")
    answers, shown_to, misdirected, leaks = {}, {}, [], []
    icons = {"translated": set(), "in python": set()}

    for key in EXPECTED:
        page = address(objects, key)
        codes = []
        for role, client in clients.items():
            response = client.get(page)
            codes.append(str(response.status_code))
            content = body(response)
            if key in SHOWN and SHOWN[key][0].encode() in content:
                shown_to.setdefault(key, set()).add(role)
            leaks += [
                (key, role, text)
                for text in NEVER[role]
                if text.encode() in content and text not in page
            ]
            for kind, texts in ICON_TEXTS.items():
                if any(f'alt="{text}"'.encode() in content for text in texts):
                    icons[kind].add(key)
            location = response.get("Location", "")
            if response.status_code == 302 and role == "anonymous" and key not in ("logout", "set_language"):
                if not location.startswith(login):
                    misdirected.append((key, role, location))
        answers[key] = " ".join(codes)
    for app in APP_PAGES:
        page = reverse("admin:app_list", args=[app])
        answers[f"app {app}"] = " ".join(str(clients[role].get(page).status_code) for role in ROLES)

    assert answers == EXPECTED | {f"app {app}": codes for app, codes in APP_PAGES.items()}
    assert shown_to == {key: roles for key, (_text, roles) in SHOWN.items()}
    assert misdirected == []
    assert leaks == []
    # The yes/no icons of the lists and of read-only fields say «Ja» or «Nei».
    assert icons == {"translated": TRANSLATED_ICONS, "in python": set()}


def base_actions():
    """Every action of every change list, whoever may use it: (model, action name)."""
    return {
        (name, action_name)
        for name, model_admin in REGISTERED.items()
        for _function, action_name, _description in model_admin._get_base_actions()
    }


# An action posted from a change list with the world's object selected.
# "list": the change list again, because this person is offered no action
# there at all; "confirm": the action's own page (a confirmation, a reason
# to give); "csv": the file; 302 back to the list: done, refused with a
# message, or «Ingen handling valgt» for an action not offered to them.
ACTIONS = {
    ("auth.group", "delete_selected"): "403 403 403 403 302",
    ("auth.user", "delete_selected"): "list 403 403 403 302",
    ("nominations.assessment", "delete_selected"): "list list list list 302",
    ("nominations.conflict", "delete_selected"): "list list list list 302",
    ("award.edition", "delete_selected"): "302 list list list 302",
    ("award.edition", "publish_finalists"): "302 list list list 302",
    ("award.edition", "publish_finalists_now"): "302 list list list 302",
    ("award.edition", "publish_nominees"): "302 list list list 302",
    ("award.edition", "reveal_winner"): "302 list list list 302",
    ("award.feedback", "delete_selected"): "list 403 403 403 302",
    ("nominations.jurymember", "delete_selected"): "confirm 403 403 403 302",
    ("award.outgoingemail", "delete_selected"): "302 403 403 403 302",
    ("award.outgoingemail", "send_again"): "302 403 403 403 302",
    ("award.pressrelease", "delete_selected"): "list 403 403 403 302",
    ("django_tasks_database.dbtaskresult", "delete_selected"): "403 403 403 403 302",
    ("municipalities.county", "delete_selected"): "list 403 403 403 302",
    ("municipalities.municipality", "delete_selected"): "list list list list 302",
    ("nominations.nomination", "delete_selected"): "302 list list list 302",
    ("nominations.nomination", "export_csv"): "csv list list list 302",
    ("nominations.nomination", "mark_eligible"): "302 list list list 302",
    ("nominations.nomination", "shortlist"): "302 list list list 302",
    ("nominations.nominee", "delete_selected"): "list list list list 302",
    ("otp_totp.totpdevice", "delete_selected"): "403 403 403 403 302",
    ("voting.voiding", "delete_selected"): "list 403 403 403 302",
    ("voting.vote", "delete_selected"): "302 403 403 403 302",
    ("voting.vote", "void_selected"): "confirm 403 403 403 302",
}
# What the answer to an action holds, and who gets it.
ACTION_SHOWS = {
    ("nominations.nomination", "export_csv"): (CONTACT_EMAIL, {"staff"}),
}


def outcome(response):
    if response.status_code != 200:
        return str(response.status_code)
    if response["Content-Type"].startswith("text/csv"):
        return "csv"
    if response.templates[0].name.endswith("/change_list.html"):
        return "list"
    return "confirm"


def test_every_action_has_a_line_in_the_table():
    assert base_actions() == set(ACTIONS)


def test_every_action_answers_each_role_as_the_table_says(world):
    objects, users = world
    answers, shown_to = {}, {}

    for name, action in sorted(ACTIONS):
        app_label, model_name = name.split(".")
        page = reverse(f"admin:{app_label}_{model_name}_changelist")
        data = {"action": action, "index": 0, helpers.ACTION_CHECKBOX_NAME: [objects[name].pk]}
        codes = {}
        # Staff last: what they do must not change what the others are answered.
        for role in ["juror", "conflicted", "other_edition", "anonymous", "staff"]:
            response = sign_in(users, role).post(page, data)
            codes[role] = outcome(response)
            shows = ACTION_SHOWS.get((name, action))
            if shows and shows[0].encode() in body(response):
                shown_to.setdefault((name, action), set()).add(role)
        answers[name, action] = " ".join(codes[role] for role in ROLES)

    assert answers == ACTIONS
    assert shown_to == {key: roles for key, (_text, roles) in ACTION_SHOWS.items()}


# The review's own forms, posted: what each role gets, and whether it was done.
POSTED = {
    "nominations_nomination_new_link": "302 403 403 403 302",
    "nominations_nomination_eligibility": "302 403 403 403 302",
    "voting_vote_void_cluster": "302 403 403 403 302",
}


def state(objects):
    """What the three forms change: Kinn's private key, Bodø's decision, the votes voided."""
    kinn, bodo = objects["nominations.nomination"], objects["unscored"]
    kinn.refresh_from_db()
    bodo.refresh_from_db()
    return {
        "nominations_nomination_new_link": kinn.edit_key,
        "nominations_nomination_eligibility": bodo.eligibility,
        "voting_vote_void_cluster": Vote.objects.filter(voiding__isnull=False).count(),
    }


def test_the_reviews_forms_are_done_only_when_staff_post_them(world):
    objects, users = world
    data = {
        "nominations_nomination_new_link": {},
        "nominations_nomination_eligibility": {
            "eligibility": Eligibility.INELIGIBLE,
            "eligibility_reason": "Kom inn etter fristen",
        },
        "voting_vote_void_cluster": {
            "prisrunde": 2030,
            "type": "domain",
            "nokkel": VOTER_DOMAIN,
            "reason": "Stemmer fra samme domene",
        },
    }
    answers, done_by = {}, {}

    pages = {
        **{key: address(objects, key) for key in POSTED},
        # Kinn is nominated already, so it is Bodø that can still be found not eligible.
        "nominations_nomination_eligibility": reverse(
            "admin:nominations_nomination_eligibility", args=[objects["unscored"].pk]
        ),
    }

    for key, page in pages.items():
        codes = {}
        # Staff last, so that each of the others is refused on an unchanged object.
        for role in ["juror", "conflicted", "other_edition", "anonymous", "staff"]:
            before = state(objects)[key]
            codes[role] = str(sign_in(users, role).post(page, data[key]).status_code)
            if state(objects)[key] != before:
                done_by.setdefault(key, []).append(role)
        answers[key] = " ".join(codes[role] for role in ROLES)

    assert answers == POSTED
    assert done_by == dict.fromkeys(POSTED, ["staff"])
    assert objects["unscored"].eligibility == Eligibility.INELIGIBLE
    # The one vote voided before, and now the rest of the cluster from the same domain.
    assert Vote.objects.filter(voiding__isnull=False).count() == CLUSTER_MIN_VOTES + 1
    assert not Vote.objects.filter(email_domain=VOTER_DOMAIN, voiding__isnull=True).exists()
