"""The public pages of the prize.

These views sit on top of every app (editions, nominations, later votes);
the apps below never import from here.
"""

import datetime
import mimetypes

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nominations.models import Nominee

from .forms import FeedbackForm
from .models import DEFAULT_ENTRY_THRESHOLD, Edition
from .ratelimit import feedback_allowed


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


def edition_detail(request, year):
    edition = get_object_or_404(Edition, year=year)
    nominees = list(_public_nominees(edition))
    context = {
        "edition": edition,
        "phase": edition.phase(),
        "nominees": nominees,
        "winner": next((n for n in nominees if n.is_public_winner()), None),
        "last_updated": edition.updated_at,
        "out_of_date": edition.is_out_of_date(),
    }
    return render(request, "award/edition_detail.html", context)


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
    may_preview = request.user.is_staff and request.user.has_perm("nominations.view_nominee")
    if not nominee.photo or not (nominee.edition.nominees_are_public() or may_preview):
        raise Http404
    content_type = mimetypes.guess_type(nominee.photo.name)[0] or "application/octet-stream"
    response = FileResponse(nominee.photo.open("rb"), content_type=content_type)
    if not nominee.edition.nominees_are_public():
        response["Cache-Control"] = "private, no-store"
    return response


def archive(request):
    winners = Nominee.objects.filter(is_winner=True).select_related("edition", "municipality")
    winners = sorted(
        (winner for winner in winners if winner.is_public_winner()),
        key=lambda winner: winner.edition.year,
    )
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


def criteria(request):
    edition = Edition.objects.current()
    context = {
        "threshold": edition.entry_threshold if edition else DEFAULT_ENTRY_THRESHOLD,
        "last_updated": CONTENT_PAGES_UPDATED["criteria"],
    }
    return render(request, "award/criteria.html", context)


def accessibility_statement(request):
    context = {"last_updated": CONTENT_PAGES_UPDATED["accessibility"]}
    return render(request, "award/accessibility.html", context)


def privacy_statement(request):
    context = {"last_updated": CONTENT_PAGES_UPDATED["privacy"]}
    return render(request, "award/privacy.html", context)


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


def _public_nominees(edition):
    if not edition.nominees_are_public():
        return Nominee.objects.none()
    return edition.nominees.select_related("municipality")
