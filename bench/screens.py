"""Screens in the hall across a scheduled reveal, polling the announcement's status.

Each screen polls as static/js/announcement.js does: one request, then the
next one the poll interval after the answer came, over one keep-alive
connection, until an answer names the winner. The screens start spread over
one interval, so that the polls arrive evenly. Runs several processes of
asyncio screens and prints one line of JSON:

- reveal_to_last_ms: from the reveal to the last screen showing the winner;
- early: answers naming the winner that arrived before the reveal (must be 0);
- the latency of the polls and the errors.

    python bench/screens.py http://127.0.0.1:8765 /prisen/2026/kunngjoring/status/ \
        <reveal as a Unix time> 5000 2
"""

import asyncio
import json
import multiprocessing
import random
import sys
import time
from urllib.parse import urlsplit

INTERVAL = 3.0
# How long after the reveal a screen may go on without the winner before it counts as lost.
GIVE_UP_SECONDS = 30
WINNER = b'"winner": {'


async def screen(address, path, reveal, seen, stats):
    """One screen: the time it first showed the winner goes into `seen`."""
    await asyncio.sleep(random.uniform(0, INTERVAL))
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {address.netloc}\r\nAccept: application/json\r\n\r\n"
    ).encode()
    reader = writer = None
    while time.time() < reveal + GIVE_UP_SECONDS:
        started = time.time()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(address.hostname, address.port)
            writer.write(request)
            status = await reader.readline()
            length = 0
            closing = False
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _colon, value = line.partition(b":")
                if name.lower() == b"content-length":
                    length = int(value)
                elif name.lower() == b"connection" and value.strip().lower() == b"close":
                    closing = True
            body = await reader.readexactly(length)
        except (OSError, asyncio.IncompleteReadError, ValueError):
            stats["errors"] += 1
            if writer is not None:
                writer.close()
            reader = writer = None
            await asyncio.sleep(INTERVAL)
            continue
        arrived = time.time()
        stats["latencies"].append(arrived - started)
        if closing:
            writer.close()
            reader = writer = None
        if not status.startswith(b"HTTP/1.1 200"):
            stats["errors"] += 1
        elif WINNER in body:
            if arrived < reveal:
                stats["early"] += 1
            seen.append(arrived)
            break
        await asyncio.sleep(INTERVAL)
    if writer is not None:
        writer.close()


async def screens(base, path, reveal, count):
    address = urlsplit(base)
    seen = []
    stats = {"errors": 0, "early": 0, "latencies": []}
    await asyncio.gather(*(screen(address, path, reveal, seen, stats) for _screen in range(count)))
    return seen, stats


def run_screens(base, path, reveal, count, results):
    seen, stats = asyncio.run(screens(base, path, reveal, count))
    results.put({"seen": seen, "count": count, **stats})


def main(base, path, reveal, count, processes):
    results = multiprocessing.Queue()
    shares = [count // processes + (i < count % processes) for i in range(processes)]
    workers = [
        multiprocessing.Process(target=run_screens, args=(base, path, reveal, share, results))
        for share in shares
    ]
    for worker in workers:
        worker.start()
    parts = [results.get() for _worker in workers]
    for worker in workers:
        worker.join()
    seen = sorted(moment - reveal for part in parts for moment in part["seen"])
    latencies = sorted(latency for part in parts for latency in part["latencies"])

    def percentile(values, share):
        return values[min(len(values) - 1, int(share * len(values)))] if values else 0

    print(
        json.dumps(
            {
                "screens": count,
                "saw_winner": len(seen),
                "early": sum(part["early"] for part in parts),
                "errors": sum(part["errors"] for part in parts),
                "polls": len(latencies),
                "reveal_to_first_ms": (seen[0] if seen else 0) * 1000,
                "reveal_to_median_ms": percentile(seen, 0.5) * 1000,
                "reveal_to_last_ms": (seen[-1] if seen else 0) * 1000,
                "p50_ms": percentile(latencies, 0.50) * 1000,
                "p99_ms": percentile(latencies, 0.99) * 1000,
            }
        )
    )


if __name__ == "__main__":
    base, path, reveal, count, processes = sys.argv[1:6]
    main(base, path, float(reveal), int(count), int(processes))
