"""A body's recruitment schedule in an election (``RecruitmentSchedule``): the window of the public form and
the appointment day the requirements are read on. KPU sets it; the command line and the demo call this
service (no page yet)."""

from __future__ import annotations

from datetime import date

from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.core.errors import DomainError, ErrorCode
from suara.elections.models import Election
from suara.officers.audit_actions import OfficerAuditAction
from suara.officers.bodies import Body
from suara.officers.models import RecruitmentSchedule

SOURCE_MAX = 300


def schedule_set(
    *,
    actor: Actor,
    election: Election,
    body: Body,
    opens_on: date,
    closes_on: date,
    appointment_on: date,
    source: str = "",
) -> RecruitmentSchedule:
    """Sets (or moves) ``body``'s schedule in ``election``: the form's window ``opens_on``–``closes_on`` and
    the appointment day. One transaction, one audit event (object: election/body)."""
    if not all(isinstance(d, date) for d in (opens_on, closes_on, appointment_on)) or closes_on < opens_on:
        raise DomainError(
            ErrorCode.INVALID_INPUT,
            "Isi tanggal buka, tutup dan pelantikan; tanggal tutup tidak boleh sebelum tanggal buka.",
            field="closes_on",
        )
    with service_transaction():
        schedule, _ = RecruitmentSchedule.objects.update_or_create(
            election=election,
            body=Body(body).value,
            defaults={
                "opens_on": opens_on,
                "closes_on": closes_on,
                "appointment_on": appointment_on,
                "source": " ".join(source.split())[:SOURCE_MAX],
            },
        )
        audit_record(
            actor=actor,
            action=OfficerAuditAction.SCHEDULE,
            object_code=f"{election.slug}/{Body(body).value}",
            summary=f"pendaftaran {opens_on.isoformat()}–{closes_on.isoformat()}, "
            f"pelantikan {appointment_on.isoformat()}",
        )
    return schedule
