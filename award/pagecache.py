"""Anonymous public pages, kept in the shared cache so that a voting rush costs little.

A page is served from the cache until the first of three things happens:

- `PAGE_CACHE_SECONDS` pass;
- any edition reaches the next date of its timeline, so that no page
  outlives the close of a vote or a scheduled reveal by a second;
- staff change what pages show: each save of an edition, nominee, press
  release, quote, municipality or voiding draws a new version (`invalidate`,
  connected in each app's AppConfig), and entries of an older version are
  never served.

Only what every visitor would get is kept. Requests with a session (staff,
jury) or with messages waiting are served fresh, and a response is not kept
if it set a cookie, read the session, used the CSRF token or is private: a
cached page can never carry another person's data or a token of theirs.
"""

import datetime
import functools
import hashlib
import math
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

from .models import Edition

VERSION_KEY = "pagecache:version"
# What a page kept with a form holds where the visitor's CSRF token goes.
CSRF_TOKEN_PLACEHOLDER = "csrf-token-of-the-visitor"
# The cookie django.contrib.messages keeps waiting messages in («Takk for tilbakemeldingen!»).
MESSAGES_COOKIE = "messages"


def cached_page(view=None, *, with_form=False):
    """Serve the view's anonymous GET responses from the shared cache.

    With `with_form`, the page holds a form: the view renders
    CSRF_TOKEN_PLACEHOLDER as the form's token (`csrf_token` in its
    context), the page is kept with it, and each visitor's copy gets a token
    of their own in its place.
    """
    if view is None:
        return functools.partial(cached_page, with_form=with_form)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if _may_serve_from_cache(request):
            response = _cached_response(request, view, args, kwargs)
        else:
            response = view(request, *args, **kwargs)
        if with_form:
            response.content = response.content.replace(
                CSRF_TOKEN_PLACEHOLDER.encode(), get_token(request).encode()
            )
        return response

    return wrapper


def _cached_response(request, view, args, kwargs):
    key = _page_key(request)
    # One round trip to the cache for a page that is there.
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY) or _start_version()
    entry = found.get(key)
    started = timezone.now()
    if entry is not None:
        entry_version, expires_at, response = entry
        if entry_version == version and started < expires_at:
            return response
    response = view(request, *args, **kwargs)
    expires_at = _expiry(started)
    if expires_at is not None and _may_keep(request, response):
        seconds = math.ceil((expires_at - timezone.now()).total_seconds())
        # The version was read before the page was rendered: a page rendered
        # from data that staff changed meanwhile is stored under the old version
        # and never served.
        cache.set(key, (version, expires_at, response), seconds)
    return response


def invalidate(**kwargs):
    """Stop serving every cached page; a signal receiver for what staff change.

    The version is drawn now, so that this process's next request already
    renders afresh, and again once the transaction commits, because a page
    rendered between the two still read the data from before the commit.
    """
    _new_version()
    transaction.on_commit(_new_version)


def _new_version():
    # Random rather than counted, so that a version key the cache evicted and
    # started again can never match entries of an earlier version.
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, timeout=None)
    return version


def _start_version():
    if cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None):
        return cache.get(VERSION_KEY)
    return cache.get(VERSION_KEY) or _new_version()


def _may_serve_from_cache(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
    )


def _page_key(request):
    # The address with its host and query string: the page links to itself
    # (languages, the feedback form's way back) with exactly these.
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"pagecache:page:{get_language()}:{address}"


def _expiry(started):
    """When a page rendered at `started` stops being right; None if it must not be kept."""
    expires_at = started + datetime.timedelta(seconds=settings.PAGE_CACHE_SECONDS)
    change = Edition.objects.next_phase_change(after=started)
    if change is not None:
        expires_at = min(expires_at, change)
    return expires_at if expires_at > timezone.now() else None


def _may_keep(request, response):
    cache_control = response.get("Cache-Control", "")
    return not (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or "private" in cache_control
        or "no-store" in cache_control
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or request.session.accessed
    )
