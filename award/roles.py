"""The two roles of the review, as Django groups: IMDi staff and the jury.

The groups are kept in step with the lists below after every `migrate`, so
that a new permission reaches a role without anyone touching the database.
"""

from django.contrib.auth.models import Group, Permission

STAFF_GROUP = "Saksbehandler"
JURY_GROUP = "Jury"

STAFF_PERMISSIONS = [
    "auth.view_user",
    "award.add_edition",
    "award.change_edition",
    "award.view_edition",
    "award.publish_nominees",
    "award.view_feedback",
    "award.add_pressrelease",
    "award.change_pressrelease",
    "award.view_pressrelease",
    "award.add_quote",
    "award.change_quote",
    "award.delete_quote",
    "award.view_quote",
    "award.view_outgoingemail",
    "award.change_outgoingemail",
    "municipalities.view_county",
    "municipalities.view_municipality",
    "municipalities.change_municipality",
    "nominations.view_nomination",
    "nominations.review_nomination",
    "nominations.view_attachment",
    "nominations.add_nominee",
    "nominations.change_nominee",
    "nominations.view_nominee",
    "nominations.add_jurymember",
    "nominations.change_jurymember",
    "nominations.delete_jurymember",
    "nominations.view_jurymember",
    "nominations.add_conflict",
    "nominations.change_conflict",
    "nominations.view_conflict",
    "nominations.view_assessment",
    "nominations.view_all_assessments",
]
# Staff manage the public vote; every permission of the voting app is theirs.
STAFF_APPS = ["voting"]

JURY_PERMISSIONS = [
    "award.view_edition",
    "municipalities.view_municipality",
    "nominations.view_nomination",
    "nominations.view_attachment",
    "nominations.change_nominee",
    "nominations.view_nominee",
    "nominations.add_conflict",
    "nominations.view_conflict",
    "nominations.add_assessment",
    "nominations.change_assessment",
    "nominations.view_assessment",
]


def permissions(names, apps=()):
    wanted = {tuple(name.split(".", 1)) for name in names}
    found = Permission.objects.filter(content_type__app_label__in=apps)
    for app_label, codename in wanted:
        found = found | Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        )
    return found


def missing_permissions():
    """Names in the lists above that match no permission: a typo, or a model gone."""
    names = set(STAFF_PERMISSIONS) | set(JURY_PERMISSIONS)
    existing = {
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.values_list(
            "content_type__app_label", "codename"
        )
    }
    return sorted(names - existing)


def sync_groups(**kwargs):
    """Give each role exactly the permissions listed for it."""
    staff, _created = Group.objects.get_or_create(name=STAFF_GROUP)
    staff.permissions.set(permissions(STAFF_PERMISSIONS, STAFF_APPS))
    jury, _created = Group.objects.get_or_create(name=JURY_GROUP)
    jury.permissions.set(permissions(JURY_PERMISSIONS))


def seat_on_jury(user):
    """Let a new jury member sign in to the admin with the jury's permissions."""
    user.groups.add(Group.objects.get(name=JURY_GROUP))
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
