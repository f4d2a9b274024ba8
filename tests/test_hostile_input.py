"""Random and hostile input at every public form and endpoint (hypothesis): never a 500, a clear
answer, and nothing stored that should not be. Forged, truncated and replayed links too."""

import html
import io
import os
import re
import tarfile
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core import signing
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from award.models import Edition, Feedback, Phase
from nominations.forms import NominationForm
from nominations.models import WRITTEN_BY_MUNICIPALITY, Attachment, Nomination
from nominations.tokens import edit_token
from tests.factories import make_edition, make_nominee
from tests.test_nomination_form import complete_entry
from voting.models import Vote
from voting.tokens import confirmation_token

pytestmark = pytest.mark.django_db

examples = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

PAYLOADS = [
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../../../etc/passwd",
    "{{ settings.SECRET_KEY }}",
    "%00",
    "\x00",
    "\r\nSet-Cookie: x=1",
    "\u202egnp.exe",
    "Ωmega ＦＵＬＬＷＩＤＴＨ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀",
    "-1",
    "1e309",
    "NaN",
    "",
]
# Text a browser can send: anything but lone surrogates, which UTF-8 cannot carry.
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=300)
hostile = st.one_of(
    any_text,
    st.sampled_from(PAYLOADS),
    st.text(st.characters(categories=["Cc"]), min_size=1, max_size=20),
    st.builds(lambda char, n: char * n, st.characters(exclude_categories=["Cs"]), st.integers(3001, 20000)),
    st.integers().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
# A field may be missing, hold one value, or several (a tampered form).
field_value = st.one_of(hostile, st.lists(hostile, min_size=2, max_size=3))

NOMINATION_FIELDS = [*WRITTEN_BY_MUNICIPALITY, "consent", "action"]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def generous_limits(settings):
    """Rate limits are tested in their own modules; here every attempt must reach the form."""
    settings.FEEDBACK_RATE_LIMIT = 10**6
    settings.VOTE_CHALLENGE_AFTER_PER_ADDRESS = settings.VOTE_REFUSE_AFTER_PER_ADDRESS = 10**6
    settings.VOTE_CHALLENGE_AFTER_PER_NETWORK = settings.VOTE_REFUSE_AFTER_PER_NETWORK = 10**6
    cache.clear()


def page(response):
    return response.content.decode()


@given(entry=st.dictionaries(st.sampled_from(NOMINATION_FIELDS), field_value))
@examples
def test_the_nomination_form_takes_any_input_without_failing(client, entry):
    make_edition_once(Phase.NOMINATIONS_OPEN)
    before = Nomination.objects.count()

    response = client.post("/forslag/", entry)

    if response.status_code == 302:
        assert Nomination.objects.count() == before + 1
        stored = Nomination.objects.latest("pk")
        assert "\x00" not in stored.contact_name + stored.contact_email + stored.answer_projects
    else:
        assert response.status_code == 200
        # An empty post is a visit: the form is shown again, blank.
        if entry:
            assert "Skjemaet har feil. Rett opp dette for å gå videre:" in page(response)
        assert Nomination.objects.count() == before


@given(email=field_value, challenge=st.one_of(st.none(), hostile))
@examples
def test_the_vote_takes_any_address_without_failing(client, email, challenge):
    make_edition_once(Phase.VOTING_OPEN)
    before = Vote.objects.count()
    data = {"email": email} if challenge is None else {"email": email, "altcha": challenge}

    response = client.post("/stem/gjovik/", data)

    if response.status_code == 200:
        assert "Sjekk e-posten din" in page(response)
        assert Vote.objects.count() == before + 1
    else:
        assert response.status_code == 400
        assert "Skjemaet har feil. Rett opp dette for å gå videre:" in page(response)
        assert Vote.objects.count() == before


@given(answer=st.dictionaries(st.sampled_from(["found", "comment", "path"]), field_value))
@examples
def test_feedback_takes_any_input_without_failing(client, answer):
    before = Feedback.objects.count()

    response = client.post("/tilbakemelding/", answer)

    if response.status_code == 302:
        assert Feedback.objects.count() == before + 1
        assert response["Location"].startswith("/")
        assert not response["Location"].startswith("//")
    else:
        assert response.status_code == 400
        assert "Skjemaet har feil. Rett opp dette for å gå videre:" in page(response)
        assert Feedback.objects.count() == before


@given(token=st.one_of(hostile.filter(lambda t: "/" not in t and t.strip()), st.sampled_from(PAYLOADS[1:5])))
@examples
def test_any_confirmation_link_that_we_did_not_sign_gets_the_clear_page(client, token):
    for method in (client.get, client.post):
        response = method(f"/stem/bekreft/{quote(token, safe='')}/")

        assert response.status_code in {400, 404}
        assert ("Lenken virker ikke" if response.status_code == 400 else "Fant ikke siden") in page(
            response
        )
    assert not Vote.objects.filter(confirmed_at__isnull=False).exists()


@given(token=hostile.filter(lambda t: "/" not in t and t.strip()))
@examples
def test_any_nomination_link_that_we_did_not_sign_gets_the_not_found_page(client, token):
    # Quoted, as a browser sends it: a bare "?" or "#" would end the path instead.
    response = client.get(f"/forslag/{quote(token, safe='')}/")

    assert response.status_code == 404
    assert "Fant ikke siden" in page(response)


@given(path=st.lists(hostile.filter(lambda t: "/" not in t), min_size=1, max_size=4), query=hostile)
@examples
def test_any_address_and_query_get_a_page_not_a_failure(client, path, query):
    response = client.get("/" + "/".join(path), {"q": query, "side": query})

    assert response.status_code in {200, 301, 302, 404}


@given(year=hostile)
@examples
def test_the_open_data_api_answers_any_year_with_a_client_error(client, year):
    response = client.get(f"/api/v1/editions/{year}")

    assert response.status_code in {404, 422}


def make_edition_once(phase):
    """One edition per test, shared by its examples (the database lives as long as the test)."""
    edition = Edition.objects.filter(year=2030).first()
    if edition is None:
        edition = make_edition(year=2030, phase=phase)
        make_nominee(edition, "Gjøvik")
    return edition


@pytest.fixture
def entry(client, settings, tmp_path, municipalities):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    edition = make_edition_once(Phase.NOMINATIONS_OPEN)
    form = NominationForm(complete_entry(), edition=edition, submitting=True)
    assert form.is_valid()
    return form.save()


def archive(kind):
    buffer = io.BytesIO()
    if kind == "zip":
        with zipfile.ZipFile(buffer, "w") as packed:
            packed.writestr("../../evil.sh", "#!/bin/sh\n")
    else:
        with tarfile.open(fileobj=buffer, mode="w:gz") as packed:
            data = b"#!/bin/sh\n"
            info = tarfile.TarInfo("../../evil.sh")
            info.size = len(data)
            packed.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


REFUSED_CONTENT = {
    "html": b"<!doctype html><script>alert(1)</script>",
    "svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "php": b"<?php system($_GET['c']); ?>",
    "shell": b"#!/bin/sh\nrm -rf /\n",
    "zip": archive("zip"),
    "tar.gz": archive("tar"),
    "exe": b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100,
    "empty": b"",
}
file_names = st.one_of(
    st.sampled_from(
        ["rapport.pdf", "../../../etc/passwd", "..\\..\\win.ini", "/etc/shadow.pdf", "a" * 400 + ".pdf",
         "bilde.png\x00.php", "nul\r\nl.pdf", ".htaccess", "script.pdf.exe", "x.PDF"]
    ),
    # The test client refuses to send a name whose last part is empty, "." or ".." (Django's
    # SimpleUploadedFile raises before any request); the server's answer to those is tested below.
    any_text.filter(
        lambda name: name.strip(". ") != "" and os.path.basename(name) not in {"", ".", ".."}
    ),
)


@given(name=file_names, kind=st.sampled_from(sorted(REFUSED_CONTENT)))
@examples
def test_an_upload_that_is_not_an_allowed_file_is_refused_and_not_stored(client, entry, tmp_path, name, kind):
    response = client.post(
        f"/forslag/{edit_token(entry)}/vedlegg/",
        {"file": SimpleUploadedFile(name, REFUSED_CONTENT[kind])},
    )

    assert response.status_code == 400
    assert "Skjemaet har feil. Rett opp dette for å gå videre:" in page(response)
    assert Attachment.objects.count() == 0
    assert list(Path(tmp_path).rglob("*.*")) == []


def last_path_part(name):
    return re.split(r"[/\\]", html.unescape(name))[-1]


# Django's upload parser keeps only what follows the last slash or backslash; a name with nothing
# readable there (such as "rapport\\") is dropped, and the form says no file came. (The test client
# cannot send a name ending in a slash, so backslashes stand for both.)
@pytest.mark.parametrize("name", ["rapport\\", "0\\", "mappe\\..", "x\\\x00\x01"])
def test_an_upload_whose_name_ends_in_a_path_separator_is_answered_with_a_clear_message(
    client, entry, tmp_path, name
):
    response = client.post(
        f"/forslag/{edit_token(entry)}/vedlegg/", {"file": SimpleUploadedFile(name, PDF)}
    )

    assert response.status_code == 400
    assert "Velg en fil å laste opp." in page(response)
    assert Attachment.objects.count() == 0
    assert list(Path(tmp_path).rglob("*.*")) == []


@given(name=file_names.filter(lambda name: any(char.isalnum() for char in last_path_part(name))))
@examples
def test_an_allowed_file_with_any_name_is_stored_under_a_random_name_and_never_served_publicly(
    client, entry, tmp_path, name
):
    Attachment.objects.all().delete()

    response = client.post(
        f"/forslag/{edit_token(entry)}/vedlegg/", {"file": SimpleUploadedFile(name, PDF)}
    )

    assert response.status_code == 302
    attachment = Attachment.objects.get()
    stored = Path(tmp_path) / attachment.file.name
    assert stored.resolve().is_relative_to(Path(tmp_path).resolve())
    assert stored.read_bytes() == PDF
    assert not any(char in attachment.original_name for char in "/\\\x00\r\n")
    assert client.get(f"/media/{attachment.file.name}").status_code == 404
    assert client.get(f"/forslag/vedlegg/{attachment.pk}/").status_code == 302


def test_an_upload_over_the_size_limit_is_refused_through_the_link(client, entry, settings, tmp_path):
    settings.ATTACHMENT_MAX_BYTES = 1000

    response = client.post(
        f"/forslag/{edit_token(entry)}/vedlegg/",
        {"file": SimpleUploadedFile("stor.pdf", PDF + b"0" * 5000)},
    )

    assert response.status_code == 400
    assert "Filen er for stor" in page(response)
    assert Attachment.objects.count() == 0


@pytest.mark.parametrize("cut", [1, 10, 30])
def test_a_truncated_confirmation_link_gets_the_clear_page(client, cut):
    edition = make_edition_once(Phase.VOTING_OPEN)
    vote = Vote.objects.cast(edition.nominees.get(), "kari@example.no")
    token = confirmation_token(vote, "kari@example.no")

    response = client.post(f"/stem/bekreft/{token[:-cut]}/")

    assert response.status_code == 400
    assert "Lenken virker ikke" in page(response)
    vote.refresh_from_db()
    assert vote.confirmed_at is None


@pytest.mark.parametrize("cut", [1, 10, 30])
def test_a_truncated_nomination_link_gets_the_not_found_page(client, entry, cut):
    response = client.get(f"/forslag/{edit_token(entry)[:-cut]}/")

    assert response.status_code == 404
    assert "Fant ikke siden" in page(response)


def test_a_nomination_link_replayed_after_staff_replaced_its_key_gets_the_link_does_not_work_page(
    client, entry
):
    old_link = f"/forslag/{edit_token(entry)}/"
    entry.edit_key = type(entry.edit_key)(int=entry.edit_key.int + 1)
    entry.save()

    response = client.get(old_link)

    assert response.status_code == 404
    assert "Lenken virker ikke" in page(response)
    assert "Lenken til forslaget er erstattet med en ny" in page(response)


def test_a_nomination_link_signed_for_the_vote_gets_the_not_found_page(client, entry):
    token = signing.dumps([entry.pk, entry.edit_key.hex], salt="voting.confirm", compress=True)

    # Quoted, as a browser sends it: a bare "?" or "#" would end the path instead.
    response = client.get(f"/forslag/{quote(token, safe='')}/")

    assert response.status_code == 404
