"""In a real browser, no page asks anything of another site (no CDN, fonts or analytics), and the
strict Content-Security-Policy blocks nothing the pages need."""

from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from award.models import Phase
from tests.conftest import load_reference_data
from tests.factories import make_edition, make_nominee
from tests.public_pages import READING_PAGES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    *READING_PAGES,
    "/stem/",
    "/stem/stord/",
    "/stem/bekreft/forfalsket/",
    "/forslag/",
    "/finnes-ikke/",
    "/admin/login/",
]


@pytest.fixture
def site(transactional_db):
    load_reference_data()
    call_command("loaddata", "history", stdout=StringIO())
    edition = make_edition(year=2030, phase=Phase.VOTING_OPEN)
    for name in ["Alta", "Stord"]:
        make_nominee(edition, name, description=f"{name} bosetter og kvalifiserer godt.")
    return edition


def test_no_page_requests_anything_outside_the_site_or_breaks_the_policy(page, live_server, site):
    own = urlsplit(live_server.url).netloc
    foreign, refused = [], []
    page.on(
        "request",
        lambda request: urlsplit(request.url).scheme not in {"data", "blob"}
        and urlsplit(request.url).netloc != own
        and foreign.append(request.url),
    )
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and refused.append(message.text),
    )

    for path in PAGES:
        page.goto(path, wait_until="networkidle")

    assert foreign == []
    assert refused == []
