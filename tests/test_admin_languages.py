"""The admin speaks bokmål, or nynorsk to a browser that asks for it: no English left over."""

import gettext
import json
import re
import shutil
import subprocess
from pathlib import Path

import django
import pytest
import simple_history
from django.utils.translation import trans_real

from award.models import Phase
from tests.factories import make_edition, make_juror, make_nomination, make_staff

DJANGO = Path(django.__file__).parent
# Every catalogue behind what the admin shows: its pages and scripts, sign-in
# and users, form validation, and the history pages of django-simple-history.
CATALOGUES = {
    "django": [
        DJANGO / "contrib/admin/locale/en/LC_MESSAGES/django.po",
        DJANGO / "contrib/auth/locale/en/LC_MESSAGES/django.po",
        DJANGO / "contrib/contenttypes/locale/en/LC_MESSAGES/django.po",
        DJANGO / "conf/locale/en/LC_MESSAGES/django.po",
        # It has no English catalogue; its bokmål one holds every string.
        Path(simple_history.__file__).parent / "locale/nb/LC_MESSAGES/django.po",
    ],
    "djangojs": [DJANGO / "contrib/admin/locale/en/LC_MESSAGES/djangojs.po"],
}


@pytest.fixture(scope="module")
def msgids(tmp_path_factory):
    """The keys of each domain's English catalogues, as gettext looks them up."""
    if shutil.which("msgen") is None or shutil.which("msgfmt") is None:
        pytest.skip("GNU gettext is not installed (apt-get install gettext)")
    keys = {}
    folder = tmp_path_factory.mktemp("catalogues")
    for domain, sources in CATALOGUES.items():
        keys[domain] = set()
        for number, source in enumerate(sources):
            # msgen copies each msgid into its msgstr, so the compiled file holds every key.
            filled = subprocess.run(["msgen", source], check=True, capture_output=True).stdout
            compiled = folder / f"{domain}-{number}.mo"
            subprocess.run(["msgfmt", "-o", compiled, "-"], input=filled, check=True)
            with open(compiled, "rb") as mo:
                keys[domain] |= {key for key in gettext.GNUTranslations(mo)._catalog if key}
    return keys


def catalogue(language, domain):
    if domain == "django":
        return trans_real.translation(language)._catalog
    # As the admin's JavaScriptCatalog builds it: the admin's catalogue and ours.
    return trans_real.DjangoTranslation(
        language, domain=domain, localedirs=[DJANGO / "contrib/admin/locale"]
    )._catalog


@pytest.mark.parametrize("language", ["nb", "nn"])
@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_string_of_the_admin_has_a_norwegian_translation(msgids, language, domain):
    translated = catalogue(language, domain)

    missing = sorted(str(key) for key in msgids[domain] if key not in translated)

    assert missing == []


ADMIN = "/admin/"


@pytest.fixture
def review(municipalities):
    edition = make_edition(year=2030, phase=Phase.UNDER_REVIEW)
    return edition, make_nomination(edition, "Kinn")


def visible_text(response):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "accept_language, lang, texts, absent",
    [
        (
            "nb-NO,nb;q=0.9",
            "nb",
            ["Hopp til hovedinnhold", "Rett feilene nedenfor.", "Velg forslag å se"],
            ["Please correct", "Skip to main content", "Select all objects"],
        ),
        (
            "nn-NO,nn;q=0.9,nb;q=0.8",
            "nn",
            ["Hopp til hovudinnhald", "Rett feila nedanfor.", "framlegg"],
            ["Please correct", "Skip to main content", "Select all objects", "Hopp til hovedinnhold"],
        ),
        (
            "en-GB,en;q=0.9",
            "en",
            ["Skip to main content", "Please correct the errors below.", "Select nomination to view"],
            ["Hopp til", "Rett feil"],
        ),
    ],
)
def test_staff_read_the_admin_in_the_language_their_browser_asks_for(
    client, review, accept_language, lang, texts, absent
):
    edition, _kinn = review
    client.force_login(make_staff())
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language}

    listing = client.get(f"{ADMIN}nominations/nomination/", **headers)
    refused = client.post(
        f"{ADMIN}award/edition/{edition.pk}/change/",
        {"year": "", "entry_threshold": "abc"},
        **headers,
    )
    page = visible_text(listing) + " " + visible_text(refused)

    html = listing.content.decode() + refused.content.decode()
    assert f'<html lang="{lang}"' in html
    assert listing["Content-Language"] == lang
    for text in texts:
        assert text in page
    for text in absent:
        assert text not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "accept_language, expected",
    [
        ("nb", {"Choose selected %s": "Velg merkede %s", "Saturday": "lørdag"}),
        ("nn", {"Choose selected %s": "Vel merkte %s", "Saturday": "laurdag"}),
    ],
)
def test_the_admins_scripts_get_their_texts_in_norwegian(client, review, accept_language, expected):
    client.force_login(make_staff())

    script = client.get(f"{ADMIN}jsi18n/", HTTP_ACCEPT_LANGUAGE=accept_language).content.decode()

    for english, norwegian in expected.items():
        assert json.dumps({english: norwegian})[1:-1] in script


@pytest.mark.django_db
def test_a_juror_reading_in_nynorsk_gets_the_scoring_page_in_nynorsk(client, review):
    edition, kinn = review
    kinn.eligibility = "eligible"
    kinn.save()
    juror = make_juror(edition)
    client.force_login(juror.user)

    page = visible_text(
        client.get(f"{ADMIN}nominations/assessment/add/?nomination={kinn.pk}", HTTP_ACCEPT_LANGUAGE="nn")
    )

    assert "Hopp til hovudinnhald" in page
    assert "Send inn poenga no" in page


LIBRARY_CATALOGUES = sorted(
    (Path(__file__).resolve().parent.parent / "locale_libraries").glob("*/LC_MESSAGES/*.po")
)


@pytest.mark.parametrize("source", LIBRARY_CATALOGUES, ids=lambda path: f"{path.parts[-3]}-{path.stem}")
def test_our_catalogues_of_library_strings_are_complete_and_compiled(tmp_path, source):
    if shutil.which("msgfmt") is None:
        pytest.skip("GNU gettext's msgfmt is not installed (apt-get install gettext)")
    checked = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", tmp_path / "fresh.mo", source],
        capture_output=True,
        text=True,
    )

    assert checked.returncode == 0, checked.stderr
    assert "fuzzy" not in checked.stderr and "untranslated" not in checked.stderr
    with open(tmp_path / "fresh.mo", "rb") as fresh, open(source.with_suffix(".mo"), "rb") as committed:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(fresh)._catalog


@pytest.mark.django_db
def test_staff_choose_nynorsk_in_the_admin_and_keep_it_until_they_choose_again(client, review):
    client.force_login(make_staff())
    index = client.get(ADMIN, HTTP_ACCEPT_LANGUAGE="nb")
    assert '<label for="admin-language">Språk</label>' in index.content.decode()

    chosen = client.post(f"{ADMIN}sprak/", {"language": "nn", "next": f"{ADMIN}award/edition/"})

    assert chosen.status_code == 302
    assert chosen["Location"] == f"{ADMIN}award/edition/"
    cookie = chosen.cookies["django_language"]
    assert (cookie.value, cookie["path"], cookie["httponly"], cookie["samesite"]) == (
        "nn", ADMIN, True, "Lax",
    )
    # The browser still asks for bokmål; the choice wins, on every admin page.
    for page in (ADMIN, f"{ADMIN}award/edition/"):
        assert "Hopp til hovudinnhald" in visible_text(client.get(page, HTTP_ACCEPT_LANGUAGE="nb"))
    client.post(f"{ADMIN}sprak/", {"language": "nb", "next": ADMIN})
    assert "Hopp til hovedinnhold" in visible_text(client.get(ADMIN, HTTP_ACCEPT_LANGUAGE="nn"))


@pytest.mark.django_db
def test_the_sign_in_page_offers_the_language_switch_and_keeps_the_choice(client):
    page = client.get(f"{ADMIN}login/").content.decode()
    assert '<option value="nn" lang="nn">Norsk (nynorsk)</option>' in page

    client.post(f"{ADMIN}sprak/", {"language": "en", "next": f"{ADMIN}login/"})

    assert "Skip to main content" in visible_text(client.get(f"{ADMIN}login/"))


@pytest.mark.django_db
def test_the_language_switch_never_sends_anyone_off_the_site(client):
    client.force_login(make_staff())

    chosen = client.post(f"{ADMIN}sprak/", {"language": "nn", "next": "https://example.com/"})

    # Django's fallback: the front page, in the language chosen.
    assert chosen.status_code == 302
    assert chosen["Location"] == "/nn/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "yes", "no"), [("nb", "Ja", "Nei"), ("nn", "Ja", "Nei"), ("en", "Yes", "No")]
)
def test_the_yes_no_icons_say_yes_or_no_in_the_readers_language(client, review, language, yes, no):
    edition, _kinn = review
    make_nomination(edition, "Bergen", share_in_work_directly=45)
    client.force_login(make_staff())

    page = client.get(f"{ADMIN}nominations/nomination/", HTTP_ACCEPT_LANGUAGE=language)

    html = page.content.decode()
    assert html.count(f'<img src="/static/admin/img/icon-yes.svg" alt="{yes}">') == 1
    assert html.count(f'<img src="/static/admin/img/icon-no.svg" alt="{no}">') == 1
