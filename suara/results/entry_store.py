"""The SQL of a TPS's first entry, the hottest write of election night, in plain statements.

Measured on this project's 2-core machine: building the ORM's queries was most of a submission's CPU
(about 24 queries compiled per entry), while each plain statement here costs tens of microseconds.
The rows are the same ones the models describe (``results.models``); the service decides everything,
this module only reads and writes.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Model

from suara.core.db import prepared_fetchone
from suara.results.models import CountTps, RecapLock, ResultVersion


@dataclass(frozen=True)
class EntryCheck:
    """What a first entry needs to know before it writes, read in one round trip."""

    tps_id: int | None  # None: the election has no such TPS
    lock_code: str | None  # the standing lock on the TPS's region or above ('' national); None: no lock
    stored_version_id: int | None  # the version already stored under this submission id, if any
    stored_digest: str | None  # and the digest of its payload


def lock_prefixes(tps_code: str) -> list[str]:
    """The region codes a lock can stand on above a TPS: national, province, kab/kota, kecamatan, desa."""
    return ["", tps_code[:2], tps_code[:4], tps_code[:6], tps_code[:10]]


def entry_check(*, contest_id: int, election_id: int, tps_code: str, submission_id: str) -> EntryCheck:
    prefixes = lock_prefixes(tps_code)
    tps, locks, versions = CountTps._meta.db_table, RecapLock._meta.db_table, ResultVersion._meta.db_table
    sql = (
        f"SELECT (SELECT id FROM {tps} WHERE election_id = %s AND code = %s), "  # noqa: S608 - our tables
        f"(SELECT region_code FROM {locks} WHERE contest_id = %s AND reopened_at IS NULL "
        f"AND region_code IN ({', '.join(['%s'] * len(prefixes))}) ORDER BY region_code LIMIT 1), "
        f"(SELECT id FROM {versions} WHERE submission_id = %s), "
        f"(SELECT payload_digest FROM {versions} WHERE submission_id = %s)"
    )
    params = [election_id, tps_code, contest_id, *prefixes, submission_id, submission_id]
    return EntryCheck(*prepared_fetchone(sql, params))


def insert(instance: Model, cursor) -> Model:
    """Inserts a model instance with one plain statement on ``cursor`` (a series of inserts shares one; the
    first entry passes a ``core.db.prepared_cursor``) and sets its primary key: the values are prepared
    the way the ORM's own INSERT prepares them (``pre_save``, ``get_db_prep_save``), without building a
    query object."""
    meta = instance._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    values = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    cursor.execute(
        f"INSERT INTO {meta.db_table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))}) RETURNING id",  # noqa: S608
        values,
    )
    instance.pk = cursor.fetchone()[0]
    instance._state.adding = False
    return instance
