"""Database helpers that work on every backend Suara runs on."""

from __future__ import annotations

from django.db import connection


def prepared_cursor():
    """A cursor whose statements PostgreSQL prepares once per connection (``core.postgresql``), so each
    later run skips parsing and planning; Django's plain cursor on other backends, where there is nothing
    to gain. Only for the few fixed statements run on every request of a hot path (the cek DPT lookup, a
    TPS's first entry, the audit event): each distinct statement text stays prepared on its connection."""
    return getattr(connection, "prepared_cursor", connection.cursor)()


def prepared_fetchone(sql: str, params: list) -> tuple | None:
    """The first row of ``sql`` (``%s`` placeholders), run through ``prepared_cursor``."""
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()
