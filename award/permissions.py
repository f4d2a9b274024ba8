"""Who may read what the site keeps for operations.

The review's rules (editions, entries, nominees, the jury) are in
`nominations.permissions`.
"""

import hmac
import ipaddress

from django.conf import settings

from .ratelimit import client_address


def may_read_metrics(request):
    """A scraper that gives the bearer token METRICS_TOKEN, or one whose address lies in
    METRICS_ALLOWED_NETWORKS (the client's address as the rate limits read it)."""
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    token = settings.METRICS_TOKEN
    if token and scheme.lower() == "bearer" and hmac.compare_digest(given.encode(), token.encode()):
        return True
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return False
    return any(address in network for network in settings.METRICS_ALLOWED_NETWORKS)
