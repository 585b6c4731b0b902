"""Writing and checking the audit log. Every service write calls ``audit_record`` inside its own
transaction, so the event commits or rolls back with the change it describes."""

from __future__ import annotations

from datetime import UTC, datetime

from django.db import connection, transaction

from suara.audit.chain import GENESIS, ChainReport, event_hash, verify_chain
from suara.audit.models import AuditEvent
from suara.core.db import insert_rows

# Any fixed 64-bit number: the advisory lock that lets one sealer at a time extend the chain (PostgreSQL).
_CHAIN_LOCK = 0x5355415241  # "SUARA"
CONTENT_FIELDS = ("created_at", "actor", "role", "action", "object_code", "summary")
# Events sealed per transaction: a backlog after a burst is chained in steps that each commit quickly.
SEAL_BATCH = 5000


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
    # SQLite: transactions BEGIN IMMEDIATE (settings), so the writer already holds the database lock.


def audit_event(*, actor: str, action: str, summary: str, object_code: str = "", role: str = "") -> AuditEvent:
    """An event, not yet written: for a hot path that inserts it together with the rows it describes, in
    one statement (``core.db.insert_rows``), so that it commits or rolls back with them. Everything else
    calls ``audit_record``."""
    return AuditEvent(
        created_at=datetime.now(UTC).isoformat(timespec="microseconds"),
        actor=actor,
        role=role,
        action=action,
        object_code=object_code,
        summary=summary[:500],
        prev_hash="",
    )


def audit_record(*, actor: str, action: str, summary: str, object_code: str = "", role: str = "") -> AuditEvent:
    """Appends one event, unsealed. Must run inside the caller's transaction (the service's one
    transaction), so the event commits or rolls back with its change.

    No lock and one statement, prepared once per connection: every write of the system passes here. Its
    place in the hash chain is given by ``audit_seal`` (the recap worker runs it twice a second;
    ``audit verify`` first)."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must be called inside the service's transaction")
    event = audit_event(actor=actor, action=action, summary=summary, object_code=object_code, role=role)
    insert_rows([event], savepoint=False)  # a refused event must fail the service's whole transaction
    return event


def audit_seal() -> int:
    """Chains every committed unsealed event, in the order of their ids, after the chain's head; returns
    how many it sealed. One sealer at a time (the chain lock); an event whose transaction commits after
    a seal read the table is sealed by the next one, so its place in the chain follows its commit."""
    table = AuditEvent._meta.db_table
    sealed = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            _lock_chain()
            # Both reads come after the lock: the head is the one every other sealer sees.
            cursor.execute(f"SELECT seq, hash FROM {table} WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1")  # noqa: S608
            head = cursor.fetchone()
            cursor.execute(
                f"SELECT id, {', '.join(CONTENT_FIELDS)} FROM {table} WHERE seq IS NULL ORDER BY id LIMIT %s",  # noqa: S608
                [SEAL_BATCH],
            )
            pending = cursor.fetchall()
            if not pending:
                return sealed
            seq, prev = (head[0], head[1]) if head else (0, GENESIS)
            rows = []
            for pk, *content in pending:
                seq += 1
                fields = {"seq": seq, **dict(zip(CONTENT_FIELDS, content, strict=True)), "prev_hash": prev}
                prev = event_hash(fields)
                rows.append((seq, fields["prev_hash"], prev, pk))
            cursor.executemany(f"UPDATE {table} SET seq = %s, prev_hash = %s, hash = %s WHERE id = %s", rows)  # noqa: S608
            sealed += len(rows)
        if len(pending) < SEAL_BATCH:
            return sealed


def audit_verify() -> ChainReport:
    """Seals what is waiting, then recomputes the whole chain in sequence order, streaming it."""
    audit_seal()
    with transaction.atomic():
        rows = AuditEvent.objects.filter(seq__isnull=False).order_by("seq").values(*AuditEvent().as_fields().keys())
        return verify_chain(rows.iterator(chunk_size=5000))
