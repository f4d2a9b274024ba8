"""Staff shortlist the nominees with an admin action; each contact person hears once."""

import pytest
from django.core import mail
from django.urls import reverse

from award.models import Phase
from municipalities.models import WrittenStandard
from nominations.models import Eligibility, Nominee
from tests.factories import make_edition, make_nomination, make_staff

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:nominations_nomination_changelist"


@pytest.fixture
def edition():
    return make_edition(year=2030, phase=Phase.UNDER_REVIEW)


@pytest.fixture
def staff(client, django_capture_on_commit_callbacks):
    """A signed-in staff member whose requests send their e-mails, as a committed one does."""
    client.force_login(make_staff())

    def shortlist(*nominations):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse(CHANGELIST),
                {"action": "shortlist", "_selected_action": [n.pk for n in nominations], "index": 0},
                follow=True,
            )

    client.shortlist = shortlist
    return client


def eligible(edition, name, **fields):
    return make_nomination(edition, name, eligibility=Eligibility.ELIGIBLE, **fields)


def test_the_action_makes_the_selected_municipalities_nominees(staff, edition):
    kinn, bodo = eligible(edition, "Kinn"), eligible(edition, "Bodø")
    eligible(edition, "Voss")

    response = staff.shortlist(kinn, bodo)

    nominees = Nominee.objects.filter(edition=edition)
    assert sorted(str(n.municipality) for n in nominees) == ["Bodø", "Kinn"]
    assert all(n.shortlisted_at for n in nominees)
    assert "Nominert: Bodø, Kinn. Kontaktpersonene får e-post." in [
        str(m) for m in response.context["messages"]
    ]


def test_each_contact_person_gets_one_e_mail_even_if_the_action_runs_twice(staff, edition):
    kinn = eligible(edition, "Kinn", contact_name="Kari Nordmann", contact_email="kari@kinn.kommune.no")

    staff.shortlist(kinn)
    staff.shortlist(kinn)

    assert Nominee.objects.filter(edition=edition).count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["kari@kinn.kommune.no"]
    assert message.subject == "Kinn er nominert til Bosettings- og integreringsprisen 2030"
    assert "Hei, Kari Nordmann!" in message.body
    assert "Hold nominasjonen for dere selv" in message.body


def test_the_e_mail_follows_a_nynorsk_municipalitys_written_standard(staff, edition):
    kinn = eligible(edition, "Kinn")
    kinn.municipality.written_standard = WrittenStandard.NYNORSK
    kinn.municipality.save()

    staff.shortlist(kinn)

    assert mail.outbox[0].subject == "Kinn er nominert til Busetjings- og integreringsprisen 2030"
    assert "Hei, Kontakt i Kinn!" in mail.outbox[0].body
    assert "Juryen har nominert Kinn" in mail.outbox[0].body
    assert "Hald nominasjonen for dykk sjølve" in mail.outbox[0].body


def test_an_entry_that_is_not_eligible_is_not_shortlisted(staff, edition):
    pending = make_nomination(edition, "Kinn")
    refused = make_nomination(edition, "Bodø", eligibility=Eligibility.INELIGIBLE, eligibility_reason="Under")

    response = staff.shortlist(pending, refused)

    messages = [str(m) for m in response.context["messages"]]
    assert not Nominee.objects.exists()
    assert "Kinn er ikke vurdert som kvalifisert." in messages
    assert "Bodø er ikke vurdert som kvalifisert." in messages
    assert mail.outbox == []


def test_nominees_are_not_added_after_they_are_published(staff):
    edition = make_edition(year=2031, phase=Phase.NOMINEES_PUBLISHED)
    kinn = eligible(edition, "Kinn")

    staff.shortlist(kinn)

    assert not Nominee.objects.exists()
    assert mail.outbox == []


def test_the_ranking_page_shortlists_through_the_same_action(staff, edition):
    kinn = eligible(edition, "Kinn")

    ranking = staff.get(reverse("admin:nominations_nomination_ranking", args=[2030]))
    staff.shortlist(kinn)
    after = staff.get(reverse("admin:nominations_nomination_ranking", args=[2030]))

    assert f'name="_selected_action" value="{kinn.pk}"' in ranking.content.decode()
    assert Nominee.objects.filter(municipality=kinn.municipality).exists()
    assert "<td>Ja</td>" in after.content.decode()


def test_the_shortlisting_is_recorded_with_who_did_it(staff, edition):
    kinn = eligible(edition, "Kinn")

    staff.shortlist(kinn)

    record = Nominee.objects.get().history.get()
    assert record.history_user.username == "saksbehandler"
    assert record.history_change_reason == "Nominert"
