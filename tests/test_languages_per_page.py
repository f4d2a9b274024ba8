"""Every public page and e-mail in bokmål, nynorsk and English, with no bokmål left in the others.

A page in nynorsk or English fails if it holds the bokmål text of any
catalogue entry whose translation differs: that text escaped translation.
"""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import translate_url
from django.utils import timezone, translation

from award.models import Edition, Phase, PressRelease
from municipalities.models import WrittenStandard
from nominations.models import Nominee
from nominations.notifications import send_receipt
from tests.factories import make_edition, make_nomination, make_nominee, make_votes
from voting.models import Vote

pytestmark = pytest.mark.django_db

LOCALE = Path(__file__).resolve().parent.parent / "locale"
# Shorter texts ("Ja", "Kinn") are the same words in several languages too often to tell.
SHORTEST_TELLING_TEXT = 12

PAGES = [
    "/",
    "/arkiv/",
    "/kriterier/",
    "/tilgjengelighet/",
    "/personvern/",
    "/prisen/2029/",
    "/prisen/2029/stord/",
    "/prisen/2029/kunngjoring/",
    "/prisen/2029/pressemelding/",
    "/prisen/2029/resultat/",
    "/prisen/2030/",
    "/prisen/2030/asker/",
    "/stem/",
    "/stem/asker/",
    "/forslag/",
]

SAMPLES = {
    "nb": ["Hopp til hovedinnhold", "Tidligere vinnere", "Personvern"],
    "nn": ["Hopp til hovudinnhald", "Tidlegare vinnarar", "Personvern"],
    "en": ["Skip to main content", "Previous winners", "Privacy"],
}


def untranslated_bokmal(language):
    """Bokmål texts from the catalogue that a page in `language` must not contain."""
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog
    texts = set()
    for msgid, msgstr in catalogue.items():
        # Plural entries are keyed (msgid, n), and their msgid holds both forms.
        source = msgid[0] if isinstance(msgid, tuple) else msgid
        for text in re.split(r"%\(\w+\)\w|%\w|\x00", source):
            text = text.strip(" .,:;!?«»()–-\n")
            if len(text) >= SHORTEST_TELLING_TEXT and text not in msgstr:
                texts.add(text)
    return texts


def readable(html):
    """What a person reads or hears: the text, and the attributes read aloud or shown."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(
        r"<[^>]*>",
        lambda tag: " ".join(re.findall(r'\b(?:alt|title|aria-label|placeholder|content)="([^"]*)"', tag.group())),
        html,
    )


@pytest.fixture(scope="module")
def bokmal_left_in():
    return {language: untranslated_bokmal(language) for language in ("nn", "en")}


@pytest.fixture
def site(history):
    concluded = make_edition(year=2029, phase=Phase.WINNER_ANNOUNCED, venue="The Hub, Oslo")
    for name, votes in (("Stord", 5), ("Voss", 3), ("Bodø", 2)):
        make_votes(
            make_nominee(concluded, name, description="Om kommunen", jury_rationale="Grunnlag"),
            votes,
        )
    Nominee.objects.filter(edition=concluded).update(is_finalist=True)
    Nominee.objects.filter(edition=concluded, municipality__name="Stord").update(
        is_winner=True, winner_rationale="Grunnlag"
    )
    PressRelease.objects.create(edition=concluded, title="Stord", lead="Stord", body="Stord")
    current = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    make_nominee(current, "Asker", description="Om kommunen", jury_rationale="Grunnlag")
    return current


@pytest.mark.parametrize("language", ["nn", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_each_public_page_reads_wholly_in_the_chosen_language(client, site, bokmal_left_in, language, path):
    response = client.get(f"/{language}{path}")
    html = response.content.decode()

    assert response.status_code == 200
    assert f'<html lang="{language}"' in html
    for sample in SAMPLES[language]:
        assert sample in html
    assert sorted(text for text in bokmal_left_in[language] if text in readable(html)) == []


@pytest.mark.parametrize("path", PAGES)
def test_each_public_page_reads_in_bokmal_by_default(client, site, path):
    html = client.get(path).content.decode()

    assert '<html lang="nb"' in html
    for sample in SAMPLES["nb"]:
        assert sample in html


@pytest.mark.parametrize(
    "language, expected",
    [
        ("nb", "Bekreft stemmen din"),
        ("nn", "Stadfest røysta di"),
        ("en", "Confirm your vote"),
    ],
)
def test_the_vote_e_mail_is_in_the_voters_language(
    client, site, bokmal_left_in, django_capture_on_commit_callbacks, language, expected
):
    prefix = "" if language == "nb" else f"/{language}"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{prefix}/stem/asker/", {"email": "kari@example.no"})

    message = mail.outbox[-1]
    assert expected in message.subject
    if language != "nb":
        assert sorted(text for text in bokmal_left_in[language] if text in message.body) == []


@pytest.mark.parametrize(
    "written_standard, expected",
    [
        (WrittenStandard.NYNORSK, "Kvittering: framlegg"),
        (WrittenStandard.BOKMAL, "Kvittering: forslag"),
        (WrittenStandard.NEUTRAL, "Kvittering: forslag"),
    ],
)
def test_the_receipt_follows_the_municipalitys_written_standard(
    municipalities, django_capture_on_commit_callbacks, written_standard, expected
):
    edition = make_edition(year=2030, phase=Phase.NOMINATIONS_OPEN)
    nomination = make_nomination(edition, "Kinn")
    nomination.municipality.written_standard = written_standard
    nomination.municipality.save()

    # The person filling in the form reads the site in English; the municipality's choice decides.
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        send_receipt(nomination)

    assert mail.outbox[-1].subject.startswith(expected)


def test_dates_and_shares_are_written_the_norwegian_way(client, site):
    Edition.objects.filter(year=2030).update(
        voting_closes_at=timezone.datetime(2030, 11, 17, 10, 0, tzinfo=timezone.get_current_timezone())
    )

    nynorsk = client.get("/nn/stem/").content.decode()

    assert "17. november 2030 kl. 10.00" in nynorsk


@pytest.mark.parametrize(
    "prefix, count, share",
    [("", "1\xa0234", "99,6\xa0%"), ("/nn", "1\xa0234", "99,6\xa0%"), ("/en", "1,234", "99.6%")],
)
def test_counts_and_shares_are_written_the_way_each_language_writes_them(client, site, prefix, count, share):
    stord = Nominee.objects.get(edition__year=2029, municipality__name="Stord")
    now = timezone.now()
    Vote.objects.bulk_create(
        Vote(
            edition=stord.edition,
            nominee=stord,
            voter_key=f"{number:064x}",
            email_domain="example.no",
            network="192.0.2.0/24",
            user_agent="Firefox",
            created_at=now,
            confirmed_at=now,
        )
        for number in range(1229)
    )

    html = client.get(f"{prefix}/prisen/2029/resultat/").content.decode()

    assert f"<td>{count}</td>" in html
    assert f"<td>{share}</td>" in html


def language_links(html):
    """The language switch's links, by language, as the page gives them."""
    switch = re.search(r'<nav class="language-switch".*?</nav>', html, flags=re.S).group()
    return {code: href for href, code in re.findall(r'<a class="ds-link" href="([^"]*)" lang="([^"]*)"', switch)}


def test_the_language_switch_leads_to_the_same_page_in_each_language_with_its_query(client, site):
    html = client.get("/nn/prisen/2030/asker/?fra=deling").content.decode()

    assert language_links(html) == {
        "nb": "/prisen/2030/asker/?fra=deling",
        "nn": "/nn/prisen/2030/asker/?fra=deling",
        "en": "/en/prisen/2030/asker/?fra=deling",
    }


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize(
    "path", [*PAGES, "/stem/bekreft/ikke-en-lenke/", "/finnes-ikke/", "/prisen/2030/finnes-ikke/"]
)
def test_each_pages_language_links_are_what_translate_url_makes_of_its_address(client, site, language, path):
    # The links come from the match Django made for the request, not from resolving the
    # address again for each language (translate_url): they must be the same.
    address = path if language == "nb" else f"/{language}{path}"

    html = client.get(address).content.decode()

    with translation.override(language):
        expected = {code: translate_url(address, code) for code, _name in settings.LANGUAGES}
    assert language_links(html) == expected
