"""Staff revoke a leaked private link from the entry's page: a new key, an e-mail, a history record."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from award.models import Phase
from municipalities.models import WrittenStandard
from nominations.models import Eligibility, Nomination
from nominations.tokens import edit_token
from tests.factories import make_edition, make_juror, make_nomination, make_staff

pytestmark = pytest.mark.django_db

CONTACT = "kari.nordmann@kinn.kommune.no"


@pytest.fixture
def entry():
    return make_nomination(
        make_edition(year=2030, phase=Phase.UNDER_REVIEW), "Kinn", contact_email=CONTACT
    )


@pytest.fixture
def staff(client):
    client.force_login(make_staff())
    return client


def new_link(entry):
    return reverse("admin:nominations_nomination_new_link", args=[entry.pk])


def text(response):
    return response.content.decode()


def test_the_entrys_page_offers_staff_to_replace_the_link_and_says_who_gets_the_new_one(
    staff, entry
):
    change = staff.get(reverse("admin:nominations_nomination_change", args=[entry.pk]))
    confirm = staff.get(new_link(entry))

    assert f'<a href="{new_link(entry)}">Erstatt den private lenken</a>' in text(change)
    assert confirm.status_code == 200
    assert f"den nye sendes til kontaktpersonen, {CONTACT}." in " ".join(text(confirm).split())


def test_replacing_the_link_revokes_the_old_one_and_mails_the_new_one(
    staff, entry, client, django_capture_on_commit_callbacks
):
    old_link = reverse("nominations:edit", kwargs={"token": edit_token(entry)})
    old_key = entry.edit_key

    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(new_link(entry), follow=True)

    entry = Nomination.objects.get(pk=entry.pk)
    assert entry.edit_key != old_key
    assert [str(m) for m in response.context["messages"]] == [
        f"Kinn (2030) har fått en ny privat lenke. Den gamle virker ikke lenger, og den nye er sendt til {CONTACT}."
    ]
    [message] = mail.outbox
    assert message.to == [CONTACT]
    assert (
        message.subject
        == "Ny lenke til forslaget fra Kinn til Bosettings- og integreringsprisen 2030"
    )
    assert "Den gamle lenken virker ikke lenger." in " ".join(message.body.split())
    # The link is signed with the time it was made: the one in the e-mail is the one to follow.
    [fresh_link] = re.findall(r"https?://[^\s/]+(/forslag/[^\s]+/)", message.body)
    assert fresh_link != old_link
    staff.logout()
    old = client.get(old_link)
    assert old.status_code == 404
    assert "Lenken virker ikke" in text(old)
    assert client.get(fresh_link).status_code == 200


def test_the_replacement_is_in_the_entrys_history_with_who_and_when(staff, entry):
    updated_at = entry.updated_at

    staff.post(new_link(entry))

    record = entry.history.latest()
    history = staff.get(reverse("admin:nominations_nomination_history", args=[entry.pk]))
    assert record.history_change_reason == "Ny privat lenke; den gamle virker ikke lenger"
    assert record.history_user.username == "saksbehandler"
    assert "Ny privat lenke; den gamle virker ikke lenger" in text(history)
    assert Nomination.objects.get(pk=entry.pk).updated_at == updated_at


def test_the_new_link_is_written_in_a_nynorsk_municipalitys_standard(
    staff, entry, django_capture_on_commit_callbacks
):
    entry.municipality.written_standard = WrittenStandard.NYNORSK
    entry.municipality.save()

    with django_capture_on_commit_callbacks(execute=True):
        staff.post(new_link(entry))

    [message] = mail.outbox
    assert (
        message.subject
        == "Ny lenkje til framlegget frå Kinn til Busetjings- og integreringsprisen 2030"
    )
    assert "Den gamle lenkja verkar ikkje lenger." in " ".join(message.body.split())


def test_a_jury_member_cannot_replace_the_link(client, entry):
    Nomination.objects.filter(pk=entry.pk).update(eligibility=Eligibility.ELIGIBLE)
    client.force_login(make_juror(entry.edition, "kari").user)
    key = entry.edit_key

    change = client.get(reverse("admin:nominations_nomination_change", args=[entry.pk]))
    refused = client.post(new_link(entry))

    assert change.status_code == 200
    assert "Erstatt den private lenken" not in text(change)
    assert refused.status_code == 403
    assert Nomination.objects.get(pk=entry.pk).edit_key == key
    assert mail.outbox == []
