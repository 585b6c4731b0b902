"""Breach records (UU PDP art. 46): KPU RI records an incident with the agreements or extracts it affected
(for instance from a trace's result), and later that its notices went out; the 3 × 24 hour clock runs from
the moment it was found (``rules.breach_clock``). One transaction, one audit event each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from suara.accounts.authz import require
from suara.accounts.roles import Action
from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.core import clock
from suara.core.errors import Conflict, DomainError
from suara.sharing.audit_actions import SharingAuditAction
from suara.sharing.errors import SharingErrorCode
from suara.sharing.models import Agreement, Breach, Extract
from suara.sharing.rules import breach_clock, has_control
from suara.sharing.selectors import breach_get

TEXT_LENGTH = (10, 5000)
CONTACT_LENGTH = (5, 300)
# A clock a little ahead of the server's is not "the future".
CLOCK_SKEW = timedelta(minutes=5)
EARLIEST_YEAR = 2000  # no breach of this register was found before; and year 1 cannot be stored in UTC


@dataclass(frozen=True)
class BreachInput:
    found_at: datetime | str  # aware, or "YYYY-MM-DDTHH:MM" in WIB
    description: str
    measures: str
    contact: str
    agreements: Sequence[int] = field(default_factory=tuple)
    extracts: Sequence[int] = field(default_factory=tuple)
    evidence: str = ""


def _invalid(message: str, name: str) -> DomainError:
    return DomainError(SharingErrorCode.BREACH_INVALID, message, field=name)


def _found_at(value: datetime | str) -> datetime:
    moment = value
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            raise _invalid("Waktu ditemukan ditulis YYYY-MM-DD JJ:MM (WIB).", "found_at") from None
    if not isinstance(moment, datetime) or moment.year < EARLIEST_YEAR:
        raise _invalid("Waktu ditemukan wajib diisi, tidak sebelum tahun 2000.", "found_at")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > clock.now() + CLOCK_SKEW:
        raise _invalid("Waktu ditemukan tidak boleh di masa depan.", "found_at")
    return moment


def _text(value: object, name: str, limits: tuple[int, int], label: str) -> str:
    text = str(value or "").strip()
    if not limits[0] <= len(text) <= limits[1] or has_control(text):
        raise _invalid(f"{label} wajib diisi ({limits[0]} sampai {limits[1]} karakter).", name)
    return text


def _ids(values: Sequence[object]) -> list[int]:
    found = []
    for value in values or ():
        text = str(value).strip()
        if text:
            if not (text.isascii() and text.isdigit() and len(text) < 19):
                raise DomainError(SharingErrorCode.BREACH_NOTHING_AFFECTED, "Pengenal tidak sah.", field="affected")
            found.append(int(text))
    return sorted(set(found))


def breach_record(*, actor: Actor, data: BreachInput) -> Breach:
    """KPU RI records a breach; ``agreements`` and ``extracts`` name what it affected (at least one, all
    known). An extract's agreement is affected with it."""
    role = "" if actor.user is None else require(actor.user, Action.APPROVE_DATA_SHARING, "").value
    found_at = _found_at(data.found_at)
    description = _text(data.description, "description", TEXT_LENGTH, "Uraian insiden")
    measures = _text(data.measures, "measures", TEXT_LENGTH, "Langkah yang diambil")
    contact = _text(data.contact, "contact", CONTACT_LENGTH, "Narahubung")
    agreement_ids, extract_ids = _ids(data.agreements), _ids(data.extracts)
    extracts = list(Extract.objects.filter(pk__in=extract_ids))
    agreements = list(Agreement.objects.filter(pk__in={*agreement_ids, *(e.agreement_id for e in extracts)}))
    known = {a.pk for a in agreements}
    if not (agreement_ids or extract_ids) or len(extracts) != len(extract_ids) or not set(agreement_ids) <= known:
        raise DomainError(
            SharingErrorCode.BREACH_NOTHING_AFFECTED,
            "Sebutkan perjanjian atau ekstrak yang terdampak (yang tercatat).",
            field="affected",
        )
    with service_transaction():
        breach = Breach.objects.create(
            found_at=found_at, description=description, measures=measures, contact=contact,
            evidence="".join(c for c in str(data.evidence or "") if c.isprintable() or c == "\n").strip()[:5000],
            recorded_by=actor.name, recorded_at=clock.now(),
        )  # fmt: skip
        breach.agreements.set(agreements)
        breach.extracts.set(extracts)
        audit_record(
            actor=actor,
            role=role,
            action=SharingAuditAction.BREACH_CREATE,
            object_code=str(breach.pk),
            summary=(
                f"insiden #{breach.pk} dicatat: ditemukan {timezone.localtime(found_at):%Y-%m-%d %H:%M} WIB, "
                f"{len(agreements)} perjanjian, {len(extracts)} ekstrak"
            ),
        )
    return breach


def breach_notified(*, actor: Actor, pk: int) -> Breach:
    """Records that the notices went to the supervisory body and the people affected: the clock stops."""
    role = "" if actor.user is None else require(actor.user, Action.APPROVE_DATA_SHARING, "").value
    with service_transaction():
        breach = breach_get(pk)
        breach = Breach.objects.select_for_update().get(pk=breach.pk)
        if breach.notified_at is not None:
            raise Conflict(SharingErrorCode.BREACH_ALREADY_NOTIFIED, "Pemberitahuan sudah dicatat.", field="id")
        breach.notified_at, breach.notified_by = clock.now(), actor.name
        breach.save(update_fields=["notified_at", "notified_by"])
        late = breach_clock(found_at=breach.found_at, now=breach.notified_at, notified_at=breach.notified_at).overdue
        audit_record(
            actor=actor,
            role=role,
            action=SharingAuditAction.BREACH_NOTIFIED,
            object_code=str(breach.pk),
            summary=f"pemberitahuan insiden #{breach.pk} dikirim{' (melewati 3 x 24 jam)' if late else ''}",
        )
    return breach
