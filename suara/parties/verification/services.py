"""The writes of factual verification: draw a party's sample in a kab/kota, record attempts to meet its
members, decide each member MS or TMS, draw a failed member's one replacement, finalise the party's result,
and export the frame (a read of personal data, audited like a write). Each is one transaction with one
audit event (``audit.services.service_transaction``).

Who: the KPU kab/kota of the sample's kab/kota, or KPU RI (``Action.VERIFY_PARTY_MEMBERS``); the party's
operator may export its own sample's frame. Audit summaries name samples, places and listings by id: never
a NIK or a name.

A resend of an attempt or a decision (the entry page's offline queue sends again what it is not sure
arrived) carries the same idempotency key and is answered with what the first one recorded, writing
nothing; the same key with a different entry is refused.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
from datetime import datetime, timedelta

from django.db import IntegrityError
from django.utils import timezone

from suara.accounts.authz import authorize, require
from suara.accounts.models import User
from suara.accounts.roles import Action, Role, Scope, ScopeKind
from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.core.errors import Conflict, DomainError, ErrorCode, NotFound, PermissionDenied
from suara.parties.audit_actions import PartyAuditAction
from suara.parties.errors import PartyErrorCode
from suara.parties.models import Member, Party, SampledMember, VerificationAttempt, VerificationSample
from suara.parties.verification import rules, sampling
from suara.parties.verification.places import places_of

KEY = re.compile(r"[A-Za-z0-9_-]{8,64}")
# A device offline records the time it tried; a clock a little ahead is tolerated, the future is not.
CLOCK_SKEW = timedelta(minutes=10)


def _invalid(message: str, field: str) -> DomainError:
    return DomainError(PartyErrorCode.VERIFICATION_INPUT_INVALID, message, field=field)


def _kabkota_check(code: str) -> str:
    code = (code or "").strip()
    if not (len(code) == 4 and code.isascii() and code.isdigit()):
        raise DomainError(ErrorCode.INVALID_REGION_CODE, "Kode kabupaten/kota terdiri dari 4 digit.", field="kabkota")
    return code


def _sample_for_update(sample_id: int) -> VerificationSample:
    sample = None
    if rules.id_ok(sample_id):
        sample = VerificationSample.objects.select_for_update().select_related("party").filter(pk=sample_id).first()
    if sample is None:
        raise NotFound(PartyErrorCode.SAMPLE_NOT_FOUND, "Sampel verifikasi tidak ditemukan.", field="sample")
    return sample


def _verifier(user: User, sample: VerificationSample) -> Role:
    decision = authorize(user, Action.VERIFY_PARTY_MEMBERS, sample.kabkota_code)
    if not decision:
        raise PermissionDenied(
            ErrorCode.FORBIDDEN,
            "Anda tidak berwenang: sampel ini bukan di kabupaten/kota wilayah kerja Anda.",
            field="sample",
        )
    return decision.role


def _open(sample: VerificationSample) -> None:
    if sample.result:
        raise Conflict(PartyErrorCode.SAMPLE_FINALISED, "Hasil sampel ini sudah final.", field="sample")


def _sampled(sample: VerificationSample, sampled_id: int) -> SampledMember:
    sampled = None
    if rules.id_ok(sampled_id):
        sampled = SampledMember.objects.select_for_update().filter(pk=sampled_id, sample=sample).first()
    if sampled is None:
        raise NotFound(
            PartyErrorCode.SAMPLED_MEMBER_NOT_FOUND, "Anggota ini tidak termasuk sampel ini.", field="member"
        )
    return sampled


def _key_check(key: str) -> str:
    if not isinstance(key, str) or not KEY.fullmatch(key):
        raise _invalid("Kunci idempotensi: 8–64 huruf, angka, '-' atau '_'.", "key")
    return key


# --- the draw -------------------------------------------------------------------------------------------------


def sample_draw(*, actor: Actor, party_id: int, kabkota_code: str, seed: str | None = None) -> VerificationSample:
    """Draws the party's sample in the kab/kota from its current eligible (MS) listings there. ``seed``
    (32 hex digits) is for tests and reproductions; by default 128 fresh random bits."""
    user = actor.officer()
    kabkota_code = _kabkota_check(kabkota_code)
    role = require(user, Action.VERIFY_PARTY_MEMBERS, kabkota_code)
    party = Party.objects.filter(pk=party_id).first() if rules.id_ok(party_id) else None
    if party is None:
        raise NotFound(PartyErrorCode.PARTY_NOT_FOUND, "Partai tidak ditemukan.", field="party")
    if party.kind == Party.Kind.LOCAL and not kabkota_code.startswith(party.province_code):
        raise _invalid("Partai lokal hanya diverifikasi di provinsinya.", "kabkota")
    seed = seed or secrets.token_hex(16)
    try:
        sampling.seed_check(seed)
    except sampling.SeedInvalid:
        raise _invalid("Benih terdiri dari 32 digit heksadesimal huruf kecil.", "seed") from None
    with service_transaction():
        if VerificationSample.objects.filter(party=party, kabkota_code=kabkota_code).exists():
            raise Conflict(
                PartyErrorCode.SAMPLE_EXISTS, "Partai ini sudah memiliki sampel di kabupaten/kota ini.", field="party"
            )
        frame = Member.objects.filter(
            party=party, kabkota_code=kabkota_code, removed_at__isnull=True, status=Member.Status.ELIGIBLE
        ).values_list("pk", "nik")
        drawn = sampling.draw(list(frame), seed)
        if drawn.population == 0:
            raise Conflict(
                PartyErrorCode.SAMPLE_FRAME_EMPTY,
                "Partai ini tidak memiliki anggota memenuhi syarat (MS) di kabupaten/kota ini.",
                field="kabkota",
            )
        sample = VerificationSample.objects.create(
            party=party,
            kabkota_code=kabkota_code,
            algorithm=drawn.algorithm,
            seed=drawn.seed,
            population=drawn.population,
            size=drawn.size,
            start=drawn.start,
            frame_digest=drawn.frame_digest,
            frame=" ".join(str(listing_id) for listing_id, _ in drawn.frame),
            required_ms=rules.required_ms(drawn.size),
            pass_rule=rules.RESULT_RULE,
            drawn_by=user.username,
            drawn_at=timezone.now(),
        )
        SampledMember.objects.bulk_create(
            SampledMember(
                sample=sample, member_id=drawn.frame[p][0], position=p, kind=SampledMember.Kind.SAMPLE, number=i
            )
            for i, p in enumerate(drawn.positions, start=1)
        )
        audit_record(
            actor=actor,
            role=role,
            action=PartyAuditAction.VERIFICATION_DRAW,
            object_code=kabkota_code,
            summary=f"Sampel #{sample.pk} partai {party.code} di {kabkota_code}: N={drawn.population}, "
            f"n={drawn.size}, {drawn.algorithm}, benih {drawn.seed}, sidik {drawn.frame_digest[:16]}",
        )
    return sample


# --- attempts and decisions -----------------------------------------------------------------------------------


def _previous(sampled: SampledMember) -> list[tuple[str, str]]:
    return list(sampled.attempts.order_by("attempted_at", "pk").values_list("method", "finding"))


def attempt_record(
    *,
    actor: Actor,
    sample_id: int,
    sampled_id: int,
    method: str,
    finding: str,
    attempted_at: datetime,
    key: str,
    note: str = "",
) -> tuple[VerificationAttempt, bool]:
    """Records one attempt to meet a sampled member; (the attempt, whether this call recorded it). A resend
    with the key of an attempt already recorded returns that attempt and records nothing."""
    user = actor.officer()
    key = _key_check(key)
    if method not in rules.METHODS:
        raise _invalid("Cara upaya: rumah, kantor atau video.", "method")
    if finding not in rules.FINDINGS:
        raise _invalid("Temuan tidak dikenal.", "finding")
    if not isinstance(attempted_at, datetime) or timezone.is_naive(attempted_at):
        raise _invalid("Waktu upaya harus tanggal dan jam dengan zona waktu.", "attempted_at")
    note = (note or "").strip()
    if len(note) > 500:
        raise _invalid("Catatan paling banyak 500 karakter.", "note")
    replay = _attempt_replay(user, key, sampled_id, method, finding)
    if replay is not None:
        return replay, False
    try:
        with service_transaction():
            sample = _sample_for_update(sample_id)
            role = _verifier(user, sample)
            _open(sample)
            sampled = _sampled(sample, sampled_id)
            if attempted_at > timezone.now() + CLOCK_SKEW or attempted_at < sample.drawn_at - CLOCK_SKEW:
                raise _invalid("Waktu upaya tidak boleh di masa depan atau sebelum sampel diambil.", "attempted_at")
            problem = rules.attempt_problem(_previous(sampled), method, decided=bool(sampled.decision))
            if problem:
                raise Conflict(PartyErrorCode.ATTEMPT_OUT_OF_ORDER, f"Upaya ditolak: {problem}.", field="method")
            attempt = VerificationAttempt.objects.create(
                sampled=sampled,
                method=method,
                finding=finding,
                note=note,
                attempted_at=attempted_at,
                key=key,
                recorded_by=user.username,
                recorded_at=timezone.now(),
            )
            audit_record(
                actor=actor,
                role=role,
                action=PartyAuditAction.VERIFICATION_ATTEMPT,
                object_code=sample.kabkota_code,
                summary=f"Sampel #{sample.pk}, tempat #{sampled.pk} (listing {sampled.member_id}): upaya {method}, "
                f"temuan {finding}",
            )
    except IntegrityError:
        # The same key arrived twice at once: the other request recorded it.
        replay = _attempt_replay(user, key, sampled_id, method, finding)
        if replay is None:
            raise
        return replay, False
    return attempt, True


def _attempt_replay(user: User, key: str, sampled_id: int, method: str, finding: str) -> VerificationAttempt | None:
    known = VerificationAttempt.objects.filter(recorded_by=user.username, key=key).first()
    if known is None:
        return None
    if (known.sampled_id, known.method, known.finding) != (sampled_id, method, finding):
        raise Conflict(PartyErrorCode.IDEMPOTENCY_KEY_REUSED, "Kunci ini sudah dipakai untuk upaya lain.", field="key")
    return known


def member_decide(
    *, actor: Actor, sample_id: int, sampled_id: int, outcome: str, key: str
) -> tuple[SampledMember, bool]:
    """Decides a sampled member MS (confirmed) or TMS (the other outcomes), after its attempts; (the
    member, whether this call decided it). A resend with the same key and outcome records nothing."""
    user = actor.officer()
    key = _key_check(key)
    if outcome not in rules.OUTCOMES:
        raise _invalid("Hasil tidak dikenal.", "outcome")
    known = None
    if rules.id_ok(sampled_id) and rules.id_ok(sample_id):
        known = SampledMember.objects.filter(pk=sampled_id, sample_id=sample_id, decision_key=key).first()
    if known is not None and known.decided_by == user.username:
        if known.outcome != outcome:
            raise Conflict(
                PartyErrorCode.IDEMPOTENCY_KEY_REUSED, "Kunci ini sudah dipakai untuk keputusan lain.", field="key"
            )
        return known, False
    with service_transaction():
        sample = _sample_for_update(sample_id)
        role = _verifier(user, sample)
        _open(sample)
        sampled = _sampled(sample, sampled_id)
        if sampled.decision:
            raise Conflict(PartyErrorCode.DECISION_OUT_OF_ORDER, "Anggota ini sudah diputuskan.", field="member")
        problem = rules.decision_problem(_previous(sampled), outcome)
        if problem:
            kind, why = problem
            if kind == "order":
                raise Conflict(PartyErrorCode.DECISION_OUT_OF_ORDER, f"Keputusan ditolak: {why}.", field="outcome")
            raise DomainError(PartyErrorCode.OUTCOME_INCONSISTENT, f"Keputusan ditolak: {why}.", field="outcome")
        sampled.outcome = outcome
        sampled.decision = rules.decision_of(outcome)
        sampled.decision_key = key
        sampled.decided_by = user.username
        sampled.decided_at = timezone.now()
        sampled.save(update_fields=["outcome", "decision", "decision_key", "decided_by", "decided_at"])
        audit_record(
            actor=actor,
            role=role,
            action=PartyAuditAction.VERIFICATION_DECIDE,
            object_code=sample.kabkota_code,
            summary=f"Sampel #{sample.pk}, tempat #{sampled.pk} (listing {sampled.member_id}): "
            f"{sampled.decision} ({outcome})",
        )
    return sampled, True


def replacement_draw(*, actor: Actor, sample_id: int, sampled_id: int) -> SampledMember:
    """Draws the one replacement of a sampled member decided TMS: the reserve's next listing
    (``sampling``). A replacement that fails is not replaced in turn."""
    user = actor.officer()
    with service_transaction():
        sample = _sample_for_update(sample_id)
        role = _verifier(user, sample)
        _open(sample)
        sampled = _sampled(sample, sampled_id)
        if sampled.kind != SampledMember.Kind.SAMPLE or sampled.decision != SampledMember.Decision.NOT_ELIGIBLE:
            raise Conflict(
                PartyErrorCode.REPLACEMENT_NOT_ALLOWED,
                "Pengganti hanya untuk anggota sampel (bukan pengganti) yang diputuskan TMS.",
                field="member",
            )
        if SampledMember.objects.filter(replaces=sampled).exists():
            raise Conflict(
                PartyErrorCode.REPLACEMENT_ALREADY_DRAWN, "Anggota ini sudah memiliki satu pengganti.", field="member"
            )
        members = list(sample.members.values_list("kind", "position"))
        positions = sorted(p for kind, p in members if kind == SampledMember.Kind.SAMPLE)
        number = sum(1 for kind, _ in members if kind == SampledMember.Kind.REPLACEMENT) + 1
        reserve = sampling.reserve(sample.seed, sample.population, positions)
        if number > len(reserve):
            raise Conflict(
                PartyErrorCode.REPLACEMENT_RESERVE_EMPTY,
                "Tidak ada lagi anggota cadangan dalam daftar.",
                field="member",
            )
        position = reserve[number - 1]
        replacement = SampledMember.objects.create(
            sample=sample,
            member_id=sample.frame_ids()[position],
            position=position,
            kind=SampledMember.Kind.REPLACEMENT,
            number=number,
            replaces=sampled,
        )
        audit_record(
            actor=actor,
            role=role,
            action=PartyAuditAction.VERIFICATION_REPLACE,
            object_code=sample.kabkota_code,
            summary=f"Sampel #{sample.pk}: pengganti ke-{number} #{replacement.pk} (posisi {position}, listing "
            f"{replacement.member_id}) untuk tempat #{sampled.pk}",
        )
    return replacement


def sample_finalise(*, actor: Actor, sample_id: int) -> VerificationSample:
    """The party's result in the kab/kota, once every member drawn (replacements too) is decided."""
    user = actor.officer()
    with service_transaction():
        sample = _sample_for_update(sample_id)
        role = _verifier(user, sample)
        _open(sample)
        places = places_of(sample)
        waiting = rules.undecided(places)
        if waiting:
            raise Conflict(
                PartyErrorCode.SAMPLE_UNDECIDED, f"{waiting} anggota sampel belum diputuskan.", field="sample"
            )
        sample.ms_count = rules.ms_places(places)
        sample.result = rules.result(places, sample.required_ms)
        sample.finalised_by = user.username
        sample.finalised_at = timezone.now()
        sample.save(update_fields=["ms_count", "result", "finalised_by", "finalised_at"])
        audit_record(
            actor=actor,
            role=role,
            action=PartyAuditAction.VERIFICATION_FINALISE,
            object_code=sample.kabkota_code,
            summary=f"Sampel #{sample.pk} partai {sample.party.code} di {sample.kabkota_code}: {sample.result}, "
            f"{sample.ms_count} MS dari {sample.size} (perlu {sample.required_ms})",
        )
    return sample


# --- the frame export -----------------------------------------------------------------------------------------


def _cell(text: str) -> str:
    """Text as a spreadsheet shows it, never runs it: a leading =, +, - or @ is quoted away."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


EXPORT_COLUMNS = ("posisi", "id_listing", "nik", "nama", "jenis_kelamin", "tanggal_lahir", "kode_desa", "kta")


def frame_export(*, actor: Actor, sample_id: int) -> str:
    """The sample's frame as CSV (``EXPORT_COLUMNS``), in frame order: what ``tools/redraw_sample.py``
    reads. For the sample's verifiers and the party's operator; audited."""
    user = actor.officer()
    with service_transaction():
        sample = _sample_for_update(sample_id)
        decision = authorize(user, Action.VERIFY_PARTY_MEMBERS, sample.kabkota_code) or authorize(
            user, Action.UPLOAD_PARTY_MEMBERS, Scope(ScopeKind.PARTY, sample.party.code)
        )
        if not decision:
            raise NotFound(PartyErrorCode.SAMPLE_NOT_FOUND, "Sampel verifikasi tidak ditemukan.", field="sample")
        ids = sample.frame_ids()
        members = {}
        for start in range(0, len(ids), 5000):
            for member in Member.objects.filter(pk__in=ids[start : start + 5000]):
                members[member.pk] = member
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(EXPORT_COLUMNS)
        for position, listing_id in enumerate(ids):
            m = members[listing_id]
            writer.writerow(
                [position, m.pk, m.nik, _cell(m.name), m.sex, m.birth_date.isoformat(), m.desa_code, _cell(m.kta)]
            )
        audit_record(
            actor=actor,
            role=decision.role,
            action=PartyAuditAction.VERIFICATION_EXPORT,
            object_code=sample.kabkota_code,
            summary=f"Daftar sampel #{sample.pk} partai {sample.party.code} diunduh ({len(ids)} baris)",
        )
    return out.getvalue()
