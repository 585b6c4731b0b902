"""Database helpers that work on every backend Suara runs on."""

from __future__ import annotations

from django.db import connection


def prepared_fetchone(sql: str, params: list) -> tuple | None:
    """The first row of ``sql`` (``%s`` placeholders), as a statement PostgreSQL prepares once per
    connection (``core.postgresql``); a plain statement on other backends, where there is nothing to gain.
    For the one statement a hot endpoint runs on every request, not for general use."""
    make_cursor = getattr(connection, "prepared_cursor", connection.cursor)
    with make_cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()
