"""DPB recap periods: the KPU kab/kota plenary signs the period's recap (at least every three months);
while the signed period covers today, no change to that kab/kota's voters is accepted. Reopening needs a
reason and is kept in the record.

Not ``results.RecapLock``: that one signs a contest's vote tally per level once every TPS has reported;
this one is a date range per kab/kota over the voter list, with no contest and no completeness rule.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from suara.accounts.authz import require
from suara.accounts.roles import Action
from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.core.errors import Conflict, DomainError, ErrorCode, NotFound
from suara.regions.models import Level, Region
from suara.voters.audit_actions import VoterAuditAction
from suara.voters.errors import VoterErrorCode
from suara.voters.models import DpbPeriodLock


def _kabkota(code: str) -> Region:
    code = (code or "").strip()
    if not (len(code) == 4 and code.isascii() and code.isdigit()):
        raise DomainError(
            ErrorCode.INVALID_REGION_CODE, "Periode DPB ditetapkan per kabupaten/kota (kode 4 digit).", field="region"
        )
    region = Region.objects.filter(level=Level.KABKOTA, code=code).first()
    if region is None:
        raise NotFound(
            ErrorCode.REGION_NOT_FOUND, f"Kabupaten/kota dengan kode {code} tidak ditemukan.", field="region"
        )
    return region


def dpb_period_lock(
    *, actor: Actor, region_code: str, period_start: date, period_end: date, note: str = ""
) -> DpbPeriodLock:
    """Signs a kab/kota's DPB period. Periods of one kab/kota that stand may not overlap."""
    user = actor.officer()
    region = _kabkota(region_code)
    if period_end < period_start:
        raise DomainError(
            VoterErrorCode.INVALID_PERIOD, "Akhir periode tidak boleh sebelum awal periode.", field="period_end"
        )
    role = require(user, Action.LOCK_RECAP, region.code)
    with service_transaction():
        overlapping = DpbPeriodLock.objects.select_for_update().filter(
            region_code=region.code,
            reopened_at__isnull=True,
            period_start__lte=period_end,
            period_end__gte=period_start,
        )
        if overlapping.exists():
            raise Conflict(
                VoterErrorCode.PERIOD_OVERLAPS,
                "Periode ini bertumpang tindih dengan periode yang sudah ditetapkan.",
                field="period_start",
            )
        lock = DpbPeriodLock.objects.create(
            region_code=region.code,
            period_start=period_start,
            period_end=period_end,
            locked_at=timezone.now(),
            locked_by=user.username,
            note=(note or "").strip(),
        )
        audit_record(
            actor=actor,
            role=role.value,
            action=VoterAuditAction.PERIOD_LOCK,
            object_code=region.code,
            summary=f"Periode DPB {period_start.isoformat()} s.d. {period_end.isoformat()} ditetapkan",
        )
    return lock


def dpb_period_reopen(*, actor: Actor, lock_id: int, reason: str) -> DpbPeriodLock:
    """Reopens a signed period, with a reason (kept in the lock's note and the audit log)."""
    user = actor.officer()
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(ErrorCode.REASON_REQUIRED, "Alasan membuka kembali periode wajib diisi.", field="reason")
    with service_transaction():
        lock = DpbPeriodLock.objects.select_for_update().filter(pk=lock_id).first()
        if lock is None:
            raise NotFound(VoterErrorCode.LOCK_NOT_FOUND, f"Periode DPB #{lock_id} tidak ditemukan.", field="lock")
        role = require(user, Action.LOCK_RECAP, lock.region_code)
        if lock.reopened_at is not None:
            raise Conflict(VoterErrorCode.LOCK_ALREADY_REOPENED, "Periode ini sudah dibuka kembali.", field="lock")
        lock.reopened_at, lock.reopened_by = timezone.now(), user.username
        lock.note = f"{lock.note}\nDibuka kembali: {reason}".strip()
        lock.save(update_fields=["reopened_at", "reopened_by", "note"])
        audit_record(
            actor=actor,
            role=role.value,
            action=VoterAuditAction.PERIOD_REOPEN,
            object_code=lock.region_code,
            summary=f"Periode DPB {lock.period_start.isoformat()} s.d. {lock.period_end.isoformat()} dibuka kembali",
        )
    return lock
