"""Writes of an officer record's status: every change goes through ``officer_status_move`` so the
history, the record and the audit event are written together."""

from __future__ import annotations

from django.utils import timezone

from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.core.errors import Conflict
from suara.officers.audit_actions import OfficerAuditAction
from suara.officers.bodies import STATUS_LABELS, Status, may_move
from suara.officers.errors import OfficerErrorCode
from suara.officers.models import Officer, OfficerStatusChange

NOTE_MAX_LENGTH = 300


def status_change_add(officer: Officer, to: Status, *, reasons: int, note: str, actor: Actor) -> None:
    """Moves the record and appends its history, inside the caller's service transaction (for services
    that move many officers in one action, such as an appointment or a promotion)."""
    current = Status(officer.status)
    if not may_move(current, to):
        raise Conflict(
            OfficerErrorCode.STATUS_MOVE_REFUSED,
            f"Status petugas tidak dapat berubah dari {STATUS_LABELS[current]} menjadi {STATUS_LABELS[to]}.",
            field="status",
        )
    now = timezone.now()
    officer.status, officer.reasons, officer.updated_at = to, reasons, now
    officer.save(update_fields=["status", "reasons", "updated_at"])
    OfficerStatusChange.objects.create(
        officer=officer, status=to, reasons=reasons, note=note[:NOTE_MAX_LENGTH], actor=actor.name, at=now
    )


def officer_status_move(*, officer: Officer, to: Status, actor: Actor, reasons: int = 0, note: str = "") -> Officer:
    """One officer's status moved (``bodies.TRANSITIONS``), with its history and one audit event; a move
    the transitions do not allow is refused and nothing changes."""
    with service_transaction():
        officer = Officer.objects.select_for_update().get(pk=officer.pk)
        status_change_add(officer, to, reasons=reasons, note=note, actor=actor)
        audit_record(
            actor=actor,
            action=OfficerAuditAction.STATUS,
            object_code=str(officer.pk),
            summary=f"{officer.body} {officer.posting_code}: {to.value}",
        )
    return officer
