"""A level's sign-off on its recapitulation. The PPK locks its kecamatan, KPU kabupaten/kota its
kabupaten/kota, KPU provinsi its province and KPU RI the nation, once every TPS beneath has reported and
no correction beneath waits for a decision. While a lock stands nothing beneath it may change
(``services.lock_above``); reopening needs a reason and may be done by the same level or any above."""

from __future__ import annotations

from django.utils import timezone

from suara.accounts.authz import assignments_of, require
from suara.accounts.models import User
from suara.accounts.roles import Action, Role
from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.core.errors import Conflict, DomainError, ErrorCode, NotFound, PermissionDenied
from suara.core.region_codes import KABKOTA, KECAMATAN, NATION, PROVINSI, code_level, covers, is_code, url_word
from suara.elections.models import Contest
from suara.results.audit_actions import ResultAuditAction
from suara.results.errors import ResultErrorCode
from suara.results.models import CountRegion, RecapLock, RegionTotal
from suara.results.recap.bodies import LOCKING_ROLE, locking_role
from suara.results.recap.fold import contest_resolve, fold_all_pending, fold_lock_wait, recap_fold, republish
from suara.results.recap.readiness import LockReadiness, Refusal
from suara.results.recap.selectors import pending_corrections

LEVEL_NAMES = {NATION: "nasional", PROVINSI: "provinsi", KABKOTA: "kabupaten/kota", KECAMATAN: "kecamatan"}


def _region_check(contest: Contest, region_code: str) -> int:
    """The number of TPS beneath a lockable region of the contest's area; refuses anything else."""
    if not is_code(region_code, LOCKING_ROLE):
        raise DomainError(
            ErrorCode.INVALID_REGION_CODE,
            "Rekapitulasi dikunci per kecamatan (6 digit), kabupaten/kota (4), provinsi (2) atau nasional (kosong).",
            field="region",
        )
    top = contest.region_code
    if not covers(top, region_code):
        raise DomainError(
            ResultErrorCode.REGION_OUTSIDE_CONTEST,
            f"Wilayah {url_word(region_code)} di luar {contest.name}.",
            field="region",
        )
    regions = CountRegion.objects.filter(election_id=contest.election_id)
    if region_code == "":
        expected = sum(regions.filter(level=1).values_list("tps_expected", flat=True))
        if not expected:
            raise NotFound(ErrorCode.REGION_NOT_FOUND, "Geografi penghitungan belum disiapkan.", field="region")
        return expected
    region = regions.filter(code=region_code).first()
    if region is None:
        raise NotFound(ErrorCode.REGION_NOT_FOUND, f"Wilayah {region_code} tidak ada dalam pemilu ini.", field="region")
    return region.tps_expected


def holds_locking_role(user: User, region_code: str) -> bool:
    """Whether the user holds the role that signs off this level of this region: locking is each level's
    own act."""
    role = locking_role(region_code)
    return role is not None and any(a.role == role and covers(a.scope, region_code) for a in assignments_of(user))


def _role_at_level(user: User, region_code: str) -> Role:
    require(user, Action.LOCK_RECAP, region_code)
    role = Role(locking_role(region_code))
    if not holds_locking_role(user, region_code):
        level = LEVEL_NAMES[code_level(region_code)]
        raise PermissionDenied(
            Refusal.WRONG_LEVEL,
            f"Rekapitulasi tingkat {level} dikunci oleh {role.value.upper()} wilayah itu.",
            field="region",
        )
    return role


def _standing(contest: Contest, region_code: str) -> RecapLock | None:
    return (
        RecapLock.objects.select_for_update()
        .filter(contest=contest, region_code=region_code, reopened_at__isnull=True)
        .first()
    )


def _refusal_text(refusal: Refusal, readiness: LockReadiness) -> str:
    if refusal is Refusal.ALREADY_LOCKED:
        return "Rekapitulasi wilayah ini sudah dikunci."
    if refusal is Refusal.INCOMPLETE:
        return (
            f"Belum semua TPS masuk: {readiness.reported} dari {readiness.expected} TPS. "
            "Rekapitulasi belum dapat dikunci."
        )
    return f"Masih ada {readiness.pending} koreksi yang menunggu keputusan PPK di wilayah ini."


def recap_lock(*, actor: Actor, contest: Contest | str, region_code: str) -> RecapLock:
    """Locks a region's recapitulation once complete: refused while a TPS beneath has not reported
    (``recap_incomplete``) or a correction beneath is pending (``corrections_pending``)."""
    user = actor.officer()
    contest_obj = contest_resolve(contest)
    region_code = (region_code or "").strip()
    expected = _region_check(contest_obj, region_code)
    role = _role_at_level(user, region_code)
    recap_fold(contest_id=contest_obj.pk)  # most of the catching up, committed whatever happens next
    with service_transaction():
        fold_lock_wait(contest_obj.pk)
        fold_all_pending(contest_obj)  # the kept totals now include every accepted version
        kept = RegionTotal.objects.filter(contest=contest_obj, region_code=region_code).first()
        readiness = LockReadiness(
            lockable=True,
            locked=_standing(contest_obj, region_code) is not None,
            may_lock=True,
            reported=kept.tps_reported if kept else 0,
            expected=expected,
            pending=pending_corrections(contest_obj, region_code),
        )
        refusal = readiness.refusal()
        if refusal is not None:
            raise Conflict(refusal, _refusal_text(refusal, readiness), field="region")
        reported = readiness.reported
        lock = RecapLock.objects.create(
            contest=contest_obj, region_code=region_code, locked_by=user.username, locked_at=timezone.now()
        )
        republish(contest_obj, {region_code})
        audit_record(
            actor=actor,
            role=role.value,
            action=ResultAuditAction.RECAP_LOCK,
            object_code=region_code,
            summary=f"{contest_obj.slug}: rekapitulasi {url_word(region_code)} dikunci ({reported} TPS)",
        )
    return lock


def recap_reopen(*, actor: Actor, contest: Contest | str, region_code: str, reason: str) -> RecapLock:
    """Reopens a standing lock, with its reason; the same level or any level above may."""
    user = actor.officer()
    reason = " ".join((reason or "").split())
    if len(reason) < 10:
        raise DomainError(
            ErrorCode.REASON_REQUIRED, "Tuliskan alasan membuka kembali (minimal 10 karakter).", field="reason"
        )
    contest_obj = contest_resolve(contest)
    region_code = (region_code or "").strip()
    _region_check(contest_obj, region_code)
    role = require(user, Action.LOCK_RECAP, region_code)
    with service_transaction():
        fold_lock_wait(contest_obj.pk)
        lock = _standing(contest_obj, region_code)
        if lock is None:
            raise Conflict(
                ResultErrorCode.RECAP_NOT_LOCKED, "Rekapitulasi wilayah ini tidak sedang dikunci.", field="region"
            )
        lock.reopened_by, lock.reopened_at, lock.reopen_reason = user.username, timezone.now(), reason[:500]
        lock.save(update_fields=["reopened_by", "reopened_at", "reopen_reason"])
        republish(contest_obj, {region_code})
        audit_record(
            actor=actor,
            role=role.value,
            action=ResultAuditAction.RECAP_REOPEN,
            object_code=region_code,
            # The reason is kept on the lock row; free text stays out of the permanent log.
            summary=f"{contest_obj.slug}: rekapitulasi {url_word(region_code)} dibuka kembali",
        )
    return lock
