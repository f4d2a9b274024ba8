"""What operations watch, at /metrikker/, in Prometheus' text format.

Two kinds of figures, so that a scrape answered by any gunicorn worker tells
the truth about all of them:

- Requests are counted per process by prometheus_client in its multiprocess
  mode: each process writes its counts to a file of its own in METRICS_DIR,
  and a scrape adds up every file there.
- Everything else (the e-mail queue, the votes, whether the database and the
  cache answer) is read on each scrape from the database and the cache, which
  every process and app server shares.

Requests are counted by RequestMetricsMiddleware, which runs after the page
cache: a page served from the page cache (always a 200) and a static file
served by whitenoise cost nothing more and are not counted here; the load
balancer's log counts them. Every other answer is counted by view and status,
and every unhandled exception, wherever in the middleware it happens (the
page cache's included), by view.
"""

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import DatabaseError
from django.dispatch import receiver
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from award.health import _cache_answers, _database_answers
from award.models import OutgoingEmail
from award.permissions import may_read_metrics
from voting.models import Vote

# The view of a request that no address matched.
NO_VIEW = "none"
VOTE_RATE_WINDOW = timedelta(minutes=1)

Path(settings.METRICS_DIR).mkdir(parents=True, exist_ok=True)

REQUESTS = Counter(
    "prize_http_requests",
    "Answers given by the site's views (not from the page cache), by view and status code.",
    ["view", "status"],
)
EXCEPTIONS = Counter(
    "prize_http_exceptions",
    "Unhandled exceptions while answering a request (a 500), by view.",
    ["view"],
)


def _view_name(request):
    match = getattr(request, "resolver_match", None)
    return match.view_name if match else NO_VIEW


class RequestMetricsMiddleware:
    """Counts each answer by view and status; placed after the page cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        REQUESTS.labels(_view_name(request), str(response.status_code)).inc()
        return response


@receiver(got_request_exception, dispatch_uid="award.site.metrics.count_exception")
def count_exception(sender, request=None, **kwargs):
    EXCEPTIONS.labels(_view_name(request) if request is not None else NO_VIEW).inc()


def _gauge(name, documentation, value):
    return GaugeMetricFamily(name, documentation, value=float(value))


class SiteCollector:
    """The figures every process shares, read from the database and the cache on each scrape."""

    def collect(self):
        database_up = _database_answers()
        yield _gauge("prize_database_up", "1 while the database answers, else 0.", database_up)
        yield _gauge("prize_cache_up", "1 while the shared cache answers, else 0.", _cache_answers())
        if not database_up:
            return
        now = timezone.now()
        try:
            backlog = OutgoingEmail.objects.backlog()
            cast = Vote.objects.cast_since(now - VOTE_RATE_WINDOW).count()
            confirmed = Vote.objects.confirmed_since(now - VOTE_RATE_WINDOW).count()
        except DatabaseError:
            # The database went away between the check and the queries: the next scrape says so.
            return
        oldest = backlog["oldest_due_at"]
        yield _gauge("prize_email_queued", "E-mails waiting to leave.", backlog["queued"])
        yield _gauge("prize_email_due", "E-mails waiting to leave whose time has come.", backlog["due"])
        yield _gauge(
            "prize_email_oldest_due_age_seconds",
            "How long the e-mail that has waited longest since it fell due has waited; 0 when none waits.",
            (now - oldest).total_seconds() if oldest else 0,
        )
        yield _gauge("prize_email_failed", "E-mails that failed every attempt.", backlog["failed"])
        yield _gauge("prize_votes_cast_per_minute", "Votes cast in the last 60 seconds.", cast)
        yield _gauge(
            "prize_votes_confirmed_per_minute", "Votes confirmed in the last 60 seconds.", confirmed
        )


@never_cache
@require_safe
def metrics(request):
    if not may_read_metrics(request):
        raise Http404
    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=str(settings.METRICS_DIR))
    registry.register(SiteCollector())
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
