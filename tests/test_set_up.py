"""The set-up as a newcomer meets it: what `make run` asks of the machine, and what it prints."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAKE = shutil.which("make") or "/usr/bin/make"


@pytest.fixture
def clone(tmp_path):
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: there is nothing to clone")
    path = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(path)], check=True)
    return path


def make(clone, *arguments, path=None):
    # Run as a newcomer would, also when the suite itself runs under make (`make test`, CI):
    # an inherited MAKELEVEL makes make print the directories it enters.
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}
    }
    if path is not None:
        environment["PATH"] = path
    return subprocess.run(
        [MAKE, *arguments], cwd=clone, env=environment, capture_output=True, text=True, timeout=300
    )


def fake_python(tmp_path, script):
    python = tmp_path / "python"
    python.write_text(f"#!/bin/sh\n{script}\n")
    python.chmod(0o755)
    return python


def assert_stopped_before_installing(clone, result, line):
    assert result.returncode != 0
    assert [text for text in result.stderr.splitlines() if not text.startswith("make")] == [line]
    assert result.stdout == ""
    assert not (clone / ".venv").exists()
    assert not (clone / "node_modules").exists()


def test_make_run_names_a_python_other_than_3_11_in_one_line_before_installing_anything(
    clone, tmp_path
):
    python = fake_python(tmp_path, 'echo "Python 3.10.4"; [ "$1" = "--version" ]')

    result = make(clone, "run", f"PYTHON={python}")

    assert_stopped_before_installing(
        clone,
        result,
        f"The set-up needs Python 3.11 as '{python}' (found: Python 3.10.4): install Python "
        "3.11 and run it again with PYTHON=python3.11.",
    )


def test_make_run_names_a_python_without_venv(clone, tmp_path):
    # Python 3.11 itself, but as Debian has it before python3.11-venv is installed.
    python = fake_python(
        tmp_path, f'case "$*" in *ensurepip*) exit 1;; esac; exec {sys.executable} "$@"'
    )

    result = make(clone, "run", f"PYTHON={python}")

    assert_stopped_before_installing(
        clone,
        result,
        f"The set-up needs Python's venv module for '{python}': on Debian or Ubuntu, "
        "apt-get install python3.11-venv.",
    )


def test_make_run_names_a_missing_npm_before_installing_anything(clone, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()

    result = make(clone, "run", f"PYTHON={sys.executable}", path=str(empty))

    assert_stopped_before_installing(
        clone,
        result,
        "The set-up needs npm to install Designsystemet: on Debian or Ubuntu, apt-get install "
        "npm (or install Node.js from nodejs.org).",
    )


def test_the_prerequisites_pass_silently_where_everything_is_there(clone):
    result = make(clone, "--no-print-directory", "prerequisites", f"PYTHON={sys.executable}")

    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.strip() in {"", "make: Nothing to be done for 'prerequisites'."}


def test_make_messages_leaves_a_clean_checkout_clean(clone):
    if not shutil.which("msgfmt"):
        pytest.skip("needs GNU gettext (apt-get install gettext; CI installs it)")
    # The catalogues are made with this test run's environment, not a new one.
    result = make(clone, "-o", "setup", "messages", f"BIN={Path(sys.executable).parent}")
    assert result.returncode == 0, result.stderr

    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=clone, capture_output=True, text=True, check=True
    )

    assert status.stdout == ""


def manage(*arguments, **environment):
    clean = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean.update(environment, DJANGO_SETTINGS_MODULE="award.settings")
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120,
    )


def test_a_management_command_prints_no_banner():
    result = manage("check")

    assert result.returncode == 0, result.stderr
    assert result.stdout == "System check identified no issues (0 silenced).\n"
    assert result.stderr == ""


@pytest.mark.parametrize("debug", ["1", "0"])
def test_each_log_line_is_printed_once(debug):
    logged = (
        "import logging; "
        "logging.getLogger('django.request').warning('A line from Django'); "
        "logging.getLogger('award.health').warning('A line of our own')"
    )
    production = {
        "DEBUG": debug,
        "SECRET_KEY": "a-key-for-this-test-only-" + "k" * 50,
        "ALLOWED_HOSTS": "testserver",
    }

    result = manage("shell", "--no-imports", "-c", logged, **production)

    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == ["A line from Django", "A line of our own"]


def test_the_readme_needs_nothing_outside_the_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")

    assert "../" not in readme
    assert "`docs/product.md`" in readme
    assert (ROOT / "docs" / "product.md").read_text(encoding="utf-8").startswith(
        "# What the site is for"
    )
