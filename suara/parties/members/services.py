"""``members_upload``: a party's member list, whole or delta, checked at the door, in one transaction;
``members_export``: the list as of a version, for the party's own operator, audited.

Each row is checked as the file is read (``rows.py``); the valid ones are COPYed into a staging table
(or, for a party's first list, straight into the listings), and the list changes by a few set-based
statements, all in one transaction with one audit event: a failure part-way (a broken database, a
cancelled job) leaves the list as it was.

A whole list replaces the current one: listings whose NIK is not in the file are removed (by this version,
reason "upload"), the file's new NIKs are added by this version, and listings still in it keep their
``added_version`` (their details take the file's). A delta adds its ``tambah`` rows and removes the
listings of its ``hapus`` rows; adding a NIK already listed or removing one that is not is refused for
that row. Every upload that changes anything is a new ``MemberListVersion``; once it is committed,
``parties.signals.member_list_changed`` is sent (the membership checks listen to it).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import BinaryIO

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from suara.audit.actors import Actor
from suara.audit.services import audit_record, service_transaction
from suara.core import clock
from suara.core.db import RowWriter
from suara.core.errors import DomainError
from suara.parties.audit_actions import PartyAuditAction
from suara.parties.errors import PartyErrorCode
from suara.parties.members import staging
from suara.parties.members.rows import (
    ADD,
    COLUMNS,
    DELTA_COLUMNS,
    REMOVE,
    MemberRowChecker,
    RowProblem,
    problem,
)
from suara.parties.members.selectors import members_as_of, version_get
from suara.parties.models import Member, MemberListVersion, Party
from suara.parties.signals import member_list_changed
from suara.regions.models import KemendagriRegion, Level
from suara.voters.importing.source import SourceError, open_source
from suara.voters.selectors import known_kecamatan_codes

PROGRESS_EVERY = 20_000
FILE_NAME_MAX = MemberListVersion._meta.get_field("file_name").max_length
# What the file reader's refusals of a whole file are called here.
SOURCE_CODES = {
    "import_empty": PartyErrorCode.MEMBERS_FILE_EMPTY,
    "import_bad_header": PartyErrorCode.MEMBERS_BAD_HEADER,
    "import_not_utf8": PartyErrorCode.MEMBERS_NOT_UTF8,
    "import_xls_unsupported": PartyErrorCode.MEMBERS_XLS_UNSUPPORTED,
    "import_bad_xlsx": PartyErrorCode.MEMBERS_BAD_XLSX,
}
# The listing's columns a direct load writes (the nullable removal and check columns stay NULL).
DIRECT_COLUMNS = ("party_id", *staging.DATA_COLUMNS, "added_version", "added_at", "removed_reason", "status",
                  "reasons")  # fmt: skip

Progress = Callable[[int, float], None]


@dataclass
class UploadResult:
    party_id: int
    delta: bool
    kind: str = ""  # "csv" or "xlsx"
    version: int | None = None  # None: nothing changed (every row refused), no version made
    rows: int = 0  # data rows read
    added: int = 0
    removed: int = 0
    kept: int = 0  # whole list: listings already there and still in the file
    updated: int = 0  # of those kept, the ones whose details changed
    rejected: int = 0  # rows refused (each has one or more problems)
    problems: list[RowProblem] = field(default_factory=list)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def applied(self) -> bool:
        return self.version is not None


def reference_data() -> tuple[frozenset[str], frozenset[str]]:
    """The kecamatan codes a NIK may start with, and the Kemendagri desa codes."""
    desa = frozenset(KemendagriRegion.objects.filter(level=Level.DESA).values_list("code", flat=True))
    if not desa:
        raise DomainError(
            PartyErrorCode.MEMBERS_REGIONS_NOT_LOADED,
            "Wilayah Kemendagri belum dimuat: jalankan `suara load-regions`.",
            status=409,
        )
    return known_kecamatan_codes(), desa


def _open(stream: BinaryIO, *, size: int | None, delta: bool):
    try:
        return open_source(stream, size=size, columns=DELTA_COLUMNS if delta else COLUMNS)
    except SourceError as exc:
        code = SOURCE_CODES.get(exc.code, PartyErrorCode.MEMBERS_BAD_HEADER)
        raise DomainError(code, exc.message, field="file") from None


def members_file_check(*, stream: BinaryIO, delta: bool = False, size: int | None = None) -> str:
    """Refuses, before any job or file is made, a file that cannot be a member list: not CSV or XLSX, not
    UTF-8, an old XLS, an XLSX that does not open, another header than the documented one (``aksi`` last
    for a delta), or no row under the header. Reads the header and the first row only; returns the kind
    ("csv" or "xlsx"). The rows themselves are checked by the upload (``members_upload``)."""
    source = _open(stream, size=size, delta=delta)
    for _row in source.rows:
        return source.kind
    raise DomainError(PartyErrorCode.MEMBERS_FILE_EMPTY, "Berkas tidak berisi satu baris anggota pun.", field="file")


def _phase(timings: dict[str, float], name: str, since: float) -> float:
    now = time.monotonic()
    timings[name] = now - since
    return now


def members_upload(
    *,
    party: Party,
    stream: BinaryIO,
    actor: Actor,
    role: str = "",
    delta: bool = False,
    file_name: str = "",
    size: int | None = None,
    progress: Progress | None = None,
) -> UploadResult:
    """Uploads a party's member list from a CSV or XLSX file (see docs/parties.md for the columns). The
    caller has checked who may; this checks every row. Refuses the whole file (DomainError) when it cannot
    be read as a member list, or holds no row; rows that break a rule are in ``problems``, the others go
    in. When every row is refused nothing changes and no version is made."""
    started = time.monotonic()
    result = UploadResult(party_id=party.pk, delta=delta)
    kecamatan, desa = reference_data()
    source = _open(stream, size=size, delta=delta)
    result.kind = source.kind
    checker = MemberRowChecker(
        known_kecamatan=kecamatan,
        known_desa=desa,
        today=clock.today(),
        province=party.province_code if party.kind == Party.Kind.LOCAL else "",
        delta=delta,
    )

    def rows() -> Iterator[tuple]:
        for line, fields in source.rows:
            result.rows += 1
            record = checker.check(line, fields)
            if record is not None:
                yield record
            if progress is not None and result.rows % PROGRESS_EVERY == 0:
                progress(result.rows, source.position())

    now = timezone.now()
    with service_transaction(events=1):
        party = Party.objects.select_for_update().get(pk=party.pk)  # one upload of a party's list at a time
        number = (MemberListVersion.objects.filter(party=party).aggregate(n=Max("number"))["n"] or 0) + 1
        current = Member.objects.filter(party=party, removed_at__isnull=True)
        if not delta and not current.exists():
            accepted = _load_directly(party, number, now, rows())
            phase = _phase(result.timings, "read, check, copy into the list", started)
            result.added = accepted
        else:
            accepted, phase = _load_staged(party, number, now, rows(), result, checker, started)
        if result.rows == 0:
            raise DomainError(
                PartyErrorCode.MEMBERS_FILE_EMPTY, "Berkas tidak berisi satu baris anggota pun.", field="file"
            )
        result.problems, result.rejected = sorted(checker.problems, key=lambda p: p.line), checker.rejected
        if accepted:
            result.version = number
            MemberListVersion.objects.create(
                party=party,
                number=number,
                kind=MemberListVersion.Kind.DELTA if delta else MemberListVersion.Kind.FULL,
                file_name=(file_name or f"daftar.{source.kind}")[:FILE_NAME_MAX],
                rows_read=result.rows,
                added=result.added,
                removed=result.removed,
                rejected=result.rejected,
                created_by=actor.name,
                created_at=now,
            )
            transaction.on_commit(partial(member_list_changed.send, sender=Party, party_id=party.pk, version=number))
        if progress is not None:
            progress(result.rows, 1.0)
        audit_record(
            actor=actor,
            role=role,
            action=PartyAuditAction.MEMBERS_UPLOAD,
            object_code=party.code,
            summary=_summary(party, result),
        )
    _phase(result.timings, "version, audit and commit", phase)
    result.seconds = time.monotonic() - started
    return result


def _summary(party: Party, result: UploadResult) -> str:
    kind = "delta" if result.delta else "lengkap"
    head = f"Daftar anggota {party.abbreviation} ({kind}, {result.kind.upper()}): "
    if not result.applied:
        return head + f"{result.rows} baris, semuanya ditolak; daftar tidak berubah"
    return head + (
        f"versi {result.version}, {result.rows} baris, {result.added} ditambahkan, {result.removed} dihapus, "
        f"{result.rejected} ditolak"
    )


def _load_directly(party: Party, number: int, now: datetime, records: Iterator[tuple]) -> int:
    """A party's first whole list: the valid rows COPYed straight into the listings (nothing to compare)."""
    tail = (number, now, "", "", 0)
    n = 0
    with RowWriter(Member, DIRECT_COLUMNS, binary=True) as writer:
        for record in records:
            writer.write((party.pk, *record[1:-1], *tail))
            n += 1
    _listings_analyse()
    return n


def _listings_analyse() -> None:
    """Fresh statistics for the listings after a bulk load (PostgreSQL), so that the comparison and the
    check that follow hash rather than loop: without them a first list of 500,000 took 33.9 s, not 16.3."""
    if staging.is_postgresql():
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {_member()}")


def _member() -> str:
    return staging.quote(Member._meta.db_table)


def _current(alias: str = "m") -> str:
    """SQL: the listing ``alias`` is a current listing of the party (``%s``: the party's id) for s.nik.

    SQLite would look each NIK up through the party's index (a scan of the whole list per row): the unary
    plus keeps it on the NIK's. PostgreSQL hashes the join and filters by the party's index."""
    party = f"+{alias}.party_id" if not staging.is_postgresql() else f"{alias}.party_id"
    return f"{party} = %s AND {alias}.removed_at IS NULL AND {alias}.nik = s.nik"


def _load_staged(party, number, now, records, result: UploadResult, checker, started) -> tuple[int, float]:
    """The valid rows into the staging table, then the list changed from it; (rows applied, phase end)."""
    staging.create()
    with staging.writer() as writer:
        for record in records:
            writer.write(record)
    staging.index()
    _listings_analyse()
    phase = _phase(result.timings, "read, check, stage", started)
    if result.delta:
        _refuse_lines(checker, "not_listed", f"s.action = '{REMOVE}' AND NOT EXISTS", party)
        _refuse_lines(checker, "already_listed", f"s.action = '{ADD}' AND EXISTS", party)
    applied = _staged_count()
    # Nothing valid: nothing changes (a whole list of refused rows must not empty the list).
    if applied and result.delta:
        removals = f"m.nik IN (SELECT nik FROM {staging.STAGING} WHERE action = %s)"  # noqa: S608 - our SQL
        result.removed = _remove(party, number, now, removals, [REMOVE])
    elif applied:
        gone = f"NOT EXISTS (SELECT 1 FROM {staging.STAGING} s WHERE s.nik = m.nik)"  # noqa: S608 - our SQL
        result.removed = _remove(party, number, now, gone, [])
        result.updated = _update_details(party)
    if applied:
        result.added = _insert_new(party, number, now)
    if not result.delta:
        result.kept = applied - result.added
    staging.drop()
    return applied, _phase(result.timings, "compare and change the list", phase)


def _staged_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {staging.STAGING}")  # noqa: S608 - our table
        return cursor.fetchone()[0]


def _refuse_lines(checker: MemberRowChecker, code: str, condition: str, party: Party) -> None:
    """Delta: the staged rows the stored list refuses, reported and dropped from the staging table."""
    where = f"{condition} (SELECT 1 FROM {_member()} m WHERE {_current()})"  # noqa: S608 - our SQL
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT s.line FROM {staging.STAGING} s WHERE {where}", [party.pk])  # noqa: S608
        lines = [line for (line,) in cursor.fetchall()]
        if lines:
            cursor.execute(f"DELETE FROM {staging.STAGING} WHERE line IN (SELECT s.line FROM {staging.STAGING} s "  # noqa: S608
                           f"WHERE {where})", [party.pk])  # fmt: skip
    checker.problems += [problem(line, code, "nik") for line in lines]
    checker.rejected += len(lines)


def _remove(party: Party, number: int, now: datetime, which: str, params: list) -> int:
    """Removes the party's current listings that ``which`` (SQL over ``m``) names, by this version."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_member()} AS m SET removed_version = %s, removed_at = %s, removed_reason = %s "  # noqa: S608
            f"WHERE m.party_id = %s AND m.removed_at IS NULL AND {which}",
            [number, now, Member.Removal.UPLOAD.value, party.pk, *params],
        )
        return cursor.rowcount


COMPARED = ("name", "sex", "birth_date", "desa_code", "address", "occupation", "kta")


def _update_details(party: Party) -> int:
    """Whole list: listings still in the file take the file's details where they differ (their
    ``added_version`` stays), and wait to be checked again (``checked_at`` null)."""
    q = staging.quote
    assignments = ", ".join(f"{q(c)} = s.{q(c)}" for c in staging.DATA_COLUMNS if c != "nik")
    assignments += ", checked_at = NULL"
    differs = " OR ".join(f"m.{q(c)} <> s.{q(c)}" for c in COMPARED)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_member()} AS m SET {assignments} FROM {staging.STAGING} s "  # noqa: S608
            f"WHERE {_current()} AND ({differs})",
            [party.pk],
        )
        return cursor.rowcount


def _insert_new(party: Party, number: int, now: datetime) -> int:
    """The staged additions whose NIK the party does not list now, as new listings of this version."""
    columns = ", ".join(staging.quote(c) for c in staging.DATA_COLUMNS)
    values = ", ".join("s." + staging.quote(c) for c in staging.DATA_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_member()} (party_id, {columns}, added_version, added_at, removed_reason, status, "  # noqa: S608
            f"reasons) SELECT %s, {values}, %s, %s, '', '', 0 "
            f"FROM {staging.STAGING} s WHERE s.action = %s AND NOT EXISTS (SELECT 1 FROM {_member()} m "
            f"WHERE {_current()})",
            [party.pk, number, now, ADD, party.pk],
        )
        return cursor.rowcount


EXPORT_COLUMNS = (*COLUMNS, "versi_ditambahkan", "status")


def members_export(*, party: Party, version: int, actor: Actor, role: str) -> Iterator[tuple]:
    """The party's list as of ``version``, as rows of ``EXPORT_COLUMNS`` (a header first); the caller has
    checked who may. Audited before the first row is read: what leaves is a list of named people."""
    found = version_get(party=party, number=version)
    with service_transaction():
        audit_record(
            actor=actor,
            role=role,
            action=PartyAuditAction.MEMBERS_EXPORT,
            object_code=party.code,
            summary=f"Daftar anggota {party.abbreviation} versi {found.number} diunduh (CSV)",
        )
    yield EXPORT_COLUMNS
    listed = members_as_of(party=party, version=found).order_by("desa_code", "name_key", "nik")
    fields = (
        "nik",
        "name",
        "sex",
        "birth_date",
        "desa_code",
        "address",
        "occupation",
        "kta",
        "added_version",
        "status",
    )
    for row in listed.values_list(*fields).iterator(chunk_size=5_000):
        yield (*row[:3], row[3].isoformat(), *row[4:])
