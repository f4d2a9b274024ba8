"""The admin as staff and jury use it: every control found by its label, axe-core on every page."""

import pytest
from django.utils.timezone import localtime
from playwright.sync_api import expect

from award.models import Phase
from nominations.models import SCORED_CRITERIA, Eligibility
from tests.accessibility import assert_accessible
from tests.admin_sign_in import sign_in
from tests.conftest import load_reference_data
from tests.factories import (
    make_assessment,
    make_edition,
    make_juror,
    make_nomination,
    make_nominee,
    make_staff,
    make_votes,
)
from voting.models import Vote

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CRITERIA = [str(label) for _field, label in SCORED_CRITERIA]


@pytest.fixture
def cycle(transactional_db):
    """An edition under review with a score sent in, and the year before in its vote."""
    load_reference_data()
    review = make_edition(year=2030, phase=Phase.UNDER_REVIEW)
    kinn = make_nomination(review, "Kinn", eligibility=Eligibility.ELIGIBLE)
    make_nomination(review, "Bodø")
    make_juror(review)
    make_assessment(make_juror(review, "annen-jurymedlem"), kinn, scores=(4, 4, 3, 5))
    vote = make_edition(year=2029, phase=Phase.VOTING_OPEN)
    for name in ["Asker", "Gjøvik", "Voss"]:
        make_votes(make_nominee(vote, name), 3, network="203.0.113.0/24")
    return review, kinn


def scan(page, url, heading):
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    assert_accessible(page)


def test_the_admin_pages_staff_use_have_no_serious_violation(page, cycle):
    edition, kinn = cycle
    make_staff()
    sign_in(page, "saksbehandler")

    scan(page, "/admin/", "Administrasjon")
    scan(page, "/admin/nominations/nomination/", "Velg forslag")
    scan(page, f"/admin/nominations/nomination/{kinn.pk}/change/", "Se forslag")
    scan(page, f"/admin/nominations/nomination/{kinn.pk}/vurdering/", "Vurder Kinn")
    scan(page, "/admin/nominations/nomination/rangering/2030/", "Juryens rangering")
    scan(page, f"/admin/nominations/nomination/{kinn.pk}/history/", "Endringshistorikk")
    scan(page, "/admin/award/edition/", "Velg prisrunde")
    scan(page, f"/admin/award/edition/{edition.pk}/change/", "Endre prisrunde")
    scan(page, "/admin/nominations/jurymember/add/", "Legg til ny jurymedlem")
    scan(page, "/admin/nominations/assessment/", "Velg poenggivning")
    scan(page, "/admin/nominations/nominee/add/", "Legg til ny nominert kommune")
    scan(page, "/admin/voting/vote/", "Velg stemme")
    scan(page, "/admin/voting/vote/logg/?prisrunde=2029", "Stemmelogg")
    scan(page, "/admin/voting/vote/klynger/?prisrunde=2029", "Mistenkelige klynger")
    page.goto("/admin/voting/vote/klynger/annuller/?prisrunde=2029&type=network&nokkel=203.0.113.0/24")
    expect(page.get_by_role("heading", level=1)).to_have_text("Annuller en klynge")
    assert_accessible(page)

    page.goto("/admin/voting/vote/")
    page.get_by_role("checkbox", name="Velg alle på siden for en handling").check()
    page.get_by_label("Handling:").select_option(label="Annuller valgte stemmer")
    page.get_by_role("button", name="Gå", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Annuller stemmer")
    assert_accessible(page)
    assert Vote.objects.filter(voiding__isnull=False).count() == 0


def test_the_admin_pages_the_jury_use_have_no_serious_violation(page, cycle):
    _edition, kinn = cycle
    sign_in(page, "jurymedlem")

    scan(page, "/admin/", "Administrasjon")
    scan(page, "/admin/nominations/nomination/", "Velg forslag")
    scan(page, f"/admin/nominations/nomination/{kinn.pk}/change/", "Se forslag")
    scan(page, f"/admin/nominations/assessment/add/?nomination={kinn.pk}", "Legg til ny poenggivning")
    scan(page, "/admin/nominations/conflict/add/", "Legg til ny inhabilitet")
    scan(page, "/admin/nominations/nominee/", "Velg nominert kommune")


def test_each_criterion_of_the_scoring_page_is_a_group_named_by_the_criterion(page, cycle):
    _edition, kinn = cycle
    sign_in(page, "jurymedlem")
    page.goto(f"/admin/nominations/assessment/add/?nomination={kinn.pk}")

    for criterion in CRITERIA:
        group = page.get_by_role("group", name=criterion)
        expect(group).to_have_count(1)
        # «Ingen» leaves a criterion open in a draft.
        expect(group.get_by_role("radio")).to_have_count(6)
        for score in ["Ingen", "1", "2", "3", "4", "5"]:
            expect(group.get_by_role("radio", name=score, exact=True)).to_have_count(1)

    page.get_by_role("group", name=CRITERIA[0]).get_by_role("radio", name="4", exact=True).check()
    page.get_by_role("group", name=CRITERIA[1]).get_by_role("radio", name="2", exact=True).check()
    page.get_by_role("button", name="Lagre", exact=True).click()
    expect(page.get_by_text("ble lagt til")).to_be_visible()
    assessment = kinn.assessments.get(juror__user__username="jurymedlem")
    assert (assessment.score_results, assessment.score_settlement) == (4, 2)
    assert assessment.submitted_at is None


def test_each_date_and_time_of_an_edition_has_its_own_label(page, cycle, settings):
    # Saving an edition schedules its announcements, which needs a queue that keeps tasks for later.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    edition, _kinn = cycle
    make_staff()
    sign_in(page, "saksbehandler")
    page.goto(f"/admin/award/edition/{edition.pk}/change/")

    opening = localtime(edition.nominations_open_at)
    deadline = localtime(edition.nominations_deadline_at)

    page.get_by_role("group", name="Forslag åpner").get_by_label("Tid").fill("08:30:00")
    deadline_group = page.get_by_role("group", name="Frist for forslag")
    expect(deadline_group.get_by_label("Dato")).to_have_value(deadline.date().isoformat())
    deadline_group.get_by_label("Tid").fill("23:59:00")
    page.get_by_role("button", name="Lagre", exact=True).click()

    expect(page.get_by_text("ble endret")).to_be_visible()
    edition.refresh_from_db()
    assert localtime(edition.nominations_open_at) == opening.replace(hour=8, minute=30, second=0, microsecond=0)
    assert localtime(edition.nominations_deadline_at) == deadline.replace(hour=23, minute=59, second=0, microsecond=0)


def test_a_search_box_for_a_user_or_a_municipality_is_named_by_its_field(page, cycle):
    edition, _kinn = cycle
    make_staff()
    sign_in(page, "saksbehandler")
    page.goto("/admin/nominations/jurymember/add/")

    # Until its script has run, the box is still the plain select it replaces.
    expect(page.get_by_role("combobox", name="Bruker")).to_have_attribute("aria-expanded", "false")
    page.get_by_role("combobox", name="Bruker").click()
    page.get_by_role("searchbox", name="Bruker").fill("annen")
    expect(page.get_by_role("option", name="annen-jurymedlem")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("option", name="annen-jurymedlem").click()
    expect(page.get_by_role("combobox", name="Bruker")).to_contain_text("annen-jurymedlem")

    page.goto("/admin/nominations/conflict/add/")
    # Until its script has run, the box is still the plain select it replaces.
    expect(page.get_by_role("combobox", name="Kommune")).to_have_attribute("aria-expanded", "false")
    page.get_by_role("combobox", name="Kommune").click()
    page.get_by_role("searchbox", name="Kommune").fill("Kinn")
    expect(page.get_by_role("option", name="Kinn")).to_be_visible()


def test_a_juror_chooses_nynorsk_on_the_sign_in_page_and_keeps_it_in_the_admin(page, cycle):
    page.goto("/admin/")
    page.get_by_label("Språk").select_option(label="Norsk (nynorsk)")
    page.get_by_role("button", name="Bytt språk").click()

    expect(page.get_by_role("button", name="Logg inn")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Brukarnamn").fill("jurymedlem")
    page.get_by_label("Passord").fill("passord-for-test")
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("link", name="Hopp til hovudinnhald")).to_be_attached()
    expect(page.get_by_label("Språk")).to_have_value("nn")
    page.get_by_label("Språk").select_option(label="Norsk (bokmål)")
    page.get_by_role("button", name="Byt språk").click()
    expect(page.get_by_role("link", name="Hopp til hovedinnhold")).to_be_attached()
    expect(page.get_by_role("heading", name="Administrasjon", exact=True)).to_be_visible()
