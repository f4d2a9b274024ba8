"""Where a request's time goes, in one process without gunicorn: python -m bench.profile.

Calls Django's WSGI handler directly for the baseline and the cached pages,
prints the time per request of each, then the functions that take the most
time while the front page is served from the page cache.
"""

import cProfile
import io
import pstats
import time

import django

django.setup()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402 (after django.setup())
from django.test.client import RequestFactory  # noqa: E402

PATHS = ["/bench/baseline/", "/", "/arkiv/", "/stem/"]
ROUNDS = 2000

application = WSGIHandler()


def serve(path):
    environ = RequestFactory().get(path, HTTP_HOST="127.0.0.1").environ
    return b"".join(application(environ, lambda status, headers: None))


def main():
    lines = []
    for path in PATHS:
        serve(path)
        started = time.perf_counter()
        for _round in range(ROUNDS):
            serve(path)
        per_request = (time.perf_counter() - started) / ROUNDS * 1000
        lines.append(f"{path:<20} {per_request:6.3f} ms per request in Django")
    profile = cProfile.Profile()
    profile.enable()
    for _round in range(ROUNDS):
        serve("/")
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(12)
    table = out.getvalue()
    lines += ["", "The front page from the page cache, by own time:"]
    lines += table[table.index("ncalls") - 3 :].rstrip().splitlines()
    print("\n".join(lines))


if __name__ == "__main__":
    main()
