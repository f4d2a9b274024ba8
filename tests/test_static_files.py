"""Static files as production serves them: hashed names, compressed, cached for good.

The files are collected once per test into a folder of their own with the
storage production uses (DEBUG=0), and whitenoise serves them from there.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.templatetags.static import static

pytestmark = pytest.mark.django_db

FOREVER = "max-age=315360000, public, immutable"


@pytest.fixture
def collected(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", stdout=StringIO())
    return tmp_path


def test_pages_link_to_the_stylesheet_by_a_name_with_its_content_hash(client, collected):
    html = client.get("/kriterier/").content.decode()

    assert re.search(r'href="/static/css/site\.[0-9a-f]{12}\.css"', html)
    assert static("css/site.css") in html


def test_a_hashed_file_is_sent_compressed_and_cached_for_good(client, collected):
    response = client.get(static("css/site.css"), HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert response["Cache-Control"] == FOREVER
    assert "Accept-Encoding" in response["Vary"]
    assert (collected / "css" / "site.css.gz").exists()


def test_a_client_without_compression_gets_the_plain_file(client, collected):
    response = client.get(static("css/site.css"))

    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert b"".join(response.streaming_content) == (collected / "css" / "site.css").read_bytes()


def test_a_file_under_its_plain_name_is_cached_only_briefly(client, collected):
    response = client.get("/static/css/site.css")

    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=60, public"
