"""One name of the prize per language, stored text marked with its language, the venue per language."""

import re

import pytest
from django.core import mail

from award.models import Phase
from tests.factories import make_edition, make_nominee

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]


@pytest.fixture
def edition():
    edition = make_edition(
        year=2030,
        phase=Phase.FINALISTS_ANNOUNCED,
        summary="Prisrunden for 2030.",
        venue="IMDis årskonferanse, Oslo",
        venue_en="IMDi's annual conference, Oslo",
    )
    make_nominee(edition, "Stord", description="Stord bosetter godt.", is_finalist=True)
    return edition


def html(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_english_pages_keep_the_norwegian_name_marked_as_bokmal(client, edition):
    front = html(client, "/en/")
    nominee = html(client, "/en/prisen/2030/stord/")

    assert '<span class="site-header__name" lang="nb">Bosettings- og integreringsprisen</span>' in front
    assert '<h1 class="ds-heading" data-size="xl" lang="nb">Bosettings- og integreringsprisen</h1>' in front
    assert 'id="current-edition" lang="nb">Bosettings- og integreringsprisen 2030</h2>' in front
    assert "Settlement and Integration Prize" not in front
    assert 'Finalist for <span lang="nb">Bosettings- og integreringsprisen 2030</span>' in nominee
    assert "<title>Stord – Bosettings- og integreringsprisen 2030 – IMDi</title>" in nominee


def test_nynorsk_pages_use_the_nynorsk_name_everywhere_unmarked(client, edition):
    front = html(client, "/nn/")
    edition_page = html(client, "/nn/prisen/2030/")

    assert '<h1 class="ds-heading" data-size="xl">Busetjings- og integreringsprisen</h1>' in front
    assert '<h1 class="ds-heading" data-size="xl">Busetjings- og integreringsprisen 2030</h1>' in edition_page
    assert "<title>Busetjings- og integreringsprisen 2030 – IMDi</title>" in edition_page
    assert "Bosettings- og integreringsprisen" not in front + edition_page


def test_the_nynorsk_footer_names_the_accessibility_statement_as_uutilsynet_does(client, edition):
    assert '>Tilgjengelegheitserklæring</a>' in html(client, "/nn/")
    assert '<h1 class="ds-heading" data-size="xl">Tilgjengelegheitserklæring</h1>' in html(
        client, "/nn/tilgjengelighet/"
    )


def test_the_old_name_in_english_is_marked_as_bokmal(client, history):
    assert (
        'Until 2017 it was called <span lang="nb">Bosettingsprisen</span> (the Settlement Prize).'
        in html(client, "/en/arkiv/")
    )
    assert '<td lang="nb">Bosettingsprisen</td>' in html(client, "/en/arkiv/")


def test_the_venue_is_shown_in_the_language_staff_wrote_it_in_or_marked_as_bokmal(client, edition):
    english = html(client, "/en/prisen/2030/")
    nynorsk = html(client, "/nn/prisen/2030/")

    assert ", IMDi&#x27;s annual conference, Oslo</dd>" in english
    assert 'IMDis årskonferanse' not in english
    assert ', <span lang="nb">IMDis årskonferanse, Oslo</span></dd>' in nynorsk

    edition.venue_nn = "Årskonferansen til IMDi, Oslo"
    edition.save()
    assert ", Årskonferansen til IMDi, Oslo</dd>" in html(client, "/nn/prisen/2030/")


def test_a_meta_description_in_bokmal_on_another_languages_page_is_marked(client, edition):
    def description(path):
        return re.search(r"<meta name=\"description\"[^>]*>", html(client, path)).group(0)

    assert description("/nn/prisen/2030/") == '<meta name="description" lang="nb" content="Prisrunden for 2030.">'
    assert description("/prisen/2030/") == '<meta name="description" content="Prisrunden for 2030.">'
    assert description("/en/prisen/2030/stord/") == '<meta name="description" lang="nb" content="Stord bosetter godt.">'

    edition.summary_nn = "Prisrunden for 2030, på nynorsk."
    edition.save()
    assert description("/nn/prisen/2030/") == '<meta name="description" content="Prisrunden for 2030, på nynorsk.">'


def test_open_data_names_the_prize_in_bokmal_whatever_the_browser_reads(client, edition):
    data = client.get("/api/v1/editions/2030", headers={"accept-language": "en"}).json()

    assert data["prize"] == "Bosettings- og integreringsprisen"



def test_e_mails_come_from_the_prize_by_its_present_name(edition, django_capture_on_commit_callbacks):
    from nominations import notifications
    from tests.factories import make_nomination

    with django_capture_on_commit_callbacks(execute=True):
        notifications.send_finalist(make_nomination(edition, "Stord"))

    assert mail.outbox[-1].from_email == "Bosettings- og integreringsprisen <prisen@imdi.no>"
    assert mail.outbox[-1].subject == "Stord er finalist i Bosettings- og integreringsprisen 2030"
