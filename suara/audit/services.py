"""Writing and checking the audit log. Every service write calls ``audit_record`` inside its own
transaction, so the event commits or rolls back with the change it describes."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from django.conf import settings
from django.db import DatabaseError, connection, transaction

from suara.audit.actors import Actor
from suara.audit.chain import GENESIS, ChainReport, event_hash, verify_chain
from suara.audit.models import AuditEvent
from suara.core.db import insert_rows

log = logging.getLogger(__name__)

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


def audit_event(*, actor: Actor, action: str, summary: str, object_code: str = "", role: str = "") -> AuditEvent:
    """An event, not yet written: for a hot path that inserts it together with the rows it describes, in
    one statement (``core.db.insert_rows``), so that it commits or rolls back with them. Everything else
    calls ``audit_record``."""
    return AuditEvent(
        created_at=datetime.now(UTC).isoformat(timespec="microseconds"),
        actor=actor.name,
        role=role,
        action=action,
        object_code=object_code,
        summary=summary[:500],
        prev_hash="",
    )


def audit_record(*, actor: Actor, action: str, summary: str, object_code: str = "", role: str = "") -> AuditEvent:
    """Appends one event, unsealed. Must run inside the caller's transaction (the service's one
    transaction), so the event commits or rolls back with its change.

    No lock and one statement, prepared once per connection: every write of the system passes here. Its
    place in the hash chain is given by ``audit_seal`` (the scheduler runs it twice a second,
    ``jobs.schedule``; ``audit verify`` first)."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must be called inside the service's transaction")
    event = audit_event(actor=actor, action=action, summary=summary, object_code=object_code, role=role)
    insert_rows([event], savepoint=False)  # a refused event must fail the service's whole transaction
    for counted in getattr(_open_services, "counts", ()):
        counted.append(event.action)
    return event


class AuditEventsMiscounted(AssertionError):
    """A service wrote no audit event, or more than it declares: a fault in the service, not the input."""


_open_services = threading.local()


@contextmanager
def service_transaction(*, events: int = 1) -> Iterator[None]:
    """A service's one transaction. In tests and with ``SUARA_DEBUG`` it also checks that the service
    recorded exactly ``events`` audit events (one, unless the service says otherwise) and otherwise
    raises ``AuditEventsMiscounted`` inside the transaction, so nothing of it commits. A refusal raised
    before any event is recorded is not counted: the transaction rolls back and the error propagates."""
    with transaction.atomic():
        if not (settings.TESTING or settings.DEBUG):
            yield
            return
        recorded: list[str] = []
        stack = getattr(_open_services, "counts", ())
        _open_services.counts = (*stack, recorded)
        try:
            yield
        finally:
            _open_services.counts = stack
        if len(recorded) != events:
            raise AuditEventsMiscounted(
                f"the service recorded {len(recorded)} audit events ({', '.join(recorded) or 'none'}), not {events}"
            )


def audit_seal() -> int:
    """Chains every committed unsealed event, in the order of their ids, after the chain's head; returns
    how many it sealed. One sealer at a time (the chain lock); an event whose transaction commits after
    a seal read the table is sealed by the next one, so its place in the chain follows its commit.

    An event that cannot be sealed never stops the others: it is left unsealed, logged once per process,
    and named by ``audit verify``. On PostgreSQL none can exist (the table's trigger takes only unsealed,
    well-formed events: migration 0004); on SQLite whoever writes the file could add one. A chain whose
    head itself is malformed is not extended (nothing sealed after it could be verified): logged, and
    named by ``audit verify``, for the table's owner to repair."""
    return _seal().sealed


@dataclass
class _Sealing:
    sealed: int = 0
    refused: dict[int, str] = field(default_factory=dict)  # event id -> why it could not be sealed
    head_problem: str = ""


def _seal() -> _Sealing:
    table = AuditEvent._meta.db_table
    outcome = _Sealing()
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            _lock_chain()
            # Both reads come after the lock: the head is the one every other sealer sees.
            cursor.execute(f"SELECT seq, hash FROM {table} WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1")  # noqa: S608
            head = cursor.fetchone()
            skip = sorted(outcome.refused)
            cursor.execute(
                f"SELECT id, {', '.join(CONTENT_FIELDS)} FROM {table} WHERE seq IS NULL "  # noqa: S608
                f"{'AND id NOT IN (' + ', '.join(['%s'] * len(skip)) + ') ' if skip else ''}ORDER BY id LIMIT %s",
                [*skip, SEAL_BATCH],
            )
            pending = cursor.fetchall()
            if not pending:
                return outcome
            seq, prev = (head[0], head[1]) if head else (0, GENESIS)
            if not _is_hash(prev) or not isinstance(seq, int):
                outcome.head_problem = f"the chain's head #{seq} is malformed (its hash is {prev!r})"
                _log_once(f"head:{seq}", f"the audit chain is not extended: {outcome.head_problem}")
                return outcome
            rows, unhashable = _seal_rows(pending, seq, prev)
            outcome.refused.update(unhashable)
            try:
                with transaction.atomic():
                    cursor.executemany(_SEAL_SQL.format(table=table), rows)
                outcome.sealed += len(rows)
            except DatabaseError:
                _seal_one_by_one(cursor, table, pending, seq, prev, outcome)
        if len(pending) < SEAL_BATCH:
            return outcome


_SEAL_SQL = "UPDATE {table} SET seq = %s, prev_hash = %s, hash = %s WHERE id = %s"


def _seal_rows(pending: list, seq: int, prev: str) -> tuple[list[tuple], dict[int, str]]:
    """The UPDATE parameters that chain ``pending`` after (seq, prev), and the events whose content
    cannot be hashed at all (not text: only possible where nothing guards the table)."""
    rows, unhashable = [], {}
    for pk, *content in pending:
        fields = {"seq": seq + 1, **dict(zip(CONTENT_FIELDS, content, strict=True)), "prev_hash": prev}
        try:
            digest = event_hash(fields)
        except (TypeError, ValueError):
            unhashable[pk] = "its content is not text"
            _log_once(pk, f"audit event id {pk} cannot be sealed: {unhashable[pk]}")
            continue
        seq, prev = seq + 1, digest
        rows.append((seq, fields["prev_hash"], digest, pk))
    return rows, unhashable


def _seal_one_by_one(cursor, table: str, pending: list, seq: int, prev: str, outcome: _Sealing) -> None:
    """After a batch was refused: each event in its own savepoint, the refused ones left out of the chain."""
    for row in pending:
        rows, unhashable = _seal_rows([row], seq, prev)
        if unhashable:
            continue
        try:
            with transaction.atomic():
                cursor.execute(_SEAL_SQL.format(table=table), rows[0])
        except DatabaseError as exc:
            outcome.refused[row[0]] = f"the database refused its seal ({str(exc).splitlines()[0]})"
            _log_once(row[0], f"audit event id {row[0]} cannot be sealed: {outcome.refused[row[0]]}")
            continue
        seq, prev = rows[0][0], rows[0][2]
        outcome.sealed += 1


_logged: set[int | str] = set()


def _log_once(key: int | str, message: str) -> None:
    """Logs a problem once per process: the sealer meets it again twice a second."""
    if key not in _logged:
        _logged.add(key)
        log.error("%s (run `suara audit verify`)", message)


def _is_hash(value: object) -> bool:
    return isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)


def audit_verify() -> ChainReport:
    """Seals what is waiting, then recomputes the whole chain in sequence order, streaming it. Reports
    what is wrong (never raises for a malformed event): the first broken link of the chain, and every
    event that could not be sealed."""
    problems = []
    try:
        sealing = _seal()
    except DatabaseError as exc:
        problems.append(f"sealing failed: {str(exc).splitlines()[0]}")
    else:
        if sealing.head_problem:
            problems.append(sealing.head_problem)
        problems += [f"event id {pk} is not sealed: {why}" for pk, why in sorted(sealing.refused.items())]
    with transaction.atomic():
        rows = AuditEvent.objects.filter(seq__isnull=False).order_by("seq").values(*AuditEvent().as_fields().keys())
        report = verify_chain(rows.iterator(chunk_size=5000))
    if problems:
        return replace(report, intact=False, problems=tuple(problems))
    return report
