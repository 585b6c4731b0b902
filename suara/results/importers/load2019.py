"""Loading the 2019 presidential results (``suara import-results-2019``): the file is read and checked
whole first (``pemilu2019``), its counting geography planned (``geography2019``), then everything is
written in one transaction with one audit event: the election and contest when missing, the counting
geography, each counted TPS's result with its first version and its public snapshot, KPU's published
numbers beside them, and the contest's recap computed from the rows in memory (``write2019``, where
the bulk paths are).

Idempotent by content: the audit event names the file's SHA-256; the same file again changes nothing,
another file into a contest that already holds an import is refused (it would count twice).
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, connection, transaction

from suara.audit.actors import Actor
from suara.audit.models import AuditEvent
from suara.audit.services import audit_record
from suara.core.errors import Conflict, DomainError
from suara.elections.models import Contest
from suara.elections.services import election_2019_definition, election_2019_ensure
from suara.regions.models import Region
from suara.results.audit_actions import ResultAuditAction
from suara.results.errors import ResultErrorCode
from suara.results.importers import geography2019, pemilu2019
from suara.results.importers.write2019 import BrokenRow, Writer
from suara.results.models import (
    CountRegion,
    CountTps,
    ExternalResult,
    RecapPointer,
    TpsResult,
)

AUDIT_ACTION = ResultAuditAction.IMPORT_2019


class ImportFileInvalid(DomainError):
    """The file cannot be imported: every problem found, with its line."""

    def __init__(self, problems: list[pemilu2019.Problem]):
        super().__init__(
            ResultErrorCode.IMPORT_FILE_INVALID,
            f"Berkas ditolak, tidak ada yang diubah: {len(problems)} masalah, yang pertama {problems[0]}.",
            details=[{"line": p.line, "reason": p.reason} for p in problems],
        )
        self.problems = problems


@dataclass
class Import2019Report:
    contest: str
    digest: str
    changed: bool
    rows: int = 0
    tps: int = 0
    counted: int = 0
    not_reported: int = 0
    broken: list[BrokenRow] = field(default_factory=list)
    rule_counts: Counter = field(default_factory=Counter)  # rule code -> rows breaking it (not counted)
    external: Counter = field(default_factory=Counter)  # ok / breach / incomplete
    external_rule_counts: Counter = field(default_factory=Counter)
    flags: Counter = field(default_factory=Counter)
    matched: Counter = field(default_factory=Counter)  # level -> regions with the 2024 code
    own: Counter = field(default_factory=Counter)  # level -> regions with a code of their own
    timings: dict[str, float] = field(default_factory=dict)  # phase -> seconds
    recap: str = ""  # what the recap rebuild did
    previous: str = ""  # when unchanged: when the file was imported


def _previous_import(contest_slug: str) -> AuditEvent | None:
    return AuditEvent.objects.filter(action=AUDIT_ACTION, object_code=contest_slug).order_by("-id").first()


def _refuse_if_imported(contest_slug: str, digest: str) -> AuditEvent | None:
    """The earlier import of this very file (then nothing is to be done), or a refusal if another file
    was imported into the contest."""
    previous = _previous_import(contest_slug)
    if previous is None:
        return None
    if previous.summary.startswith(f"sha256 {digest}"):
        return previous
    raise Conflict(
        ResultErrorCode.RESULTS_ALREADY_IMPORTED,
        f"{contest_slug} sudah berisi hasil impor berkas lain ({previous.summary[:20]}…, {previous.created_at[:10]}); "
        "berkas kedua akan menghitung suara dua kali. Tidak ada yang diubah.",
    )


def _known_2024() -> dict[str, dict[str, str]]:
    """The 2024 electoral geography as parent code ('' national) -> {code: name}."""
    known: dict[str, dict[str, str]] = {}
    for code, name, parent in Region.objects.order_by().values_list("code", "name", "parent_id").iterator(20000):
        known.setdefault(parent or "", {})[code] = name
    return known


def _refuse_if_not_empty(contest: Contest) -> None:
    if (
        CountTps.objects.filter(election_id=contest.election_id).exists()
        or CountRegion.objects.filter(election_id=contest.election_id).exists()
        or TpsResult.objects.filter(contest=contest).exists()
        or ExternalResult.objects.filter(contest=contest).exists()
        or RecapPointer.objects.filter(contest=contest).exists()
    ):
        raise Conflict(
            ResultErrorCode.COUNT_GEOGRAPHY_EXISTS,
            f"{contest.election.slug} sudah punya geografi penghitungan atau hasil yang tidak berasal dari "
            "impor berkas ini. Tidak ada yang diubah.",
        )


def _timed(timings: dict[str, float], phase: str, fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    timings[phase] = timings.get(phase, 0.0) + time.perf_counter() - start
    return result


def results_import_2019(*, path: str | Path, actor: Actor) -> Import2019Report:
    """Imports the 2019 presidential result per TPS (``pemilu2019_ppwp_tps.csv.gz``) into ``ppwp-2019``.

    Refused whole, with every problem and its line, if the file is malformed; refused if the contest
    already holds another file's import; the same file again changes nothing. Rows whose volunteer
    numbers break a rule are not counted and are listed in the report.
    """
    started = time.perf_counter()
    contest_slug = election_2019_definition()["contest"]["slug"]
    timings: dict[str, float] = {}
    digest = _timed(timings, "digest", pemilu2019.file_digest, path)
    report = Import2019Report(contest=contest_slug, digest=digest, changed=False, timings=timings)
    previous = _refuse_if_imported(contest_slug, digest)
    if previous is not None:
        report.previous = previous.created_at
        return report
    parsed = _timed(timings, "read", pemilu2019.read_file, path)
    if parsed.problems:
        raise ImportFileInvalid(parsed.problems)
    report.rows = len(parsed.rows)
    known = _timed(timings, "geography_read", _known_2024)
    try:
        plan = _timed(timings, "geography_plan", geography2019.plan_geography, parsed.rows, known)
    except geography2019.CodesExhausted as exc:
        raise DomainError(
            ResultErrorCode.CODES_EXHAUSTED, f"Kode wilayah 2019 tidak cukup: {exc}. Tidak ada yang diubah."
        ) from exc
    report.matched, report.own = plan.matched, plan.own
    try:
        with transaction.atomic():
            contest, _ = election_2019_ensure()
            contest = Contest.objects.select_related("election").get(pk=contest.pk)
            _refuse_if_not_empty(contest)
            if connection.vendor == "postgresql":
                # Each foreign key is checked as its row arrives, while Python prepares the next rows,
                # instead of all of them at COMMIT (a minute for the national file).
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            writer = Writer(contest, parsed, plan, report)
            report.recap = _timed(timings, "write", writer.write, timings)
            audit_record(
                actor=actor,
                action=AUDIT_ACTION,
                object_code=contest.slug,
                summary=_summary(digest, report),
            )
            committing = time.perf_counter()
        timings["commit"] = time.perf_counter() - committing
    except IntegrityError as exc:  # another import ran at the same time
        raise Conflict(
            ResultErrorCode.COUNT_GEOGRAPHY_EXISTS,
            "Impor lain sedang atau sudah berjalan untuk pemilu ini. Tidak ada yang diubah.",
        ) from exc
    report.changed = True
    timings["total"] = time.perf_counter() - started
    return report


def _summary(digest: str, report: Import2019Report) -> str:
    # The digest comes first: it is how a second run recognises the file (see _refuse_if_imported).
    return (
        f"sha256 {digest}: {report.rows} baris, {report.counted} TPS dihitung, {report.not_reported} belum "
        f"dilaporkan, {len(report.broken)} melanggar aturan; {sum(report.external.values())} angka KPU disimpan"
    )
