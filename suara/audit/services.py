"""Writing and checking the audit log. Every service write calls ``audit_record`` inside its own
transaction, so the event commits or rolls back with the change it describes."""

from __future__ import annotations

from datetime import UTC, datetime

from django.db import connection, transaction

from suara.audit.chain import GENESIS, ChainReport, event_hash, verify_chain
from suara.audit.models import AuditEvent

# Any fixed 64-bit number: the advisory lock that serialises appends to the chain on PostgreSQL.
_CHAIN_LOCK = 0x5355415241  # "SUARA"


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
    # SQLite: transactions BEGIN IMMEDIATE (settings), so the writer already holds the database lock.


def audit_record(*, actor: str, action: str, summary: str, object_code: str = "", role: str = "") -> AuditEvent:
    """Appends one event. Must run inside the caller's transaction (the service's one transaction).

    Two plain statements after the lock, not the ORM: every write of the system passes here, and the
    lock is held from this point to the commit, so the time spent here is time every writer waits."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must be called inside the service's transaction")
    _lock_chain()
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        # The head is read after the lock is taken, so it is the head every other writer sees too.
        cursor.execute(f"SELECT seq, hash FROM {table} ORDER BY seq DESC LIMIT 1")  # noqa: S608 - our table
        last = cursor.fetchone()
        fields = {
            "seq": (last[0] + 1) if last else 1,
            "created_at": datetime.now(UTC).isoformat(timespec="microseconds"),
            "actor": actor,
            "role": role,
            "action": action,
            "object_code": object_code,
            "summary": summary[:500],
            "prev_hash": last[1] if last else GENESIS,
        }
        fields["hash"] = event_hash(fields)
        columns = ", ".join(fields)
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))}) RETURNING id",  # noqa: S608
            list(fields.values()),
        )
        pk = cursor.fetchone()[0]
    return AuditEvent(pk=pk, **fields)


def audit_verify() -> ChainReport:
    """Recomputes the whole chain in sequence order, streaming it."""
    with transaction.atomic():
        rows = AuditEvent.objects.order_by("seq").values(*AuditEvent().as_fields().keys())
        return verify_chain(rows.iterator(chunk_size=5000))
