"""The bulk import of applicants by the PPS or a KPU office: a CSV or XLSX file (the voter import's
readers, ``voters.importing.source``, with this file's columns, ``rows.COLUMNS``), every row checked
(``rows.RowChecker``), the valid ones written and the others reported by line and code, as the voter
import does: one transaction and one audit event, so a failure part-way leaves nothing.

A row's posting must lie in the importer's region (``outside_scope``); a NIK that has applied to the same
body of the election already is refused (``application_exists``). The valid rows are written a chunk at a
time, each officer record with its first history step (pendaftar) and its application (the documents the
office checked: all those required), their ids reserved beforehand so the three go in bulk without
reading ids back. On PostgreSQL the chunks are written in a second thread (``core.db_background``) while
the next are read and checked: the server's index and WAL work and Python's checking each take one of a
small server's two CPUs, and the import takes the longer of the two instead of their sum.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import BinaryIO

from django.db import IntegrityError, connection
from django.utils import timezone

from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.core import clock
from suara.core.db import bulk_insert, bulk_insert_ids, ids_reserve, select_in
from suara.core.db_background import BackgroundWrites
from suara.core.errors import Conflict, DomainError
from suara.elections.models import Election
from suara.officers.audit_actions import OfficerAuditAction
from suara.officers.bodies import POSTING_LENGTH, Body, Status
from suara.officers.errors import OfficerErrorCode
from suara.officers.models import Application, Officer, OfficerStatusChange
from suara.officers.recruitment import documents as docs
from suara.officers.recruitment.openings import postings_of
from suara.officers.recruitment.rows import COLUMNS, RowChecker, problem
from suara.regions.models import Level, Region
from suara.voters.importing.rows import RowProblem
from suara.voters.importing.source import SourceError, open_source
from suara.voters.selectors import known_kecamatan_codes

PROGRESS_EVERY = 20_000
# Rows per chunk written: small enough that the last chunk, written after the file is read, is quick and
# that SQLite's bound variables suffice for its NIK lookup; large enough that the round trips don't count.
CHUNK = 5_000
BACKLOG = 2  # chunks checked and waiting to be written: the memory a file faster than the database holds
DATA_COLUMNS = ("nik", "kk", "name", "sex", "birth_date", "marital", "phone", "email", "address", "domicile_code",
                "education", "occupation", "body", "posting_code")  # fmt: skip
OFFICER_COLUMNS = ("id", "election_id", *DATA_COLUMNS, "position", "status", "reasons", "flags", "source",
                   "applied_at", "updated_at")  # fmt: skip
DOCUMENTS = {
    False: int(docs.ALWAYS | docs.Document.IJAZAH),
    True: int(docs.ALWAYS | docs.Document.SURAT_KETERANGAN_PENDIDIKAN),
}
WRITE_PHASE = "records, history, applications (written while reading)"

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


def _postings(scope: str) -> Callable[[Body], frozenset[str]]:
    """Each body's posting codes within the scope, loaded before the rows are read (the writer
    thread holds the connection while they are); the TPS once for the three bodies posted to one."""
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
    actor: Actor,
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
    writer = _ChunkWriter(election, now=timezone.now(), actor_name=actor.name)
    with service_transaction():
        # An election without records when the import starts has no NIK to look up: one that another
        # transaction commits meanwhile for the same body meets the unique key instead (import_conflict).
        writer.compare = Officer.objects.filter(election=election).exists()
        rows = 0
        try:
            with BackgroundWrites(result.timings, name="officer-import-writes", backlog=BACKLOG) as background:
                chunk: list[tuple] = []
                for line, fields in source.rows:
                    rows += 1
                    record = checker.check(line, fields)
                    if record is not None:
                        chunk.append(record)
                        if len(chunk) == CHUNK:
                            background.submit(WRITE_PHASE, partial(writer.write, chunk))
                            chunk = []
                    if progress is not None and rows % PROGRESS_EVERY == 0:
                        progress(rows, source.position())
                    if background.failed:
                        break
                if chunk:
                    background.submit(WRITE_PHASE, partial(writer.write, chunk))
                phase = _phase(result.timings, "read and check", phase)
        except IntegrityError:
            raise Conflict(
                OfficerErrorCode.IMPORT_CONFLICT,
                "Selama impor berjalan, impor atau pendaftaran lain menambahkan NIK dari berkas ini ke badan yang "
                "sama. Tidak ada baris yang disimpan; jalankan impor sekali lagi.",
                field="file",
            ) from None
        phase = _phase(result.timings, "last writes", phase)
        if progress is not None:
            progress(rows, 1.0)
        result.rows, result.added = rows, writer.added
        result.problems = checker.problems + [problem(line, "application_exists", "nik") for line in writer.refused]
        result.rejected = checker.rejected + len(writer.refused)
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


class _ChunkWriter:
    """Writes chunks of checked records (``RowChecker.check``'s tuples), in the background writer's thread:
    it touches nothing the reading thread does until the writes are joined."""

    def __init__(self, election: Election, *, now, actor_name: str):
        self.election_id = election.pk
        self.now = connection.ops.adapt_datetimefield_value(now)
        self.actor_name = actor_name
        self.added = 0
        self.refused: list[int] = []  # the lines of NIKs that applied to the same body before
        self.compare = True

    def write(self, records: list[tuple], cursor) -> None:
        taken = self._applied(records, cursor) if self.compare else set()
        if taken:
            self.refused += [r[0] for r in records if (r[14], r[1]) in taken]
            records = [r for r in records if (r[14], r[1]) not in taken]
        ids = ids_reserve(Officer, len(records), cursor=cursor)
        now, applicant = self.now, Status.APPLICANT.value
        officers = ((i, self.election_id, *r[1:13], r[14], r[15], "", applicant, 0, 0, "import", now, now)
                    for i, r in zip(ids, records, strict=True))  # fmt: skip
        bulk_insert(Officer, OFFICER_COLUMNS, officers, cursor=cursor, binary=True)
        step = {"status": applicant, "reasons": 0, "note": "impor berkas", "actor": self.actor_name, "at": now}
        bulk_insert_ids(OfficerStatusChange, "officer_id", ids, step, cursor=cursor)
        for letter in (False, True):
            documents = {"documents": DOCUMENTS[letter], "education_letter": letter, "code_hash": ""}
            same = [i for i, r in zip(ids, records, strict=True) if r[13] is letter]
            bulk_insert_ids(Application, "officer_id", same, documents, cursor=cursor)
        self.added += len(records)

    def _applied(self, records: list[tuple], cursor) -> set[tuple[str, str]]:
        """The (body, NIK) pairs among the records that applied to this election before."""
        officer = connection.ops.quote_name(Officer._meta.db_table)
        niks = list({r[1] for r in records})
        if connection.vendor != "postgresql":
            sql = f"SELECT body, nik FROM {officer} WHERE election_id = %s AND nik {{values}}"  # noqa: S608 - our names
            return set(select_in(sql, [self.election_id], niks, cursor=cursor))
        # One probe of the unique index a NIK, whatever the statistics say. Planned from none (a table this
        # import fills), "nik = ANY(...)" read the election's whole index for every chunk instead.
        cursor.execute(
            f"SELECT o.body, o.nik FROM unnest(%s::text[]) AS n(nik) CROSS JOIN LATERAL "  # noqa: S608 - our names
            f"(SELECT body, nik FROM {officer} WHERE election_id = %s AND nik = n.nik LIMIT {len(Body)}) o",
            [niks, self.election_id],
        )
        return set(cursor.fetchall())
