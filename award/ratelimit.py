"""Rate limits counted in the shared cache, so that they hold across app servers."""

from django.conf import settings
from django.core.cache import cache


def client_address(request):
    return request.META.get("REMOTE_ADDR", "")


def hit(key, limit, window_seconds):
    """Count one more hit on `key`; True while the count stays within `limit`."""
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:
        # The key expired between add() and incr(); this hit starts a new window.
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    return count <= limit


def feedback_allowed(request):
    return hit(
        f"ratelimit:feedback:{client_address(request)}",
        settings.FEEDBACK_RATE_LIMIT,
        settings.FEEDBACK_RATE_WINDOW_SECONDS,
    )
