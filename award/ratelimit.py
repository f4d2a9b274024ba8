"""Rate limits counted in the shared cache, so that they hold across app servers."""

import enum
import ipaddress

from django.conf import settings
from django.core.cache import cache

# A household or an office gets one IPv4 /24 or one IPv6 /64 at a time.
IPV4_NETWORK_PREFIX = 24
IPV6_NETWORK_PREFIX = 64
UNKNOWN_NETWORK = "ukjent"


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


def count(key, window_seconds):
    """Count one more hit on `key` in its window and return the count so far."""
    cache.add(key, 0, timeout=window_seconds)
    try:
        return cache.incr(key)
    except ValueError:
        # The key expired between add() and incr(); this hit starts a new window.
        cache.set(key, 1, timeout=window_seconds)
        return 1


def hit(key, limit, window_seconds):
    """Count one more hit on `key`; True while the count stays within `limit`."""
    return count(key, window_seconds) <= limit


def feedback_allowed(request):
    return hit(
        f"ratelimit:feedback:{client_address(request)}",
        settings.FEEDBACK_RATE_LIMIT,
        settings.FEEDBACK_RATE_WINDOW_SECONDS,
    )


class Level(enum.IntEnum):
    """What a client must do to vote, from its recent attempts."""

    ALLOW = 0
    CHALLENGE = 1
    REFUSE = 2


def vote_rate_keys(request):
    """Where this client's attempts to vote are counted: per address and per network."""
    address = client_address(request)
    return {
        "address": f"ratelimit:vote:address:{address}",
        "network": f"ratelimit:vote:network:{client_network(address)}",
    }


def vote_level(request, attempt, found=None):
    """The level for this client: counts one attempt when `attempt`, else only looks.

    A page that shows the vote form looks, so that the form asks for the
    challenge up front when the next attempt would need it; `found` holds
    the counts if they were already read (vote_rate_keys) with the page.
    """
    keys = vote_rate_keys(request)
    window = settings.VOTE_RATE_WINDOW_SECONDS
    if attempt:
        counts = {scope: count(key, window) for scope, key in keys.items()}
    else:
        found = cache.get_many(keys.values()) if found is None else found
        counts = {scope: found.get(key, 0) + 1 for scope, key in keys.items()}
    if (
        counts["address"] > settings.VOTE_REFUSE_AFTER_PER_ADDRESS
        or counts["network"] > settings.VOTE_REFUSE_AFTER_PER_NETWORK
    ):
        return Level.REFUSE
    if (
        counts["address"] > settings.VOTE_CHALLENGE_AFTER_PER_ADDRESS
        or counts["network"] > settings.VOTE_CHALLENGE_AFTER_PER_NETWORK
    ):
        return Level.CHALLENGE
    return Level.ALLOW
