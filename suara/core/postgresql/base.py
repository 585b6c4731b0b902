"""Django's PostgreSQL backend, checking a kept connection's health only when it has been idle.

With CONN_HEALTH_CHECKS Django sends ``SELECT 1`` before the first query of every request that reuses a
connection: one more round trip on every cek DPT lookup and every submission, a quarter of a lookup's
time. A connection in steady use is proven healthy by that use: any error on it marks it, and Django
closes it when its request ends. The check guards against what happens to a connection nobody uses (the
server restarted, a firewall dropped it), so here it runs only when the connection's last request ended
more than ``IDLE_SECONDS`` ago.
"""

from __future__ import annotations

import time

from django.db.backends.postgresql import base

IDLE_SECONDS = 1.0


class DatabaseWrapper(base.DatabaseWrapper):
    _request_boundary_at = float("-inf")

    def close_if_unusable_or_obsolete(self):
        # Django calls this when a request starts and when it ends; the gap between an end and the next
        # start is the connection's idle time.
        super().close_if_unusable_or_obsolete()
        now = time.monotonic()
        if self.connection is not None and now - self._request_boundary_at < IDLE_SECONDS:
            self.health_check_done = True
        self._request_boundary_at = now
