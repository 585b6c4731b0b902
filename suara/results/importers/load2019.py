"""Loading the 2019 presidential results (``suara import-results-2019``): the file is read and checked
whole first (``pemilu2019``), its counting geography planned (``geography2019``), then everything is
written in one transaction with one audit event: the election and contest when missing, the counting
geography, each counted TPS's result with its first version and its public snapshot, KPU's published
numbers beside them, and finally the recap rebuilt from the results.

Bulk paths only (COPY on PostgreSQL, executemany on SQLite, set-based INSERT ... SELECT where a table is
derived from another): 813,336 rows never go through a save each.

Idempotent by content: the audit event names the file's SHA-256; the same file again changes nothing,
another file into a contest that already holds an import is refused (it would count twice).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from suara.audit.models import AuditEvent
from suara.audit.services import audit_record
from suara.core.errors import Conflict, DomainError
from suara.elections.models import Contest
from suara.regions.importers.bulk import insert_rows
from suara.regions.models import Region
from suara.results.importers import geography2019, pemilu2019
from suara.results.importers.election2019 import election_2019_definition, election_2019_ensure
from suara.results.models import (
    CountRegion,
    CountTps,
    ExternalResult,
    RecapPointer,
    RecapSnapshot,
    ResultVersion,
    TpsResult,
)
from suara.results.recap import fold_lock_wait
from suara.results.recap_rebuild import FreshRecap
from suara.results.tally import nest

SOURCE = "kpu_situng_2019"
SUBMITTED_BY = "import:kawalpemilu"
AUDIT_ACTION = "results.import_2019"
# Placeholders in the TPS snapshot body's template (no TPS code, tally or flag list looks like them).
_CODE, _TALLY, _FLAGS = "@tps-code@", "@tally@", "@flags@"


class ImportFileInvalid(DomainError):
    """The file cannot be imported: every problem found, with its line."""

    def __init__(self, problems: list[pemilu2019.Problem]):
        super().__init__(
            "import_file_invalid",
            f"Berkas ditolak, tidak ada yang diubah: {len(problems)} masalah, yang pertama {problems[0]}.",
            details=[{"line": p.line, "reason": p.reason} for p in problems],
        )
        self.problems = problems


@dataclass(frozen=True, slots=True)
class BrokenRow:
    """A row whose numbers break a rule of the form: not counted, listed for the volunteers to look at."""

    line: int
    tps_code: str
    provinsi: str
    kabkota: str
    kecamatan: str
    desa: str
    no_tps: int
    rules: str  # ';'-joined codes


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


def _compact(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


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
        "results_already_imported",
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
            "count_geography_exists",
            f"{contest.election.slug} sudah punya geografi penghitungan atau hasil yang tidak berasal dari "
            "impor berkas ini. Tidak ada yang diubah.",
        )


def _ids(sql: str, params: list) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found: dict[str, int] = {}
        while rows := cursor.fetchmany(50_000):
            found.update(rows)
        return found


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


class _Writer:
    """Writes one parsed file: each phase in bulk, inside the caller's transaction."""

    def __init__(self, contest: Contest, parsed: pemilu2019.ParsedFile, plan, report: Import2019Report):
        self.contest, self.rows, self.plan, self.report = contest, parsed.rows, plan, report
        self.now = timezone.now()
        self.db_now = connection.ops.adapt_datetimefield_value(self.now)
        self.now_iso = self.now.isoformat()
        self.codes: list[str] = []  # each row's TPS code, in file order
        self.externals: list[tuple] = []
        self.snapshots: list[tuple] = []
        self.recap = FreshRecap(contest)

    def geography(self) -> None:
        election = self.contest.election_id
        insert_rows(
            CountRegion,
            ("election_id", "code", "name", "level", "parent_code", "tps_expected", "source_ref"),
            (
                (election, r.code, r.name, r.level, r.parent_code, r.tps_expected, r.source_ref)
                for r in self.plan.regions
            ),
        )
        self.codes = [self.plan.tps_code(row) for row in self.rows]
        self.report.tps = insert_rows(
            CountTps,
            ("election_id", "code", "desa_code", "number", "dpt_l", "dpt_p", "source_ref"),
            (
                (election, code, code[:10], row.number, row.dpt_l, row.dpt_p, f"{row.desa_id}/{row.no_tps}")
                for row, code in zip(self.rows, self.codes, strict=True)
            ),
        )

    def _evaluated(self, tps_ids: dict[str, int]) -> Iterator[tuple]:
        """TpsResult rows for the counted TPS, collecting on the way the external results, the snapshot
        bodies and the report's counts (one pass: every row is checked once)."""
        report, contest_id, at = self.report, self.contest.pk, self.db_now
        body_template = _compact(self._tps_body(_CODE, _TALLY, _FLAGS))
        flags_json: dict[tuple, str] = {}
        for row, code in zip(self.rows, self.codes, strict=True):
            result = pemilu2019.evaluate(row)
            tally_json = None
            if result.external is not None:
                report.external[result.external_status] += 1
                report.external_rule_counts.update(result.external_rules)
                tally_json = _compact(result.external)
                self.externals.append(
                    (contest_id, code, SOURCE, tally_json, result.external_status, ";".join(result.external_rules))
                )
            if result.tally is None:
                report.not_reported += 1
                continue
            if result.breaches:
                report.rule_counts.update(result.breaches)
                report.broken.append(
                    BrokenRow(
                        row.line,
                        code,
                        row.provinsi,
                        row.kabkota,
                        row.kecamatan,
                        row.desa,
                        row.no_tps,
                        ";".join(result.breaches),
                    )
                )
                continue
            report.counted += 1
            report.flags.update(result.flags)
            self.recap.add(code, result.tally, result.flags)
            if result.external is not result.tally:
                tally_json = _compact(result.tally)
            flags = tuple(result.flags)
            if flags not in flags_json:
                flags_json[flags] = _compact(list(flags))
            # The body's structure comes from _tps_body once; each TPS only fills in its three values.
            body = (
                body_template.replace(f'"{_CODE}"', f'"{code}"')
                .replace(f'"{_FLAGS}"', flags_json[flags])
                .replace(f'"{_TALLY}"', _compact(nest(result.tally)))
            )
            self.snapshots.append((contest_id, code, 1, body))
            yield (contest_id, tps_ids[code], code, 1, tally_json, flags_json[flags], at)

    def _tps_body(self, code: str, nested: dict | str, flags: list[str] | str) -> dict:
        """``snapshots.tps_snapshot_body`` of an imported result, without reading it back."""
        return {
            "tps": code,
            "version": 1,
            "tally": nested,
            "flags": flags,
            "photos": [],
            "updated_at": self.now_iso,
            "versions": [
                {
                    "number": 1,
                    "kind": ResultVersion.Kind.IMPORT.value,
                    "status": ResultVersion.Status.ACCEPTED.value,
                    "tally": nested,
                    "reason": "",
                    "submitted_role": "",
                    "submitted_at": self.now_iso,
                    "decided_at": None,
                    "decision_note": "",
                    "photos": [],
                }
            ],
        }

    def results(self) -> None:
        tps_ids = _ids(
            f"SELECT code, id FROM {_table(CountTps)} WHERE election_id = %s",  # noqa: S608 - quoted names
            [self.contest.election_id],
        )
        insert_rows(
            TpsResult,
            ("contest_id", "tps_id", "tps_code", "version", "tally", "flags", "updated_at"),
            self._evaluated(tps_ids),
        )

    def externals_write(self) -> None:
        meta, at = _compact({}), self.db_now
        insert_rows(
            ExternalResult,
            ("contest_id", "tps_code", "source", "tally", "status", "rules", "meta", "imported_at"),
            ((*values, meta, at) for values in self.externals),
        )
        self.externals.clear()

    def versions(self) -> None:
        """Version 1 of every imported result, derived from the results in one statement."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {_table(ResultVersion)} (result_id, number, kind, status, tally, reason, "  # noqa: S608
                "submission_id, payload_digest, submitted_by, submitted_role, submitted_at, decided_by, "
                "decided_at, decision_note) "
                f"SELECT id, 1, %s, %s, tally, '', NULL, '', %s, '', updated_at, '', NULL, '' FROM {_table(TpsResult)} "
                "WHERE contest_id = %s",
                [ResultVersion.Kind.IMPORT, ResultVersion.Status.ACCEPTED, SUBMITTED_BY, self.contest.pk],
            )

    def recap_write(self) -> str:
        """The contest's first recap from the results just written, without reading them back (the
        same totals, flags and snapshots as ``suara recap rebuild``)."""
        fold_lock_wait(self.contest.pk)
        regions, snapshots = self.recap.publish()
        return f"{regions} wilayah, {snapshots} snapshot, {self.report.counted} TPS"

    def snapshots_write(self) -> None:
        """The public TPS snapshots, version 1, and their pointers (the contest had none: checked)."""
        at = self.db_now
        insert_rows(
            RecapSnapshot,
            ("contest_id", "code", "version", "body", "created_at"),
            ((*values, at) for values in self.snapshots),
        )
        self.snapshots.clear()
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {_table(RecapPointer)} (contest_id, code, snapshot_id, version) "  # noqa: S608
                f"SELECT contest_id, code, id, version FROM {_table(RecapSnapshot)} "
                "WHERE contest_id = %s AND LENGTH(code) = 13",
                [self.contest.pk],
            )


def _analyze() -> None:
    """Fresh planner statistics for the tables just filled, before the recap reads them in this same
    transaction: with the old ones (empty tables) PostgreSQL plans scans that made the rebuild six times
    slower. ANALYZE counts the transaction's own new rows; a role that does not own a table gets a
    warning and the old statistics, nothing worse."""
    if connection.vendor != "postgresql":
        return
    tables = (CountRegion, CountTps, TpsResult, ResultVersion, ExternalResult, RecapSnapshot, RecapPointer)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(_table(model) for model in tables)}")


def _timed(timings: dict[str, float], phase: str, fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    timings[phase] = timings.get(phase, 0.0) + time.perf_counter() - start
    return result


def results_import_2019(*, path: str | Path, actor: str) -> Import2019Report:
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
        raise DomainError("codes_exhausted", f"Kode wilayah 2019 tidak cukup: {exc}. Tidak ada yang diubah.") from exc
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
            writer = _Writer(contest, parsed, plan, report)
            _timed(timings, "write_geography", writer.geography)
            _timed(timings, "write_results", writer.results)
            _timed(timings, "write_external", writer.externals_write)
            _timed(timings, "write_versions", writer.versions)
            _timed(timings, "write_snapshots", writer.snapshots_write)
            _timed(timings, "analyze", _analyze)
            audit_record(
                actor=actor,
                action=AUDIT_ACTION,
                object_code=contest.slug,
                summary=_summary(digest, report),
            )
            report.recap = _timed(timings, "recap", writer.recap_write)
            committing = time.perf_counter()
        timings["commit"] = time.perf_counter() - committing
    except IntegrityError as exc:  # another import ran at the same time
        raise Conflict(
            "count_geography_exists", "Impor lain sedang atau sudah berjalan untuk pemilu ini. Tidak ada yang diubah."
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
