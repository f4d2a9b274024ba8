"""The production settings plus one address: the benchmark's baseline.

Everything else (middleware, database, cache, e-mail) is what production
runs, read from the same environment.
"""

from award.settings import *  # noqa: F403 (the production settings, unchanged)

ROOT_URLCONF = "bench.urls"
