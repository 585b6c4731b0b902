"""A contest's first recap from results held in memory: what an importer that has just written every
result of a contest (``suara import-results-2019``) publishes instead of reading them all back for a
rebuild. The same kept totals, janggal flags and snapshot bodies as ``recap_rebuild.recap_rebuild``
(a test compares them): flags and bodies come from ``RecapState`` itself; only the loading differs,
and the writes are COPYs of version 1 (the contest has no recap yet: checked).

    recap = FreshRecap(contest)
    recap.add_region(...) / recap.add_tps(...) / recap.add(tps_code, tally, flags)   # as rows are written
    recap.prepare()                    # database: checks the contest has no recap, reads its locks
    snapshots, totals = recap.compute()   # Python only: no query, so another thread may use the connection
    recap.write(snapshots, totals)     # database, under the fold lock, in the caller's transaction
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from django.db import connection
from django.utils import timezone

from suara.core.db import bulk_insert
from suara.core.errors import Conflict
from suara.core.jsontext import dump_json
from suara.core.region_codes import (
    COUNTED_LEVELS,
    DESA,
    KABKOTA,
    KECAMATAN,
    NATIONAL,
    code_at,
    code_level,
    covers,
    desa_of,
    kabkota_of,
    tps_number,
)
from suara.elections.models import Contest
from suara.results.errors import ResultErrorCode
from suara.results.models import RecapDelta, RecapLock, RecapPointer, RecapSnapshot, RegionTotal
from suara.results.recap.bodies import (
    NATIONAL_NAME,
    TPS_KEY,
    RegionInfo,
    add_change,
    locking_role,
)
from suara.results.recap.state import OWN_FLAGS, Kept, RecapState
from suara.results.tally import SUMMED_PREFIXES


class _KnownState(RecapState):
    """``RecapState`` answering from memory what ``bodies`` would query: each desa's TPS and the locks."""

    def __init__(self, contest: Contest):
        super().__init__(contest)
        self.tps_by_desa: dict[str, list[tuple[str, int]]] = defaultdict(list)
        self.standing_locks: dict[str, dict] = {}

    def _tps_of(self, desa_codes: Sequence[str]) -> dict[str, list[tuple[str, int]]]:
        return {desa: self.tps_by_desa.get(desa, []) for desa in desa_codes}

    def _locks(self, codes: Iterable[str]) -> dict[str, dict]:
        return {code: self.standing_locks[code] for code in codes if code in self.standing_locks}


class FreshRecap:
    def __init__(self, contest: Contest):
        self.contest = contest
        self.top = contest.region_code
        self.state = _KnownState(contest)
        self.names = [f"votes.{n}" for n in self.state.numbers] + ["valid", "invalid", "total"]
        self.parents: dict[str, str] = {}
        self.desa: dict[str, dict] = defaultdict(dict)  # desa code -> summed totals
        self.tps: dict[str, dict[str, list]] = defaultdict(dict)  # desa code -> TPS suffix -> kept entry
        self.reported: Counter = Counter()
        self.results: list[tuple[str, dict, Sequence[str]]] = []
        self.regions = 0  # with kept totals, once computed

    # -- what the caller knows

    def add_region(self, code: str, name: str, level: int, parent_code: str, tps_expected: int) -> None:
        if covers(self.top, code):
            self.state.regions[code] = RegionInfo(code, name, level, tps_expected)
            self.parents[code] = parent_code

    def add_tps(self, code: str, number: int) -> None:
        self.state.tps_by_desa[desa_of(code)].append((code, number))

    def add(self, tps_code: str, tally: dict, flags: Sequence[str]) -> None:
        """A counted result: its tally and the flags it carries by itself (J1, J2, J3, J5). Summed later,
        in ``compute``, which may run while the server is busy with other writes."""
        if covers(self.top, tps_code):
            self.results.append((tps_code, tally, flags))

    def _sum_desa(self) -> None:
        """Each desa's totals: ``add_change(totals, summed(tally))`` for each result, inlined (half of
        ``compute`` otherwise). A summed field is a whole number; adding positive ones never gives 0."""
        summable: dict[str, bool] = {}
        for tps_code, tally, flags in self.results:
            desa = desa_of(tps_code)
            totals = self.desa[desa]
            for key, value in tally.items():
                adds = summable.get(key)
                if adds is None:
                    adds = summable[key] = key.startswith(SUMMED_PREFIXES)
                if adds and type(value) is int and value > 0:  # noqa: E721 - bool is not a count
                    totals[key] = totals.get(key, 0) + value
            self.reported[desa] += 1
            # As RecapState keeps them: the numbers the database would extract (0 where absent), own flags.
            numbers = [value if isinstance(value := tally.get(name), int) else 0 for name in self.names]
            self.tps[desa][tps_number(tps_code)] = [numbers, sorted(OWN_FLAGS.intersection(flags)) if flags else []]
        self.results.clear()

    # -- the database, before

    def prepare(self) -> None:
        """Refuses a contest that already has a recap (then a rebuild is the way); reads its locks."""
        contest = self.contest
        if (
            RegionTotal.objects.filter(contest=contest).exists()
            or RecapDelta.objects.filter(contest=contest).exists()
            or RecapSnapshot.objects.filter(contest=contest, code="").exists()
        ):
            raise Conflict(
                ResultErrorCode.RECAP_EXISTS, f"{contest.slug} sudah punya rekapitulasi; gunakan recap rebuild."
            )
        standing = RecapLock.objects.filter(contest=contest, reopened_at__isnull=True)
        for code, at in standing.values_list("region_code", "locked_at"):
            if role := locking_role(code):
                self.state.standing_locks[code] = {"at": at.isoformat(), "role": role}

    # -- Python only

    def _codes(self) -> list[str]:
        """Every region of the area and the way down to it, named as ``RecapState.load`` names them; the
        nation first."""
        state, top = self.state, self.top
        for code, parent in self.parents.items():
            state.children[parent].add(code)
        expected = sum(state.regions[c].tps_expected for c in state.children[""])
        state.regions[""] = RegionInfo("", NATIONAL_NAME, 0, expected)
        for code in list(state.regions):
            if len(code) < len(top) and top in state.regions:  # above the area: it holds the area's TPS only
                region = state.regions[code]
                state.regions[code] = RegionInfo(code, region.name, region.level, state.regions[top].tps_expected)
        return sorted(state.regions, key=lambda c: (len(c), c))

    def _sums(self) -> None:
        """Kept totals of every desa with results, rolled up to the nation (as the rebuild sums them)."""
        sums = {code: (totals, self.reported[code]) for code, totals in self.desa.items()}
        level = list(self.desa)
        for parent_level in reversed(COUNTED_LEVELS[:DESA]):
            parents: dict[str, dict] = defaultdict(dict)
            parent_reported: Counter = Counter()
            for code in level:
                add_change(parents[code_at(code, parent_level)], sums[code][0])
                parent_reported[code_at(code, parent_level)] += sums[code][1]
            sums.update((code, (totals, parent_reported[code])) for code, totals in parents.items())
            level = list(parents)
        for code, (totals, reported) in sums.items():
            if code in self.tps:
                totals = {**totals, TPS_KEY: self.tps[code]}
            self.state.kept[code] = Kept(totals=totals, tps_reported=reported, dirty=True)
        self.regions = len(sums)

    def compute(self) -> tuple[list[tuple[str, str]], list[tuple[str, str, int]]]:
        """Every region's snapshot body and kept totals, as JSON text: ([(code, body)], [(code, totals,
        TPS reported)]). No query."""
        state = self.state
        codes = self._codes()
        self._sum_desa()
        self._sums()
        state.refresh_flags([c for c in codes if code_level(c) == KECAMATAN])
        state.roll_up([c for c in codes if code_level(c) < DESA])
        snapshots: list[tuple[str, str]] = []
        units: dict[str, set[str]] = defaultdict(set)  # kab/kota by kab/kota, bounding the bodies in memory
        for code in codes:
            units[kabkota_of(code) if code_level(code) >= KABKOTA else NATIONAL].add(code)
        for unit in sorted(units):
            for code, body in state.bodies(units[unit]).items():
                body["version"] = 1
                snapshots.append((code, dump_json(body)))
        totals = [
            (code, dump_json(kept.totals), kept.tps_reported)
            for code, kept in state.kept.items()
            if kept.dirty and (kept.totals or kept.tps_reported)
        ]
        return snapshots, totals

    # -- the database, after

    def write(self, snapshots: list[tuple[str, str]], totals: list[tuple[str, str, int]]) -> None:
        """Version 1 of every snapshot and its pointer, and the kept totals. Under the fold lock."""
        contest_id, now = self.contest.pk, timezone.now()
        snapshot_table, pointer_table = RecapSnapshot._meta.db_table, RecapPointer._meta.db_table
        bulk_insert(
            snapshot_table,
            ("contest_id", "code", "version", "body", "created_at"),
            [(contest_id, code, 1, body, now) for code, body in snapshots],
        )
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {pointer_table} (contest_id, code, snapshot_id, version) "  # noqa: S608
                f"SELECT contest_id, code, id, version FROM {snapshot_table} "
                "WHERE contest_id = %s AND LENGTH(code) < 13",
                [contest_id],
            )
        bulk_insert(
            RegionTotal,
            ("contest_id", "region_code", "totals", "tps_reported", "updated_at"),
            [(contest_id, code, body, reported, now) for code, body, reported in totals],
        )
