"""Fixed-window request counting shared by all server processes (a row per client per minute)."""

from __future__ import annotations

import time

from django.db import connection

from suara.core.errors import RateLimited
from suara.core.models import RateWindow

WINDOW_SECONDS = 60


def rate_check(key: str, limit: int, *, now: float | None = None) -> None:
    """Counts one request for ``key``; raises RateLimited (with seconds to wait) past ``limit``.

    A limit of 0 means unlimited. One statement per request (an upsert that returns the new count), so the
    limit costs one round trip on every API call; a key's old windows go when its new one opens.
    """
    if limit <= 0:
        return
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    table = RateWindow._meta.db_table
    # A count lost in a crash is harmless, so on PostgreSQL the upsert (its own transaction, unless the
    # caller holds one) does not wait for the WAL flush: that wait halved cek DPT's throughput.
    source = "VALUES (%s, %s, 1)"
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        source = "SELECT %s, %s, 1 FROM (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit"
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {table} ("key", "window", "count") {source} '  # noqa: S608 - our table name
            f'ON CONFLICT ("key", "window") DO UPDATE SET "count" = {table}."count" + 1 RETURNING "count"',
            [key, window],
        )
        count = cursor.fetchone()[0]
        if count == 1:
            cursor.execute(f'DELETE FROM {table} WHERE "key" = %s AND "window" < %s', [key, window - 1])  # noqa: S608
    if count > limit:
        retry_after = max(1, int((window + 1) * WINDOW_SECONDS - now + 0.999))
        raise RateLimited(retry_after)
