"""The bulk import of applicants by the PPS or a KPU office: a CSV or XLSX file (the voter import's
readers, ``voters.importing.source``, with this file's columns, ``rows.COLUMNS``), every row checked
(``rows.RowChecker``), the valid ones written and the others reported by line and code, as the voter
import does: one transaction and one audit event, so a failure part-way leaves nothing.

A row's posting must lie in the importer's region (``outside_scope``); a NIK that has applied to the same
body of the election already is refused (``application_exists``). The valid rows go into a staging table
(COPY on PostgreSQL), then into the officer records with one INSERT ... SELECT, each with its first
history step (pendaftar) and its application (the documents the office checked: all those required).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

from django.db import connection
from django.utils import timezone

from suara.audit.services import audit_record, service_transaction
from suara.core import clock
from suara.core.db import RowWriter
from suara.core.errors import DomainError
from suara.elections.models import Election
from suara.officers.audit_actions import OfficerAuditAction
from suara.officers.bodies import POSTING_LENGTH, Body, Status
from suara.officers.models import Application, Officer, OfficerStatusChange
from suara.officers.recruitment import documents as docs
from suara.officers.recruitment.openings import postings_of
from suara.officers.recruitment.rows import COLUMNS, RowChecker, problem
from suara.regions.models import Level, Region
from suara.voters.importing.rows import RowProblem
from suara.voters.importing.source import SourceError, open_source
from suara.voters.selectors import known_kecamatan_codes

PROGRESS_EVERY = 20_000
STAGING = "suara_officer_import"
STAGING_COLUMNS = ("line", "nik", "kk", "name", "sex", "birth_date", "marital", "phone", "email", "address",
                   "domicile_code", "education", "occupation", "education_letter", "body", "posting_code")  # fmt: skip
DATA_COLUMNS = ("nik", "kk", "name", "sex", "birth_date", "marital", "phone", "email", "address", "domicile_code",
                "education", "occupation", "body", "posting_code")  # fmt: skip
_TYPES = {"line": "integer", "birth_date": "date", "education_letter": "boolean", "nik": "varchar(16)",
          "body": "varchar(10)", "posting_code": "varchar(13)"}  # fmt: skip
DOCUMENTS = {
    False: int(docs.ALWAYS | docs.Document.IJAZAH),
    True: int(docs.ALWAYS | docs.Document.SURAT_KETERANGAN_PENDIDIKAN),
}

Progress = Callable[[int, float], None]


@dataclass
class ImportResult:
    kind: str  # csv or xlsx
    rows: int = 0
    added: int = 0
    rejected: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase


def _phase(timings: dict[str, float], name: str, since: float) -> float:
    now = time.monotonic()
    timings[name] = now - since
    return now


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _cols(columns, prefix: str = "") -> str:
    return ", ".join(prefix + _q(c) for c in columns)


def _postings(scope: str) -> Callable[[Body], frozenset[str]]:
    """Each body's posting codes within the scope, loaded before the rows are read (a COPY holds the
    connection while they are); the TPS once for the three bodies posted to one."""
    by_length: dict[int, frozenset[str]] = {}
    for body in Body:
        length = POSTING_LENGTH[body]
        if length not in by_length:
            by_length[length] = frozenset(postings_of(body, scope))
    return lambda body: by_length[POSTING_LENGTH[body]]


def applicants_import(
    *,
    stream: BinaryIO,
    election: Election,
    actor: str,
    role: str = "",
    scope: str = "",
    size: int | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Imports a file of applicants to ``election``'s bodies within ``scope`` (a KPU region code, ""
    nationwide). Whole-file problems (no header, XLS, not UTF-8) refuse the file; row problems refuse the
    row, reported by line and code."""
    started = time.monotonic()
    try:
        source = open_source(stream, size=size, columns=COLUMNS)
    except SourceError as exc:
        raise DomainError(exc.code, exc.message, field="file") from None
    desa = frozenset(Region.objects.filter(level=Level.DESA).values_list("code", flat=True))
    checker = RowChecker(
        known_kecamatan=known_kecamatan_codes(),
        known_desa=desa,
        postings=_postings(scope),
        today=clock.today(),
        scope=scope,
    )
    result = ImportResult(kind=source.kind)
    phase = _phase(result.timings, "reference data", started)
    now = timezone.now()
    with service_transaction():
        _create_staging()
        rows = 0
        with RowWriter(STAGING, STAGING_COLUMNS) as writer:
            for line, fields in source.rows:
                rows += 1
                record = checker.check(line, fields)
                if record is not None:
                    writer.write(record)
                if progress is not None and rows % PROGRESS_EVERY == 0:
                    progress(rows, source.position())
        result.rows = rows
        phase = _phase(result.timings, "read, check, stage", phase)
        existing = _existing_lines(election)
        checker.problems += [problem(line, "application_exists", "nik") for line in existing]
        checker.rejected += len(existing)
        phase = _phase(result.timings, "applied already", phase)
        result.added = _insert(election, now=now, actor=actor)
        phase = _phase(result.timings, "records, history, applications", phase)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
        if progress is not None:
            progress(rows, 1.0)
        result.problems, result.rejected = checker.problems, checker.rejected
        audit_record(
            actor=actor,
            role=role,
            action=OfficerAuditAction.APPLICANTS_IMPORT,
            object_code=scope or "nasional",
            summary=f"Impor pendaftar {election.slug} ({source.kind.upper()}): {rows} baris, {result.added} "
            f"ditambahkan, {result.rejected} ditolak",
        )
    _phase(result.timings, "audit and commit", phase)
    result.seconds = time.monotonic() - started
    return result


def _create_staging() -> None:
    columns = ", ".join(f"{_q(c)} {_TYPES.get(c, 'text')}" for c in STAGING_COLUMNS)
    on_commit = " ON COMMIT DROP" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
        cursor.execute(f"CREATE TEMPORARY TABLE {STAGING} ({columns}){on_commit}")
        if connection.vendor != "postgresql":
            cursor.execute(f"CREATE INDEX {STAGING}_nik ON {STAGING} (nik)")


def _existing_lines(election: Election) -> list[int]:
    """Lines whose NIK applied to the same body already: reported, and taken out of the staging table."""
    officer = _q(Officer._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {STAGING}")
        cursor.execute(
            f"SELECT s.line FROM {STAGING} s JOIN {officer} o "  # noqa: S608
            f"ON o.election_id = %s AND o.body = s.body AND o.nik = s.nik",
            [election.pk],
        )
        lines = [line for (line,) in cursor.fetchall()]
        if lines:
            cursor.execute(
                f"DELETE FROM {STAGING} WHERE EXISTS (SELECT 1 FROM {officer} o WHERE o.election_id = %s "  # noqa: S608
                f"AND o.body = {STAGING}.body AND o.nik = {STAGING}.nik)",
                [election.pk],
            )
    return lines


def _insert(election: Election, *, now, actor: str) -> int:
    officer, history, application = (_q(m._meta.db_table) for m in (Officer, OfficerStatusChange, Application))
    insert = (
        f"INSERT INTO {officer} (election_id, {_cols(DATA_COLUMNS)}, position, status, reasons, flags, source, "  # noqa: S608
        f"applied_at, updated_at) SELECT %s, {_cols(DATA_COLUMNS)}, '', %s, 0, 0, 'import', %s, %s FROM {STAGING}"
    )
    params = [election.pk, Status.APPLICANT.value, now, now]
    documents = f"CASE WHEN s.education_letter THEN {DOCUMENTS[True]} ELSE {DOCUMENTS[False]} END"
    history_values = "%s, 0, 'impor berkas', %s, %s"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"WITH added AS ({insert} RETURNING id, nik, body), "  # noqa: S608
                f"steps AS (INSERT INTO {history} (officer_id, status, reasons, note, actor, at) "
                f"SELECT id, {history_values} FROM added) "
                f"INSERT INTO {application} (officer_id, documents, education_letter, code_hash) "
                f"SELECT a.id, {documents}, s.education_letter, '' FROM added a "
                f"JOIN {STAGING} s ON s.nik = a.nik AND s.body = a.body",
                [*params, Status.APPLICANT.value, actor, now],
            )
            return cursor.rowcount
        cursor.execute(insert, params)
        added = cursor.rowcount
        joined = f"FROM {STAGING} s JOIN {officer} o ON o.election_id = %s AND o.body = s.body AND o.nik = s.nik"
        cursor.execute(
            f"INSERT INTO {history} (officer_id, status, reasons, note, actor, at) "  # noqa: S608
            f"SELECT o.id, {history_values} {joined}",
            [Status.APPLICANT.value, actor, now, election.pk],
        )
        cursor.execute(
            f"INSERT INTO {application} (officer_id, documents, education_letter, code_hash) "  # noqa: S608
            f"SELECT o.id, {documents}, s.education_letter, '' {joined}",
            [election.pk],
        )
        return added
