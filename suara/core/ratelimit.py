"""Fixed-window request counting shared by all server processes (a row per client per minute).

A key with a small limit (a citizen's address: 10 lookups a minute) is counted in the shared table on
every request, exactly. A key with a large limit (an integrator's API key: thousands a minute) would
turn every request into a write on one hot row, so a process reserves a block of the window's count at
once (a hundredth of the limit) and spends it locally. What that costs in precision: each process may
hold up to one block unspent when the key reaches its limit, so with five processes a key can be
refused up to 5% early, never late.
"""

from __future__ import annotations

import threading
import time

from django.db import connection

from suara.core import caches
from suara.core.db import prepared_fetchone, unflushed_commit
from suara.core.errors import RateLimited
from suara.core.models import RateWindow

WINDOW_SECONDS = 60
# A block is this fraction of the limit; limits under this many requests are counted one by one.
BLOCKS_PER_LIMIT = 100

# key -> [window, requests left in this process's block]; gunicorn's threads share it.
_blocks: dict[str, list[int]] = {}
_blocks_lock = threading.Lock()


def rate_blocks_clear() -> None:
    """Forgets every locally held block (tests start each case afresh)."""
    with _blocks_lock:
        _blocks.clear()


caches.register("core.ratelimit", rate_blocks_clear)


def rate_check(key: str, limit: int, *, now: float | None = None, period: int = WINDOW_SECONDS) -> None:
    """Counts one request for ``key``; raises RateLimited (with seconds to wait) past ``limit`` requests in
    a window of ``period`` seconds (a minute unless said; one key always uses the same period).

    A limit of 0 means unlimited. A request costs at most one statement (an upsert that returns the new
    count), and none while this process holds an unspent block of the key's window; a key's old windows
    go when its new one opens.
    """
    if limit <= 0:
        return
    now = time.time() if now is None else now
    window = int(now // period)
    block = max(1, limit // BLOCKS_PER_LIMIT)
    if block > 1:
        with _blocks_lock:
            held = _blocks.get(key)
            if held is not None and held[0] == window and held[1] > 0:
                held[1] -= 1
                return
    counted = _reserve(key, window, block)
    granted = max(0, min(block, limit - (counted - block)))
    if granted == 0:
        retry_after = max(1, int((window + 1) * period - now + 0.999))
        raise RateLimited(retry_after)
    if block > 1:
        with _blocks_lock:
            _blocks[key] = [window, granted - 1]


def _reserve(key: str, window: int, amount: int) -> int:
    """Adds ``amount`` to the key's count in ``window``; returns the count after it."""
    table = RateWindow._meta.db_table

    def upsert(source: str) -> str:
        return (
            f'INSERT INTO {table} ("key", "window", "count") {source} '  # noqa: S608 - our table name
            f'ON CONFLICT ("key", "window") DO UPDATE SET "count" = {table}."count" + EXCLUDED."count" '
            'RETURNING "count"'
        )

    sweep = f'DELETE FROM {table} WHERE "key" = %s AND "window" < %s'  # noqa: S608
    if connection.vendor == "postgresql":
        # One statement: the key's old windows go on every count, found through the (key, window) index.
        unflushed = unflushed_commit()
        source = f"SELECT %s, %s, %s FROM {unflushed}" if unflushed else "VALUES (%s, %s, %s)"  # noqa: S608
        return prepared_fetchone(f"WITH swept AS ({sweep}) {upsert(source)}", [key, window - 1, key, window, amount])[0]
    with connection.cursor() as cursor:
        cursor.execute(upsert("VALUES (%s, %s, %s)"), [key, window, amount])
        count = cursor.fetchone()[0]
        if count == amount:  # the key's first count in this window
            cursor.execute(sweep, [key, window - 1])
    return count
