"""Every string a user reads is marked for translation, and every marked string is translated."""

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["award", "municipalities", "nominations", "voting", "campaign"]
LANGUAGES = ["nn", "en"]
WORDS = re.compile(r"[A-Za-zÆØÅæøå]{2,}")

# Names, not words: the same in every language.
PROPER_NAMES = {"IMDi", "– IMDi"}
# Attributes whose text a person reads or hears.
READ_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder", "aria-description"}
READ_META = {"description", "og:title", "og:description", "og:image:alt", "og:site_name"}

# Python: where a bare string literal would reach a user unmarked.
READ_KEYWORDS = {
    "verbose_name",
    "verbose_name_plural",
    "help_text",
    "label",
    "description",
    "empty_label",
    "empty_value_display",
}
READ_CALLS = {"ValidationError", "PermissionDenied", "Http404", "message_user"}
MESSAGE_CALLS = {"success", "error", "warning", "info", "add_message"}
# The open-data API's description is for developers reading the OpenAPI document.
DEVELOPER_TEXTS = {("award/site/opendata.py", "description")}


def unmarked_template_text(source):
    source = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", "", source, flags=re.S)
    source = re.sub(r"{#.*?#}", "", source, flags=re.S)
    source = re.sub(r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}", "", source, flags=re.S)
    source = re.sub(r"{%.*?%}|{{.*?}}", "", source, flags=re.S)
    source = re.sub(r"<(script|style)\b.*?</\1>", "", source, flags=re.S)
    source = re.sub(r"&\w+;", "", source)
    found = []
    for tag in re.finditer(r"<[^>]*>", source, flags=re.S):
        attributes = dict(re.findall(r'\b([\w:-]+)="([^"]*)"', tag.group()))
        read = [attributes.get(name, "") for name in READ_ATTRIBUTES]
        if attributes.get("name", attributes.get("property")) in READ_META:
            read.append(attributes.get("content", ""))
        found += [value for value in read if WORDS.search(value)]
    text = re.sub(r"<[^>]*>", "\n", source, flags=re.S)
    found += [line.strip() for line in text.splitlines() if WORDS.search(line)]
    return [text for text in found if text not in PROPER_NAMES]


def unmarked_python_strings(path):
    relative = path.relative_to(ROOT).as_posix()
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call):
            continue
        function = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        receiver = getattr(node.func, "value", None)
        candidates = [
            keyword.value
            for keyword in node.keywords
            if keyword.arg in READ_KEYWORDS and (relative, keyword.arg) not in DEVELOPER_TEXTS
        ]
        if function in READ_CALLS:
            candidates += node.args
        if function in MESSAGE_CALLS and getattr(receiver, "id", "") == "messages":
            candidates += node.args
        found += [
            f"{relative}:{node.lineno}: {candidate.value!r}"
            for candidate in candidates
            if isinstance(candidate, ast.Constant)
            and isinstance(candidate.value, str)
            and WORDS.search(candidate.value)
        ]
    return found


def templates():
    return sorted(
        path for path in (ROOT / "templates").rglob("*") if path.suffix in {".html", ".txt"}
    )


def python_modules():
    return sorted(
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    )


def test_no_template_has_text_outside_a_translation_tag():
    unmarked = {
        path.relative_to(ROOT).as_posix(): found
        for path in templates()
        if (found := unmarked_template_text(path.read_text()))
    }

    assert unmarked == {}


def test_no_python_module_hands_a_user_an_unmarked_string():
    unmarked = [line for path in python_modules() for line in unmarked_python_strings(path)]

    assert unmarked == []


def test_the_check_finds_unmarked_text_where_there_is_some():
    assert unmarked_template_text('<p>Hei</p><img alt="Et bilde">{% translate "Ok" %}') == [
        "Et bilde",
        "Hei",
    ]


@pytest.fixture
def fresh_catalogues(tmp_path):
    """The catalogues as `make messages` would leave them after the current sources."""
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext's xgettext is not installed (apt-get install gettext)")
    for folder in [*APPS, "templates", "locale"]:
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--no-obsolete", *(f"--locale={lang}" for lang in LANGUAGES)],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    return tmp_path / "locale"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_marked_string_in_the_sources_has_a_translation(fresh_catalogues, language):
    catalogue = fresh_catalogues / language / "LC_MESSAGES" / "django.po"

    missing = subprocess.run(
        ["msgattrib", "--untranslated", "--no-wrap", "--no-location", catalogue],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-wrap", "--no-location", catalogue],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert re.findall(r'^msgid "(.+)"$', missing + fuzzy, flags=re.M) == []
