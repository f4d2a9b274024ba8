"""Settings come from the environment, with safe defaults and a strict production mode."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.DEBUG, s.DATABASES['default']['ENGINE'], "
    "s.CACHES['default']['BACKEND'], s.EMAIL_BACKEND, s.ALLOWED_HOSTS]))"
)


def settings_with(**environment):
    clean = {k: v for k, v in os.environ.items() if k not in {
        "DEBUG", "SECRET_KEY", "DATABASE_URL", "CACHE_URL", "EMAIL_URL", "ALLOWED_HOSTS"
    }}
    clean.update(environment, DJANGO_SETTINGS_MODULE="award.settings")
    return subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_development_defaults_need_no_environment():
    result = settings_with()

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        '[true, "django.db.backends.sqlite3", "django.core.cache.backends.db.DatabaseCache", '
        '"django.core.mail.backends.filebased.EmailBackend", ["127.0.0.1", "localhost", "[::1]"]]'
    )


def test_production_refuses_to_start_without_a_real_secret_key():
    result = settings_with(DEBUG="0", ALLOWED_HOSTS="prisen.imdi.no")

    assert result.returncode != 0
    assert "SECRET_KEY must be set to a random value of at least 50 characters" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = settings_with(DEBUG="0", SECRET_KEY="s" * 60)

    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set when DEBUG is off." in result.stderr


def test_production_takes_postgresql_redis_and_smtp_from_urls():
    result = settings_with(
        DEBUG="0",
        SECRET_KEY="s" * 60,
        ALLOWED_HOSTS="prisen.imdi.no",
        DATABASE_URL="postgres://prize:secret@db.example:5432/prize",
        CACHE_URL="redis://127.0.0.1:6379/1",
        EMAIL_URL="smtp://mail.example:587",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        '[false, "award.postgresql", "django_redis.cache.RedisCache", '
        '"django.core.mail.backends.smtp.EmailBackend", ["prisen.imdi.no"]]'
    )


def test_e_mails_written_to_files_land_in_the_folder_the_address_names():
    probe = "import django; django.setup(); from django.conf import settings as s; print(s.EMAIL_FILE_PATH)"
    environment = {k: v for k, v in os.environ.items() if k != "EMAIL_URL"}

    default = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "award.settings"},
        capture_output=True,
        text=True,
    )
    chosen = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "award.settings", "EMAIL_URL": "filemail:///tmp/prize-mail"},
        capture_output=True,
        text=True,
    )

    assert default.stdout.strip() == str(ROOT / "var" / "mail")
    assert chosen.stdout.strip() == "/tmp/prize-mail"
