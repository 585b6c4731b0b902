"""The bulk writes of the 2019 import (``load2019`` runs them in its one transaction): the counting
geography, each counted TPS's result with its first version and its public snapshot, KPU's numbers beside
them, and the recap computed from the rows in memory (``recap_fresh.FreshRecap``).

Bulk paths only (COPY on PostgreSQL, executemany on SQLite, set-based INSERT ... SELECT where a table is
derived from another): 813,336 rows never go through a save each. On PostgreSQL every write runs in a
second thread on the transaction's own connection while this thread does the Python work: the geography
while the rows are evaluated, then the results, KPU's numbers, the versions, the TPS snapshots and their
pointers and ANALYZE while the recap is computed; the two CPUs of a small server work at once.
"""

from __future__ import annotations

import operator
import re
import time
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from suara.core.db import bulk_insert
from suara.core.db_background import BackgroundWrites
from suara.core.jsontext import dump_json
from suara.core.region_codes import desa_of
from suara.elections.models import Contest
from suara.results.importers import pemilu2019
from suara.results.models import (
    CountRegion,
    CountTps,
    ExternalResult,
    RecapPointer,
    RecapSnapshot,
    ResultVersion,
    TpsResult,
)
from suara.results.recap.fold import fold_lock_wait
from suara.results.recap.fresh import FreshRecap
from suara.results.tally import nest

SOURCE = "kpu_situng_2019"
SUBMITTED_BY = "import:kawalpemilu"
# Placeholders in the TPS snapshot body's template (no TPS code, tally or flag list looks like them).
_CODE, _TALLY, _FLAGS = "@tps-code@", "@tally@", "@flags@"


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


# The two shapes of a counted row's tally (``pemilu2019._tally``): with the register, and without (overseas).
_SHAPE = ("votes.1", "votes.2", "valid", "invalid", "total", "voted_total.j")
_FULL = (*_SHAPE, "dpt.l", "dpt.p", "dpt.j")
_SHAPE_KEYS, _FULL_KEYS = frozenset(_SHAPE), frozenset(_FULL)
_SHAPE_VALUES, _FULL_VALUES = operator.itemgetter(*_SHAPE), operator.itemgetter(*_FULL)
_FLAT = '{"votes.1":%d,"votes.2":%d,"valid":%d,"invalid":%d,"total":%d,"voted_total.j":%d'
_FLAT_SHAPE, _FLAT_FULL = _FLAT + "}", _FLAT + ',"dpt.l":%d,"dpt.p":%d,"dpt.j":%d}'
_NESTED = '{"votes":{"1":%d,"2":%d},"valid":%d,"invalid":%d,"total":%d,"voters":{"voted_total":{"j":%d}'
_NESTED_SHAPE, _NESTED_FULL = _NESTED + '},"ballots":{}}', _NESTED + ',"dpt":{"l":%d,"p":%d,"j":%d}},"ballots":{}}'


def tally_json(tally: dict) -> str:
    """``dump_json(tally)`` of a row's tally, formatted directly in its usual shapes (a third of the time)."""
    keys = tally.keys()
    if keys == _FULL_KEYS:
        return _FLAT_FULL % _FULL_VALUES(tally)
    if keys == _SHAPE_KEYS:
        return _FLAT_SHAPE % _SHAPE_VALUES(tally)
    return dump_json(tally)


def nested_json(tally: dict) -> str:
    """``dump_json(nest(tally))``, formatted directly in the usual shapes."""
    keys = tally.keys()
    if keys == _FULL_KEYS:
        return _NESTED_FULL % _FULL_VALUES(tally)
    if keys == _SHAPE_KEYS:
        return _NESTED_SHAPE % _SHAPE_VALUES(tally)
    return dump_json(nest(tally))


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


class Writer:
    """Writes one parsed file, each phase in bulk, inside the caller's transaction."""

    def __init__(self, contest: Contest, parsed: pemilu2019.ParsedFile, plan, report):
        self.contest, self.rows, self.plan, self.report = contest, parsed.rows, plan, report
        self.vendor = connection.vendor
        self.now = timezone.now()
        self.db_now = connection.ops.adapt_datetimefield_value(self.now)
        self.now_iso = self.now.isoformat()
        self.codes: list[str] = []  # each row's TPS code, in file order
        self.externals: list[tuple] = []
        self.snapshots: list[tuple] = []
        self.results: list[tuple[str, str, str]] = []  # (TPS code, tally, flags) of each counted TPS
        self.recap = FreshRecap(contest)

    def _geography(self, cursor, tables: dict) -> None:
        """The counting geography (a background task: it reads only what the main thread no longer
        changes)."""
        election = self.contest.election_id
        bulk_insert(
            tables[CountRegion],
            ("election_id", "code", "name", "level", "parent_code", "tps_expected", "source_ref"),
            (
                (election, r.code, r.name, r.level, r.parent_code, r.tps_expected, r.source_ref)
                for r in self.plan.regions
            ),
            cursor=cursor,
        )
        bulk_insert(
            tables[CountTps],
            ("election_id", "code", "desa_code", "number", "dpt_l", "dpt_p", "source_ref"),
            (
                (election, code, desa_of(code), row.number, row.dpt_l, row.dpt_p, f"{row.desa_id}/{row.no_tps}")
                for row, code in zip(self.rows, self.codes, strict=True)
            ),
            cursor=cursor,
        )

    def _evaluate(self) -> None:
        """Every row checked once: the counted TPS's results, KPU's numbers, the TPS snapshot bodies,
        the recap's results and the report's counts, ready to be written."""
        report, contest_id, at = self.report, self.contest.pk, self.db_now
        # The body's structure comes from _tps_body once, cut at its placeholders; each TPS only fills in
        # its code, flags and tally (twice: the current numbers and version 1's).
        template = dump_json(self._tps_body(_CODE, _TALLY, _FLAGS))
        parts = re.split(f'"({re.escape(_CODE)}|{re.escape(_FLAGS)}|{re.escape(_TALLY)})"', template)
        template_holes = {i: parts[i] for i in range(1, len(parts), 2)}
        holes = list(template_holes)
        flags_json: dict[tuple, str] = {}
        for row, code in zip(self.rows, self.codes, strict=True):
            result = pemilu2019.evaluate(row)
            tally_text = None
            if result.external is not None:
                report.external[result.external_status] += 1
                if result.external_rules:
                    report.external_rule_counts.update(result.external_rules)
                tally_text = tally_json(result.external)
                self.externals.append(
                    (contest_id, code, SOURCE, tally_text, result.external_status, ";".join(result.external_rules))
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
            if result.flags:
                report.flags.update(result.flags)
            self.recap.add(code, result.tally, result.flags)
            if result.external is not result.tally:
                tally_text = tally_json(result.tally)
            flags = tuple(result.flags)
            if flags not in flags_json:
                flags_json[flags] = dump_json(list(flags))
            values = {_CODE: f'"{code}"', _FLAGS: flags_json[flags], _TALLY: nested_json(result.tally)}
            for i in holes:
                parts[i] = values[template_holes[i]]
            body = "".join(parts)
            self.snapshots.append((contest_id, code, 1, body, at))
            self.results.append((code, tally_text, flags_json[flags]))

    def _tps_body(self, code: str, nested: dict | str, flags: list[str] | str) -> dict:
        """``snapshots.tps_snapshot_body`` of an imported result, without reading it back."""
        return {
            "tps": code,
            "version": 1,
            "tally": nested,
            "flags": flags,
            "photos": [],
            "photos_pending": False,
            "channel": ResultVersion.Channel.API.value,
            "updated_at": self.now_iso,
            "versions": [
                {
                    "number": 1,
                    "kind": ResultVersion.Kind.IMPORT.value,
                    "status": ResultVersion.Status.ACCEPTED.value,
                    "tally": nested,
                    "reason_code": "",
                    "reason": "",
                    "submitted_role": "",
                    "submitted_at": self.now_iso,
                    "decided_at": None,
                    "decision_note": "",
                    "photos": [],
                    "channel": ResultVersion.Channel.API.value,
                    "photos_pending": False,
                    "photos_awaited": [],
                }
            ],
        }

    def _results(self, cursor, tables: dict) -> None:
        """The results, each with its TPS's id (a background task, after the geography)."""
        cursor.execute(
            f"SELECT code, id FROM {tables[CountTps]} WHERE election_id = %s",  # noqa: S608 - quoted names
            [self.contest.election_id],
        )
        tps_ids = dict(cursor.fetchall())
        contest_id, at = self.contest.pk, self.db_now
        bulk_insert(
            tables[TpsResult],
            ("contest_id", "tps_id", "tps_code", "version", "tally", "flags", "updated_at"),
            ((contest_id, tps_ids[code], code, 1, tally, flags, at) for code, tally, flags in self.results),
            cursor=cursor,
        )
        self.results.clear()

    # -- Everything, the server's work in a second thread and Python's in this one -------------------------

    def write(self, timings: dict[str, float]) -> str:
        """The geography written in the background while every row is evaluated here; then the results,
        KPU's numbers, the versions, the TPS snapshots and their pointers and ANALYZE in the background
        while the recap is computed here; then the recap written. Returns what the recap did."""
        fold_lock_wait(self.contest.pk)
        self.recap.prepare()
        self.codes = [self.plan.tps_code(row) for row in self.rows]
        self.report.tps = len(self.codes)
        for r in self.plan.regions:
            self.recap.add_region(r.code, r.name, r.level, r.parent_code, r.tps_expected)
        for row, code in zip(self.rows, self.codes, strict=True):
            self.recap.add_tps(code, row.number)
        models = (CountRegion, CountTps, ExternalResult, ResultVersion, TpsResult, RecapSnapshot, RecapPointer)
        tables = {model: _table(model) for model in models}
        statistics = ", ".join(tables[m] for m in (CountRegion, CountTps, TpsResult, ResultVersion, ExternalResult))
        with BackgroundWrites(timings, name="import-2019-writes") as background:
            background.submit("write_geography", lambda cursor: self._geography(cursor, tables))
            start = time.perf_counter()
            self._evaluate()
            timings["evaluate"] = time.perf_counter() - start
            background.submit("write_results", lambda cursor: self._results(cursor, tables))
            background.submit("write_external", lambda cursor: self._externals(cursor, tables[ExternalResult]))
            background.submit("write_versions", lambda cursor: self._versions(cursor, tables))
            background.submit("write_snapshots", lambda cursor: self._tps_snapshots(cursor, tables))
            if self.vendor == "postgresql":
                # Fresh planner statistics for the tables just filled; a role that does not own a table
                # gets a warning and the old statistics, nothing worse.
                background.submit("analyze", lambda cursor: cursor.execute(f"ANALYZE {statistics}"))
            start = time.perf_counter()
            snapshots, totals = self.recap.compute()
            timings["recap_compute"] = time.perf_counter() - start
            start = time.perf_counter()  # leaving the block waits for the writes
        timings["waited_for_background"] = time.perf_counter() - start
        start = time.perf_counter()
        self.recap.write(snapshots, totals)
        timings["recap_write"] = time.perf_counter() - start
        return f"{self.recap.regions} wilayah, {len(snapshots)} snapshot, {self.report.counted} TPS"

    def _externals(self, cursor, table: str) -> None:
        meta, at = dump_json({}), self.db_now
        columns = ("contest_id", "tps_code", "source", "tally", "status", "rules", "meta", "imported_at")
        bulk_insert(table, columns, ((*values, meta, at) for values in self.externals), cursor=cursor)
        self.externals.clear()

    def _versions(self, cursor, tables: dict) -> None:
        """Version 1 of every imported result, derived from the results in one statement."""
        cursor.execute(
            f"INSERT INTO {tables[ResultVersion]} (result_id, number, kind, status, tally, reason_code, reason, "  # noqa: S608
            "reason_published, submission_id, payload_digest, submitted_by, submitted_role, submitted_at, "
            "decided_by, decided_at, decision_note) "
            f"SELECT id, 1, %s, %s, tally, '', '', %s, NULL, '', %s, '', updated_at, '', NULL, '' "  # noqa: S608
            f"FROM {tables[TpsResult]} WHERE contest_id = %s",
            [
                ResultVersion.Kind.IMPORT.value,
                ResultVersion.Status.ACCEPTED.value,
                False,
                SUBMITTED_BY,
                self.contest.pk,
            ],
        )

    def _tps_snapshots(self, cursor, tables: dict) -> None:
        """The public TPS snapshots, version 1, and their pointers (the contest had none: checked)."""
        columns = ("contest_id", "code", "version", "body", "created_at")
        bulk_insert(tables[RecapSnapshot], columns, self.snapshots, cursor=cursor)
        self.snapshots.clear()
        cursor.execute(
            f"INSERT INTO {tables[RecapPointer]} (contest_id, code, snapshot_id, version) "  # noqa: S608
            f"SELECT contest_id, code, id, version FROM {tables[RecapSnapshot]} "
            "WHERE contest_id = %s AND LENGTH(code) = 13",
            [self.contest.pk],
        )
