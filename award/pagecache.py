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
from django.db import DatabaseError, transaction
from django.middleware.csrf import get_token
from django.urls import Resolver404, resolve
from django.utils import timezone, translation

from .models import Edition

VERSION_KEY = "pagecache:version"
# What a page kept with a form holds where the visitor's CSRF token goes.
CSRF_TOKEN_PLACEHOLDER = "csrf-token-of-the-visitor"
# The cookie django.contrib.messages keeps waiting messages in («Takk for tilbakemeldingen!»).
MESSAGES_COOKIE = "messages"


def cached_page(view=None, *, with_form=False):
    """Keep the view's anonymous GET responses in the shared cache.

    PageCacheMiddleware serves them, ahead of the sessions, the CSRF
    check and the rest of the middleware: the view is only marked as one
    whose pages are kept.

    With `with_form`, the page holds a form and is served here, in the view,
    which may first decide who gets it: the view renders
    CSRF_TOKEN_PLACEHOLDER as the form's token (`csrf_token` in its
    context), the page is kept with it, and each visitor's copy gets a token
    of their own in its place.
    """
    if view is None:
        return functools.partial(cached_page, with_form=with_form)

    if not with_form:
        view.kept_as_page = True
        return view

    @functools.wraps(view)
    def with_token(request, *args, **kwargs):
        if _may_serve_from_cache(request):
            key = _page_key(request, "form")
            version, started, response = _look_up(key)
            if response is None:
                response = view(request, *args, **kwargs)
                _keep(request, response, key, version, started)
        else:
            response = view(request, *args, **kwargs)
        response.content = response.content.replace(
            CSRF_TOKEN_PLACEHOLDER.encode(), get_token(request).encode()
        )
        return response

    return with_token


class PageCacheMiddleware:
    """Answers from the page cache before the rest of the middleware runs.

    A page is kept as the middleware after this one left it (language,
    frame options and length headers included), so that a page from the
    cache is the same page; the middleware before this one (security headers,
    content security policy) adds its headers to each answer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (_may_serve_from_cache(request) and _is_kept_page(request)):
            return self.get_response(request)
        key = _page_key(request, "page")
        version, started, response = _look_up(key)
        if response is None:
            response = self.get_response(request)
            _keep(request, response, key, version, started)
        return response


def _is_kept_page(request):
    """Whether the address leads to a view marked by `cached_page`, in the address's language."""
    # The language decides which addresses the language patterns match.
    translation.activate(_language(request))
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return getattr(match.func, "kept_as_page", False)


def _look_up(key):
    """The cache version, the time of the look, and the page kept under `key` if it still holds."""
    # One round trip to the cache for a page that is there.
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY) or _start_version()
    started = timezone.now()
    entry = found.get(key)
    if entry is not None:
        entry_version, expires_at, response = entry
        if entry_version == version and started < expires_at:
            return version, started, response
    return version, started, None


def _keep(request, response, key, version, started):
    if not _may_keep(request, response):
        return
    try:
        expires_at = _expiry(started)
    except DatabaseError:
        # The page was rendered, but when it stops being right is unknown: it is not kept.
        return
    if expires_at is not None:
        seconds = math.ceil((expires_at - timezone.now()).total_seconds())
        # The version was read before the page was rendered: a page rendered
        # from data that staff changed meanwhile is stored under the old version
        # and never served.
        cache.set(key, (version, expires_at, response), seconds)


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
        # A HEAD is the GET without its body, which the server drops.
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
    )


def _page_key(request, kind):
    # The address with its host and query string: the page links to itself
    # (languages, the feedback form's way back) with exactly these. The
    # language is the address's, as LocaleMiddleware will find it (the site's
    # addresses carry their language; the bokmål ones none).
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"pagecache:{kind}:{_language(request)}:{address}"


def _language(request):
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


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
