"""Rate limits counted in the shared cache, so that they hold across app servers.

Fixed windows: a count's key names the window it belongs to, so a window
ends when the clock says so on every backend (Redis, the database cache,
local memory); the key's expiry is only clean-up. A cache that cannot count
(unreachable, or quietly ignoring what it is asked) lets nothing through
unchecked: what the vote and the nomination then ask is in `StepUp.level`,
and feedback waits.
"""

import enum
import functools
import ipaddress
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from .localpages import redis_client

# A household or an office gets one IPv4 /24 or one IPv6 /64 at a time.
IPV4_NETWORK_PREFIX = 24
IPV6_NETWORK_PREFIX = 64
UNKNOWN_NETWORK = "ukjent"
# A count outlives its window by this much, so that the last hit of a window
# never finds its key gone.
EXPIRY_MARGIN_SECONDS = 60


def client_address(request):
    """The client's IP address; behind trusted proxies, the one the nearest of them saw."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


# Asked for each request's address more than once; parsing the address was a quarter of a
# kept vote link's own time, and the answer for the same text is always the same.
@functools.lru_cache(maxsize=4096)
def client_network(address):
    """The network an address belongs to, as text: "192.0.2.0/24", "2001:db8::/64"."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return UNKNOWN_NETWORK
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    prefix = IPV4_NETWORK_PREFIX if ip.version == 4 else IPV6_NETWORK_PREFIX
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def window_key(key, window_seconds, now=None):
    """The name of `key`'s count in the window holding `now`, and the seconds it has left."""
    now = time.time() if now is None else now
    start = int(now // window_seconds) * window_seconds
    return f"{key}:{start}", start + window_seconds - now


def count(key, window_seconds):
    """Count one more hit on `key` in the current window: the count so far, or None.

    None means the cache cannot count: it raised, or it did not keep what it
    was given (a cache that ignores its errors answers that way).
    """
    name, remaining = window_key(key, window_seconds)
    timeout = math.ceil(remaining) + EXPIRY_MARGIN_SECONDS
    try:
        cache.add(name, 0, timeout=timeout)
        hits = cache.incr(name)
        # Django's database and file caches store an increment with the default
        # timeout; the count must last to the end of its window.
        cache.touch(name, timeout)
    except Exception:  # noqa: BLE001 - any cache failure means "cannot count", never "allowed"
        return None
    return hits if isinstance(hits, int) and not isinstance(hits, bool) else None


def count_all(keys, window_seconds):
    """Count one more hit on each of `keys`, as `count` does: {key: the count so far, or None}.

    On Redis the counts and their expiry go in one round trip (a vote counts
    two keys: six round trips one by one); on other caches one key at a time.
    """
    client = redis_client()
    if client is None:
        return {key: count(key, window_seconds) for key in keys}
    pipeline = client.pipeline(transaction=False)
    for key in keys:
        name, remaining = window_key(key, window_seconds)
        # The name django-redis gives the key, so that `peek` and the cache read the same count.
        name = str(cache.make_key(name))
        pipeline.incr(name)
        pipeline.expire(name, math.ceil(remaining) + EXPIRY_MARGIN_SECONDS)
    try:
        replies = pipeline.execute()
    except Exception:  # noqa: BLE001 - as in count()
        return dict.fromkeys(keys)
    return dict(zip(keys, replies[::2], strict=True))


def peek(keys, window_seconds):
    """The counts so far of `keys` in the current window, without counting; None if unknown."""
    names = {key: window_key(key, window_seconds)[0] for key in keys}
    try:
        found = cache.get_many(names.values())
    except Exception:  # noqa: BLE001 - as in count()
        return None
    return {key: found.get(name, 0) for key, name in names.items()}


def hit(key, limit, window_seconds):
    """Count one more hit on `key`; True while the count stays within `limit`.

    False when the cache cannot count, so that an outage opens no door.
    """
    hits = count(key, window_seconds)
    return hits is not None and hits <= limit


def feedback_allowed(request):
    return hit(
        f"ratelimit:feedback:{client_address(request)}",
        settings.FEEDBACK_RATE_LIMIT,
        settings.FEEDBACK_RATE_WINDOW_SECONDS,
    )


class Level(enum.IntEnum):
    """What a client must do to go on, from its recent attempts."""

    ALLOW = 0
    CHALLENGE = 1
    REFUSE = 2


@dataclass(frozen=True)
class StepUp:
    """Limits per client address and per network that step up to the challenge, then refuse.

    The thresholds are the settings `<ACTION>_CHALLENGE_AFTER_PER_ADDRESS`,
    `…_PER_NETWORK`, `<ACTION>_REFUSE_AFTER_PER_…` and the window
    `<ACTION>_RATE_WINDOW_SECONDS`.
    """

    action: str

    def setting(self, name):
        return getattr(settings, f"{self.action.upper()}_{name}")

    def keys(self, request):
        """Where this client's attempts are counted: per address and per network."""
        address = client_address(request)
        return {
            "ADDRESS": f"ratelimit:{self.action}:address:{address}",
            "NETWORK": f"ratelimit:{self.action}:network:{client_network(address)}",
        }

    def window_names(self, request):
        """The cache keys of this client's counts in the current window, to read with a page."""
        window = self.setting("RATE_WINDOW_SECONDS")
        return [window_key(key, window)[0] for key in self.keys(request).values()]

    def level(self, request, attempt, found=None):
        """The level for this client: counts one attempt when `attempt`, else only looks.

        A page that shows the form looks, so that the form asks for the
        challenge up front when the next attempt would need it; `found` holds
        what the cache gave for `window_names` if it was read with the page.
        While the cache cannot count, every attempt needs the challenge: no one
        is refused on a count nobody could make, and no one gets through
        without the proof of work either.
        """
        keys = self.keys(request)
        window = self.setting("RATE_WINDOW_SECONDS")
        if attempt:
            counted = count_all(list(keys.values()), window)
            counts = {scope: counted[key] for scope, key in keys.items()}
        else:
            if found is None:
                found = peek(keys.values(), window)
            else:
                found = {key: found.get(window_key(key, window)[0], 0) for key in keys.values()}
            counts = {
                scope: None if found is None else found[key] + 1 for scope, key in keys.items()
            }
        if None in counts.values():
            return Level.CHALLENGE
        if any(counts[scope] > self.setting(f"REFUSE_AFTER_PER_{scope}") for scope in counts):
            return Level.REFUSE
        if any(counts[scope] > self.setting(f"CHALLENGE_AFTER_PER_{scope}") for scope in counts):
            return Level.CHALLENGE
        return Level.ALLOW


VOTE = StepUp("vote")
NOMINATION = StepUp("nomination")


def vote_level(request, attempt, found=None):
    return VOTE.level(request, attempt, found)


def nomination_level(request, attempt):
    return NOMINATION.level(request, attempt)
