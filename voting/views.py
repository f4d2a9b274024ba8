"""The public vote: the nominees, a vote per nominee, and the confirmation link.

No page here shows a count or an order by votes: the nominees are always in
alphabetical order, and the standings exist only in the admin.
"""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from award.challenge import new_challenge
from award.models import Edition, Phase
from award.pagecache import CSRF_TOKEN_PLACEHOLDER, cached_page
from award.ratelimit import VOTE, Level, client_address, client_network, vote_level

from . import notifications
from .forms import VoteForm
from .models import (
    NOT_YET_OPEN,
    AlreadyVoted,
    Outcome,
    TooManyUnconfirmed,
    Vote,
    VotingClosed,
)
from .sharing import share_card
from .tokens import InvalidToken, read_token

# A link that can no longer count anything is gone for good.
GONE = {Outcome.CLOSED, Outcome.EXPIRED}
SHARE_CARD_SECONDS = 24 * 3600


@cached_page
def vote(request):
    edition = Edition.objects.current()
    if edition is None:
        raise Http404
    phase = edition.phase()
    context = {
        "edition": edition,
        "phase": phase,
        "opens_later": phase in NOT_YET_OPEN,
        "nominees": _alphabetical(edition) if phase == Phase.VOTING_OPEN else [],
        "last_updated": edition.updated_at,
    }
    return render(request, "voting/vote.html", context)


def _needs_another_page(request, found):
    return vote_level(request, attempt=False, found=found) != Level.ALLOW


# The page a shared vote link opens: the same for everyone who has not voted
# much, so it comes from the page cache, each visitor's own CSRF token put in;
# the visitor's attempts so far are read in the same round trip.
@never_cache
@cached_page(with_form=True, unless=(VOTE.window_names, _needs_another_page))
def vote_for(request, slug):
    if request.method in ("GET", "HEAD"):
        return _vote_for(request, slug, csrf_token=CSRF_TOKEN_PLACEHOLDER)
    return _vote_for(request, slug)


def _vote_for(request, slug, **extra_context):
    edition, nominee = current_nominee(slug)
    context = {"edition": edition, "nominee": nominee, **extra_context}
    phase = edition.phase()
    if phase != Phase.VOTING_OPEN:
        return _closed(request, context, phase)
    level = vote_level(request, attempt=request.method == "POST")
    if level == Level.REFUSE:
        return render(request, "voting/refused.html", context, status=429)
    form = VoteForm(request.POST or None, challenge=level == Level.CHALLENGE)
    if request.method == "POST" and form.is_valid():
        address = form.cleaned_data["email"]
        try:
            # The vote and its e-mail are stored together or not at all, in one commit.
            with transaction.atomic():
                vote = Vote.objects.cast(
                    nominee,
                    address,
                    network=client_network(client_address(request)),
                    user_agent=request.META.get("HTTP_USER_AGENT", ""),
                )
                notifications.send_confirmation_request(vote, address)
        except VotingClosed:
            return _closed(request, context, edition.phase())
        except AlreadyVoted:
            form.add_error(
                "email",
                _("Denne e-postadressen har allerede stemt i år. Du kan bare stemme én gang."),
            )
        except TooManyUnconfirmed:
            form.add_error(
                "email",
                _(
                    "Vi har allerede sendt flere lenker til denne adressen. "
                    "Finn e-posten fra oss, også i søppelposten, og klikk på lenken der."
                ),
            )
        else:
            # Post, then redirect: a reload of the next page sends nothing. The
            # address rides in the message cookie, never in the URL.
            messages.info(
                request,
                _("Vi har sendt en lenke til %(address)s. Klikk på lenken for å bekrefte stemmen på %(name)s.")
                % {"address": address, "name": nominee.municipality.name},
            )
            return redirect("voting:sent", slug=slug)
    context.update(form=form, challenge=form.challenge)
    return render(request, "voting/vote_for.html", context, status=400 if form.errors else 200)


@never_cache
def sent(request, slug):
    """Where the confirmation link went, after a vote was cast."""
    edition, nominee = current_nominee(slug)
    return render(request, "voting/sent.html", {"edition": edition, "nominee": nominee})


@never_cache
def confirm(request, token):
    try:
        vote, sealed = read_token(token)
    except InvalidToken:
        return render(request, "voting/invalid_link.html", status=400)
    context = {"vote": vote, "edition": vote.edition, "token": token}
    if request.method == "POST":
        # A counted vote and its receipt are stored together, in one commit.
        with transaction.atomic():
            confirmation = vote.confirm(sealed)
            if confirmation.address:
                notifications.send_receipt(confirmation.vote, confirmation.address)
    else:
        confirmation = vote.obstacle()
        if confirmation is None:
            return render(request, "voting/confirm.html", context)
    context.update(
        confirmation=confirmation,
        Outcome=Outcome,
        opens_later=vote.edition.phase() in NOT_YET_OPEN,
        vote_confirmation_hours=settings.VOTE_CONFIRMATION_HOURS,
    )
    status = 410 if confirmation.outcome in GONE else 200
    return render(request, "voting/confirmed.html", context, status=status)


@never_cache
def challenge(request):
    return JsonResponse(new_challenge())


def share_image(request, slug):
    edition, nominee = current_nominee(slug)
    headline = _("Stem på %(name)s") % {"name": nominee.municipality.name}
    words = hashlib.sha256(f"{headline}|{edition.title}".encode()).hexdigest()
    key = f"voting:share:{nominee.pk}:{get_language()}:{words}"
    png = cache.get(key)
    if png is None:
        png = share_card(headline, [edition.title])
        cache.set(key, png, SHARE_CARD_SECONDS)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = f"public, max-age={SHARE_CARD_SECONDS}"
    return response


def current_nominee(slug):
    """The current edition and its published nominee with this address, or 404."""
    edition = Edition.objects.current()
    if edition is None or not edition.nominees_are_public():
        raise Http404
    # One nominee per municipality and edition: no ordering to join for (first() would).
    nominee = get_object_or_404(
        edition.nominees.select_related("municipality"), municipality__slug=slug
    )
    return edition, nominee


def _alphabetical(edition):
    return edition.nominees.select_related("municipality").order_by("municipality__name")


def _closed(request, context, phase):
    context.update(phase=phase, opens_later=phase in NOT_YET_OPEN)
    status = 403 if request.method == "POST" else 200
    return render(request, "voting/closed.html", context, status=status)
