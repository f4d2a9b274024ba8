"""Texts that staff write in bokmål and, when they wish, in nynorsk and English.

A model declares the other versions of a text field beside it:

    description = models.TextField(_("omtale"), blank=True)
    description_nn, description_en = other_languages(description)

and a page asks for `localized(nominee, "description")`: the visitor's
language where staff wrote it, otherwise bokmål, which is always there. The
result knows its language, so that a template can mark a bokmål fallback
with `lang="nb"` on a nynorsk or English page.
"""

from django.utils.html import conditional_escape, format_html
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

SOURCE_LANGUAGE = "nb"
OTHER_LANGUAGES = {"nn": _("nynorsk"), "en": _("engelsk")}

# The prize's name, chosen once per language: bokmål «Bosettings- og
# integreringsprisen», nynorsk «Busetjings- og integreringsprisen» (the
# catalogues), and in English the Norwegian name, as a proper name, marked as
# bokmål so that a screen reader pronounces it in Norwegian.
PRIZE_NAME_LANGUAGE = {"en": SOURCE_LANGUAGE}


def other_languages(field):
    """Optional copies of `field` for nynorsk and English, in that order."""
    _name, _path, args, kwargs = field.deconstruct()
    copies = []
    for language_name in OTHER_LANGUAGES.values():
        options = {
            **kwargs,
            "verbose_name": format_lazy("{} ({})", field.verbose_name, language_name),
            "blank": True,
            "default": "",
            "help_text": _("Står tomt: sidene viser bokmålsteksten."),
        }
        copies.append(field.__class__(*args, **options))
    return copies


def other_language_names(*fields):
    """The names of the nynorsk and English versions of `fields`, for admin fieldsets."""
    return [f"{field}_{language}" for field in fields for language in OTHER_LANGUAGES]


class LocalizedText(str):
    """A text and the language it is written in."""

    def __new__(cls, text, language):
        localized = super().__new__(cls, text)
        localized.language = language
        return localized


def active_language():
    return (get_language() or SOURCE_LANGUAGE).split("-")[0]


def prize_name_language():
    """The language the prize's name is written in on the page being made."""
    language = active_language()
    return PRIZE_NAME_LANGUAGE.get(language, language)


def marked(text):
    """`text` for a page's HTML, in a `<span lang>` when it is not in the page's language."""
    language = getattr(text, "language", None)
    if language and language != active_language():
        return format_html('<span lang="{}">{}</span>', language, text)
    return conditional_escape(text)


def localized(instance, field, language=None):
    """`field` of `instance` in `language` (the active one) if written, else in bokmål."""
    language = language or active_language()
    if language in OTHER_LANGUAGES:
        text = getattr(instance, f"{field}_{language}")
        if text.strip():
            return LocalizedText(text, language)
    return LocalizedText(getattr(instance, field), SOURCE_LANGUAGE)
