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
if it set a cookie, read the session, used the CSRF token or a CSP nonce, or
is private: a cached page can never carry another person's data or a token
of theirs.

A kept page is served first of all, by PageCacheMiddleware at the top of
MIDDLEWARE: it is stored as the whole middleware left it, headers and all
(content security policy, frame options, language, length), so that nothing
of the request is looked at but its method, its cookies' names and its
address. Each process also keeps the pages it served last (LOCAL_PAGES),
with the version each was kept under, and a copy of the current version
that Redis keeps up to date (`VersionMirror`): while that copy can be
trusted, a page this process served before costs no round trip at all.
"""

import datetime
import functools
import hashlib
import math
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import DatabaseError, transaction
from django.dispatch import receiver
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone, translation

from .localpages import LocalPages, VersionMirror
from .models import Edition

VERSION_KEY = "pagecache:version"
# What a page kept with a form holds where the visitor's CSRF token goes.
CSRF_TOKEN_PLACEHOLDER = "csrf-token-of-the-visitor"
# The cookie django.contrib.messages keeps waiting messages in («Takk for tilbakemeldingen!»).
MESSAGES_COOKIE = "messages"
# What `cached_page` marks a view with: an ordinary page, or an answer that
# scripts poll, which browsers are told not to store (the view says
# no-store) while the site keeps one copy for every screen.
PAGE = "page"
POLLED = "polled"
# A page with a form, kept with CSRF_TOKEN_PLACEHOLDER where each visitor's token goes.
FORM = "form"
# Marks a request whose form page PageCacheMiddleware gives the visitor's token.
TOKEN_PUT_IN_BY_MIDDLEWARE = "_pagecache_puts_token_in"
# Addresses this process has resolved, and whether their view's pages are
# kept: a kept page is then found without resolving its address again.
KNOWN_ADDRESSES = 4096
# The pages each process keeps in its own memory, the last served first.
LOCAL_PAGES = 512
LOCAL = LocalPages(LOCAL_PAGES)
MIRROR = VersionMirror(VERSION_KEY)


def cached_page(view=None, *, with_form=False, polled=False, unless=None):
    """Keep the view's anonymous GET responses in the shared cache.

    PageCacheMiddleware serves them, before any other middleware: the view
    is only marked as one whose pages are kept. With `polled`, the view's
    `Cache-Control: no-store` is meant for browsers, and the answer is kept
    all the same (the announcement's status, which every screen polls).

    With `with_form`, the page holds a form: the view renders
    CSRF_TOKEN_PLACEHOLDER as the form's token (`csrf_token` in its
    context), the page is kept with it, and PageCacheMiddleware gives each
    visitor's copy a token of their own in its place, with the CSRF cookie,
    as Django's CSRF middleware would. `unless`, a pair of functions, decides
    who gets the kept page: `keys(request)` names entries of the shared cache
    that are read in the same round trip as the page, and a visitor for whom
    `refuse(request, found)` is true gets the page rendered for them. A
    request the middleware does not serve (a signed-in member of staff, the
    page cache switched off) gets its token from the view.
    """
    if view is None:
        return functools.partial(cached_page, with_form=with_form, polled=polled, unless=unless)

    if not with_form:
        view.kept_as_page = POLLED if polled else PAGE
        return view

    @functools.wraps(view)
    def with_token(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if not getattr(request, TOKEN_PUT_IN_BY_MIDDLEWARE, False):
            _put_token_in(request, response)
        return response

    with_token.kept_as_page = FORM
    with_token.kept_unless = unless or (lambda request: [], lambda request, found: False)
    return with_token


def _put_token_in(request, response):
    placeholder = CSRF_TOKEN_PLACEHOLDER.encode()
    if placeholder in response.content:
        response.content = response.content.replace(placeholder, get_token(request).encode())


class PageCacheMiddleware:
    """Answers from the page cache before any other middleware runs; first in MIDDLEWARE.

    A page is kept as the whole middleware left it, so that a page from the
    cache is the same page, with the same headers. Those that depend on the
    request depend only on what the key holds: the scheme (HSTS, and a plain
    HTTP request that must move to HTTPS never finds a page kept for it), the
    host and the path with its language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # Django's own CSRF middleware puts each visitor's token and cookie in a
        # kept form page: its hooks read the visitor's cookie and set it again.
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        if not _may_serve_from_cache(request):
            return self.get_response(request)
        kept = _kept_as(get_urlconf() or settings.ROOT_URLCONF, request.path_info)
        if kept is None:
            return self.get_response(request)
        kind, unless = kept
        if kind == FORM:
            return self._form_page(request, unless)
        key = _page_key(request, "page")
        version, started, response, _found = _find(key)
        if response is None:
            response = self.get_response(request)
            _keep(request, response, key, version, started, polled=kind == POLLED)
        return response

    def _form_page(self, request, unless):
        # The view leaves the placeholder for this copy to fill.
        setattr(request, TOKEN_PUT_IN_BY_MIDDLEWARE, True)
        keys, refuse = unless
        key = _page_key(request, "form")
        version, started, response, found = _find(key, keys(request))
        if refuse(request, found):
            # Theirs is another page (a challenge, a refusal): rendered, never kept.
            response = self.get_response(request)
        elif response is None:
            response = self.get_response(request)
            _keep(request, response, key, version, started, form=True)
        # A copy for this visitor alone: their token, their cookie.
        self.csrf.process_request(request)
        _put_token_in(request, response)
        return self.csrf.process_response(request, response)


@functools.lru_cache(maxsize=KNOWN_ADDRESSES)
def _kept_as(urlconf, path):
    """How the view at `path` is kept (PAGE, POLLED or FORM, with its `unless`), or None.

    Resolved once per process.
    """
    # The language decides which addresses the language patterns match.
    with translation.override(_language(path)):
        try:
            match = resolve(path, urlconf)
        except Resolver404:
            return None
    kind = getattr(match.func, "kept_as_page", None)
    return None if kind is None else (kind, getattr(match.func, "kept_unless", None))


@receiver(setting_changed)
def _forget_addresses(*, setting, **kwargs):
    # Tests that swap the URLs (or their language patterns) must not find the old answers.
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "ADMIN_PATH"}:
        _kept_as.cache_clear()


def _find(key, also=()):
    """The page kept under `key` (or None) and the entries named in `also`, as `_look_up` gives.

    From this process's own pages when it has the page and can vouch for the
    version; then only the entries in `also` are read from the cache.
    """
    version = MIRROR.version()
    if version is not None:
        response = LOCAL.get(key, version, timezone.now())
        if response is not None:
            return version, None, response, cache.get_many(also) if also else {}
    return _look_up(key, also)


def _look_up(key, also=()):
    """The cache version, the time of the look, the page kept under `key` if it still holds,
    and the entries named in `also`, read in the same round trip."""
    # One round trip to the cache for a page that is there.
    found = cache.get_many([VERSION_KEY, key, *also])
    version = found.pop(VERSION_KEY, None) or _start_version()
    started = timezone.now()
    entry = found.pop(key, None)
    if entry is not None:
        entry_version, expires_at, response = entry
        if entry_version == version and started < expires_at:
            if MIRROR.enabled():
                LOCAL.put(key, version, expires_at, response)
            return version, started, response, found
    return version, started, None, found


def _keep(request, response, key, version, started, polled=False, form=False):
    if not _may_keep(request, response, polled, form):
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
        if MIRROR.enabled():
            LOCAL.put(key, version, expires_at, response)


def invalidate(**kwargs):
    """Stop serving every cached page; a signal receiver for what staff change.

    The version is drawn now, so that this process's next request already
    renders afresh, and again once the transaction commits, because a page
    rendered between the two still read the data from before the commit.
    """
    _new_version()
    transaction.on_commit(_new_version)


def current_version():
    """The version pages are kept under now; a new one is drawn at each change by staff."""
    return cache.get(VERSION_KEY) or _start_version()


def _new_version():
    # Random rather than counted, so that a version key the cache evicted and
    # started again can never match entries of an earlier version.
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, timeout=None)
    MIRROR.publish(version)
    return version


def _start_version():
    version = uuid.uuid4().hex
    if cache.add(VERSION_KEY, version, timeout=None):
        # After a flush or an eviction: every process must stop trusting its old copy.
        MIRROR.publish(version)
        return cache.get(VERSION_KEY)
    return cache.get(VERSION_KEY) or _new_version()


@receiver(setting_changed)
def _forget_pages(*, setting, **kwargs):
    # Tests that swap the cache must not find the old one's pages or version.
    if setting in {"CACHES", "PAGE_CACHE_SECONDS"}:
        LOCAL.clear()
        MIRROR.forget()


def _may_serve_from_cache(request):
    return (
        settings.PAGE_CACHE_SECONDS > 0
        # A HEAD is the GET without its body, which the server drops.
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and MESSAGES_COOKIE not in request.COOKIES
    )


def _page_key(request, kind):
    # The address with its scheme, host and query string: the page links to
    # itself (languages, the feedback form's way back, its address for
    # sharing) with exactly these, and HSTS is sent over HTTPS only. The
    # address also decides the language, as LocaleMiddleware will find it (the
    # site's addresses carry their language; the bokmål ones none).
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"pagecache:{kind}:{address}"


def _language(path):
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def _expiry(started):
    """When a page rendered at `started` stops being right; None if it must not be kept."""
    expires_at = started + datetime.timedelta(seconds=settings.PAGE_CACHE_SECONDS)
    change = Edition.objects.next_phase_change(after=started)
    if change is not None:
        expires_at = min(expires_at, change)
    return expires_at if expires_at > timezone.now() else None


def _may_keep(request, response, polled=False, form=False):
    cache_control = response.get("Cache-Control", "")
    session = getattr(request, "session", None)
    # A form page says private and no-store to browsers and shared caches
    # (never_cache): each visitor's copy carries their own token. What is
    # kept is the page before that, with the placeholder and no cookie.
    shared_by_all = polled or form
    return not (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or ("private" in cache_control and not form)
        or ("no-store" in cache_control and not shared_by_all)
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or session is None
        or session.accessed
        # A nonce shared by every visitor would let any page's injected script through.
        or getattr(request, "_csp_nonce", None) is not None
    )
