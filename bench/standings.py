"""The standings and finalists over a million confirmed votes, against a plain count.

Run by bench/run.py with the benchmark's environment. Adds the votes (once) to
the current edition with one INSERT … SELECT, unevenly spread over the
nominees, vacuums the table as autovacuum would, then times `standings` and
`finalists` and compares them with a plain GROUP BY. Prints one line of JSON.
"""

import json
import os
import statistics
import sys
import time

import django

django.setup()

from django.db import connection  # noqa: E402 (after django.setup())

from award.models import Edition  # noqa: E402
from voting.models import Vote  # noqa: E402

VOTES = int(os.environ.get("BENCH_VOTES", "1000000"))
ROUNDS = 30
DOMAIN = "million.bench.example.com"

ADD_VOTES = """
INSERT INTO voting_vote
    (public_id, edition_id, nominee_id, voter_key, email_domain, network, user_agent,
     created_at, confirmed_at)
SELECT gen_random_uuid(), %(edition)s,
       (%(nominees)s::bigint[])[1 + floor(power(random(), 2) * %(count)s)::int],
       md5('million-' || i), %(domain)s, '192.0.2.0/24', 'bench', now(), now()
FROM generate_series(1, %(votes)s) AS i
"""
PLAIN_COUNT = """
SELECT nominee_id, count(*) FROM voting_vote
WHERE edition_id = %s AND confirmed_at IS NOT NULL AND voiding_id IS NULL
GROUP BY nominee_id
"""


def timed(function, edition):
    function(edition)
    times = []
    for _round in range(ROUNDS):
        started = time.perf_counter()
        function(edition)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def main():
    edition = Edition.objects.current()
    nominees = list(edition.nominees.values_list("pk", flat=True))
    if not Vote.objects.filter(edition=edition, email_domain=DOMAIN).exists():
        with connection.cursor() as cursor:
            cursor.execute(
                ADD_VOTES,
                {
                    "edition": edition.pk,
                    "nominees": nominees,
                    "count": len(nominees),
                    "domain": DOMAIN,
                    "votes": VOTES,
                },
            )
            cursor.execute("VACUUM ANALYZE voting_vote")
    with connection.cursor() as cursor:
        cursor.execute(PLAIN_COUNT, [edition.pk])
        plain = dict(cursor.fetchall())
    standings = Vote.objects.standings(edition)
    finalists = Vote.objects.finalists(edition)
    computed = {s.nominee.pk: s.votes for s in standings if s.votes}
    top = sorted(plain.values(), reverse=True)
    third = top[2] if len(top) > 2 else 0
    standings_median, standings_worst = timed(Vote.objects.standings, edition)
    finalists_median, finalists_worst = timed(Vote.objects.finalists, edition)
    print(
        json.dumps(
            {
                "votes": sum(plain.values()),
                "standings_ms": standings_median,
                "standings_worst_ms": standings_worst,
                "finalists_ms": finalists_median,
                "finalists_worst_ms": finalists_worst,
                "equal_to_plain_count": computed == plain
                and sorted(s.nominee.pk for s in finalists.standings)
                == sorted(pk for pk, votes in plain.items() if votes >= third),
            }
        )
    )


if __name__ == "__main__":
    sys.exit(main())
