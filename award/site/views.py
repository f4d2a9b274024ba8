"""The public pages of the prize.

These views sit on top of every app (editions, nominations, later votes);
the apps below never import from here.
"""

import datetime

import filetype
from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from award.forms import FeedbackForm
from award.models import DEFAULT_ENTRY_THRESHOLD, Edition
from award.pagecache import cached_page
from award.ratelimit import feedback_allowed
from award.translation import prize_name_language
from nominations.models import Nominee
from nominations.permissions import visible_nominees
from voting.models import Vote, has_public_result


@cached_page
def front_page(request):
    edition = Edition.objects.current()
    context = {"edition": edition, "last_updated": edition.updated_at if edition else None}
    if edition is not None:
        context["phase"] = edition.phase()
        context["nominees"] = nominees = list(_public_nominees(edition))
        context["winner"] = next((n for n in nominees if n.is_public_winner()), None)
    context["latest_winner"] = (
        Nominee.objects.filter(is_winner=True)
        .exclude(edition=edition)
        .select_related("edition", "municipality")
        .order_by("-edition__year")
        .first()
    )
    return render(request, "award/front_page.html", context)


@cached_page
def edition_detail(request, year):
    edition = get_object_or_404(Vote.objects.editions_with_result(), year=year)
    nominees = list(_public_nominees(edition))
    context = {
        "edition": edition,
        "phase": edition.phase(),
        "nominees": nominees,
        "winner": next((n for n in nominees if n.is_public_winner()), None),
        "has_result": has_public_result(edition),
        "last_updated": edition.updated_at,
        "out_of_date": edition.is_out_of_date(),
    }
    return render(request, "award/edition_detail.html", context)


@cached_page
def nominee_detail(request, year, slug):
    nominee = get_object_or_404(
        Nominee.objects.select_related("edition", "municipality__county"),
        edition__year=year,
        municipality__slug=slug,
    )
    edition = nominee.edition
    if not edition.nominees_are_public():
        raise Http404
    context = {
        "nominee": nominee,
        "edition": edition,
        "past_winners": (
            [w for w in _public_winners() if w.edition.year < edition.year]
            if nominee.is_public_winner()
            else []
        ),
        "last_updated": edition.updated_at,
        "out_of_date": edition.is_out_of_date(),
    }
    return render(request, "award/nominee_detail.html", context)


def nominee_photo(request, year, slug):
    """The nominee's photo, under the same embargo as the nominee; staff see it before."""
    nominee = get_object_or_404(
        Nominee.objects.select_related("edition"),
        edition__year=year,
        municipality__slug=slug,
    )
    # Before publication, only those who may open the nominee in the admin.
    may_preview = (
        request.user.is_staff
        and visible_nominees(request.user, Nominee.objects.filter(pk=nominee.pk)).exists()
    )
    if not nominee.photo or not (nominee.edition.nominees_are_public() or may_preview):
        raise Http404
    photo = nominee.photo.open("rb")
    # Stored under a random name without an extension: the type is read from the content.
    content_type = filetype.guess_mime(photo.read(261)) or "application/octet-stream"
    photo.seek(0)
    response = FileResponse(photo, content_type=content_type)
    if not nominee.edition.nominees_are_public():
        response["Cache-Control"] = "private, no-store"
    return response


@cached_page
def announcement(request, year):
    """The page on the conference screen: finalists, then the winner the moment it is revealed."""
    edition = get_object_or_404(Edition, year=year)
    response = render(request, "award/announcement.html", _announcement(edition))
    # Each view of the page must ask again, or a screen could hold the page from before the reveal.
    response["Cache-Control"] = "no-cache, max-age=0"
    return response


@cached_page(polled=True)
def announcement_status(request, year):
    """What the announcement page shows now, for the page's script to poll.

    Every screen in the hall polls it, so one copy is kept for all of them,
    until the next date of the timeline (a scheduled reveal, to the second) or
    staff's reveal; browsers are told to store none, so each poll asks again.
    """
    edition = get_object_or_404(Edition, year=year)
    state = _announcement(edition)
    finalists = [
        {"name": nominee.municipality.name, "url": _nominee_url(nominee)}
        for nominee in state["finalists"]
    ]
    winner = state["winner"]
    data = {
        "phase": state["phase"],
        "finalists": finalists,
        "winner": winner
        and {
            "name": winner.municipality.name,
            "url": _nominee_url(winner),
            "rationale": winner.rationale_as_winner,
            "rationale_language": winner.rationale_as_winner.language,
            "heading": _("Vinneren av %(prize)s er %(name)s")
            % {"prize": edition.title, "name": winner.municipality.name},
            # So that the page's script can mark the prize's name where it is not in the page's language.
            "prize": edition.title,
            "prize_language": prize_name_language(),
        },
    }
    return JsonResponse(data, headers={"Cache-Control": "no-store"})


@cached_page
def press_release(request, year):
    edition = get_object_or_404(Edition.objects.select_related("press_release"), year=year)
    release = getattr(edition, "press_release", None)
    if release is None or not edition.winner_is_public():
        raise Http404
    nominees = list(edition.nominees.select_related("municipality"))
    context = {
        "edition": edition,
        "release": release,
        "quotes": release.quotes.all(),
        "winner": next(n for n in nominees if n.is_winner),
        "nominees": nominees,
        "past_winners": [
            winner for winner in _public_winners() if winner.edition.year < edition.year
        ],
        "last_updated": edition.updated_at,
        "contact_email": settings.PRIZE_CONTACT_EMAIL,
    }
    return render(request, "award/press_release.html", context)


@cached_page
def vote_result(request, year):
    """The public vote's result: only once the finalists are public, as the embargo says."""
    edition = get_object_or_404(Vote.objects.editions_with_result(), year=year)
    if not has_public_result(edition):
        raise Http404
    standings = Vote.objects.standings(edition)
    total = sum(standing.votes for standing in standings)
    most = max((standing.votes for standing in standings), default=0)
    rows = [
        {
            "standing": standing,
            "share": standing.votes / total * 100 if total else 0,
            "bar": round(standing.votes / most * CHART_BAR_WIDTH) if most else 0,
            "y": position * CHART_ROW_HEIGHT,
        }
        for position, standing in enumerate(standings)
    ]
    context = {
        "edition": edition,
        "rows": rows,
        "total": total,
        "finalist_count": sum(1 for standing in standings if standing.nominee.is_finalist),
        "chart_height": len(rows) * CHART_ROW_HEIGHT,
        "label_width": CHART_LABEL_WIDTH,
        "chart_width": CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 80,
        "last_updated": edition.updated_at,
    }
    return render(request, "award/vote_result.html", context)


# The result chart's geometry, in SVG user units.
CHART_ROW_HEIGHT = 40
CHART_LABEL_WIDTH = 160
CHART_BAR_WIDTH = 400


@cached_page
def archive(request):
    winners = _public_winners()
    context = {
        "winners": winners,
        "last_updated": max((w.edition.updated_at for w in winners), default=None),
    }
    return render(request, "award/archive.html", context)


# Content pages written in templates, with the date their text last changed.
CONTENT_PAGES_UPDATED = {
    "criteria": datetime.date(2026, 11, 25),
    "accessibility": datetime.date(2026, 11, 25),
    "privacy": datetime.date(2026, 11, 25),
}


@cached_page
def criteria(request):
    edition = Edition.objects.current()
    context = {
        "threshold": edition.entry_threshold if edition else DEFAULT_ENTRY_THRESHOLD,
        "last_updated": CONTENT_PAGES_UPDATED["criteria"],
    }
    return render(request, "award/criteria.html", context)


@cached_page
def accessibility_statement(request):
    context = {"last_updated": CONTENT_PAGES_UPDATED["accessibility"]}
    return render(request, "award/accessibility.html", context)


@cached_page
def privacy_statement(request):
    context = {
        "last_updated": CONTENT_PAGES_UPDATED["privacy"],
        "retention_days": settings.PERSONAL_DATA_RETENTION_DAYS,
    }
    return render(request, "award/privacy.html", context)


# Without CSRF protection, so that the pages carrying the form can be cached
# and shared by every visitor: the answer is anonymous, needs no session and
# changes nothing of anyone's, and each client address is rate-limited. A
# forged post can do no more than the forger could do by posting it directly.
@csrf_exempt
@require_POST
def feedback(request):
    form = FeedbackForm(request.POST)
    if not feedback_allowed(request):
        context = {"form": form, "rate_limited": True}
        return render(request, "award/feedback.html", context, status=429)
    if not form.is_valid():
        return render(request, "award/feedback.html", {"form": form}, status=400)
    form.save(language=request.LANGUAGE_CODE)
    messages.success(request, _("Takk for tilbakemeldingen!"))
    back = form.cleaned_data["path"]
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("award:front_page")
    return HttpResponseRedirect(back)


def _public_winners():
    """Every winner the public may know of, oldest first: the archive's one source."""
    winners = Nominee.objects.filter(is_winner=True).select_related("edition", "municipality")
    return sorted(
        (winner for winner in winners if winner.is_public_winner()),
        key=lambda winner: winner.edition.year,
    )


def _announcement(edition):
    """The state of the reveal at one moment, so that page and status never disagree."""
    now = timezone.now()
    nominees = list(edition.nominees.select_related("municipality"))
    finalists_public = edition.finalists_are_public(now)
    winner_public = edition.winner_is_public(now)
    return {
        "edition": edition,
        "phase": edition.phase(now),
        "finalists": [n for n in nominees if n.is_finalist] if finalists_public else [],
        "winner": next((n for n in nominees if n.is_winner), None) if winner_public else None,
    }


def _nominee_url(nominee):
    return reverse(
        "award:nominee", kwargs={"year": nominee.edition.year, "slug": nominee.municipality.slug}
    )


def _public_nominees(edition):
    if not edition.nominees_are_public():
        return Nominee.objects.none()
    return edition.nominees.select_related("municipality")

