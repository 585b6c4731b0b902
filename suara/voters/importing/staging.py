"""The staging table an import streams its valid rows into, and the bulk writes around it.

PostgreSQL gets the rows by COPY while the file is still being read (the server stores them as Python
checks the next ones); SQLite by executemany in batches. Either way the rows then move into the register
with one INSERT ... SELECT, all inside the service's transaction, so a failure leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from suara.core.db import RowWriter

STAGING = "suara_voter_import"
STAGING_COLUMNS = (
    "line", "nik", "kk", "name", "birth_place", "birth_date", "sex", "marital", "address", "rt", "rw",
    "kemendagri_desa_code", "desa_id", "disability", "name_key",
)  # fmt: skip
# The register's columns the file sets (the rest: status, TPS and timestamps are the import's).
DATA_COLUMNS = STAGING_COLUMNS[1:]

_TYPES = {
    "line": "integer",
    "birth_date": "date",
    "nik": "varchar(16)",
    "kk": "varchar(16)",
    "sex": "varchar(1)",
    "marital": "varchar(1)",
    "rt": "varchar(3)",
    "rw": "varchar(3)",
    "kemendagri_desa_code": "varchar(10)",
    "desa_id": "varchar(10)",
}


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def column_list(columns: Sequence[str], prefix: str = "") -> str:
    return ", ".join(prefix + quote(c) for c in columns)


def create_staging() -> None:
    assert connection.in_atomic_block, "the staging table lives inside the import's transaction"
    columns = ", ".join(f"{quote(c)} {_TYPES.get(c, 'text')}" for c in STAGING_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
        on_commit = " ON COMMIT DROP" if is_postgresql() else ""
        cursor.execute(f"CREATE TEMPORARY TABLE {STAGING} ({columns}){on_commit}")


def drop_staging() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")


def index_staging() -> None:
    """After the load: an index on NIK for the joins (PostgreSQL hashes; SQLite needs the index)."""
    with connection.cursor() as cursor:
        if is_postgresql():
            cursor.execute(f"ANALYZE {STAGING}")
        else:
            cursor.execute(f"CREATE INDEX {STAGING}_nik ON {STAGING} (nik)")


def staging_writer() -> RowWriter:
    """``write(record)`` for each valid row; the rows are in the table once the context exits."""
    return RowWriter(STAGING, STAGING_COLUMNS)
