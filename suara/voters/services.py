"""DPB (continuous voter-list updating) writes: add a voter, mark TMS, move, correct, reinstate.

Each is one transaction with one audit event and one ``VoterEvent`` in the voter's history. Audit
summaries name the voter by id and the desa by code, never by NIK or name. Every write is refused while
the kab/kota's DPB period covering today is signed (``DpbPeriodLock``, see ``voters.locks``).
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from suara.accounts.authz import require
from suara.accounts.roles import Action, Role
from suara.audit.actors import Actor
from suara.audit.services import audit_record
from suara.core import clock
from suara.core.errors import Conflict, DomainError, ErrorCode, NotFound
from suara.people.eligibility import eligibility_problem
from suara.people.errors import PeopleErrorCode
from suara.people.names import name_key
from suara.people.nik import NikInvalid, nik_problems
from suara.regions.models import Level, Region, Tps
from suara.voters.audit_actions import VoterAuditAction
from suara.voters.errors import VoterErrorCode
from suara.voters.inputs import check_digits, clean_fields, clean_note
from suara.voters.models import Voter, VoterEvent
from suara.voters.selectors import KnownKecamatan, electoral_desa_for, next_voting_day, period_lock_standing
from suara.voters.tms import TMS_CODES

ELIGIBILITY_MESSAGES = {
    PeopleErrorCode.NOT_ELIGIBLE_AGE: "Belum berusia 17 tahun pada hari pemungutan suara dan belum pernah kawin.",
    PeopleErrorCode.NOT_ELIGIBLE_TNI_POLRI: "Anggota TNI/POLRI aktif tidak memiliki hak pilih.",
}
# Fields voter_correct may change; desa and TPS change by voter_move, status by TMS and reinstatement.
CORRECTABLE = (
    "nik",
    "kk",
    "name",
    "birth_place",
    "birth_date",
    "sex",
    "marital",
    "address",
    "rt",
    "rw",
    "disability",
)


def _check_nik(nik: str, *, birth_date: date, sex: str, today: date) -> str:
    nik = (nik or "").strip()
    problems = nik_problems(nik, birth_date=birth_date, sex=sex, known_kecamatan=KnownKecamatan(), today=today)
    if problems:
        first: NikInvalid = problems[0]
        raise DomainError(
            PeopleErrorCode(first.code), first.message, field="nik", details=[{"code": p.code} for p in problems]
        )
    return nik


def _check_eligible(*, birth_date: date, marital: str, tni_polri: bool, voting_day: date) -> None:
    problem = eligibility_problem(birth_date=birth_date, marital=marital, tni_polri=tni_polri, voting_day=voting_day)
    if problem:
        raise DomainError(
            PeopleErrorCode(problem),
            ELIGIBILITY_MESSAGES[problem],
            field="birth_date" if "age" in problem else "tni_polri",
        )


def _desa(code: str) -> Region:
    code = check_digits(code, 10, ErrorCode.INVALID_REGION_CODE, "desa", "Kode desa")
    desa = Region.objects.filter(level=Level.DESA, code=code).first()
    if desa is None or desa.is_overseas:
        raise NotFound(ErrorCode.REGION_NOT_FOUND, f"Desa/kelurahan dengan kode {code} tidak ditemukan.", field="desa")
    return desa


def _tps(code: str, desa: Region) -> Tps:
    code = check_digits(code, 13, ErrorCode.INVALID_TPS_CODE, "tps", "Kode TPS")
    tps = Tps.objects.filter(code=code).first()
    if tps is None:
        raise NotFound(ErrorCode.TPS_NOT_FOUND, f"TPS dengan kode {code} tidak ditemukan.", field="tps")
    if tps.desa_id != desa.code:
        raise DomainError(VoterErrorCode.TPS_NOT_IN_DESA, f"TPS {code} tidak berada di desa {desa.code}.", field="tps")
    return tps


def _check_unlocked(region_code: str, today: date) -> None:
    lock = period_lock_standing(region_code[:4], today)
    if lock is not None:
        raise Conflict(
            VoterErrorCode.DPB_PERIOD_LOCKED,
            f"Periode DPB {lock.period_start:%d-%m-%Y} s.d. {lock.period_end:%d-%m-%Y} kabupaten/kota "
            f"{lock.region_code} sudah ditetapkan dalam rapat pleno; buka kembali periode itu untuk mengubah data.",
            field="desa",
        )


def _voter_for_update(voter_id: int) -> Voter:
    voter = Voter.objects.select_for_update().filter(pk=voter_id).first()
    if voter is None:
        raise NotFound(VoterErrorCode.VOTER_NOT_FOUND, f"Pemilih #{voter_id} tidak ditemukan.", field="voter")
    return voter


def _target(voter: Voter) -> str:
    """The region code a change to this voter is authorised and locked against."""
    return voter.desa_id or voter.kemendagri_desa_code


def _record(voter: Voter, *, actor: Actor, role: Role, kind: str, action: str, summary: str, **event) -> VoterEvent:
    now = timezone.now()
    made = VoterEvent.objects.create(
        voter=voter,
        kind=kind,
        actor=actor.name,
        role=role.value,
        at=now,
        region_code=event.pop("region_code", voter.desa_id or ""),
        **event,
    )
    audit_record(
        actor=actor,
        role=role.value,
        action=action,
        object_code=voter.desa_id or voter.kemendagri_desa_code,
        summary=summary,
    )
    return made


def voter_add(
    *,
    actor: Actor,
    nik: str,
    kk: str,
    name: str,
    birth_date: date,
    sex: str,
    marital: str,
    kemendagri_desa_code: str,
    birth_place: str = "",
    address: str = "",
    rt: str = "",
    rw: str = "",
    disability: str = "",
    tps_code: str = "",
    tni_polri: bool = False,
    voting_day: date | None = None,
    note: str = "",
) -> Voter:
    """Adds a new voter: eligible on ``voting_day`` (the next election's by default), a valid NIK that
    agrees with the birth date and sex, a Kemendagri desa mapped to an electoral desa, not yet listed."""
    user = actor.officer()
    today = clock.today()
    fields = clean_fields(
        {
            "kk": kk,
            "name": name,
            "birth_date": birth_date,
            "sex": sex,
            "marital": marital,
            "birth_place": birth_place,
            "address": address,
            "rt": rt,
            "rw": rw,
            "disability": disability,
        }
    )
    desa_kemendagri = check_digits(
        kemendagri_desa_code, 10, ErrorCode.INVALID_REGION_CODE, "desa", "Kode desa Kemendagri"
    )
    desa = electoral_desa_for(desa_kemendagri)
    if desa is None:
        raise NotFound(
            ErrorCode.REGION_NOT_FOUND,
            f"Desa/kelurahan Kemendagri {desa_kemendagri} tidak dikenal atau belum dipetakan ke desa KPU.",
            field="desa",
        )
    role = require(user, Action.UPDATE_VOTERS, desa.code)
    nik = _check_nik(nik, birth_date=fields["birth_date"], sex=fields["sex"], today=today)
    _check_eligible(
        birth_date=fields["birth_date"],
        marital=fields["marital"],
        tni_polri=tni_polri,
        voting_day=voting_day or next_voting_day(today),
    )
    tps = _tps(tps_code, desa) if tps_code else None
    note = clean_note(note, required=False)
    try:
        with transaction.atomic():
            _check_unlocked(desa.code, today)
            if Voter.objects.filter(nik=nik).exists():
                raise Conflict(VoterErrorCode.NIK_REGISTERED, "NIK ini sudah terdaftar sebagai pemilih.", field="nik")
            now = timezone.now()
            voter = Voter.objects.create(
                nik=nik,
                kemendagri_desa_code=desa_kemendagri,
                desa=desa,
                tps=tps,
                name_key=name_key(fields["name"]),
                created_at=now,
                updated_at=now,
                **fields,
            )
            _record(
                voter,
                actor=actor,
                role=role,
                kind=VoterEvent.Kind.ADD,
                action=VoterAuditAction.ADD,
                summary=f"Pemilih #{voter.pk} ditambahkan di desa {desa.code}",
                note=note,
                changes={"desa": desa.code, "tps": tps.code if tps else ""},
            )
    except IntegrityError as error:
        # Two operators adding the same NIK at once: the unique index decides.
        raise Conflict(
            VoterErrorCode.NIK_REGISTERED, "NIK ini sudah terdaftar sebagai pemilih.", field="nik"
        ) from error
    return voter


def voter_mark_tms(*, actor: Actor, voter_id: int, tms_code: int, note: str) -> Voter:
    """Takes an active voter off the list with a TMS code and the evidence for it."""
    user = actor.officer()
    if tms_code not in TMS_CODES:
        raise DomainError(
            VoterErrorCode.UNKNOWN_TMS_CODE, "Kode TMS tidak dikenal: gunakan kode 1 sampai 8.", field="tms_code"
        )
    note = clean_note(note, required=True)
    with transaction.atomic():
        voter = _voter_for_update(voter_id)
        role = require(user, Action.UPDATE_VOTERS, _target(voter))
        if voter.status == Voter.Status.TMS:
            raise Conflict(VoterErrorCode.ALREADY_TMS, f"Pemilih #{voter.pk} sudah berstatus TMS.", field="voter")
        _check_unlocked(_target(voter), clock.today())
        voter.status, voter.tms_code, voter.updated_at = Voter.Status.TMS, tms_code, timezone.now()
        voter.save(update_fields=["status", "tms_code", "updated_at"])
        _record(
            voter,
            actor=actor,
            role=role,
            kind=VoterEvent.Kind.TMS,
            action=VoterAuditAction.MARK_TMS,
            summary=f"Pemilih #{voter.pk} TMS kode {tms_code} ({TMS_CODES[tms_code].label})",
            tms_code=tms_code,
            note=note,
            changes={"status": ["aktif", "tms"]},
        )
    return voter


def voter_reinstate(*, actor: Actor, voter_id: int, note: str, voting_day: date | None = None) -> Voter:
    """Puts a TMS voter back on the list (a TMS decision found wrong), if eligible."""
    user = actor.officer()
    note = clean_note(note, required=True)
    today = clock.today()
    with transaction.atomic():
        voter = _voter_for_update(voter_id)
        role = require(user, Action.UPDATE_VOTERS, _target(voter))
        if voter.status == Voter.Status.ACTIVE:
            raise Conflict(VoterErrorCode.ALREADY_ACTIVE, f"Pemilih #{voter.pk} sudah aktif.", field="voter")
        _check_eligible(
            birth_date=voter.birth_date,
            marital=voter.marital,
            tni_polri=False,
            voting_day=voting_day or next_voting_day(today),
        )
        _check_unlocked(_target(voter), today)
        previous = voter.tms_code
        voter.status, voter.tms_code, voter.updated_at = Voter.Status.ACTIVE, None, timezone.now()
        voter.save(update_fields=["status", "tms_code", "updated_at"])
        _record(
            voter,
            actor=actor,
            role=role,
            kind=VoterEvent.Kind.REINSTATE,
            action=VoterAuditAction.REINSTATE,
            summary=f"Pemilih #{voter.pk} diaktifkan kembali (sebelumnya TMS kode {previous})",
            tms_code=previous,
            note=note,
            changes={"status": ["tms", "aktif"]},
        )
    return voter


def voter_move(*, actor: Actor, voter_id: int, desa_code: str = "", tps_code: str = "", note: str = "") -> Voter:
    """Moves a voter to another electoral desa (its Kemendagri counterpart becomes their desa) and/or TPS.

    With only a TPS code the desa is the TPS's. The operator must cover both the voter's current desa and
    the destination, and neither kab/kota may have signed the DPB period covering today.
    """
    user = actor.officer()
    if not desa_code and not tps_code:
        raise DomainError(
            VoterErrorCode.MOVE_DESTINATION_REQUIRED, "Tujuan pindah (desa atau TPS) wajib diisi.", field="desa"
        )
    note = clean_note(note, required=False)
    if tps_code:
        tps_code = check_digits(tps_code, 13, ErrorCode.INVALID_TPS_CODE, "tps", "Kode TPS")
        desa = _desa(desa_code or tps_code[:10])
        tps = _tps(tps_code, desa)
    else:
        desa, tps = _desa(desa_code), None
    if not desa.kemendagri_code:
        raise DomainError(
            VoterErrorCode.DESA_UNMAPPED,
            f"Desa {desa.code} belum dipetakan ke kode Kemendagri; pemilih tidak dapat dipindah ke sana.",
            field="desa",
        )
    today = clock.today()
    with transaction.atomic():
        voter = _voter_for_update(voter_id)
        role = require(user, Action.UPDATE_VOTERS, _target(voter))
        require(user, Action.UPDATE_VOTERS, desa.code)
        if voter.status != Voter.Status.ACTIVE:
            raise Conflict(
                VoterErrorCode.VOTER_NOT_ACTIVE, f"Pemilih #{voter.pk} berstatus TMS; aktifkan dahulu.", field="voter"
            )
        new_tps = tps if tps is not None else (voter.tps if voter.desa_id == desa.code else None)
        if voter.desa_id == desa.code and voter.tps_id == (new_tps.code if new_tps else None):
            raise DomainError(
                VoterErrorCode.MOVE_TO_SAME_PLACE, "Pemilih sudah terdaftar di desa dan TPS tujuan.", field="desa"
            )
        _check_unlocked(_target(voter), today)
        _check_unlocked(desa.code, today)
        changes = {
            "desa": [voter.desa_id or "", desa.code],
            "tps": [voter.tps_id or "", new_tps.code if new_tps else ""],
        }
        voter.desa, voter.kemendagri_desa_code, voter.tps = desa, desa.kemendagri_code, new_tps
        voter.updated_at = timezone.now()
        voter.save(update_fields=["desa", "kemendagri_desa_code", "tps", "updated_at"])
        _record(
            voter,
            actor=actor,
            role=role,
            kind=VoterEvent.Kind.MOVE,
            action=VoterAuditAction.MOVE,
            summary=f"Pemilih #{voter.pk} pindah dari {changes['desa'][0] or '-'}/{changes['tps'][0] or '-'} "
            f"ke {changes['desa'][1]}/{changes['tps'][1] or '-'}",
            note=note,
            changes=changes,
            region_code=desa.code,
        )
    return voter


def voter_correct(*, actor: Actor, voter_id: int, changes: dict, note: str) -> Voter:
    """Corrects a voter's personal data; the NIK must still agree with the (new) birth date and sex, and
    a new NIK must not be on the register already. History keeps which fields changed, not their values."""
    user = actor.officer()
    unknown = sorted(set(changes) - set(CORRECTABLE))
    if unknown:
        raise DomainError(
            VoterErrorCode.UNKNOWN_FIELD,
            f"Isian tidak dapat diperbaiki di sini: {', '.join(unknown)} (desa dan TPS lewat pindah).",
            field=unknown[0],
        )
    cleaned = clean_fields(changes)
    note = clean_note(note, required=True)
    today = clock.today()
    with transaction.atomic():
        voter = _voter_for_update(voter_id)
        role = require(user, Action.UPDATE_VOTERS, _target(voter))
        changed = sorted(f for f, value in cleaned.items() if getattr(voter, f) != value)
        if not changed:
            raise DomainError(
                VoterErrorCode.NO_CHANGES, "Tidak ada data yang berubah.", field=next(iter(changes), None)
            )
        for field in changed:
            setattr(voter, field, cleaned[field])
        voter.nik = _check_nik(voter.nik, birth_date=voter.birth_date, sex=voter.sex, today=today)
        if "nik" in changed and Voter.objects.filter(nik=voter.nik).exclude(pk=voter.pk).exists():
            raise Conflict(VoterErrorCode.NIK_REGISTERED, "NIK ini sudah terdaftar sebagai pemilih lain.", field="nik")
        _check_unlocked(_target(voter), today)
        voter.name_key = name_key(voter.name)
        voter.updated_at = timezone.now()
        voter.save(update_fields=[*changed, "name_key", "updated_at"])
        _record(
            voter,
            actor=actor,
            role=role,
            kind=VoterEvent.Kind.CORRECT,
            action=VoterAuditAction.CORRECT,
            summary=f"Pemilih #{voter.pk} diperbaiki: {', '.join(changed)}",
            note=note,
            changes={"fields": changed},
        )
    return voter
