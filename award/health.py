"""The health check for load balancers, at /helse/."""

import logging
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

OK = "ok"
UNAVAILABLE = "unavailable"
# Serving, without the shared cache: slower, from the database alone.
DEGRADED = "degraded"


@never_cache
@require_safe
def health(request):
    """200 while the database answers, else 503; the body says whether the cache does. Never cached.

    A server without its cache still serves every page and the whole vote,
    so a load balancer must keep sending it visitors: all servers share one
    Redis, and a 503 would take every one of them out at once.
    """
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    if not checks["database"]:
        status = UNAVAILABLE
    else:
        status = OK if checks["cache"] else DEGRADED
    body = {
        "status": status,
        **{name: OK if answers else UNAVAILABLE for name, answers in checks.items()},
    }
    return JsonResponse(body, status=503 if status == UNAVAILABLE else 200)


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        logger.error("Health check: the database does not answer: %s", error)
        return False
    return True


def _cache_answers():
    # A key of its own, so that probes from several load balancers never read each other's value.
    key, value = f"health:{uuid.uuid4().hex}", OK
    try:
        cache.set(key, value, timeout=10)
        answered = cache.get(key) == value
        cache.delete(key)
    # Each cache backend fails in its own way (Redis, database, memcached); any failure counts.
    except Exception as error:
        logger.error("Health check: the cache does not answer: %s", error)
        return False
    if not answered:
        # django-redis ignores Redis' errors (award.settings): the value never came back.
        logger.error("Health check: the cache does not answer")
    return answered
