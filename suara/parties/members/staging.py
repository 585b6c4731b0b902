"""The staging table an upload streams its valid rows into (COPY on PostgreSQL, ``core.db.RowWriter``),
inside the upload's transaction; the list is then changed from it by a few set-based statements."""

from __future__ import annotations

from django.db import connection

from suara.core.db import RowWriter

STAGING = "suara_member_upload"
STAGING_COLUMNS = ("line", "nik", "name", "name_key", "sex", "birth_date", "desa_code", "kabkota_code", "address",
                   "occupation", "kta", "action")  # fmt: skip
# The listing's columns a row sets (the rest are the upload's: versions, times, the checks' defaults).
DATA_COLUMNS = STAGING_COLUMNS[1:-1]
_TYPES = {"line": "integer", "birth_date": "date", "nik": "varchar(16)", "sex": "varchar(1)",
          "desa_code": "varchar(10)", "kabkota_code": "varchar(4)", "action": "varchar(6)"}  # fmt: skip


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def create() -> None:
    assert connection.in_atomic_block, "the staging table lives inside the upload's transaction"
    columns = ", ".join(f"{quote(c)} {_TYPES.get(c, 'text')}" for c in STAGING_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
        on_commit = " ON COMMIT DROP" if is_postgresql() else ""
        cursor.execute(f"CREATE TEMPORARY TABLE {STAGING} ({columns}){on_commit}")


def index() -> None:
    """After the load: PostgreSQL hashes the joins once it has the table's statistics; SQLite needs an index."""
    with connection.cursor() as cursor:
        if is_postgresql():
            cursor.execute(f"ANALYZE {STAGING}")
        else:
            cursor.execute(f"CREATE INDEX {STAGING}_nik ON {STAGING} (nik)")


def drop() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")


def writer() -> RowWriter:
    return RowWriter(STAGING, STAGING_COLUMNS, binary=True)
