"""What each process keeps of the page cache: the pages it served last, and the version.

`award.pagecache` keeps every page in the shared cache, valid under the
version drawn at each change by staff. Asking Redis for the version and the
page is the one round trip a kept page costs; a process that has the page and
can vouch for the version serves it without asking (`LocalPages`,
`VersionMirror`). Redis stays the only source of truth: what a process keeps
is a copy, trusted only while Redis keeps it informed.
"""

import collections
import math
import os
import pickle
import select
import threading
import time

from django.core.cache import cache, caches

# Each new version is published here as it is drawn (under the cache's key prefix).
VERSION_CHANNEL = "pagecache:versions"
# How often a process asks Redis whether it still hears the channel, and for
# how long after Redis last answered it trusts its copy of the version.
PING_SECONDS = 0.1
TRUST_SECONDS = 0.5
# How often a trusted copy is read again from the key itself, so that a
# version lost without a message (a flush, an eviction) is noticed within it.
REVALIDATE_SECONDS = 1.0
# While Redis does not answer, a process tries to subscribe again this often.
RECONNECT_SECONDS = 1.0


class LocalPages:
    """The pages this process served last, each with the version it was kept under."""

    def __init__(self, size):
        self.size = size
        self._pages = collections.OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, version, now):
        with self._lock:
            entry = self._pages.get(key)
            if entry is None or entry[0] != version or now >= entry[1]:
                return None
            self._pages.move_to_end(key)
        # Each request gets a response of its own, as it would from the shared cache.
        return pickle.loads(entry[2])

    def put(self, key, version, expires_at, response):
        page = pickle.dumps(response, pickle.HIGHEST_PROTOCOL)
        with self._lock:
            self._pages[key] = (version, expires_at, page)
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def clear(self):
        with self._lock:
            self._pages.clear()

    def __len__(self):
        return len(self._pages)


class VersionMirror:
    """This process's copy of the page cache's version, kept up to date by Redis.

    A kept page is good only under the version in the shared cache, and
    asking Redis for it costs a round trip. Instead, each process subscribes
    to VERSION_CHANNEL, on which every version is published as it is drawn,
    and before it serves a page reads what has arrived (one poll of the
    socket, no waiting): Redis writes the message to every subscriber before
    it answers the process that drew the version, so a change by staff is
    seen by the next request anywhere. The copy is trusted only while Redis
    has answered this process's last ping within TRUST_SECONDS, and only
    once the subscription is confirmed and the version read after it: a Redis
    that is down, paused or out of reach makes every request ask it again,
    as before. Only with django-redis as the default cache; otherwise there
    is nothing to subscribe to and every request asks the cache.
    """

    def __init__(self, key):
        self.key = key
        self._lock = threading.Lock()
        self._reset()

    def _reset(self):
        self._pid = None
        self._pubsub = None
        self._poll = None
        self._version = None
        self._confirmed = False
        self._answered_at = self._pinged_at = self._tried_at = self._read_at = -math.inf

    def enabled(self):
        return redis_client() is not None

    def version(self):
        """The current version, or None when this process cannot vouch for its copy."""
        client = redis_client()
        if client is None:
            return None
        with self._lock:
            now = time.monotonic()
            try:
                if self._pid != os.getpid():
                    if now - self._tried_at < RECONNECT_SECONDS:
                        return None
                    self._subscribe(client, now)
                self._read()
                if now - self._pinged_at >= PING_SECONDS:
                    self._pubsub.ping()
                    self._pinged_at = now
                if self._confirmed and now - self._read_at >= REVALIDATE_SECONDS:
                    self._read_version(now)
            except Exception:  # noqa: BLE001 (whatever Redis or its socket raise, the answer is: ask)
                self._close()
                return None
            if not self._confirmed or now - self._answered_at > TRUST_SECONDS:
                return None
            return self._version

    def publish(self, version):
        client = redis_client()
        if client is None:
            return
        with self._lock:
            if self._confirmed:
                self._version = version
        try:
            client.publish(cache.make_key(VERSION_CHANNEL), version)
        except Exception:  # noqa: BLE001, S110 (a Redis that does not answer hears nothing; the key is the truth)
            pass

    def forget(self):
        with self._lock:
            self._close()

    def _subscribe(self, client, now):
        # A process forked after its parent subscribed must not read the parent's socket.
        self._reset()
        self._tried_at = now
        self._pubsub = client.pubsub()
        self._pubsub.subscribe(cache.make_key(VERSION_CHANNEL))
        self._poll = select.poll()
        self._poll.register(self._pubsub.connection._sock.fileno(), select.POLLIN)
        self._pid = os.getpid()

    def _read(self):
        if not self._poll.poll(0):
            # Nothing has arrived since the last request: the usual case.
            return
        # What arrived may hold several messages, and redis-py buffers what it
        # read beyond the first: read until it has nothing left.
        while (message := self._pubsub.get_message(timeout=0)) is not None:
            if message["type"] == "message":
                self._version = message["data"].decode()
            elif message["type"] == "pong":
                now = time.monotonic()
                if not self._confirmed:
                    # Subscribed (the ping came after the subscription): from now on
                    # every version arrives, so the one read now is the current one.
                    self._read_version(now)
                self._answered_at = now

    def _read_version(self, now):
        self._version = cache.get(self.key)
        self._confirmed = self._version is not None
        self._read_at = now

    def _close(self):
        pubsub, pid = self._pubsub, self._pid
        tried_at = self._tried_at
        self._reset()
        self._tried_at = tried_at
        if pubsub is not None and pid == os.getpid():
            try:
                pubsub.close()
            except Exception:  # noqa: BLE001, S110 (closing a socket that is gone)
                pass


def redis_client():
    """The default cache's Redis client, if the default cache is django-redis."""
    backend = caches["default"]
    client = getattr(backend, "client", None)
    return client.get_client(write=True) if hasattr(client, "get_client") else None
