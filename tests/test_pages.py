import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from award.models import Edition, Phase
from nominations.models import Eligibility, Nomination, Nominee
from tests.factories import make_edition, make_nominee

pytestmark = pytest.mark.django_db

HISTORY_WINNERS = [
    ("2008", "Vadsø"),
    ("2009", "Levanger"),
    ("2010", "Kristiansand"),
    ("2011", "Kragerø"),
    ("2012", "Molde"),
    ("2013", "Hammerfest"),
    ("2014", "Drammen"),
    ("2015", "Grimstad"),
    ("2016", "Trondheim"),
    ("2018", "Bærum"),
    ("2019/2020", "Sunndal"),
    ("2021", "Lørenskog"),
    ("2022", "Kinn"),
]


def text(response):
    """The page's visible text with tags removed and white space collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def edition_with_nominees(phase):
    edition = make_edition(year=2030, phase=phase)
    make_nominee(edition, "Alta", description="Alta har et arbeidsrettet program.")
    make_nominee(edition, "Stord", is_finalist=True, jury_rationale="Stord bosetter raskt.")
    make_nominee(edition, "Vadsø", is_finalist=True, is_winner=True, jury_rationale="Vadsø vant.")
    return edition


def test_the_archive_lists_all_13_winners_in_year_order(client, history):
    response = client.get(reverse("award:archive"))

    rows = re.findall(
        r'<th scope="row"><a[^>]*>([^<]+)</a></th>\s*<td><a[^>]*>([^<]+)</a></td>',
        response.content.decode(),
    )
    assert response.status_code == 200
    assert rows == HISTORY_WINNERS


def test_the_archive_names_the_prize_as_it_was_called_that_year(client, history):
    page = text(client.get(reverse("award:archive")))

    assert "2016 Trondheim Bosettingsprisen" in page
    assert "2018 Bærum Bosettings- og integreringsprisen" in page


def test_the_archive_leaves_out_a_winner_not_yet_revealed(client, history):
    edition_with_nominees(Phase.FINALISTS_ANNOUNCED)

    response = client.get(reverse("award:archive"))

    assert "Vadsø" in text(response)
    assert "2030" not in text(response)


@pytest.mark.parametrize(
    "phase, expected",
    [
        (Phase.UPCOMING, "Neste prisrunde er under planlegging."),
        (Phase.NOMINATIONS_OPEN, "kan nå foreslå seg selv som kandidat til prisen. Fristen er"),
        (Phase.UNDER_REVIEW, "Fristen for forslag har gått ut."),
        (Phase.NOMINEES_PUBLISHED, "Avstemningen åpner"),
        (Phase.VOTING_OPEN, "Avstemningen er åpen."),
        (Phase.VOTING_CLOSED, "Avstemningen er avsluttet. Finalistene blir kunngjort"),
        (Phase.FINALISTS_ANNOUNCED, "Vinneren blir kåret"),
        (Phase.WINNER_ANNOUNCED, "Vadsø kommune vant prisen."),
    ],
)
def test_the_front_page_follows_the_phase(client, phase, expected):
    edition_with_nominees(phase)

    page = text(client.get(reverse("award:front_page")))

    assert "Bosettings- og integreringsprisen 2030" in page
    assert expected in page


@pytest.mark.parametrize(
    "phase", [Phase.UPCOMING, Phase.NOMINATIONS_OPEN, Phase.UNDER_REVIEW]
)
def test_nominees_are_not_shown_before_they_are_published(client, phase):
    edition = edition_with_nominees(phase)

    front = text(client.get(reverse("award:front_page")))
    edition_page = text(client.get(reverse("award:edition", kwargs={"year": 2030})))
    nominee_page = client.get(
        reverse("award:nominee", kwargs={"year": edition.year, "slug": "stord"})
    )

    assert "Stord" not in front
    assert "Stord" not in edition_page
    assert nominee_page.status_code == 404


@pytest.mark.parametrize("phase", [Phase.NOMINEES_PUBLISHED, Phase.VOTING_OPEN])
def test_published_nominees_are_listed_without_finalists_or_winner(client, phase):
    edition_with_nominees(phase)

    response = client.get(reverse("award:edition", kwargs={"year": 2030}))

    page = text(response)
    assert "De nominerte Alta" in page
    assert "Stord" in page and "Vadsø" in page
    assert ">Finalist<" not in response.content.decode()
    assert "Vinner" not in page
    assert "Vadsø vant." not in page


def test_finalists_are_marked_once_announced_but_the_winner_is_not(client):
    edition_with_nominees(Phase.FINALISTS_ANNOUNCED)

    html = client.get(reverse("award:edition", kwargs={"year": 2030})).content.decode()

    assert html.count(">Finalist<") == 2
    assert "Vinner" not in html


def test_the_winner_and_the_jury_rationale_are_shown_once_revealed(client):
    edition_with_nominees(Phase.WINNER_ANNOUNCED)

    page = text(client.get(reverse("award:edition", kwargs={"year": 2030})))

    assert "Vinner Vadsø Dette sier juryen om Vadsø Vadsø vant." in page


def test_the_nominee_page_shows_the_description_and_the_jury_rationale(client):
    edition_with_nominees(Phase.VOTING_OPEN)

    response = client.get(reverse("award:nominee", kwargs={"year": 2030, "slug": "stord"}))

    page = text(response)
    assert response.status_code == 200
    assert "Nominert til Bosettings- og integreringsprisen 2030 · Vestland" in page
    assert "Dette sier juryen om Stord Stord bosetter raskt." in page


def test_an_unknown_edition_or_nominee_is_not_found(client):
    edition_with_nominees(Phase.VOTING_OPEN)

    assert client.get(reverse("award:edition", kwargs={"year": 1999})).status_code == 404
    missing = client.get(reverse("award:nominee", kwargs={"year": 2030, "slug": "oslo"}))
    assert missing.status_code == 404


def test_an_edition_more_than_a_year_old_says_it_may_be_out_of_date(client, history):
    old = text(client.get(reverse("award:edition", kwargs={"year": 2022})))
    nominee = text(client.get(reverse("award:nominee", kwargs={"year": 2022, "slug": "kinn"})))

    assert "Den kan inneholde utdatert informasjon." in old
    assert "Den kan inneholde utdatert informasjon." in nominee


def test_a_current_edition_has_no_out_of_date_notice(client):
    edition_with_nominees(Phase.WINNER_ANNOUNCED)

    page = text(client.get(reverse("award:edition", kwargs={"year": 2030})))

    assert "utdatert" not in page


def test_the_combined_edition_is_shown_with_its_period(client, history):
    page = text(client.get(reverse("award:edition", kwargs={"year": 2020})))

    assert "Bosettings- og integreringsprisen 2019/2020" in page
    assert "Vinner Sunndal" in page
    for name in ["Asker", "Gjøvik", "Randaberg", "Sunndal", "Tromsø", "Voss"]:
        assert name in page


@pytest.mark.parametrize(
    "name, heading",
    [
        ("award:criteria", "Kriterier for prisen"),
        ("award:accessibility", "Tilgjengelighetserklæring"),
        ("award:privacy", "Personvernerklæring"),
    ],
)
def test_content_pages_answer_in_bokmal_with_last_updated_and_feedback(client, name, heading):
    response = client.get(reverse(name))

    page = text(response)
    assert response.status_code == 200
    assert f"<h1 class=\"ds-heading\" data-size=\"xl\">{heading}</h1>" in response.content.decode()
    assert "Sist oppdatert: 25. november 2026" in page
    assert "Fant du det du lette etter?" in page


def test_the_criteria_page_states_the_entry_criterion_of_the_current_edition(client):
    make_edition(year=2030, phase=Phase.NOMINATIONS_OPEN, entry_threshold=55)

    page = text(client.get(reverse("award:criteria")))

    assert "Minst 55 % av deltakerne må være i arbeid eller utdanning" in page


def test_the_criteria_page_uses_50_percent_when_there_is_no_edition(client):
    page = text(client.get(reverse("award:criteria")))

    assert "Minst 50 % av deltakerne" in page


def test_the_privacy_statement_lists_the_cookies(client):
    page = text(client.get(reverse("award:privacy")))

    assert "csrftoken" in page and "sessionid" in page


@pytest.mark.parametrize("path", ["/", "/arkiv/", "/prisen/2022/"])
def test_pages_are_in_bokmal_by_default(client, history, path):
    response = client.get(path)

    assert response.status_code == 200
    assert '<html lang="nb"' in response.content.decode()


@pytest.mark.parametrize("prefix, lang", [("/nn", "nn"), ("/en", "en")])
def test_nynorsk_and_english_are_offered_under_their_prefix(client, history, prefix, lang):
    response = client.get(f"{prefix}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}"' in html
    assert 'hreflang="nb" href="http://testserver/"' in html


def test_every_page_links_to_itself_in_the_other_languages(client, history):
    html = client.get(reverse("award:archive")).content.decode()

    assert 'href="/nn/' in html
    assert 'href="/en/' in html
    assert 'aria-current="true"' in html


@pytest.mark.parametrize("editions", [2, 12])
def test_the_archive_needs_the_same_few_queries_however_many_editions(
    client, django_assert_max_num_queries, settings, editions
):
    # The page's own queries; the page cache's are counted in test_query_counts.
    settings.PAGE_CACHE_SECONDS = 0
    for year in range(2100, 2100 + editions):
        edition = make_edition(year=year, phase=Phase.WINNER_ANNOUNCED)
        make_nominee(edition, "Alta", is_finalist=True, is_winner=True)

    with django_assert_max_num_queries(3):
        response = client.get(reverse("award:archive"))

    assert text(response).count("Alta") == editions


@pytest.mark.parametrize("nominees", [["Alta"], ["Alta", "Stord", "Voss", "Asker", "Bodø"]])
def test_the_front_and_edition_pages_need_the_same_few_queries_however_many_nominees(
    client, django_assert_max_num_queries, settings, nominees
):
    # The page's own queries; the page cache's are counted in test_query_counts.
    settings.PAGE_CACHE_SECONDS = 0
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    for name in nominees:
        make_nominee(edition, name)

    with django_assert_max_num_queries(4):
        client.get(reverse("award:front_page"))
    with django_assert_max_num_queries(4):
        client.get(reverse("award:edition", kwargs={"year": 2030}))


def test_the_demo_command_puts_the_current_edition_in_the_chosen_phase(client):
    call_command("demo_edition", phase="winner", year=2031, stdout=StringIO())

    edition = Edition.objects.get(year=2031)
    assert edition.phase() == Phase.WINNER_ANNOUNCED
    assert Nominee.objects.filter(edition=edition, is_winner=True).count() == 1
    assert "kommune vant prisen." in text(client.get(reverse("award:front_page")))


def test_the_demo_review_has_entries_to_review_and_none_decided():
    call_command("demo_edition", phase="review", year=2031, stdout=StringIO())
    call_command("demo_edition", phase="review", year=2031, stdout=StringIO())

    entries = Nomination.objects.filter(edition__year=2031)
    assert entries.count() == 9
    assert set(entries.values_list("eligibility", flat=True)) == {Eligibility.PENDING}
    assert [str(n.municipality) for n in entries.not_meeting_entry_criterion()] == ["Stange"]
    assert not Nominee.objects.filter(edition__year=2031).exists()


def test_the_privacy_statement_says_how_long_personal_data_is_kept(client, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 200

    page = text(client.get(reverse("award:privacy")))

    assert "Opplysningene slettes 200 dager etter at vinneren er kåret." in page
    assert "Fingeravtrykket, domenet, nettverket og nettleseren slettes 200 dager etter at vinneren er kåret" in page
