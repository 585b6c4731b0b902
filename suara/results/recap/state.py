"""What one fold or republish works on, loaded in a handful of queries whatever the number of regions: the
names and TPS counts of the regions to publish and of their children, their kept totals (a desa's with
its TPS numbers), and the results of the TPS that changed; and the bulk writes that put the new totals
and snapshots back. Used by ``results.recap`` only."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import Subquery
from django.db.models.fields.json import KT
from django.utils import timezone

from suara.core import caches
from suara.core.db import bulk_insert, bulk_update, select_in
from suara.core.jsontext import dump_json, load_json
from suara.core.region_codes import DESA, NATIONAL, ancestor_codes, code_level, covers, desa_of, tps_code_of, tps_number
from suara.elections.models import Contest
from suara.results import anomalies
from suara.results.models import CountRegion, CountTps, ExternalResult, RecapLock, RegionTotal, TpsResult
from suara.results.recap.bodies import (
    FLAGS_KEY,
    NATIONAL_NAME,
    TPS_KEY,
    ContestInfo,
    RegionInfo,
    add_change,
    flag_summary,
    locking_role,
    merge_summaries,
    region_body,
    region_child_row,
    tps_child_row,
    vote_shares,
)

# Flags a TPS result carries by itself; J4 is the recap's own, recomputed over the kecamatan each time.
OWN_FLAGS = {"J1", "J2", "J3", "J5"}


def _whole(value: object) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def chunks(values: Sequence, size: int = 2000) -> Iterator[Sequence]:
    """``IN (...)`` lists of a size every database accepts."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


@dataclass
class Kept:
    """A region's kept totals in memory; ``dirty`` ones are written back by ``RecapState.save``."""

    totals: dict = field(default_factory=dict)
    tps_reported: int = 0
    pk: int | None = None
    dirty: bool = False


def contest_info(contest: Contest) -> ContestInfo:
    return ContestInfo(
        slug=contest.slug,
        name=contest.name,
        election=contest.election.slug,
        candidates=tuple(contest.candidates.order_by("number").values_list("number", "name")),
    )


# The TPS numbers of each desa a fold has published, kept by the folding process: an election's counting
# geography is written once (``geography.count_geography_prepare``, the 2019 import) and never changes
# after, and reading them afresh was an eighth of a fold's time when TPS report from all over (each fold
# touches a desa per TPS). Checked against the desa's TPS count, read anyway with its region row.
# ``SUARA_GEOGRAPHY_CACHE`` turns it off; tests empty it between tests (``core.caches``).
_desa_tps_numbers: dict[tuple[int, str], tuple[int, ...]] = {}
_DESA_TPS_MAX = 100_000  # desa; every desa of Indonesia (83,731) fits, in about 10 MB
caches.register("results.desa_tps_numbers", _desa_tps_numbers.clear)


class RecapState:
    def __init__(self, contest: Contest):
        self.contest = contest
        self.info = contest_info(contest)
        self.numbers = [number for number, _ in self.info.candidates]
        self.regions: dict[str, RegionInfo] = {}
        self.children: dict[str, set[str]] = defaultdict(set)
        self.kept: dict[str, Kept] = {}
        self.tps_flags: dict[str, list[str]] = {}

    # -- loading

    def load(self, codes: set[str], *, replace: dict[str, Kept] | None = None) -> None:
        """Names, TPS counts and kept totals of ``codes`` and of their children. With ``replace`` (a
        rebuild), the totals of ``codes`` are the given ones; their children's are read as stored."""
        election, top = self.contest.election_id, self.contest.region_code
        parents = sorted(code for code in codes if code_level(code) < DESA)
        named = sorted(({a for c in codes for a in ancestor_codes(c, top)} | codes | {top}) - {NATIONAL})
        fields = ("code", "name", "level", "parent_code", "tps_expected")
        rows: list[tuple] = []
        for chunk in chunks(named):
            rows += CountRegion.objects.filter(election_id=election, code__in=chunk).values_list(*fields)
        for chunk in chunks(parents):
            rows += CountRegion.objects.filter(election_id=election, parent_code__in=chunk).values_list(*fields)
        wanted = set(parents)
        for code, name, level, parent, expected in rows:
            self.regions[code] = RegionInfo(code, name, level, expected)
            if parent in wanted and covers(top, code):
                self.children[parent].add(code)
        if "" in codes:
            expected = sum(self.regions[c].tps_expected for c in self.children[""])
            self.regions[""] = RegionInfo("", NATIONAL_NAME, 0, expected)
        stored = sorted((codes if replace is None else set()) | {c for p in parents for c in self.children[p]})
        found = select_in(
            f"SELECT id, region_code, totals, tps_reported FROM {RegionTotal._meta.db_table} "  # noqa: S608
            "WHERE contest_id = %s AND region_code {values}",
            [self.contest.pk],
            stored,
        )
        for pk, code, totals, reported in found:
            self.kept[code] = Kept(totals=load_json(totals), tps_reported=reported, pk=pk)
        if replace is not None:
            self.kept.update((code, replace[code]) for code in codes if code in replace)

    def _kept(self, code: str) -> Kept:
        if code not in self.kept:
            self.kept[code] = Kept()
        return self.kept[code]

    def _tps_of_desa(self, desa: str) -> dict[str, list]:
        """The desa's kept TPS numbers and own flags, by the TPS code's last three digits."""
        kept = self.kept.get(desa)
        return kept.totals.get(TPS_KEY, {}) if kept else {}

    # -- changing

    def apply(self, changes: dict[str, dict], reported: Counter) -> None:
        for code, change in changes.items():
            kept = self._kept(code)
            add_change(kept.totals, change)
            kept.tps_reported += reported.get(code, 0)
            kept.dirty = True

    def _set_summary(self, code: str, summary: dict | None) -> bool:
        kept = self._kept(code)
        if kept.totals.get(FLAGS_KEY) == summary:
            return False
        if summary is None:
            kept.totals.pop(FLAGS_KEY, None)
        else:
            kept.totals[FLAGS_KEY] = summary
        kept.dirty = True
        return True

    def _result_rows(self, results) -> list[tuple]:
        """(tps code, flags, votes by ballot number..., valid, invalid, total) from a TpsResult queryset,
        the numbers extracted by the database: decoding whole tallies would cost more than the rest."""
        names = [f"votes.{n}" for n in self.numbers] + ["valid", "invalid", "total"]
        return list(results.values_list("tps_code", "flags", *(KT(f"tally__{name}") for name in names)))

    def _result_rows_of(self, tps_codes: Sequence[str]) -> list[tuple]:
        """The same rows for the given TPS, in one query on PostgreSQL."""
        names = [f"votes.{n}" for n in self.numbers] + ["valid", "invalid", "total"]
        if connection.vendor == "postgresql":
            numbers = ", ".join(f"tally ->> '{name}'" for name in names)
        else:
            numbers = ", ".join(f"json_extract(tally, '$.\"{name}\"')" for name in names)
        return select_in(
            f"SELECT tps_code, flags, {numbers} FROM {TpsResult._meta.db_table} "  # noqa: S608
            "WHERE contest_id = %s AND tps_code {values}",
            [self.contest.pk],
            tps_codes,
        )

    def _entries(self, rows: list[tuple]) -> dict[str, dict[str, list]]:
        """Desa code -> TPS code's last three digits -> [numbers, own flags]."""
        entries: dict[str, dict[str, list]] = defaultdict(dict)
        for code, flags, *values in rows:
            own = sorted(OWN_FLAGS.intersection(load_json(flags))) if flags not in ("[]", []) else []
            entries[desa_of(code)][tps_number(code)] = [[_whole(v) for v in values], own]
        return entries

    def _mark_disagreeing(self, entries: dict[str, dict[str, list]], external: Iterable[tuple[str, dict]]) -> None:
        """J5 on each TPS whose count differs from a number another source published for it."""
        theirs: dict[str, list[dict]] = defaultdict(list)
        for code, tally in external:
            if tps_number(code) in entries.get(desa_of(code), {}):
                theirs[code].append(tally)
        for chunk in chunks(sorted(theirs)):
            ours = TpsResult.objects.filter(contest=self.contest, tps_code__in=chunk).values_list("tps_code", "tally")
            for code, tally in ours:
                if any(anomalies.sources_disagree(tally, other) for other in theirs[code]):
                    entry = entries[desa_of(code)][tps_number(code)]
                    entry[1] = sorted({*entry[1], "J5"})

    def _keep_tps(self, desa: str, entries: dict[str, list]) -> None:
        kept = self._kept(desa)
        if kept.totals.get(TPS_KEY, {}) != entries:
            if entries:
                kept.totals[TPS_KEY] = entries
            else:
                kept.totals.pop(TPS_KEY, None)
            kept.dirty = True

    def update_tps(self, tps_codes: Sequence[str]) -> None:
        """Re-reads the TPS whose results changed into their desa's kept TPS numbers."""
        entries = self._entries(self._result_rows_of(tps_codes))
        external = select_in(
            f"SELECT tps_code, tally FROM {ExternalResult._meta.db_table} "  # noqa: S608
            "WHERE contest_id = %s AND tps_code {values}",
            [self.contest.pk],
            tps_codes,
        )
        self._mark_disagreeing(entries, [(code, load_json(tally)) for code, tally in external])
        for desa, found in entries.items():
            self._keep_tps(desa, {**self._tps_of_desa(desa), **found})

    def reload_tps(self, desa_codes: Sequence[str]) -> None:
        """Reads every TPS result of these desa afresh (publishing everything, a rebuild)."""
        election = self.contest.election_id
        for chunk in chunks(desa_codes):
            results = TpsResult.objects.filter(
                contest=self.contest, tps__election_id=election, tps__desa_code__in=chunk
            )
            entries = self._entries(self._result_rows(results))
            tps_codes = CountTps.objects.filter(election_id=election, desa_code__in=chunk).values("code")
            external = ExternalResult.objects.filter(contest=self.contest, tps_code__in=Subquery(tps_codes))
            self._mark_disagreeing(entries, external.values_list("tps_code", "tally"))
            for desa in chunk:
                self._keep_tps(desa, entries.get(desa, {}))

    def refresh_flags(self, kecamatans: Iterable[str]) -> set[str]:
        """J4 over each whole kecamatan from its desa's kept TPS numbers, then each desa's summary; returns
        the desa whose summary moved."""
        moved = set()
        for kecamatan in kecamatans:
            desa_codes = sorted(self.children.get(kecamatan, ()))
            shares = {}
            for desa in desa_codes:
                for suffix, (numbers, _) in self._tps_of_desa(desa).items():
                    if (share := vote_shares(numbers, self.numbers)) is not None:
                        shares[desa + suffix] = share
            outliers = anomalies.outliers(shares)
            for desa in desa_codes:
                flags = {}
                for suffix, (_, own) in self._tps_of_desa(desa).items():
                    code = desa + suffix
                    flags[code] = sorted({*own, *outliers[code]}) if code in outliers else own
                self.tps_flags.update(flags)
                if self._set_summary(desa, flag_summary(flags)):
                    moved.add(desa)
        return moved

    def roll_up(self, codes: Iterable[str]) -> None:
        """Each region's janggal summary from its children's, from the kecamatan up."""
        for code in sorted((c for c in codes if code_level(c) < DESA), key=len, reverse=True):
            children = [self.kept[c].totals.get(FLAGS_KEY) for c in self.children.get(code, ()) if c in self.kept]
            self._set_summary(code, merge_summaries(children))

    # -- writing

    def _locks(self, codes: Iterable[str]) -> dict[str, dict]:
        lockable = sorted(c for c in codes if locking_role(c))
        locks = {}
        for chunk in chunks(lockable):
            standing = RecapLock.objects.filter(contest=self.contest, region_code__in=chunk, reopened_at__isnull=True)
            for code, at in standing.values_list("region_code", "locked_at"):
                locks[code] = {"at": at.isoformat(), "role": locking_role(code)}
        return locks

    def _tps_of(self, desa_codes: Sequence[str]) -> dict[str, list[tuple[str, int]]]:
        """Each desa's TPS as (code, number), in number order. A TPS's code is its desa's code and its
        3-digit number (``regions.importers.geography_files``, ``importers.geography2019``)."""
        election = self.contest.election_id
        keep = settings.SUARA_GEOGRAPHY_CACHE
        numbers: dict[str, tuple[int, ...]] = {}
        missing = []
        for desa in desa_codes:
            cached = _desa_tps_numbers.get((election, desa)) if keep else None
            region = self.regions.get(desa)
            if cached is not None and region is not None and len(cached) == region.tps_expected:
                numbers[desa] = cached
            else:
                missing.append(desa)
        read: dict[str, list[int]] = defaultdict(list)
        rows = select_in(
            f"SELECT desa_code, number FROM {CountTps._meta.db_table} "  # noqa: S608
            "WHERE election_id = %s AND desa_code {values}",
            [election],
            missing,
        )
        for desa, number in rows:
            read[desa].append(number)
        for desa in missing:
            numbers[desa] = tuple(sorted(read.get(desa, ())))
            if keep:
                if len(_desa_tps_numbers) >= _DESA_TPS_MAX:
                    _desa_tps_numbers.clear()
                _desa_tps_numbers[(election, desa)] = numbers[desa]
        return {desa: [(tps_code_of(desa, n), n) for n in found] for desa, found in numbers.items()}

    def bodies(self, codes: set[str]) -> dict[str, dict]:
        """The snapshot body of each code (its ``version`` is set when published)."""
        locks = self._locks(codes)
        top = self.contest.region_code

        def above(code: str) -> list[str]:
            return ancestor_codes(code, top)

        tps = self._tps_of(sorted(c for c in codes if code_level(c) == DESA))
        now = timezone.now().isoformat()
        empty = Kept()
        bodies = {}
        for code in codes:
            region = self.regions.get(code) or RegionInfo(code, "", code_level(code), 0)
            if code_level(code) == DESA:
                kept_tps = self._tps_of_desa(code)
                children = [
                    tps_child_row(c, n, kept_tps.get(tps_number(c), [None])[0], self.tps_flags.get(c, ()), self.info)
                    for c, n in tps.get(code, [])
                ]
            else:
                children = []
                for child in sorted(self.children.get(code, ())):
                    kept = self.kept.get(child, empty)
                    children.append(region_child_row(self.regions[child], kept.totals, kept.tps_reported, self.info))
            kept = self.kept.get(code, empty)
            bodies[code] = region_body(
                contest=self.info,
                region=region,
                ancestors=[(a, self.regions[a].name if a in self.regions else "") for a in above(code)],
                totals=kept.totals,
                tps_reported=kept.tps_reported,
                children=children,
                locked=locks.get(code),
                updated_at=now,
            )
        return bodies

    def save(self) -> None:
        """Writes back the kept totals that changed: the changed rows in one statement, the new ones in
        another."""
        now = timezone.now()
        created, updated = [], []
        for code, kept in self.kept.items():
            if not kept.dirty:
                continue
            if kept.pk is not None:
                updated.append((kept.pk, dump_json(kept.totals), kept.tps_reported, now))
            elif kept.totals or kept.tps_reported:
                created.append((self.contest.pk, code, dump_json(kept.totals), kept.tps_reported, now))
            kept.dirty = False
        bulk_update(RegionTotal, "id", ("totals", "tps_reported", "updated_at"), updated)
        bulk_insert(RegionTotal, ("contest_id", "region_code", "totals", "tps_reported", "updated_at"), created)
