"""The crispy-forms template pack that renders forms as Designsystemet markup."""

from pathlib import Path

import pytest
from crispy_forms.bootstrap import FormActions
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Button, ButtonHolder, Div, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.test.html import parse_html
from django.utils import translation

PACK = Path(settings.BASE_DIR) / "templates" / "designsystemet"

# A small DOM toolkit over django.test.html, enough to assert on markup.


def elements(node):
    """`node` (if it is a tag) and every tag below it, in document order."""
    if isinstance(node, str):
        return
    if node.name:
        yield node
    for child in node.children:
        yield from elements(child)


def attrs(element):
    return dict(element.attributes)


def classes(element):
    return (attrs(element).get("class") or "").split()


def find_all(root, tag=None, cls=None, **wanted):
    """Tags below `root`, by name, by one CSS class and by attribute values.

    Attribute names are given with _ for - (aria_invalid="true", for_="id_x")."""
    wanted = {name.rstrip("_").replace("_", "-"): value for name, value in wanted.items()}
    found = []
    for element in elements(root):
        have = attrs(element)
        if tag and element.name != tag:
            continue
        if cls and cls not in classes(element):
            continue
        if all(name in have and have[name] == value for name, value in wanted.items()):
            found.append(element)
    return found


def find(root, tag=None, cls=None, **wanted):
    found = find_all(root, tag, cls, **wanted)
    assert len(found) == 1, f"expected one <{tag}> .{cls} {wanted}, found {len(found)}"
    return found[0]


def text(node):
    if isinstance(node, str):
        return " ".join(node.split())
    return " ".join(part for part in (text(child) for child in node.children) if part)


def described_by(element):
    return (attrs(element).get("aria-describedby") or "").split()


# The form under test.


class ContactForm(forms.Form):
    name = forms.CharField(label="Navn", help_text="Fornavn og etternavn.")
    email = forms.EmailField(label="E-post", required=False)
    topic = forms.ChoiceField(
        label="Hva gjelder det?",
        choices=[("prize", "Prisen"), ("site", "Nettstedet")],
        widget=forms.RadioSelect,
        help_text="Velg det som passer best.",
        error_messages={"required": "Velg hva det gjelder."},
    )
    channels = forms.MultipleChoiceField(
        label="Hvordan vil du bli kontaktet?",
        choices=[("email", "E-post"), ("phone", "Telefon")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    message = forms.CharField(label="Melding", widget=forms.Textarea)
    agree = forms.BooleanField(
        label="Jeg har lest personvernerklæringen",
        error_messages={"required": "Kryss av for at du har lest personvernerklæringen."},
    )
    attachment = forms.FileField(label="Vedlegg", required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = "/kontakt/"
        self.helper.form_id = "kontakt"
        self.helper.add_input(Submit("send", "Send"))
        self.helper.add_input(Button("avbryt", "Avbryt"))

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("name") == "Ola":
            raise forms.ValidationError("Ola har allerede sendt inn.")
        return cleaned_data


INVALID = {"name": "", "email": "ikke-en-adresse", "message": "Hei på deg", "channels": ["phone"]}
VALID = {"name": "Kari", "topic": "site", "message": "Hei", "agree": "on"}


def render(form, source="{% crispy form %}"):
    with translation.override("nb"):
        html = Template("{% load crispy_forms_tags %}" + source).render(
            Context({"form": form, "csrf_token": "testtoken"})
        )
    return parse_html(html)


def failed_form(data=INVALID):
    form = ContactForm(data=data)
    assert not form.is_valid()
    return form


@pytest.fixture
def unbound():
    return render(ContactForm())


@pytest.fixture
def failed():
    return render(failed_form())


# Single fields: label, description, input, error.


@pytest.mark.parametrize("name", ["name", "email", "message", "attachment"])
def test_each_field_is_a_ds_field_with_its_label_tied_to_a_ds_input(unbound, name):
    control = find(unbound, id=f"id_{name}")
    assert "ds-input" in classes(control)
    label = find(unbound, "label", "ds-label", for_=f"id_{name}")
    field = next(f for f in find_all(unbound, "div", "ds-field") if control in elements(f))
    assert label in elements(field)


def test_input_types(unbound):
    assert find(unbound, id="id_name").name == "input"
    assert attrs(find(unbound, id="id_email"))["type"] == "email"
    assert find(unbound, id="id_message").name == "textarea"
    assert attrs(find(unbound, id="id_attachment"))["type"] == "file"
    assert attrs(find(unbound, "form"))["enctype"] == "multipart/form-data"


def test_required_fields_keep_djangos_required_attribute_and_optional_ones_are_marked(unbound):
    assert "required" in attrs(find(unbound, id="id_name"))
    assert "required" not in attrs(find(unbound, id="id_email"))
    assert text(find(unbound, "label", for_="id_name")) == "Navn"
    assert text(find(unbound, "label", for_="id_email")) == "E-post (valgfritt)"
    assert text(find(unbound, "label", for_="id_attachment")) == "Vedlegg (valgfritt)"


def test_description_has_an_id_the_input_points_to(unbound):
    description = find(unbound, "p", id="id_name_helptext")
    assert text(description) == "Fornavn og etternavn."
    assert described_by(find(unbound, id="id_name")) == ["id_name_helptext"]
    assert described_by(find(unbound, id="id_email")) == []


def test_unbound_form_shows_no_errors(unbound):
    assert find_all(unbound, cls="ds-error-summary") == []
    assert find_all(unbound, cls="ds-validation-message") == []
    assert find_all(unbound, aria_invalid="true") == []


def test_field_error_is_tied_to_the_input(failed):
    name = find(failed, id="id_name")
    assert attrs(name)["aria-invalid"] == "true"
    assert described_by(name) == ["id_name_helptext", "id_name_error"]
    error = find(failed, id="id_name_error")
    assert error.name == "div"
    assert "ds-validation-message" in classes(error)
    assert attrs(error)["data-color"] == "danger"
    assert text(error) == "Feltet er påkrevet."

    email = find(failed, id="id_email")
    assert attrs(email)["aria-invalid"] == "true"
    assert described_by(email) == ["id_email_error"]
    assert attrs(email)["value"] == "ikke-en-adresse"


def test_fields_without_errors_are_not_marked_invalid(failed):
    message = find(failed, id="id_message")
    assert "aria-invalid" not in attrs(message)
    assert text(message) == "Hei på deg"
    assert find_all(failed, id="id_message_error") == []


# Radio and checkbox groups.


def test_radios_are_a_fieldset_with_a_legend(unbound):
    fieldset = find(unbound, "fieldset", "ds-fieldset", id="id_topic")
    legend = find(fieldset, "legend")
    assert text(legend) == "Hva gjelder det?"
    assert described_by(fieldset) == ["id_topic_helptext"]
    assert text(find(fieldset, "p", id="id_topic_helptext")) == "Velg det som passer best."
    radios = find_all(fieldset, "input", type="radio")
    assert [attrs(radio)["value"] for radio in radios] == ["prize", "site"]
    for radio in radios:
        assert "ds-input" in classes(radio)
        assert attrs(radio)["name"] == "topic"
        assert "required" in attrs(radio)
        find(fieldset, "label", for_=attrs(radio)["id"])
    assert [text(find(fieldset, "label", for_=f"id_topic_{i}")) for i in (0, 1)] == [
        "Prisen",
        "Nettstedet",
    ]


def test_radio_error_is_tied_to_each_radio(failed):
    fieldset = find(failed, "fieldset", id="id_topic")
    error = find(fieldset, "div", "ds-validation-message", id="id_topic_error")
    assert text(error) == "Velg hva det gjelder."
    for radio in find_all(fieldset, "input", type="radio"):
        assert attrs(radio)["aria-invalid"] == "true"
        assert "id_topic_error" in described_by(radio)


def test_checkbox_group_is_a_fieldset_and_keeps_the_choices(failed):
    fieldset = find(failed, "fieldset", "ds-fieldset", id="id_channels")
    assert text(find(fieldset, "legend")) == "Hvordan vil du bli kontaktet? (valgfritt)"
    boxes = find_all(fieldset, "input", "ds-input", type="checkbox")
    assert [("checked" in attrs(box)) for box in boxes] == [False, True]
    assert all("aria-invalid" not in attrs(box) for box in boxes)


def test_single_checkbox_has_its_label_and_error(failed):
    box = find(failed, "input", "ds-input", id="id_agree", type="checkbox")
    assert text(find(failed, "label", for_="id_agree")) == "Jeg har lest personvernerklæringen"
    assert attrs(box)["aria-invalid"] == "true"
    assert "id_agree_error" in described_by(box)
    assert "ds-validation-message" in classes(find(failed, id="id_agree_error"))


# The error summary.


def test_error_summary_links_to_each_invalid_field(failed):
    summary = find(failed, "div", "ds-error-summary")
    assert attrs(summary)["tabindex"] == "-1"
    heading = find(summary, "h2")
    assert text(heading) == "Skjemaet har feil. Rett opp dette for å gå videre:"
    assert attrs(summary)["aria-labelledby"] == attrs(heading)["id"]
    links = find_all(summary, "a")
    assert [attrs(link)["href"] for link in links] == [
        "#id_name",
        "#id_email",
        "#id_topic",
        "#id_agree",
    ]
    assert text(links[2]) == "Velg hva det gjelder."
    # Every link leads to an element on the page.
    for link in links:
        find(failed, id=attrs(link)["href"][1:])


def test_error_summary_comes_first_in_the_form(failed):
    order = list(elements(find(failed, "form")))
    summary = find(failed, cls="ds-error-summary")
    first_field = find_all(failed, cls="ds-field")[0]
    assert order.index(summary) < order.index(first_field)


def test_non_field_errors_are_in_the_summary():
    html = render(failed_form({**VALID, "name": "Ola"}))
    summary = find(html, cls="ds-error-summary")
    assert find_all(summary, "a") == []
    assert text(find(summary, "li")) == "Ola har allerede sendt inn."


def test_no_summary_for_a_valid_bound_form():
    form = ContactForm(data=VALID)
    assert form.is_valid()
    assert find_all(render(form), cls="ds-error-summary") == []


# The form, its buttons and crispy's layout objects.


def test_form_tag_and_buttons(unbound):
    form = find(unbound, "form")
    assert attrs(form)["method"] == "post"
    assert attrs(form)["action"] == "/kontakt/"
    assert attrs(form)["id"] == "kontakt"
    submit = find(form, "button", type="submit")
    assert classes(submit) == ["ds-button"]
    assert attrs(submit)["data-variant"] == "primary"
    assert text(submit) == "Send"
    other = find(form, "button", type="button")
    assert attrs(other)["data-variant"] == "secondary"
    assert text(other) == "Avbryt"
    assert attrs(find(form, "input", id="id_token"))["type"] == "hidden"
    assert attrs(find(form, "input", name="csrfmiddlewaretoken"))["value"] == "testtoken"


def test_layout_objects():
    form = ContactForm()
    form.helper.inputs = []
    form.helper.layout = Layout(
        Fieldset("Om deg", "name", "email", css_id="om-deg"),
        Div("topic", css_class="kolonne"),
        HTML('<p class="ds-paragraph" id="svartid">Vi svarer innen en uke.</p>'),
        "message",
        ButtonHolder(Submit("lagre", "Lagre")),
        FormActions(Submit("send", "Send"), Button("avbryt", "Avbryt")),
    )
    html = render(form)
    section = find(html, "fieldset", "ds-fieldset", id="om-deg")
    assert text(find(section, "legend")) == "Om deg"
    assert find(section, id="id_name") and find(section, id="id_email")
    div = find(html, "div", "kolonne")
    find(div, "fieldset", id="id_topic")
    assert text(find(html, "p", id="svartid")) == "Vi svarer innen en uke."
    holders = find_all(html, "div", "form-actions")
    assert [[text(button) for button in find_all(holder, "button")] for holder in holders] == [
        ["Lagre"],
        ["Send", "Avbryt"],
    ]
    # Fields left out of the layout are not rendered.
    assert find_all(html, id="id_agree") == []


def test_crispy_filter_renders_the_same_fields_without_a_form_tag():
    html = render(ContactForm(), "{{ form|crispy }}")
    assert find_all(html, "form") == []
    assert find(html, "label", for_="id_name")
    assert "ds-input" in classes(find(html, id="id_name"))
    find(html, "fieldset", "ds-fieldset", id="id_topic")
    assert find_all(html, cls="ds-error-summary") == []

    html = render(failed_form(), "{{ form|crispy }}")
    find(html, cls="ds-error-summary")
    assert attrs(find(html, id="id_name"))["aria-invalid"] == "true"


def test_pack_has_no_inline_styles_or_scripts():
    templates = list(PACK.rglob("*.html"))
    assert templates
    for template in templates:
        source = template.read_text().lower()
        assert "style=" not in source, template
        assert "<script" not in source, template
