"""What a nominee may campaign with, and when: the rules of the campaign kit.

Everything here follows the embargo of the public pages: a nominee's kit
exists once the nominees are public, a badge says «Finalist» or «Vinner»
only once that is public, and nothing reads the votes.
"""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from award.models import Phase

# The vote link is worth printing while the vote is open or about to open.
POSTER_PHASES = frozenset({Phase.NOMINEES_PUBLISHED, Phase.VOTING_OPEN})

# The written standards a poster or badge can be in: the municipalities' own.
KIT_LANGUAGES = ("nb", "nn")


class Standing:
    NOMINATED = "nominated"
    FINALIST = "finalist"
    WINNER = "winner"


def poster_is_available(edition, at=None):
    """Whether the edition's nominees have a vote to campaign for: open, or opening later."""
    return edition.voting_opens_at is not None and edition.phase(at) in POSTER_PHASES


def standing(nominee, at=None):
    """The most a badge may say about the nominee now: never more than is public."""
    if nominee.is_public_winner(at):
        return Standing.WINNER
    if nominee.is_public_finalist(at):
        return Standing.FINALIST
    return Standing.NOMINATED


def badge_lines(nominee, at=None):
    """The badge's first line («Nominert til») and its whole text, which is also its alt text."""
    title = nominee.edition.title
    kind = standing(nominee, at)
    if kind == Standing.WINNER:
        return pgettext("merke", "Vinner av"), _("Vinner av %(title)s") % {"title": title}
    if kind == Standing.FINALIST:
        return pgettext("merke", "Finalist til"), _("Finalist til %(title)s") % {"title": title}
    return pgettext("merke", "Nominert til"), _("Nominert til %(title)s") % {"title": title}


def kit_language(municipality):
    """The written standard a municipality's kit opens in: its målvedtak (nynorsk or bokmål)."""
    return municipality.language_code()


def address_in(language, viewname, **kwargs):
    """The address of a page in `language`, whatever language the page linking to it is in."""
    with translation.override(language):
        return reverse(viewname, kwargs=kwargs)
