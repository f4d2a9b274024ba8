"""Every error page is a designed page in Norwegian without a stack trace; the 500 and 503 pages
render without the database. (The 503 page under a real outage: test_faults.)"""

import re

import pytest
from django.views.defaults import server_error

from award.middleware import service_unavailable
from award.models import Phase
from tests.factories import make_edition, make_juror

pytestmark = pytest.mark.django_db


def text(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def assert_designed_page(response, status, heading):
    page = text(response)
    assert response.status_code == status
    assert "<h1" in response.content.decode()
    assert heading in page
    assert 'lang="nb"' in response.content.decode()
    assert "Til forsiden" in page
    assert "Traceback" not in page and "Exception" not in page


def test_a_request_for_a_host_we_do_not_serve_gets_the_400_page(client):
    response = client.get("/", HTTP_HOST="angriper.example")

    assert_designed_page(response, 400, "Ugyldig forespørsel")
    assert "Vi forsto ikke forespørselen. Gå tilbake og prøv igjen." in text(response)


def test_a_jury_member_in_the_vote_log_gets_the_403_page(client):
    juror = make_juror(make_edition(year=2030, phase=Phase.UNDER_REVIEW))
    client.force_login(juror.user)

    response = client.get("/admin/voting/vote/")

    assert_designed_page(response, 403, "Ingen tilgang")
    assert "Du har ikke tilgang til denne siden." in text(response)


def test_an_address_that_does_not_exist_gets_the_404_page(client):
    response = client.get("/finnes-ikke/")

    assert_designed_page(response, 404, "Fant ikke siden")


def test_the_500_page_renders_without_touching_the_database(rf, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))

    assert_designed_page(response, 500, "Noe gikk galt")
    assert "Har du fått en kvittering på e-post, er det du sendte, lagret." in text(response)
    assert "stylesheet" not in response.content.decode()


def test_the_503_page_renders_without_touching_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = service_unavailable()

    assert_designed_page(response, 503, "Nettstedet er midlertidig utilgjengelig")
    assert (response["Retry-After"], response["Cache-Control"]) == ("30", "no-store")
