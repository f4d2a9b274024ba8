"""Nynorsk and English catalogues: complete, compiled, and used by the pages."""

import datetime
import gettext
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from award.models import Phase
from tests.factories import make_edition

LOCALE = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ["nn", "en"]


@pytest.fixture
def msgfmt():
    path = shutil.which("msgfmt")
    if path is None:
        pytest.skip("GNU gettext's msgfmt is not installed (apt-get install gettext)")
    return path


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(msgfmt, language):
    result = subprocess.run(
        [msgfmt, "--check", "--statistics", "-o", "/dev/null", LOCALE / language / "LC_MESSAGES" / "django.po"],
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr
    assert "untranslated" not in result.stderr


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_its_source(msgfmt, tmp_path, language):
    source = LOCALE / language / "LC_MESSAGES" / "django.po"
    subprocess.run([msgfmt, "-o", tmp_path / "fresh.mo", source], check=True)

    with open(tmp_path / "fresh.mo", "rb") as fresh, open(source.with_suffix(".mo"), "rb") as committed:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(fresh)._catalog


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, expected",
    [
        ("/nn/", ["Framside", "Tidlegare vinnarar", "Hopp til hovudinnhald", "Fann du det du leita etter?"]),
        ("/en/", ["Home", "Previous winners", "Skip to main content", "Did you find what you were looking for?"]),
    ],
)
def test_the_interface_reads_in_the_chosen_language(client, path, expected):
    make_edition(year=2030, phase=Phase.VOTING_OPEN)

    html = client.get(path).content.decode()

    for text in expected:
        assert text in html
    assert "Tidligere vinnere" not in html


@pytest.mark.django_db
def test_dates_are_written_the_norwegian_way_in_nynorsk_and_the_english_way_in_english(client):
    edition = make_edition(year=2030, phase=Phase.NOMINATIONS_OPEN)
    edition.nominations_deadline_at = datetime.datetime(2030, 9, 9, 23, 59, tzinfo=ZoneInfo("Europe/Oslo"))
    edition.save()

    nynorsk = client.get("/nn/prisen/2030/").content.decode()
    english = client.get("/en/prisen/2030/").content.decode()

    assert "9. september 2030 kl. 23.59" in nynorsk
    assert "9 September 2030, 23:59" in english
