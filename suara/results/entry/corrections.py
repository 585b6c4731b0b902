"""Corrections of a stored result: proposed by the KPPS of the TPS or a PPK of its kecamatan, with a
reason and photos of the corrected form, and approved or rejected by another PPK. Each is one transaction
with one audit event; an approved one becomes the next version and moves the totals. The checks a
submission makes are ``services``'."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from suara.accounts.authz import authorize, require
from suara.accounts.models import User
from suara.accounts.roles import Action
from suara.audit.actors import Actor
from suara.audit.services import audit_record
from suara.core.errors import Conflict, DomainError, ErrorCode, NotFound
from suara.elections.selectors import contest_get
from suara.results import anomalies
from suara.results.audit_actions import ResultAuditAction
from suara.results.entry.photos import (
    CleanPhoto,
    inspect_photos,
    photos_discard,
    photos_publish,
    photos_stage,
    verify_photos,
)
from suara.results.entry.services import (
    Outcome,
    RawPhotos,
    ballot_numbers,
    check_submission_id,
    check_tally,
    photo_rows_of,
    publish,
    raw_photos,
    refuse_if_locked,
    replay_of,
    require_photos,
    tps_for_contest,
)
from suara.results.errors import ResultErrorCode
from suara.results.models import ResultPhoto, ResultVersion, TpsResult
from suara.results.reasons import REASONS
from suara.results.snapshots import snapshot_publish, tps_snapshot_body
from suara.results.tally import digest


def _correction_pending(tps: str) -> Conflict:
    return Conflict(
        ResultErrorCode.CORRECTION_PENDING,
        f"Sudah ada koreksi TPS {tps} yang menunggu keputusan PPK; koreksi baru dapat diajukan setelah "
        "koreksi itu disetujui atau ditolak.",
        field="tps",
    )


def _check_reason(reason_code: str, reason: str) -> str:
    if reason_code not in REASONS:
        raise DomainError(
            ResultErrorCode.REASON_CODE_INVALID,
            "Pilih alasan koreksi dari daftar: " + ", ".join(REASONS) + ".",
            field="reason_code",
        )
    reason = " ".join((reason or "").split())
    if len(reason) < 10 or len(reason) > 500:
        raise DomainError(
            ErrorCode.REASON_REQUIRED, "Tuliskan alasan koreksi (10 sampai 500 karakter).", field="reason"
        )
    return reason


def correction_propose(
    *,
    actor: Actor,
    contest: str,
    tps: str,
    tally: dict,
    photos: RawPhotos,
    reason: str,
    submission_id: str,
    reason_code: str = "lainnya",
) -> Outcome:
    """A new version of a stored result, with its reason (a public code and the proposer's own words,
    kept internal) and photos of the corrected form; it counts only once the PPK approves it. The KPPS of
    the TPS or the PPK of its kecamatan may propose it. At most one correction of a result waits at a time
    (``correction_pending``; the database holds it too). Cheap refusals first, the photos decoded last."""
    user = actor.officer()
    check_submission_id(submission_id)
    reason = _check_reason(reason_code, reason)
    contest_obj = contest_get(contest)
    tps_for_contest(contest_obj, tps)
    role = (
        require(user, Action.SUBMIT_RESULT, tps)
        if user_may(user, Action.SUBMIT_RESULT, tps)
        else require(user, Action.APPROVE_CORRECTION, tps)
    )

    def payload_digest_of(clean: list[CleanPhoto]) -> str:
        return digest(
            contest=contest, tps=tps, tally=tally, photos=[p.sha256 for p in clean], reason=f"{reason_code}:{reason}"
        )

    if ResultVersion.objects.filter(submitted_by=user.username, submission_id=submission_id).exists():
        return replay_of(user, submission_id, payload_digest_of(inspect_photos(raw_photos(photos))))
    check_tally(contest_obj, tally, ballot_numbers(contest_obj))
    refuse_if_locked(contest_obj, tps)
    result = TpsResult.objects.filter(contest=contest_obj, tps_code=tps).first()
    if result is None:
        raise DomainError(ResultErrorCode.NO_RESULT_YET, f"TPS {tps} belum punya hasil untuk dikoreksi.", field="tps")
    if result.tally == tally:
        raise DomainError(
            ResultErrorCode.CORRECTION_CHANGES_NOTHING, "Koreksi ini sama dengan hasil yang berlaku.", field="tally"
        )
    if result.versions.filter(status=ResultVersion.Status.PENDING).exists():
        raise _correction_pending(tps)
    clean = inspect_photos(raw_photos(photos))
    require_photos(clean, "C.Hasil yang benar")
    verify_photos(clean)
    payload_digest = payload_digest_of(clean)
    staged = photos_stage(clean)
    try:
        with transaction.atomic():
            version = ResultVersion.objects.create(
                result=result,
                kind=ResultVersion.Kind.CORRECTION,
                status=ResultVersion.Status.PENDING,
                tally=tally,
                reason_code=reason_code,
                reason=reason,
                submission_id=submission_id,
                payload_digest=payload_digest,
                submitted_by=user.username,
                submitted_role=role.value,
                submitted_at=timezone.now(),
            )
            ResultPhoto.objects.bulk_create(photo_rows_of(version, clean))
            # The public TPS page shows a pending correction in the history at once.
            snapshot_publish(contest_id=result.contest_id, code=tps, body=tps_snapshot_body(result))
            audit_record(
                actor=actor,
                role=role.value,
                action=ResultAuditAction.CORRECTION_PROPOSE,
                object_code=tps,
                summary=f"{contest}: koreksi diajukan atas versi {result.version} ({reason_code})",
            )
    except IntegrityError:
        # Raced: a retry of the same id, or another correction of this result that began waiting first.
        photos_discard(staged)
        replay = replay_of(user, submission_id, payload_digest)
        if replay:
            return replay
        raise _correction_pending(tps) from None
    except BaseException:
        photos_discard(staged)
        raise
    photos_publish(staged)
    return Outcome(version, created=True)


def user_may(user: User, action: Action, target: str) -> bool:
    return authorize(user, action, target).allowed


def correction_decide(
    *, actor: Actor, version_id: int, approve: bool, note: str = "", publish_reason: bool = False
) -> ResultVersion:
    """The PPK of the TPS's kecamatan approves a pending correction (it becomes the next version and the
    totals move) or rejects it (it stays in the history). Nobody approves their own correction.
    ``publish_reason``: the PPK read the proposer's own words and finds them fit to publish beside the
    reason code (otherwise only the code is public)."""
    user = actor.officer()
    version = ResultVersion.objects.select_related("result__contest").filter(pk=version_id).first()
    if version is None:
        raise NotFound(ResultErrorCode.CORRECTION_NOT_FOUND, "Koreksi tidak ditemukan.", field="version")
    result = version.result
    role = require(user, Action.APPROVE_CORRECTION, result.tps_code)
    if version.status != ResultVersion.Status.PENDING:
        raise Conflict(ResultErrorCode.CORRECTION_DECIDED, "Koreksi ini sudah diputuskan.", field="version")
    if version.submitted_by == user.username:
        raise DomainError(
            ResultErrorCode.OWN_CORRECTION,
            "Koreksi harus disetujui PPK lain, bukan pengajunya.",
            field="version",
            status=403,
        )
    refuse_if_locked(result.contest, result.tps_code)
    now = timezone.now()
    with transaction.atomic():
        result = TpsResult.objects.select_for_update().get(pk=result.pk)
        updated = ResultVersion.objects.filter(pk=version.pk, status=ResultVersion.Status.PENDING)
        if approve:
            old_tally = result.tally
            number = result.version + 1
            if not updated.update(
                status=ResultVersion.Status.ACCEPTED,
                number=number,
                decided_by=user.username,
                decided_at=now,
                decision_note=note[:500],
                reason_published=publish_reason,
            ):
                raise Conflict(ResultErrorCode.CORRECTION_DECIDED, "Koreksi ini sudah diputuskan.", field="version")
            flags = anomalies.tps_flags(version.tally, contest_ballots=ballot_numbers(result.contest))
            flags += anomalies.correction_flags(old_tally, version.tally)
            TpsResult.objects.filter(pk=result.pk).update(
                version=number, tally=version.tally, flags=flags, updated_at=now
            )
            result.refresh_from_db()
            publish(result, old_tally)
            summary = f"{result.contest.slug}: koreksi disetujui, versi {number}"
        else:
            if not updated.update(
                status=ResultVersion.Status.REJECTED,
                decided_by=user.username,
                decided_at=now,
                decision_note=note[:500],
                reason_published=publish_reason,
            ):
                raise Conflict(ResultErrorCode.CORRECTION_DECIDED, "Koreksi ini sudah diputuskan.", field="version")
            snapshot_publish(contest_id=result.contest_id, code=result.tps_code, body=tps_snapshot_body(result))
            summary = f"{result.contest.slug}: koreksi ditolak"
        audit_record(
            actor=actor,
            role=role.value,
            action=ResultAuditAction.CORRECTION_APPROVE if approve else ResultAuditAction.CORRECTION_REJECT,
            object_code=result.tps_code,
            summary=summary,
        )
    version.refresh_from_db()
    return version
