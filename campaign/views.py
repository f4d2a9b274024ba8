"""The campaign kit: poster and QR code, badge, calendar feeds.

Every view is a public page kept in the page cache, and none reads a vote:
what a nominee campaigns with is the same whatever the count.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse, translate_url
from django.utils.html import format_html
from django.utils.translation import get_language

from award.models import Edition
from award.pagecache import cached_page
from nominations.models import Nominee
from voting.views import current_nominee

from . import kit
from .badge import badge_png, badge_svg, layout
from .calendar import edition_calendar
from .qr import qr_svg

PAPER_SIZES = ("A4", "A3")


@cached_page
def poster(request, slug):
    edition, nominee = current_nominee(slug)
    if not kit.poster_is_available(edition):
        raise Http404
    paper = request.GET.get("format", "").upper()
    if paper not in PAPER_SIZES:
        paper = PAPER_SIZES[0]
    vote_link = request.build_absolute_uri(reverse("voting:vote_for", kwargs={"slug": slug}))
    context = {
        "edition": edition,
        "nominee": nominee,
        "paper": paper,
        "papers": [(size, f"?format={size}") for size in PAPER_SIZES],
        "vote_link": vote_link,
        # What a person types: no scheme, no trailing slash (the site adds it).
        "short_address": vote_link.split("://", 1)[1].rstrip("/"),
        "standards": _standards(request),
    }
    return render(request, "campaign/poster.html", context)


@cached_page
def qr_code(request, slug):
    """The QR code of the vote link, in the language of its address."""
    current_nominee(slug)
    vote_link = request.build_absolute_uri(reverse("voting:vote_for", kwargs={"slug": slug}))
    return HttpResponse(qr_svg(vote_link), content_type="image/svg+xml")


@cached_page
def badge(request, year, slug):
    nominee = _public_nominee(year, slug)
    status, alt = kit.badge_lines(nominee)
    plan = _layout(nominee, status)
    nominee_page = reverse("award:nominee", kwargs={"year": year, "slug": slug})
    context = {
        "nominee": nominee,
        "edition": nominee.edition,
        "alt": alt,
        "plan": plan,
        "png": reverse("campaign:badge_png", kwargs={"year": year, "slug": slug}),
        "svg": reverse("campaign:badge_svg", kwargs={"year": year, "slug": slug}),
        "standards": _standards(request),
    }
    # A plain link with a picture and its alternative text: nothing that runs or reports.
    context["snippet"] = format_html(
        '<a href="{}"><img src="{}" width="{}" height="{}" alt="{}"></a>',
        request.build_absolute_uri(nominee_page),
        request.build_absolute_uri(context["png"]),
        plan.width,
        plan.height,
        alt,
    )
    return render(request, "campaign/badge.html", context)


@cached_page
def badge_svg_file(request, year, slug):
    nominee = _public_nominee(year, slug)
    status, alt = kit.badge_lines(nominee)
    return _picture(badge_svg(_layout(nominee, status), alt), "image/svg+xml")


@cached_page
def badge_png_file(request, year, slug):
    nominee = _public_nominee(year, slug)
    status, _alt = kit.badge_lines(nominee)
    return _picture(badge_png(_layout(nominee, status)), "image/png")


@cached_page
def edition_feed(request, year):
    return _feed(request, get_object_or_404(Edition, year=year))


@cached_page
def current_feed(request):
    return _feed(request, Edition.objects.current())


def _feed(request, edition):
    edition_url = (
        request.build_absolute_uri(reverse("award:edition", kwargs={"year": edition.year}))
        if edition
        else request.build_absolute_uri(reverse("award:front_page"))
    )
    body = edition_calendar(edition, host=request.get_host(), edition_url=edition_url)
    name = f"bosettingsprisen-{edition.year if edition else 'kalender'}-{get_language()}.ics"
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _public_nominee(year, slug):
    nominee = get_object_or_404(
        Nominee.objects.select_related("edition", "municipality"),
        edition__year=year,
        municipality__slug=slug,
    )
    if not nominee.edition.nominees_are_public():
        raise Http404
    return nominee


def _layout(nominee, status):
    return layout(status, nominee.edition.get_prize_name_display(), nominee.edition.label)


def _picture(content, content_type):
    response = HttpResponse(content, content_type=content_type)
    # Shown on the municipality's own site, which may ask for resources to say they may be.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def _standards(request):
    """Links to the page in bokmål and nynorsk, the written standards of the municipalities."""
    names = {"nb": "Bokmål", "nn": "Nynorsk"}
    return [
        {
            "code": code,
            "name": names[code],
            "url": translate_url(request.get_full_path(), code),
            "current": code == get_language(),
        }
        for code in kit.KIT_LANGUAGES
    ]
