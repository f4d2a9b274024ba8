"""The review cycle in the admin, in a real browser, as staff and as a jury member.

Every step goes by what a person sees: labels, roles and the text on the
page. Staff decide eligibility, seat a juror, rank, shortlist, write the
texts and publish; the juror declares a conflict, scores, and is refused
what they must not see.
"""

from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from award.models import Phase
from nominations.models import (
    SCORED_CRITERIA,
    Assessment,
    Conflict,
    Eligibility,
    JuryMember,
    Nominee,
)
from tests.accessibility import assert_accessible
from tests.admin_sign_in import sign_in
from tests.conftest import load_reference_data
from tests.factories import (
    make_edition,
    make_juror,
    make_nomination,
    make_nominee,
    make_staff,
    png_image,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CRITERIA = [str(label) for _field, label in SCORED_CRITERIA]
DESCRIPTION = "Kinn kombinerer språkopplæring med arbeidspraksis."
RATIONALE = "Juryen vil særlig trekke fram samarbeidet med næringslivet i Kinn."


@pytest.fixture
def cycle(transactional_db):
    """An edition under review with three entries, one below the entry criterion, and last year's."""
    load_reference_data()
    edition = make_edition(year=2030, phase=Phase.UNDER_REVIEW)
    entries = {
        "Kinn": make_nomination(edition, "Kinn"),
        "Bodø": make_nomination(edition, "Bodø"),
        # 45 % in work or education directly after the programme: below the 50 % of the call.
        "Vadsø": make_nomination(edition, "Vadsø", share_in_work_directly=Decimal("45")),
    }
    earlier = make_edition(year=2029, phase=Phase.NOMINATIONS_OPEN)
    entries["Voss 2029"] = make_nomination(earlier, "Voss", eligibility=Eligibility.ELIGIBLE)
    make_staff()
    User.objects.create_user("kari", password="passord-for-test", first_name="Kari", last_name="Jury")
    return edition, entries


@pytest.fixture
def juror_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nb-NO")
    yield context.new_page()
    context.close()


def select_row(page, entry):
    page.get_by_role("checkbox", name=f"Velg denne for en handling – {entry}").check()


def run_action(page, label):
    page.get_by_label("Handling:").select_option(label=label)
    page.get_by_role("button", name="Gå", exact=True).click()


def row(page, name):
    return page.get_by_role("row").filter(has=page.get_by_role("link", name=name, exact=True))


def choose(page, field, search, option):
    """Picks `option` in an autocomplete box, found by its label like any other field."""
    box = page.get_by_role("combobox", name=field)
    # Until its script has run, the box is still the plain select it replaces.
    expect(box).to_have_attribute("aria-expanded", "false")
    box.click()
    page.get_by_role("searchbox", name=field).fill(search)
    page.get_by_role("option", name=option, exact=True).click()


def test_staff_and_a_juror_take_an_edition_from_review_to_published_nominees(page, juror_page, cycle):
    edition, entries = cycle
    kinn, bodo, vadso = entries["Kinn"], entries["Bodø"], entries["Vadsø"]

    # Staff: the list says which entry falls short of the criterion.
    sign_in(page, "saksbehandler")
    page.get_by_role("link", name="Forslag", exact=True).click()
    page.get_by_role("link", name="Oppfyller ikke", exact=True).click()
    expect(page.get_by_role("link", name="Vadsø", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Kinn", exact=True)).to_have_count(0)
    page.get_by_role("link", name="Vadsø", exact=True).click()
    expect(page.get_by_text("45 % rett etter programmet er under inngangskriteriet på 50 %.")).to_be_visible()

    # Only the entries that meet the criterion are marked eligible.
    page.goto(f"/admin/nominations/nomination/?edition__id__exact={edition.pk}")
    select_row(page, "Kinn (2030)")
    select_row(page, "Bodø (2030)")
    run_action(page, "Merk som kvalifisert")
    expect(row(page, "Kinn").get_by_role("cell", name="Kvalifisert", exact=True)).to_be_visible()
    expect(row(page, "Bodø").get_by_role("cell", name="Kvalifisert", exact=True)).to_be_visible()
    expect(row(page, "Vadsø").get_by_role("cell", name="Ikke vurdert", exact=True)).to_be_visible()
    assert_accessible(page)

    # Staff seat Kari on the jury.
    page.goto("/admin/")
    page.get_by_role("link", name="Jurymedlemmer", exact=True).click()
    page.get_by_role("link", name="Legg til ny jurymedlem").click()
    choose(page, "Bruker", "kari", "kari")
    page.get_by_label("Prisrunde").select_option(label=str(edition))
    page.get_by_role("button", name="Lagre", exact=True).click()
    expect(page.get_by_role("link", name="kari", exact=True)).to_be_visible()

    # The juror declares a conflict with Bodø.
    sign_in(juror_page, "kari")
    juror_page.get_by_role("link", name="Inhabiliteter", exact=True).click()
    juror_page.get_by_role("link", name="Legg til ny inhabilitet").click()
    choose(juror_page, "Kommune", "Bodø", "Bodø")
    juror_page.get_by_label("Grunn").fill("Jeg er ansatt i Bodø kommune.")
    assert_accessible(juror_page)
    juror_page.get_by_role("button", name="Lagre", exact=True).click()
    expect(juror_page.get_by_text("ble lagt til")).to_be_visible()
    expect(juror_page.get_by_role("cell", name="Jeg er ansatt i Bodø kommune.")).to_be_visible()

    # The juror sees the eligible entry without a conflict, and scores it.
    juror_page.goto("/admin/")
    juror_page.get_by_role("link", name="Forslag", exact=True).click()
    expect(juror_page.get_by_role("link", name="Kinn", exact=True)).to_be_visible()
    expect(juror_page.get_by_role("link", name="Bodø", exact=True)).to_have_count(0)
    expect(juror_page.get_by_role("link", name="Vadsø", exact=True)).to_have_count(0)
    juror_page.get_by_role("link", name="Kinn", exact=True).click()
    juror_page.get_by_role("link", name="Gi poeng").click()
    for criterion, score in zip(CRITERIA, ["5", "4", "4", "3"], strict=True):
        juror_page.get_by_role("group", name=criterion).get_by_role("radio", name=score, exact=True).check()
    juror_page.get_by_label("Kommentar").fill("Sterke resultater ett år etter.")
    juror_page.get_by_label("Send inn poengene nå").check()
    assert_accessible(juror_page)
    juror_page.get_by_role("button", name="Lagre", exact=True).click()
    expect(juror_page.get_by_text("ble lagt til")).to_be_visible()

    # The juror is refused the conflicted entry and another edition's entry.
    for entry in [bodo, entries["Voss 2029"], vadso]:
        juror_page.goto(f"/admin/nominations/nomination/{entry.pk}/change/")
        expect(juror_page.get_by_text(f'Forslag med ID "{entry.pk}" eksisterer ikke')).to_be_visible()
        expect(juror_page.get_by_text(entry.contact_email)).to_have_count(0)
    juror_page.goto(f"/admin/nominations/nomination/{kinn.pk}/vurdering/")
    expect(juror_page.get_by_role("heading", name="Ingen tilgang")).to_be_visible()

    # Staff: the ranking counts the sent-in score; Vadsø, undecided, is not in it.
    page.goto("/admin/nominations/nomination/")
    page.get_by_role("link", name="Rangering 2030").click()
    expect(row(page, "Kinn")).to_contain_text("1")
    expect(row(page, "Kinn").get_by_role("cell", name="16,00", exact=True)).to_be_visible()
    expect(row(page, "Bodø").get_by_role("cell", name="–").first).to_be_visible()
    expect(row(page, "Vadsø")).to_have_count(0)
    assert_accessible(page)

    # Staff shortlist Kinn from the ranking.
    page.get_by_role("checkbox", name="Velg Kinn").check()
    page.get_by_role("button", name="Nominer de valgte kommunene").click()
    page.get_by_role("link", name="Rangering 2030").click()
    expect(row(page, "Kinn").get_by_role("cell", name="Ja", exact=True)).to_be_visible()
    expect(row(page, "Bodø").get_by_role("cell", name="Nei", exact=True)).to_be_visible()

    # Staff write the texts and publish.
    page.goto("/admin/")
    page.get_by_role("link", name="Nominerte kommuner", exact=True).click()
    page.get_by_role("link", name="Kinn", exact=True).click()
    page.get_by_label("Omtale:", exact=True).fill(DESCRIPTION)
    page.get_by_label("Juryens begrunnelse:", exact=True).fill(RATIONALE)
    assert_accessible(page)
    page.get_by_role("button", name="Lagre", exact=True).click()
    expect(page.get_by_text("ble endret")).to_be_visible()

    page.goto("/admin/")
    page.get_by_role("link", name="Prisrunder", exact=True).click()
    select_row(page, str(edition))
    run_action(page, "Kunngjør de nominerte nå")
    expect(row(page, "2030").get_by_role("cell", name="Nominerte kunngjort", exact=True)).to_be_visible()

    # What the database holds.
    kinn.refresh_from_db()
    vadso.refresh_from_db()
    assert (kinn.eligibility, vadso.eligibility) == (Eligibility.ELIGIBLE, Eligibility.PENDING)
    assert JuryMember.objects.get(user__username="kari").edition == edition
    assert Conflict.objects.get().municipality == bodo.municipality
    scores = Assessment.objects.get(juror__user__username="kari")
    assert (scores.nomination, scores.scores(), scores.is_submitted) == (kinn, [5, 4, 4, 3], True)
    assert list(Nominee.objects.values_list("municipality__name", flat=True)) == ["Kinn"]

    # The public sees the nominee.
    page.context.clear_cookies()
    page.goto("/prisen/2030/kinn/")
    expect(page.get_by_role("heading", name="Dette sier juryen om Kinn")).to_be_visible()
    expect(page.get_by_text(RATIONALE)).to_be_visible()

def test_staff_upload_a_nominees_photo_and_open_the_nominee_again(page, cycle, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    edition, entries = cycle
    make_nominee(edition, "Kinn", description=DESCRIPTION, jury_rationale=RATIONALE)
    photo = tmp_path / "kinn.png"
    photo.write_bytes(png_image(40, 30))

    sign_in(page, "saksbehandler")
    page.get_by_role("link", name="Nominerte kommuner", exact=True).click()
    page.get_by_role("link", name="Kinn", exact=True).click()
    page.get_by_label("Bilde:", exact=True).set_input_files(photo)
    page.get_by_label("Alternativ tekst til bildet:", exact=True).fill("Deltakere på språkkafé i Florø.")
    page.get_by_label("Fotograf:", exact=True).fill("Ola Foto")
    page.get_by_role("button", name="Lagre og fortsett å redigere").click()

    expect(page.get_by_role("img", name="Deltakere på språkkafé i Florø.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Lagre", exact=True).click()
    expect(page.get_by_text("ble endret")).to_be_visible()
    nominee = Nominee.objects.get()
    assert (nominee.photo_alt, nominee.photo_credit) == ("Deltakere på språkkafé i Florø.", "Ola Foto")
    assert nominee.photo.name


def test_a_juror_is_refused_the_history_of_an_entry_they_may_not_see(juror_page, cycle):
    edition, entries = cycle
    juror = make_juror(edition, "kari")
    Conflict.objects.create(juror=juror, municipality=entries["Bodø"].municipality, reason="Ansatt")
    for name in ["Bodø", "Voss 2029"]:
        entries[name].eligibility = Eligibility.ELIGIBLE
        entries[name].save()

    sign_in(juror_page, "kari")
    for name in ["Bodø", "Voss 2029", "Vadsø"]:
        entry = entries[name]
        version = entry.history.latest("history_date").history_id
        for url in [
            f"/admin/nominations/nomination/{entry.pk}/history/",
            f"/admin/nominations/nomination/{entry.pk}/history/{version}/",
        ]:
            juror_page.goto(url)
            expect(juror_page.get_by_text(entry.contact_email)).to_have_count(0)
            expect(juror_page.get_by_text(entry.contact_name)).to_have_count(0)
