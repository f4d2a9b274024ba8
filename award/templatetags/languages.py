"""Texts staff write in several languages, as a page shows them.

    {% with description=nominee|localized:"description" %}
      <div{{ description|lang_attribute }}>{{ description|linebreaks }}</div>
    {% endwith %}
"""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html

from award.models import PrizeName
from award.translation import LocalizedText, active_language, prize_name_language
from award.translation import localized as localized_text
from award.translation import marked as marked_text

register = template.Library()


@register.filter
def localized(instance, field):
    return localized_text(instance, field)


@register.filter
def lang_attribute(text):
    """` lang="nb"` when the text is not in the page's language (a bokmål fallback)."""
    if isinstance(text, LocalizedText) and text.language != active_language():
        return format_html(' lang="{}"', text.language)
    return ""


@register.filter
def marked(text):
    """Stored text inside a sentence: in a `<span lang="nb">` when it fell back to bokmål."""
    return marked_text(text)


@register.simple_tag
def marked_prize_name(value):
    """One of the prize's names (`PrizeName`) inside a sentence, marked as the prize's name is."""
    return marked_text(LocalizedText(str(PrizeName(value).label), prize_name_language()))


@register.simple_tag
def prize_lang_attribute():
    """` lang="nb"` on an element holding only the prize's name, where the page is in another language."""
    language = prize_name_language()
    return format_html(' lang="{}"', language) if language != active_language() else ""


# Norwegian puts a (non-breaking) space before the per cent sign; English does not.
PERCENT_FORMATS = {"en": "{}%"}
NORWEGIAN_PERCENT = "{}\xa0%"


@register.filter
def percent(value, decimals=1):
    """A share the way the page's language writes it: «61,7 %» in Norwegian, «61.7%» in English."""
    number = floatformat(value, decimals)
    return PERCENT_FORMATS.get(active_language(), NORWEGIAN_PERCENT).format(number)
