"""The complete vote cycle as many voters at once, from a process of its own.

Each voter opens the vote page, votes with a fresh address, finds the
confirmation e-mail where the site's file backend left it (EMAIL_URL
filemail://), opens the link and confirms. Voters run in several processes,
each over one keep-alive connection, with a few votes waiting for their
e-mail at a time, as people do. After the time is up no new vote starts and
the waiting ones are confirmed. Prints one line of JSON.

    python bench/vote_cycle.py http://127.0.0.1:8765 var/bench-mail vadso 20 8

With `baseline` as the folder, the same voters make the same four requests
to views of three bytes (bench/views.py), each link "arriving" at once: the
ceiling of this client against that server.
"""

import http.client
import json
import multiprocessing
import os
import re
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlsplit

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
LINK = re.compile(rb"https?://[^\s/]+(/stem/bekreft/[^\s]+/)")
RECIPIENT = re.compile(rb"^To: (\S+)\s*$", re.MULTILINE)
# What the page says when a vote counted.
COUNTED = b"Takk! Du har stemt"
# The file e-mail backend ends each message with this line once it is written.
MESSAGE_END = b"-" * 79
DOMAIN = "stemmer.bench.example.com"
WAITING_PER_VOTER_PROCESS = 16
DRAIN_SECONDS = 60
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class Client:
    """One keep-alive connection that records each request's time and any failure."""

    def __init__(self, base):
        self.address = urlsplit(base)
        self.connection = None
        self.latencies = []
        self.errors = 0

    def request(self, method, path, body=None, cookie="", expect=b"", status=200):
        headers = {**(FORM if body else {}), **({"Cookie": cookie} if cookie else {})}
        started = time.perf_counter()
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    self.address.hostname, self.address.port, timeout=30
                )
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            if self.connection is not None:
                self.connection.close()
            self.connection = None
            self.errors += 1
            return None, ""
        self.latencies.append(time.perf_counter() - started)
        if response.status != status or expect not in content:
            self.errors += 1
            return None, ""
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return content, _csrf_cookie(response) or cookie


def _csrf_cookie(response):
    for header, value in response.getheaders():
        if header.lower() == "set-cookie" and value.startswith("csrftoken="):
            return value.split(";", 1)[0]
    return ""


def form_token(content):
    found = TOKEN.search(content or b"")
    return found.group(1).decode() if found else ""


class Instant:
    """The baseline's mailbox: every link is there as soon as the vote is sent."""

    def collect(self):
        pass

    def take(self, address):
        return f"/bench/cycle/bekreft/{address.split('@')[0]}/"


class Mailbox:
    """The confirmation links that have arrived, read from the backend's files.

    The worker writes a batch of messages to one file and may append to it:
    each file is read on from where the last look stopped, up to the end of
    its last complete message. The site writes the text unencoded (UTF-8,
    8bit), so the address and the link are found without parsing the message.
    """

    def __init__(self, folder):
        self.folder = Path(folder)
        self.offsets = {}
        self.links = {}
        self.taken = set()

    def collect(self):
        for entry in os.scandir(self.folder):
            offset = self.offsets.get(entry.name, 0)
            if entry.stat().st_size == offset:
                continue
            with open(entry.path, "rb") as file:
                file.seek(offset)
                content = file.read()
            complete = content.rfind(MESSAGE_END)
            if complete < 0:
                continue
            self.offsets[entry.name] = offset + complete + len(MESSAGE_END)
            for message in content[:complete].split(MESSAGE_END):
                to, link = RECIPIENT.search(message), LINK.search(message)
                if to and link and to.group(1).decode() not in self.taken:
                    self.links[to.group(1).decode()] = link.group(1).decode()

    def take(self, address):
        link = self.links.pop(address, None)
        if link:
            self.taken.add(address)
        return link


def voters(index, base, folder, slug, seconds, results):
    client = Client(base)
    baseline = folder == "baseline"
    mailbox = Instant() if baseline else Mailbox(folder)
    vote_path = f"/bench/cycle/{slug}/" if baseline else f"/stem/{slug}/"
    # The baseline's views answer 200 with three bytes; the site's cast answers with a redirect.
    cast_status, counted_text = (200, b"") if baseline else (302, COUNTED)
    waiting = {}
    cast = confirmed = 0
    stop_casting = time.monotonic() + seconds
    give_up = stop_casting + DRAIN_SECONDS
    while time.monotonic() < give_up:
        casting = time.monotonic() < stop_casting
        if not casting and not waiting:
            break
        if casting and len(waiting) < WAITING_PER_VOTER_PROCESS:
            address = f"velger-{index}-{uuid.uuid4().hex[:12]}@{DOMAIN}"
            page, cookie = client.request("GET", vote_path)
            body = urlencode({"email": address, "csrfmiddlewaretoken": form_token(page)})
            # A cast vote answers with a redirect to the page saying where the link went.
            sent, cookie = client.request("POST", vote_path, body, cookie, status=cast_status)
            cast += 1
            if sent is not None:
                waiting[address] = cookie
            continue
        mailbox.collect()
        arrived = [(address, mailbox.take(address)) for address in list(waiting)]
        arrived = [(address, link) for address, link in arrived if link]
        if not arrived:
            time.sleep(0.02)
            continue
        for address, link in arrived:
            cookie = waiting.pop(address)
            page, cookie = client.request("GET", link, cookie=cookie)
            body = urlencode({"csrfmiddlewaretoken": form_token(page)})
            counted, _cookie = client.request("POST", link, body, cookie, expect=counted_text)
            confirmed += counted is not None
    results.put(
        {
            "latencies": client.latencies,
            "errors": client.errors,
            "cast": cast,
            "confirmed": confirmed,
            "unconfirmed": len(waiting),
        }
    )


def main(base, folder, slug, seconds, processes):
    results = multiprocessing.Queue()
    workers = [
        multiprocessing.Process(target=voters, args=(i, base, folder, slug, seconds, results))
        for i in range(processes)
    ]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    parts = [results.get() for _worker in workers]
    elapsed = time.perf_counter() - started
    for worker in workers:
        worker.join()
    latencies = sorted(latency for part in parts for latency in part["latencies"])

    def percentile(share):
        return latencies[min(len(latencies) - 1, int(share * len(latencies)))] if latencies else 0

    print(
        json.dumps(
            {
                "requests": len(latencies),
                "seconds": elapsed,
                "rps": len(latencies) / elapsed,
                "p50_ms": percentile(0.50) * 1000,
                "p99_ms": percentile(0.99) * 1000,
                "errors": sum(part["errors"] for part in parts),
                "cast": sum(part["cast"] for part in parts),
                "confirmed": sum(part["confirmed"] for part in parts),
                "unconfirmed": sum(part["unconfirmed"] for part in parts),
                "domain": DOMAIN,
            }
        )
    )


if __name__ == "__main__":
    base, folder, slug, seconds, processes = sys.argv[1:6]
    main(base, folder, slug, float(seconds), int(processes))
