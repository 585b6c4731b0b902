"""Writes to results: a KPPS's entry of its TPS's tally, and the checks the corrections share
(``entry/corrections.py``). Each write is one transaction with one audit event; each accepted version
appends its change to the totals (``RecapDelta``) and publishes the TPS's snapshot."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError
from django.utils import timezone

from suara.accounts.authz import require
from suara.accounts.models import User
from suara.accounts.roles import Action
from suara.audit.actors import Actor
from suara.audit.services import audit_event
from suara.core import caches
from suara.core.db import insert_rows
from suara.core.errors import Conflict, DomainError, ErrorCode, NotFound
from suara.elections.models import Contest
from suara.elections.selectors import contest_get
from suara.results import anomalies
from suara.results.audit_actions import ResultAuditAction
from suara.results.entry import attach
from suara.results.entry import store as entry_store
from suara.results.entry.photos import (
    CleanPhoto,
    inspect_photos,
    photos_discard,
    photos_publish,
    photos_stage,
    verify_photos,
)
from suara.results.entry.uploads import received_release
from suara.results.errors import ResultErrorCode
from suara.results.models import (
    CountTps,
    RecapDelta,
    RecapLock,
    RecapPointer,
    RecapSnapshot,
    ResultPhoto,
    ResultVersion,
    TpsResult,
)
from suara.results.rules import check
from suara.results.snapshots import first_tps_snapshot_body, snapshot_publish, tps_snapshot_body
from suara.results.tally import delta, digest

SUBMISSION_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")


@dataclass(frozen=True)
class Outcome:
    version: ResultVersion
    created: bool  # False: a retry of a submission already stored


def _check_tps_code(tps_code: str) -> None:
    if not (len(tps_code) == 13 and tps_code.isascii() and tps_code.isdigit()):
        raise DomainError(ErrorCode.INVALID_TPS_CODE, "Kode TPS harus berupa 13 digit angka.", field="tps")


def _tps_not_found(contest: Contest, tps_code: str) -> NotFound:
    return NotFound(ErrorCode.TPS_NOT_FOUND, f"TPS {tps_code} tidak ada dalam {contest.election.name}.", field="tps")


def _check_tps_in_contest(contest: Contest, tps_code: str) -> None:
    if not tps_code.startswith(contest.region_code):
        raise DomainError(
            ResultErrorCode.CONTEST_NOT_AT_TPS, f"TPS {tps_code} tidak memilih dalam {contest.name}.", field="contest"
        )


def tps_for_contest(contest: Contest, tps_code: str) -> CountTps:
    _check_tps_code(tps_code)
    tps = CountTps.objects.filter(election_id=contest.election_id, code=tps_code).first()
    if tps is None:
        raise _tps_not_found(contest, tps_code)
    _check_tps_in_contest(contest, tps_code)
    return tps


def ballot_numbers(contest: Contest) -> list[int]:
    return list(contest.candidates.order_by("number").values_list("number", flat=True))


_entry_contests: dict[str, tuple[float, Contest, list[int]]] = {}
caches.register("results.entry_contests", _entry_contests.clear)


def contest_for_entry(slug: str) -> tuple[Contest, list[int]]:
    """The contest and its ballot numbers, kept by each process for ``SUARA_CONTEST_CACHE_SECONDS``
    (30 s; tests empty it between tests, ``core.caches``): during a count a contest
    and its candidates do not change, and every submission would otherwise ask for them again."""
    keep = settings.SUARA_CONTEST_CACHE_SECONDS
    now = time.monotonic()
    cached = _entry_contests.get(slug)
    if cached is not None and now - cached[0] < keep:
        return cached[1], cached[2]
    contest = contest_get(slug)
    ballots = ballot_numbers(contest)
    if keep > 0:
        _entry_contests[slug] = (now, contest, ballots)
    return contest, ballots


REQUIRED_TOTALS = ("valid", "invalid", "total")


def check_tally(contest: Contest, tally: dict, ballots: list[int]) -> None:
    if not ballots:
        raise Conflict(
            ResultErrorCode.CANDIDATES_NOT_LOADED,
            f"Pasangan calon {contest.name} belum dimuat: hasil belum dapat dikirim.",
            field="contest",
        )
    missing = [f"votes.{n}" for n in ballots if f"votes.{n}" not in tally]
    missing += [f for f in REQUIRED_TOTALS if f not in tally]
    if missing:
        raise DomainError(
            ResultErrorCode.INCOMPLETE_TALLY,
            "Isian belum lengkap: suara setiap calon, suara sah, tidak sah dan jumlah wajib diisi "
            f"({', '.join(missing)}).",
            field=missing[0],
        )
    unknown = sorted(k for k in tally if k.startswith("votes.") and int(k[6:]) not in ballots)
    if unknown:
        raise DomainError(
            ResultErrorCode.UNKNOWN_CANDIDATE,
            f"Nomor urut tidak ada dalam kontestasi ini: {', '.join(k[6:] for k in unknown)}.",
            field="votes",
        )
    breaches = check(tally, ballot_numbers=ballots, tps_max=contest.election.tps_count_max)
    if breaches:
        raise DomainError(
            ResultErrorCode.RULES_BROKEN,
            "Angka tidak konsisten: " + " ".join(f"[{b.code}] {b.message}" for b in breaches),
            status=422,
            details=[b.as_dict() for b in breaches],
        )


def lock_above(contest: Contest, tps_code: str) -> RecapLock | None:
    """The standing lock on the TPS's region or any region above it, if any."""
    return (
        RecapLock.objects.filter(
            contest=contest, region_code__in=entry_store.lock_prefixes(tps_code), reopened_at__isnull=True
        )
        .order_by("region_code")
        .first()
    )


def _locked(region_code: str) -> Conflict:
    where = region_code or "nasional"
    return Conflict(
        ResultErrorCode.RECAP_LOCKED,
        f"Rekapitulasi {where} sudah dikunci; perubahan di bawahnya ditolak sampai dibuka kembali.",
        field="tps",
    )


def refuse_if_locked(contest: Contest, tps_code: str) -> None:
    lock = lock_above(contest, tps_code)
    if lock is not None:
        raise _locked(lock.region_code)


RawPhotos = list[bytes] | Callable[[], list[bytes]]


def raw_photos(photos: RawPhotos) -> list[bytes]:
    """The photos' bytes. The API passes a function, so that a refusal which needs no photo (a TPS that has
    a result, a broken rule) costs no base64 decoding either."""
    return photos() if callable(photos) else photos


def check_submission_id(submission_id: str) -> None:
    if not SUBMISSION_ID.fullmatch(submission_id or ""):
        raise DomainError(
            ResultErrorCode.INVALID_SUBMISSION_ID,
            "ID kiriman harus 8-64 karakter: huruf, angka, '-' atau '_'.",
            field="submission_id",
        )


def _reused() -> Conflict:
    return Conflict(
        ResultErrorCode.SUBMISSION_ID_REUSED,
        "ID kiriman ini sudah dipakai untuk isi yang berbeda; kirim dengan ID baru.",
        field="submission_id",
    )


def replay_of(user: User, submission_id: str, payload_digest: str) -> Outcome | None:
    """A retry of a stored submission returns it; the same id with other content is a conflict. Ids are
    the account's own (another account's submission under the same id is not this one's)."""
    existing = ResultVersion.objects.filter(submitted_by=user.username, submission_id=submission_id).first()
    if existing is None:
        return None
    if existing.payload_digest != payload_digest:
        raise _reused()
    return Outcome(existing, created=False)


def photo_rows_of(version: ResultVersion, photos: list[CleanPhoto]) -> list[ResultPhoto]:
    """The rows of a version's photos, page by page (not yet saved)."""
    return [
        ResultPhoto(
            version=version,
            page=page,
            sha256=p.sha256,
            content_type=p.content_type,
            size=len(p.data),
            width=p.width,
            height=p.height,
        )
        for page, p in enumerate(photos, start=1)
    ]


def require_photos(clean: list[CleanPhoto], form: str) -> None:
    if not clean:
        raise DomainError(ResultErrorCode.PHOTO_REQUIRED, f"Sertakan foto formulir {form}.", field="photos")


def publish(result: TpsResult, old_tally: dict | None, *, body: dict | None = None) -> None:
    RecapDelta.objects.create(
        contest_id=result.contest_id, tps_code=result.tps_code, delta=delta(old_tally, result.tally)
    )
    snapshot_publish(
        contest_id=result.contest_id,
        code=result.tps_code,
        body=body or tps_snapshot_body(result),
        first=old_tally is None,
    )


def result_submit(
    *,
    actor: Actor,
    contest: str,
    tps: str,
    tally: dict,
    photos: RawPhotos,
    submission_id: str,
    channel: str = ResultVersion.Channel.API,
    photo_hashes: list[str] | None = None,
) -> Outcome:
    """A KPPS sends its TPS's tally (form C.Hasil) with photos of the form.

    Idempotent by ``submission_id`` (the account's own): a retry with the same content returns what is
    stored and counts nothing twice. Refused whole if any rule breaks, if the TPS already has a result (it
    then changes only through a correction) or if a recap above it is locked. The cheap refusals come
    first (the id, the TPS, the role, a stored result, the rules, a lock) and decoding the photos last, so
    a request that is refused anyway costs no image work. The hottest write of election night: its reads
    take one round trip (``entry_store``) and its rows, with the audit event, one more on PostgreSQL
    (``core.db.insert_rows``), which is also its one transaction.

    ``channel``: how the tally came (``ResultVersion.Channel``). An SMS (``results/sms``) carries no photo:
    its version stands with ``photos_pending`` until the KPPS sends the form's photos from the app.
    ``photo_hashes`` instead of ``photos``: the form's pages named by the SHA-256 of photos uploaded apart
    (``entry.uploads``); those not yet received leave the version ``photos_pending`` (``entry.attach``).
    """
    user = actor.officer()
    check_submission_id(submission_id)
    if photo_hashes is not None:
        attach.check_photo_hashes(photo_hashes)
    contest_obj, ballots = contest_for_entry(contest)
    _check_tps_code(tps)
    check = entry_store.entry_check(
        contest_id=contest_obj.pk,
        election_id=contest_obj.election_id,
        tps_code=tps,
        submission_id=submission_id,
        username=user.username,
    )
    if check.tps_id is None:
        raise _tps_not_found(contest_obj, tps)
    _check_tps_in_contest(contest_obj, tps)
    role = require(user, Action.SUBMIT_RESULT, tps)
    if check.stored_version_id is not None:  # a retry: judged by its content, which needs the photos' hashes
        names = photo_hashes if photo_hashes is not None else [p.sha256 for p in inspect_photos(raw_photos(photos))]
        payload_digest = digest(contest=contest, tps=tps, tally=tally, photos=names)
        if check.stored_digest != payload_digest:
            raise _reused()
        return replay_of(user, submission_id, payload_digest)
    if check.result_exists:  # a lock above says more: not even a correction can change it now
        raise _locked(check.lock_code) if check.lock_code is not None else _result_exists(tps)
    check_tally(contest_obj, tally, ballots)
    if check.lock_code is not None:
        raise _locked(check.lock_code)
    by_sms = channel == ResultVersion.Channel.SMS
    if photo_hashes is None:
        clean = inspect_photos(raw_photos(photos))
        if by_sms and clean:
            raise DomainError(ResultErrorCode.TOO_MANY_PHOTOS, "Hasil lewat SMS tidak membawa foto.", field="photos")
        if not by_sms:
            require_photos(clean, "C.Hasil")
            verify_photos(clean)
        paged, awaited, names = list(enumerate(clean, start=1)), [], [p.sha256 for p in clean]
    else:  # named by hash: those received are attached now, the rest when they arrive
        if by_sms:
            raise DomainError(ResultErrorCode.TOO_MANY_PHOTOS, "Hasil lewat SMS tidak membawa foto.", field="photos")
        named = attach.named_photos(photo_hashes)
        paged, awaited, names = named.received, named.awaited, photo_hashes
    payload_digest = digest(contest=contest, tps=tps, tally=tally, photos=names)
    now = timezone.now()
    result = TpsResult(
        contest=contest_obj,
        tps_id=check.tps_id,
        tps_code=tps,
        version=1,
        tally=tally,
        flags=anomalies.tps_flags(tally, contest_ballots=ballots),
        updated_at=now,
    )
    version = ResultVersion(
        result=result,
        number=1,
        kind=ResultVersion.Kind.ENTRY,
        status=ResultVersion.Status.ACCEPTED,
        tally=tally,
        submission_id=submission_id,
        payload_digest=payload_digest,
        submitted_by=user.username,
        submitted_role=role.value,
        submitted_at=now,
        channel=channel,
        photos_pending=by_sms or bool(awaited),
        photos_awaited=awaited,
    )
    photo_rows = attach.photo_rows(version, paged)
    body = first_tps_snapshot_body(result, version, photo_rows)
    event = audit_event(
        actor=actor,
        role=role.value,
        action=ResultAuditAction.SUBMIT,
        object_code=tps,
        summary=f"{contest} versi 1: {sum(v for k, v in tally.items() if k.startswith('votes.'))} suara calon",
    )
    snapshot = RecapSnapshot(contest_id=contest_obj.pk, code=tps, version=1, body=body)
    staged = photos_stage([p for _, p in paged])
    try:
        # One statement on PostgreSQL (``insert_rows``). A second entry for the TPS fails on the unique
        # (contest, tps) constraint: see below.
        insert_rows(
            [
                result,
                version,
                *photo_rows,
                RecapDelta(contest_id=contest_obj.pk, tps_code=tps, delta=delta(None, tally)),
                snapshot,
                RecapPointer(contest_id=contest_obj.pk, code=tps, snapshot=snapshot, version=1),
                event,
            ]
        )
    except IntegrityError:
        # Two sends raced: the same submission id (a retry) or two entries for one TPS. Nothing of this
        # request is kept, its photos neither.
        photos_discard(staged)
        replay = replay_of(user, submission_id, payload_digest)
        if replay:
            return replay
        raise _result_exists(tps) from None
    except BaseException:
        photos_discard(staged)
        raise
    photos_publish(staged)
    version._prefetched_objects_cache = {"photos": photo_rows}  # what result_out lists, without a query
    if photo_hashes is not None:
        received_release([p for _, p in paged])
        if awaited and attach.version_photos_arrived(version.pk, actor=actor):  # completed meanwhile
            version = ResultVersion.objects.select_related("result__contest").get(pk=version.pk)
    return Outcome(version, created=True)


def _result_exists(tps: str) -> Conflict:
    return Conflict(
        ResultErrorCode.RESULT_EXISTS, f"TPS {tps} sudah punya hasil; perubahan hanya lewat koreksi.", field="tps"
    )
