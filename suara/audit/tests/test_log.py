import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import DatabaseError

from suara.audit.actors import SYSTEM
from suara.audit.models import AuditEvent
from suara.audit.services import audit_record, audit_seal, audit_verify


def record(n, *, seal=True):
    for i in range(n):
        with transaction.atomic():
            audit_record(actor=SYSTEM, action="test.write", object_code=f"32{i:02d}", summary=f"perubahan {i}")
    if seal:
        audit_seal()


def test_events_are_written_unsealed_and_sealed_in_order(db):
    record(3, seal=False)
    assert list(AuditEvent.objects.values_list("seq", "hash")) == [(None, None)] * 3
    assert audit_seal() == 3
    assert list(AuditEvent.objects.order_by("id").values_list("seq", flat=True)) == [1, 2, 3]
    assert audit_seal() == 0
    record(2, seal=False)
    assert audit_seal() == 2
    assert list(AuditEvent.objects.order_by("id").values_list("seq", flat=True)) == [1, 2, 3, 4, 5]
    assert audit_verify().intact


def test_sealing_a_backlog_larger_than_a_batch(db, monkeypatch):
    from suara.audit import services

    monkeypatch.setattr(services, "SEAL_BATCH", 2)
    record(5, seal=False)
    assert audit_seal() == 5
    report = audit_verify()
    assert report.intact and report.length == 5


def test_verify_seals_what_is_waiting(db):
    record(2, seal=False)
    report = audit_verify()
    assert report.intact and report.length == 2


def test_events_form_a_chain(db):
    record(3)
    events = list(AuditEvent.objects.order_by("seq"))
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[1].prev_hash == events[0].hash and events[2].prev_hash == events[1].hash
    report = audit_verify()
    assert report.intact and report.length == 3 and report.head_hash == events[2].hash


def test_recording_outside_a_transaction_is_refused(transactional_db):
    with pytest.raises(RuntimeError):
        audit_record(actor=SYSTEM, action="x", summary="y")


def test_an_event_rolls_back_with_its_change(db):
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        audit_record(actor=SYSTEM, action="x", summary="y")
        1 / 0  # noqa: B018
    assert not AuditEvent.objects.exists()


def test_verify_command_reports_an_intact_chain(db, capsys):
    record(2)
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert "intact: 2 events" in out and AuditEvent.objects.get(seq=2).hash in out


@pytest.mark.skipif(connection.vendor != "sqlite", reason="on PostgreSQL the trigger stops the tampering")
def test_verify_names_a_tampered_event(db):
    record(5)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET summary = 'dipalsukan' WHERE seq = 3")
    with pytest.raises(CommandError, match=r"BROKEN at event #3"):
        call_command("audit", "verify")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="on PostgreSQL the trigger stops the deletion")
def test_verify_names_a_deleted_event(db):
    record(4)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 2")
    report = audit_verify()
    assert not report.intact and report.broken_seq == 2 and "missing" in report.reason


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET summary = 'x'",
        "DELETE FROM audit_auditevent",
        "UPDATE audit_auditevent SET seq = seq + 100, hash = reverse(hash)",  # re-sealing a sealed event
    ],
)
def test_postgresql_refuses_update_and_delete(db, statement):
    record(2)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert audit_verify().intact


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_postgresql_refuses_changing_an_unsealed_event(db):
    record(1, seal=False)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET summary = 'x', seq = 1, hash = 'h'")
    assert audit_verify().intact
