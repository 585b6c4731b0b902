"""service_transaction: a service's one transaction, checked (in tests and DEBUG) to write exactly one
audit event, or the number the service declares."""

import pytest

from suara.accounts.models import User
from suara.audit.actors import SYSTEM
from suara.audit.models import AuditEvent
from suara.audit.services import AuditEventsMiscounted, audit_record, service_transaction
from suara.core.errors import Conflict, ErrorCode


def a_service(*, events_written: int, username: str = "petugas", declared: int = 1) -> User:
    """A service shaped like the real ones: a change and its audit events in one transaction."""
    with service_transaction(events=declared):
        user = User.objects.create_user(username=username)
        for i in range(events_written):
            audit_record(actor=SYSTEM, action="test.write", object_code=username, summary=f"perubahan {i}")
    return user


def test_a_service_writing_one_event_commits(db):
    a_service(events_written=1)
    assert User.objects.filter(username="petugas").exists()
    assert AuditEvent.objects.count() == 1


@pytest.mark.parametrize("events_written", [0, 2])
def test_a_service_writing_none_or_two_events_fails_and_leaves_nothing(db, events_written):
    with pytest.raises(AuditEventsMiscounted, match=f"recorded {events_written} audit events"):
        a_service(events_written=events_written)
    assert not User.objects.filter(username="petugas").exists()
    assert AuditEvent.objects.count() == 0


def test_a_service_may_declare_two_events(db):
    a_service(events_written=2, declared=2)
    assert AuditEvent.objects.count() == 2
    with pytest.raises(AuditEventsMiscounted):
        a_service(events_written=1, declared=2, username="lain")


def test_a_refusal_is_not_counted_and_propagates(db):
    with pytest.raises(Conflict) as refused, service_transaction():
        raise Conflict(ErrorCode.FORBIDDEN, "Ditolak.")
    assert refused.value.code == ErrorCode.FORBIDDEN


def test_a_service_inside_another_counts_for_both(db):
    with service_transaction(events=2):
        a_service(events_written=1, username="satu")
        audit_record(actor=SYSTEM, action="test.write", object_code="dua", summary="perubahan")
    assert AuditEvent.objects.count() == 2


def test_production_does_not_count(db, settings):
    settings.TESTING = settings.DEBUG = False
    a_service(events_written=0)
    assert User.objects.filter(username="petugas").exists()
