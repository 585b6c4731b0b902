"""Django's PostgreSQL backend with two changes for the hot paths.

Health checks only after idling. With CONN_HEALTH_CHECKS Django sends ``SELECT 1`` before the first query
of every request that reuses a connection: one more round trip on every cek DPT lookup and every
submission, a quarter of a lookup's time. A connection in steady use is proven healthy by that use: any
error on it marks it, and Django closes it when its request ends. The check guards against what happens
to a connection nobody uses (the server restarted, a firewall dropped it), so here it runs only when the
connection's last request ended more than ``IDLE_SECONDS`` ago.

Prepared statements on request. Django binds parameters on the client, so PostgreSQL parses and plans
every statement afresh. For the statement a busy public endpoint runs on every request, planning is most
of the database's work: cek DPT's five-table lookup costs PostgreSQL 0.35 ms planned each time and
0.08 ms prepared. ``prepared_cursor`` gives a cursor that binds on the server and prepares each statement
on its connection the first time it runs; later runs send only the parameters. It is Django's cursor
otherwise (errors, query logging and execute wrappers as usual). Everything else keeps Django's default,
which prepares nothing, so a transaction-mode connection pooler in front still works for it; behind such
a pooler, use one that tracks prepared statements (PgBouncer 1.21 and later).
"""

from __future__ import annotations

import sys
import time

import psycopg
from django.db.backends.postgresql import base, operations

IDLE_SECONDS = 1.0


class PreparingCursor(psycopg.Cursor):
    """Binds parameters on the server and prepares every statement it executes.

    Django turns psycopg's statement cache off for the whole connection (``prepare_threshold`` None), so
    that its own statements are never prepared; the cache is switched on only while this cursor executes
    (a Django connection serves one thread at a time), with a threshold no statement reaches by repetition.
    """

    def execute(self, query, params=None, *, prepare=None, binary=None):
        owner = self.connection
        threshold = owner.prepare_threshold
        owner.prepare_threshold = sys.maxsize
        try:
            return super().execute(query, params, prepare=True, binary=binary)
        finally:
            owner.prepare_threshold = threshold


class DatabaseOperations(operations.DatabaseOperations):
    def last_executed_query(self, cursor, sql, params):
        # psycopg keeps no text for a statement it ran prepared; the statement as written stands in, so
        # query logging (DEBUG, tests) still shows it.
        return super().last_executed_query(cursor, sql, params) or sql


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
    _request_boundary_at = float("-inf")

    def close_if_unusable_or_obsolete(self):
        # Django calls this when a request starts and when it ends; the gap between an end and the next
        # start is the connection's idle time.
        super().close_if_unusable_or_obsolete()
        now = time.monotonic()
        if self.connection is not None and now - self._request_boundary_at < IDLE_SECONDS:
            self.health_check_done = True
        self._request_boundary_at = now

    def prepared_cursor(self):
        """Like ``cursor()``, but each statement is prepared on this connection (see the module's note)."""
        self.close_if_health_check_failed()
        self.ensure_connection()
        with self.wrap_database_errors:
            return self._prepare_cursor(PreparingCursor(self.connection))
