"""Django's PostgreSQL backend, with a bound on each wait for the server on this side too.

statement_timeout (award.settings) makes a slow server give up and say so.
A server that accepted the connection and then stopped answering (paused,
hung, its machine gone behind a network that drops everything) never says
anything, and libpq has no read timeout of its own: the query, the request
and the gunicorn worker would wait for ever, also on a connection kept from
an earlier request (CONN_MAX_AGE). Here every wait for an answer ends a
second after DATABASE_TIMEOUT with an OperationalError, which closes the
connection and gives the request the 503 page (award.middleware); the next
request connects afresh.
"""

import time

import psycopg
from django.conf import settings
from django.db.backends.postgresql import base


class BoundedConnection(psycopg.Connection):
    def wait(self, gen, interval=0.1, timeout=None):
        if timeout is None and settings.DATABASE_TIMEOUT:
            # After the server's own statement_timeout, so that a slow query is ended there.
            timeout = settings.DATABASE_TIMEOUT + 1
        started = time.monotonic()
        try:
            return super().wait(gen, interval=interval, timeout=timeout)
        except psycopg.OperationalError:
            if timeout is None or time.monotonic() - started < timeout:
                raise
            # An answer may still come for the abandoned query: the connection cannot be reused.
            self.pgconn.finish()
            raise psycopg.OperationalError(
                f"PostgreSQL did not answer within {timeout} seconds"
            ) from None


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        # psycopg.connect() always makes a psycopg.Connection; this one only waits differently.
        connection.__class__ = BoundedConnection
        return connection
