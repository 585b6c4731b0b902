"""Writes of the rosters: the Linmas proposed by the city's Satpol PP, taken onto the TPS rosters.

Linmas guards are not recruited by KPU: the Satpol PP proposes two per TPS and the KPU kab/kota takes the
list (and pays the honorarium). So a proposed guard goes straight onto the roster as ``dilantik`` (their
assignment is the Satpol PP's, not a selection of KPU's), with the proposal noted in the history and the
source ``satpol_pp``. A file with any line in error is refused whole, its problems listed by line and code.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.utils import timezone

from suara.accounts.roles import Action
from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.core import clock
from suara.core.errors import DomainError, ErrorCode
from suara.elections.models import Election
from suara.officers.audit_actions import OfficerAuditAction
from suara.officers.bodies import BASE_SEATS, Body, Position, Status
from suara.officers.errors import OfficerErrorCode
from suara.officers.models import Officer, OfficerStatusChange
from suara.officers.selection.services import LineProblem, acting_role
from suara.people.nik import NikInvalid, nik_parse
from suara.regions.models import Tps
from suara.voters.selectors import known_kecamatan_codes

LINMAS_COLUMNS = ("nik", "nama", "tps", "telepon")
LINMAS_MAX_ROWS = 50_000
NAME_MAX = 150
PHONE_MAX = 20
PROPOSAL_NOTE = "usulan Satpol PP"


@dataclass(frozen=True)
class LinmasRow:
    nik: str
    name: str
    tps: str
    phone: str


def _phone(text: str) -> str | None:
    compact = text.replace(" ", "").replace("-", "")
    body = compact[1:] if compact.startswith("+") else compact
    if not compact:
        return ""
    return compact if body.isascii() and body.isdigit() and 8 <= len(compact) <= PHONE_MAX else None


def _refuse(problems: list[LineProblem]):
    raise DomainError(
        OfficerErrorCode.LINMAS_FILE_INVALID,
        f"Berkas memiliki {len(problems)} kesalahan; tidak ada yang disimpan. Perbaiki lalu unggah lagi.",
        field="file",
        details=[p.as_dict() for p in problems[:1000]],
    )


def linmas_intake(*, actor: Actor, election: Election, region: str, content: bytes | str) -> int:
    """The Satpol PP's Linmas for the TPS beneath ``region`` (the KPU kab/kota's): a CSV with the header
    ``nik,nama,tps,telepon``. Each guard is checked (the NIK's rules, a known TPS in the region, no more
    than the TPS's two seats with those already there, the NIK not listed twice); returns how many were
    taken."""
    if not isinstance(region, str) or not (region.isascii() and region.isdigit()) or len(region) not in (2, 4, 6, 10):
        raise DomainError(ErrorCode.INVALID_REGION_CODE, "Kode wilayah tidak sah.", field="region")
    role = acting_role(actor, Action.MANAGE_OFFICERS, Body.LINMAS, region)
    text = content.decode("utf-8-sig", errors="replace") if isinstance(content, bytes) else content
    rows = list(csv.reader(io.StringIO(text)))
    header = tuple(cell.strip().lower() for cell in rows[0]) if rows else ()
    if header[: len(LINMAS_COLUMNS)] != LINMAS_COLUMNS:
        _refuse([LineProblem(1, "header_invalid", "Baris judul harus: nik,nama,tps,telepon.")])
    if len(rows) - 1 > LINMAS_MAX_ROWS:
        _refuse([LineProblem(1, "too_many_rows", f"Paling banyak {LINMAS_MAX_ROWS} baris.")])
    today = clock.today()
    kecamatan = known_kecamatan_codes()
    tps_codes = {row[2].strip() for row in rows[1:] if len(row) > 2}
    known_tps = set(Tps.objects.filter(code__in=tps_codes, code__startswith=region).values_list("code", flat=True))
    listed = set(
        Officer.objects.filter(
            election=election, body=Body.LINMAS, nik__in={r[0].strip() for r in rows[1:] if r}
        ).values_list("nik", flat=True)
    )
    seated = dict.fromkeys(known_tps, 0)
    for code in Officer.objects.filter(
        election=election, body=Body.LINMAS, status=Status.APPOINTED, posting_code__in=known_tps
    ).values_list("posting_code", flat=True):
        seated[code] += 1
    problems: list[LineProblem] = []
    taken: list[tuple[LinmasRow, object]] = []
    seen: set[str] = set()
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = [cell.strip() for cell in row] + [""] * (4 - len(row))
        nik, name, tps, phone_text = cells[:4]
        name = " ".join(name.split())
        try:
            parts = nik_parse(nik, known_kecamatan=kecamatan, today=today)
        except NikInvalid as invalid:
            problems.append(LineProblem(line, invalid.code, invalid.message))
            continue
        phone = _phone(phone_text)
        if nik in seen or nik in listed:
            problems.append(LineProblem(line, "already_listed", "NIK ini sudah terdaftar sebagai Linmas pemilu ini."))
        elif not name or len(name) > NAME_MAX:
            problems.append(LineProblem(line, "name_invalid", f"Nama wajib diisi, paling banyak {NAME_MAX} karakter."))
        elif len(tps) != len("3276011006001") or not tps.isdigit():
            problems.append(LineProblem(line, "tps_invalid", "Kode TPS terdiri dari 13 digit."))
        elif tps not in known_tps:
            problems.append(LineProblem(line, "tps_unknown", "TPS ini tidak dikenal di wilayah Anda."))
        elif seated[tps] >= BASE_SEATS[Body.LINMAS]:
            problems.append(LineProblem(line, "tps_full", "TPS ini sudah memiliki dua Linmas."))
        elif phone is None:
            problems.append(LineProblem(line, "phone_invalid", "Nomor telepon 8–20 digit, boleh diawali +."))
        else:
            seated[tps] += 1
            taken.append((LinmasRow(nik, name, tps, phone), parts))
        seen.add(nik)
    if problems:
        _refuse(problems)
    if not taken:
        _refuse([LineProblem(1, "empty", "Berkas tidak berisi Linmas.")])
    now, name = timezone.now(), actor.name
    with service_transaction():
        officers = Officer.objects.bulk_create(
            [
                Officer(
                    election=election,
                    body=Body.LINMAS,
                    posting_code=row.tps,
                    position=Position.MEMBER,
                    nik=row.nik,
                    name=row.name,
                    sex=parts.sex,
                    birth_date=parts.birth_date,
                    phone=row.phone,
                    # Where the guard lives is not in the proposal: the TPS's desa stands in.
                    domicile_code=row.tps[:10],
                    status=Status.APPOINTED,
                    source=Officer.Source.SATPOL_PP,
                    applied_at=now,
                    updated_at=now,
                )
                for row, parts in taken
            ]
        )
        if any(o.pk is None for o in officers):  # backends without RETURNING: read the ids back
            officers = list(
                Officer.objects.filter(election=election, body=Body.LINMAS, nik__in=[r.nik for r, _ in taken])
            )
        OfficerStatusChange.objects.bulk_create(
            [
                OfficerStatusChange(officer=o, status=Status.APPOINTED, note=PROPOSAL_NOTE, actor=name, at=now)
                for o in officers
            ]
        )
        audit_record(
            actor=actor,
            role=role,
            action=OfficerAuditAction.LINMAS_INTAKE,
            object_code=region,
            summary=f"{len(officers)} Linmas usulan Satpol PP di {len({r.tps for r, _ in taken})} TPS",
        )
    return len(officers)
