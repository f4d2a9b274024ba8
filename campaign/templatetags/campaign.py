"""Links to the campaign kit from the pages it belongs to (nominee, vote link, edition)."""

from django import template
from django.urls import reverse

from campaign import kit

register = template.Library()


@register.simple_tag
def poster_address(nominee):
    """The nominee's poster in its municipality's written standard, while there is one."""
    if not kit.poster_is_available(nominee.edition):
        return ""
    language = kit.kit_language(nominee.municipality)
    return kit.address_in(language, "campaign:poster", slug=nominee.municipality.slug)


@register.simple_tag
def badge_address(nominee):
    """The nominee's badge page in its municipality's written standard, once it is public."""
    if not nominee.edition.nominees_are_public():
        return ""
    language = kit.kit_language(nominee.municipality)
    return kit.address_in(
        language, "campaign:badge", year=nominee.edition.year, slug=nominee.municipality.slug
    )


@register.simple_tag(takes_context=True)
def vote_link(context, nominee):
    """The whole address of the nominee's vote link, in the page's language."""
    path = reverse("voting:vote_for", kwargs={"slug": nominee.municipality.slug})
    return context["request"].build_absolute_uri(path)
