"""«Fant du det du lette etter?»: the form at the bottom of content pages and its view."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.html import parse_html
from django.urls import reverse
from django.utils import translation

from award.models import Feedback
from tests.test_designsystemet_pack import attrs, described_by, find, find_all, text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]


@pytest.fixture
def url():
    return reverse("award:feedback")


def page(response):
    return parse_html(response.content.decode())


# Storing answers.


def test_yes_is_stored_and_the_visitor_goes_back_to_the_page(client, url):
    response = client.post(url, {"found": "yes", "comment": "", "path": "/kriterier/"})

    assert response.status_code == 302
    assert response["Location"] == "/kriterier/"
    feedback = Feedback.objects.get()
    assert feedback.found is True
    assert feedback.comment == ""
    assert feedback.path == "/kriterier/"
    assert feedback.language == "nb"


def test_no_with_a_comment_is_stored(client, url):
    path = "/prisen/2030/?fra=forsiden"
    comment = "Jeg fant ikke fristen for å nominere."
    response = client.post(url, {"found": "no", "comment": comment, "path": path})

    assert response.status_code == 302
    assert response["Location"] == path
    feedback = Feedback.objects.get()
    assert (feedback.found, feedback.comment, feedback.path) == (False, comment, path)


@pytest.mark.parametrize(
    "path", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_an_off_site_path_sends_the_visitor_to_the_front_page(client, url, path):
    response = client.post(url, {"found": "yes", "path": path})

    assert response.status_code == 302
    assert response["Location"] == reverse("award:front_page")


def test_get_is_not_allowed(client, url):
    assert client.get(url).status_code == 405


# A form with errors.


def test_a_missing_answer_shows_the_error_next_to_the_field_and_keeps_the_text(client, url):
    comment = "Siden om kriteriene var vanskelig å forstå."
    response = client.post(url, {"comment": comment, "path": "/kriterier/"})

    assert response.status_code == 400
    assert Feedback.objects.count() == 0
    html = page(response)

    fieldset = find(html, "fieldset", "ds-fieldset", id="id_found")
    assert text(find(fieldset, "legend")) == "Fant du det du lette etter?"
    error = find(fieldset, "div", "ds-validation-message", id="id_found_error")
    assert text(error) == "Velg ja eller nei."
    for radio in find_all(fieldset, "input", type="radio"):
        assert attrs(radio)["aria-invalid"] == "true"
        assert "id_found_error" in described_by(radio)

    assert text(find(html, "textarea", id="id_comment")) == comment
    assert attrs(find(html, "input", name="path"))["value"] == "/kriterier/"

    summary = find(html, "div", "ds-error-summary")
    assert attrs(summary)["tabindex"] == "-1"
    link = find(summary, "a")
    assert attrs(link)["href"] == "#id_found"
    assert text(link) == "Velg ja eller nei."


def test_the_error_page_has_the_form_once_and_posts_it_back_to_the_view(client, url):
    html = page(client.post(url, {"path": "/"}))

    form = find(html, "form")
    assert attrs(form)["action"] == url
    assert attrs(form)["method"] == "post"
    assert find_all(html, id="tilbakemelding") == []
    assert text(find(form, "button", type="submit")) == "Send"
    assert text(find(html, "title")).startswith("Feil:")


def test_a_too_long_comment_is_refused(client, url):
    response = client.post(url, {"found": "no", "comment": "x" * 1001, "path": "/"})

    assert response.status_code == 400
    assert Feedback.objects.count() == 0
    assert attrs(find(page(response), "textarea", id="id_comment"))["aria-invalid"] == "true"


# The rate limit.


def test_the_rate_limit_refuses_the_third_answer(client, url, settings):
    settings.FEEDBACK_RATE_LIMIT = 2
    answer = {"found": "yes", "path": "/kriterier/"}

    assert client.post(url, answer).status_code == 302
    assert client.post(url, answer).status_code == 302
    response = client.post(url, {**answer, "comment": "Tredje gang"})

    assert response.status_code == 429
    assert Feedback.objects.count() == 2
    assert not Feedback.objects.filter(comment="Tredje gang").exists()
    html = page(response)
    alert = find(html, "div", "ds-alert", data_color="warning")
    assert "mange tilbakemeldinger" in text(alert)
    assert "ikke lagret" in text(alert)
    assert find_all(html, "form") == []


# The include at the bottom of content pages.


def render_include(path):
    request = RequestFactory().get(path)
    with translation.override("nb"):
        html = render_to_string("award/includes/feedback_form.html", request=request)
    return parse_html(html)


def test_the_include_renders_a_fresh_form_for_this_page():
    html = render_include("/kriterier/?fra=forsiden")

    section = find(html, "section", id="tilbakemelding")
    heading = find(section, id=attrs(section)["aria-labelledby"])
    assert heading.name == "h2"
    assert text(heading)

    form = find(section, "form")
    assert attrs(form)["action"] == reverse("award:feedback")
    assert attrs(form)["method"] == "post"
    assert attrs(find(form, "input", name="path"))["type"] == "hidden"
    assert attrs(find(form, "input", name="path"))["value"] == "/kriterier/?fra=forsiden"
    # No token: the form sits on cached pages, and its view needs none.
    assert find_all(form, "input", name="csrfmiddlewaretoken") == []
    assert [attrs(radio)["value"] for radio in find_all(form, "input", type="radio")] == [
        "yes",
        "no",
    ]
    assert text(find(form, "label", for_="id_comment")) == "Vil du fortelle oss mer? (valgfritt)"
    assert described_by(find(form, "textarea", id="id_comment")) == ["id_comment_helptext"]
    assert attrs(find(form, "button", type="submit"))["data-variant"] == "primary"

    assert find_all(html, cls="ds-error-summary") == []
    assert find_all(html, aria_invalid="true") == []


def test_the_include_drops_an_overlong_query_string():
    html = render_include("/kriterier/?" + "x" * 400)

    assert attrs(find(html, "input", name="path"))["value"] == "/kriterier/"


def test_the_include_posts_a_valid_answer(client):
    html = render_include("/arkiv/")
    path = attrs(find(html, "input", name="path"))["value"]

    response = client.post(reverse("award:feedback"), {"found": "no", "path": path})

    assert response["Location"] == "/arkiv/"
    assert Feedback.objects.get().path == "/arkiv/"
