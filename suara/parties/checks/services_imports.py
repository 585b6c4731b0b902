"""The national data the membership checks use, imported by KPU RI (its pages) or the command line: the
list of election officers' and KPU staff's NIKs, and the population figures per kab/kota. Each import is
refused whole when a line is bad (each line and its problem listed, never the value), and is one
transaction and one audit event naming counts and the source, never a NIK.
"""

from __future__ import annotations

import csv
import io

from django.utils import timezone

from suara.accounts.authz import require
from suara.accounts.roles import Action
from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.core.errors import DomainError
from suara.parties.audit_actions import PartyAuditAction
from suara.parties.errors import PartyErrorCode
from suara.parties.models import KabkotaPopulation, OfficerNik
from suara.people.nik import NIK_LENGTH

MAX_SOURCE = 300
MAX_DETAILS = 100  # refused lines listed in an error, at most


def _source(source: str) -> str:
    source = (source or "").strip()
    if not 1 <= len(source) <= MAX_SOURCE:
        raise DomainError(
            PartyErrorCode.SOURCE_REQUIRED, f"Sebutkan sumber data (1-{MAX_SOURCE} karakter).", field="source"
        )
    return source


def _rows(data: bytes, code: PartyErrorCode) -> list[dict]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(code, "Berkas harus CSV berenkode UTF-8.", field="file") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames:
        raise DomainError(code, "Berkas kosong atau tanpa baris judul kolom.", field="file")
    reader.fieldnames = [name.strip().lower() for name in reader.fieldnames]
    return list(reader)


def _authorize_national(actor: Actor, action: Action) -> str:
    """The role a KPU RI officer acts under ('' for the command line, trusted as it is)."""
    if actor.user is None:
        return ""
    return require(actor.user, action, "").value


def _refuse_lines(code: PartyErrorCode, problems: list[dict], message: str) -> DomainError:
    return DomainError(code, message, field="file", details=problems[:MAX_DETAILS])


def officer_niks_import(*, data: bytes, source: str, actor: Actor) -> int:
    """Replaces the list of election officers' and KPU staff's NIKs with a CSV's (column ``nik``); refused
    whole when a line is bad (each line and its problem listed, never the value). KPU RI (or the command
    line). Returns the number of NIKs. The listings' bits follow at the next check."""
    role = _authorize_national(actor, Action.MANAGE_ELECTION)
    source = _source(source)
    rows = _rows(data, PartyErrorCode.OFFICER_FILE_INVALID)
    if rows and "nik" not in rows[0]:
        raise DomainError(PartyErrorCode.OFFICER_FILE_INVALID, "Berkas harus memiliki kolom nik.", field="file")
    niks, problems = set(), []
    for line, row in enumerate(rows, start=2):
        nik = (row.get("nik") or "").strip()
        if len(nik) != NIK_LENGTH or not (nik.isascii() and nik.isdigit()):
            problems.append({"line": line, "problem": "nik_invalid"})
            continue
        niks.add(nik)
    if problems:
        raise _refuse_lines(
            PartyErrorCode.OFFICER_FILE_INVALID, problems, f"{len(problems)} baris berisi NIK yang tidak sah."
        )
    now = timezone.now()
    with service_transaction():
        OfficerNik.objects.all().delete()
        OfficerNik.objects.bulk_create(
            [OfficerNik(nik=nik, source=source, imported_at=now) for nik in sorted(niks)], batch_size=5000
        )
        audit_record(
            actor=actor,
            role=role,
            action=PartyAuditAction.OFFICERS_IMPORT,
            summary=f"Daftar NIK penyelenggara pemilu dan staf KPU diganti: {len(niks)} NIK (sumber: {source})",
        )
    return len(niks)


def population_import(*, data: bytes, source: str, actor: Actor) -> int:
    """Imports population figures per kab/kota from a CSV (columns ``kabkota``, ``population``, ``year``),
    each stored with the source named; a kab/kota's figure replaces its earlier one. Refused whole when a
    line is bad. KPU RI (or the command line). Returns the number of figures."""
    role = _authorize_national(actor, Action.MANAGE_ELECTION)
    source = _source(source)
    rows = _rows(data, PartyErrorCode.POPULATION_FILE_INVALID)
    if rows and not {"kabkota", "population", "year"} <= set(rows[0]):
        raise DomainError(
            PartyErrorCode.POPULATION_FILE_INVALID,
            "Berkas harus memiliki kolom kabkota, population dan year.",
            field="file",
        )
    figures, problems = {}, []
    for line, row in enumerate(rows, start=2):
        code = (row.get("kabkota") or "").strip()
        population = (row.get("population") or "").strip().replace(".", "").replace(",", "")
        year = (row.get("year") or "").strip()
        if len(code) != 4 or not (code.isascii() and code.isdigit()):
            problems.append({"line": line, "problem": "kabkota_invalid"})
        elif not (population.isascii() and population.isdigit()) or int(population) > 100_000_000:
            problems.append({"line": line, "problem": "population_invalid"})
        elif not (year.isascii() and year.isdigit() and 1945 <= int(year) <= 2100):
            problems.append({"line": line, "problem": "year_invalid"})
        elif code in figures:
            problems.append({"line": line, "problem": "kabkota_twice"})
        else:
            figures[code] = (int(population), int(year))
    if problems:
        raise _refuse_lines(
            PartyErrorCode.POPULATION_FILE_INVALID,
            problems,
            f"{len(problems)} baris tidak sah; tidak ada yang disimpan.",
        )
    now = timezone.now()
    with service_transaction():
        KabkotaPopulation.objects.filter(kabkota_code__in=figures).delete()
        KabkotaPopulation.objects.bulk_create(
            [
                KabkotaPopulation(kabkota_code=code, population=pop, year=year, source=source, imported_at=now)
                for code, (pop, year) in sorted(figures.items())
            ]
        )
        audit_record(
            actor=actor,
            role=role,
            action=PartyAuditAction.POPULATION_IMPORT,
            summary=f"Jumlah penduduk {len(figures)} kabupaten/kota diimpor (sumber: {source})",
        )
    return len(figures)
