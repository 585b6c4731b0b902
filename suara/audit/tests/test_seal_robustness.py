"""An event that cannot be sealed, or a chain someone broke, never stops the sealer for everything else,
and ``audit verify`` reports each problem (which event, what is wrong, exit status 1), never a traceback.

On PostgreSQL such rows cannot be written by the application's role any more (test_postgresql_guard); here
the table's owner bypasses the guard to put them there, as a database from before the guard may hold them.
On SQLite nothing guards the table, and whoever writes the file can add them."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from suara.audit.actors import SYSTEM
from suara.audit.models import AuditEvent
from suara.audit.services import audit_record, audit_seal, audit_verify

EVENT_TIME = "2026-12-07T01:02:03.456789+00:00"


def record(n: int) -> None:
    for i in range(n):
        with transaction.atomic():
            audit_record(actor=SYSTEM, action="test.write", object_code=f"32{i:02d}", summary=f"perubahan {i}")


def insert_unguarded(**columns) -> int:
    """A row as the table's owner writes it past the guard (PostgreSQL) or anyone writes it (SQLite)."""
    row = {
        "created_at": EVENT_TIME,
        "actor": "x",
        "role": "",
        "action": "palsu",
        "object_code": "",
        "summary": "palsu",
        "prev_hash": "",
        **columns,
    }
    sql = f"INSERT INTO audit_auditevent ({', '.join(row)}) VALUES ({', '.join(['%s'] * len(row))})"  # noqa: S608
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_guard_insert")
        cursor.execute(sql, list(row.values()))
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_guard_insert")
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()


def unsealable() -> dict:
    """An unsealed row the sealer cannot seal: on PostgreSQL one that already carries a hash (the trigger
    refuses its seal), on SQLite one whose summary is bytes, not text (it cannot be hashed)."""
    return {"hash": "e" * 64} if connection.vendor == "postgresql" else {"summary": b"\x00\xff"}


def test_an_event_that_cannot_be_sealed_does_not_stop_the_others(db):
    record(2)
    audit_seal()
    bad = insert_unguarded(**unsealable())
    record(3)

    assert audit_seal() == 3
    assert audit_seal() == 0  # and tried again without stopping anything
    record(1)
    assert audit_seal() == 1
    assert AuditEvent.objects.filter(seq__isnull=True).values_list("id", flat=True).get() == bad


def test_verify_names_the_event_that_cannot_be_sealed(db):
    record(2)
    bad = insert_unguarded(**unsealable())
    record(1)

    report = audit_verify()

    assert not report.intact and report.broken_seq is None and report.length == 3
    assert len(report.problems) == 1 and f"event id {bad} is not sealed" in report.problems[0]
    with pytest.raises(CommandError, match=rf"intact up to head hash .*\n.*event id {bad} is not sealed"):
        call_command("audit", "verify")


def test_a_forged_event_beyond_the_head_is_reported_and_sealing_goes_on(db):
    record(2)
    audit_seal()
    insert_unguarded(seq=1002, prev_hash="f" * 64, hash="f" * 64)
    record(1)

    assert audit_seal() == 1
    report = audit_verify()
    assert not report.intact and report.broken_seq == 3 and "missing" in report.reason
    with pytest.raises(CommandError, match=r"BROKEN at event #3: event 3 is missing"):
        call_command("audit", "verify")


def test_a_head_without_a_hash_stops_only_the_chain_and_is_reported(db, caplog, monkeypatch):
    monkeypatch.setattr("suara.audit.services._logged", set())  # logged once per process: this test's own
    record(2)
    audit_seal()
    insert_unguarded(seq=3, prev_hash=AuditEvent.objects.get(seq=2).hash, hash=None)
    record(2)

    assert audit_seal() == 0  # nothing sealed after a head that cannot be verified
    assert "the audit chain is not extended: the chain's head #3 is malformed" in caplog.text
    report = audit_verify()
    assert not report.intact and report.broken_seq == 3
    assert report.problems == ("the chain's head #3 is malformed (its hash is None)",)
    with pytest.raises(CommandError, match=r"BROKEN at event #3: its content does not match its hash"):
        call_command("audit", "verify")
