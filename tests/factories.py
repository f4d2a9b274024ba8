"""Small builders for test data; each test shows what it builds."""

import datetime
import io
from decimal import Decimal

from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone
from PIL import Image

from award.models import Edition, Phase
from award.roles import STAFF_GROUP, seat_on_jury
from municipalities.models import Municipality
from nominations.models import (
    SCORE_FIELDS,
    Assessment,
    Conflict,
    JuryMember,
    Nomination,
    NominationStatus,
    Nominee,
)
from voting.models import Vote, address_domain, voter_key

STEP = datetime.timedelta(days=7)


def make_edition(year=2030, phase=Phase.UPCOMING, at=None, **fields):
    edition = Edition(year=year, **fields)
    edition.place_in_phase(phase, at or timezone.now(), STEP)
    edition.full_clean()
    edition.save()
    return edition


def make_nominee(edition, name, **fields):
    return Nominee.objects.create(
        edition=edition, municipality=Municipality.objects.get(name=name), **fields
    )


def make_nomination(edition, name="Kinn", **fields):
    """A submitted entry that meets the entry criterion, unless `fields` say otherwise."""
    entry = {
        "contact_name": f"Kontakt i {name}",
        "contact_email": f"post@{Municipality.objects.get(name=name).slug}.kommune.no",
        "share_in_work_directly": Decimal("62.5"),
        "share_in_work_after_one_year": Decimal("70"),
        "status": NominationStatus.SUBMITTED,
        **fields,
    }
    return Nomination.objects.create(
        edition=edition, municipality=Municipality.objects.get(name=name), **entry
    )


def make_staff(username="saksbehandler"):
    """An IMDi staff member: in the staff group, as the README tells an administrator to do."""
    user = User.objects.create_user(username, password="passord-for-test", is_staff=True)
    user.groups.add(Group.objects.get(name=STAFF_GROUP))
    return user


def make_juror(edition, username="jurymedlem"):
    user = User.objects.filter(username=username).first() or User.objects.create_user(
        username, password="passord-for-test"
    )
    seat_on_jury(user)
    return JuryMember.objects.create(edition=edition, user=user)


def edition_change_form(edition, **fields):
    """What the admin's change form for `edition` posts: its year, prize name, threshold and
    timeline, each moment split into day and time as the admin's inputs hold it; `fields`
    added or put in place."""

    def day_and_time(moment):
        if moment is None:
            return ["", ""]
        local = timezone.localtime(moment)
        return [local.strftime("%d.%m.%Y"), local.strftime("%H:%M:%S")]

    return {
        "year": edition.year,
        "prize_name": edition.prize_name,
        "entry_threshold": str(edition.entry_threshold),
        **{
            f"{field}_{part}": value
            for field, _phase in Edition.TIMELINE
            for part, value in enumerate(day_and_time(getattr(edition, field)))
        },
        **fields,
    }


# The people the admin's access tests walk every page as, in the order of their tables.
REVIEW_ROLES = ("staff", "juror", "conflicted", "other_edition", "anonymous")


def make_review_roles(edition, earlier, conflict_with, reason):
    """A person in every role of the review: a staff member; Kari on the jury of `edition`;
    Ola on it too, with a conflict declared with the municipality `conflict_with` for
    `reason`; Per on the jury of the `earlier` edition; and someone signed out (None).

    Returns the users and the jury seats by role, and Ola's conflict.
    """
    staff = make_staff()
    seats = {
        "juror": make_juror(edition, "kari"),
        "conflicted": make_juror(edition, "ola"),
        "other_edition": make_juror(earlier, "per"),
    }
    conflict = Conflict.objects.create(
        juror=seats["conflicted"], municipality=conflict_with, reason=reason
    )
    users = {
        "staff": staff,
        **{role: seat.user for role, seat in seats.items()},
        "anonymous": None,
    }
    return users, seats, conflict


def sign_in(users, role):
    """A client signed in as the user of `role`, or signed out for "anonymous"."""
    client = Client()
    if users[role] is not None:
        client.force_login(users[role])
    return client


def make_assessment(juror, nomination, scores=(3, 3, 3, 3), submitted=True, **fields):
    return Assessment.objects.create(
        juror=juror,
        nomination=nomination,
        submitted_at=timezone.now() if submitted else None,
        **dict(zip(SCORE_FIELDS, scores, strict=True)),
        **fields,
    )


def png_image(width=4, height=3):
    """The bytes of a small, real PNG picture, as a photo upload would carry."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def make_vote(nominee, address, confirmed=True, network="192.0.2.0/24", user_agent="Firefox/140", at=None):
    """A vote as the rules leave it once cast (and, by default, confirmed), without the e-mails."""
    at = at or timezone.now()
    return Vote.objects.create(
        edition=nominee.edition,
        nominee=nominee,
        voter_key=voter_key(address),
        email_domain=address_domain(address),
        network=network,
        user_agent=user_agent,
        created_at=at,
        confirmed_at=at if confirmed else None,
    )


def make_votes(nominee, count, domain="example.no", confirmed=True, **fields):
    """`count` votes for `nominee` from different people at `domain`."""
    return [
        make_vote(nominee, f"velger{number}.{nominee.pk}@{domain}", confirmed=confirmed, **fields)
        for number in range(count)
    ]
