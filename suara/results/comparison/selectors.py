"""Where the count and another source differ: per region, how many TPS both have, how many agree, and
which TPS beneath have numbers that differ, with both tallies.

Public, so it reads what the public real count shows: each TPS's published snapshot (``RecapSnapshot``
through its ``RecapPointer``, the body the public TPS page and API show), never the raw result tables;
against the source's numbers (``ExternalResult``). A comparison with a source imported at any time cannot
be precomputed with the recap, so it stays an analysis over those snapshots, bounded whatever the region:
five queries per call (the region and its ancestors, its children's names, the counts per child on each
side, one page of differing TPS), the comparison itself done by the database, and at most
``MAX_PAGE_SIZE`` TPS per page.

"Differ" means what the J5 flag means (``anomalies.sources_disagree``): a number both sources give is not
the same, the register (DPT) aside. A snapshot holds its tally nested (``tally.nest``) and the source's is
flat, so each of the source's numbers is looked up in ours by its path in the nested shape.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext_lazy as _

from suara.core import caches
from suara.core.errors import DomainError, ErrorCode, NotFound
from suara.core.region_codes import (
    DESA,
    TPS,
    TPS_LENGTH,
    ancestor_codes,
    child_length,
    code_level,
    covered_range,
    is_code,
    tps_number,
)
from suara.elections.models import Contest
from suara.elections.selectors import contest_get
from suara.results.errors import ResultErrorCode
from suara.results.models import CountRegion, CountTps, ExternalResult, RecapPointer, RecapSnapshot
from suara.results.tally import unnest

SOURCES = {
    "kpu_sirekap_2024": _("KPU Sirekap 2024"),
    "kpu_situng_2019": _("KPU Situng 2019"),
}
NOT_COMPARED = ("dpt.l", "dpt.p", "dpt.j")  # as anomalies.sources_disagree
MAX_PAGE_SIZE = 200
NATIONAL_NAME = "INDONESIA"


@dataclass(frozen=True)
class Counts:
    compared: int = 0  # TPS with both our result and the source's numbers
    different: int = 0  # ... whose shared numbers differ
    external_only: int = 0  # the source has numbers, we have no result
    ours_only: int = 0  # we have a result, the source has nothing

    @property
    def equal(self) -> int:
        return self.compared - self.different

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.compared + other.compared,
            self.different + other.different,
            self.external_only + other.external_only,
            self.ours_only + other.ours_only,
        )

    def as_dict(self) -> dict[str, int]:
        return {
            "compared": self.compared,
            "equal": self.equal,
            "different": self.different,
            "external_only": self.external_only,
            "ours_only": self.ours_only,
        }


@dataclass(frozen=True)
class ChildCounts:
    code: str
    name: str
    counts: Counts


@dataclass(frozen=True)
class DifferingTps:
    code: str
    ours: dict
    theirs: dict
    fields: list[str]  # the shared numbers that differ


@dataclass(frozen=True)
class Comparison:
    contest: Contest
    source: str
    code: str
    name: str
    level: int  # 0 national .. 4 desa, 5 TPS
    ancestors: list[tuple[str, str]]  # (code, name) from the province down, excluding itself
    counts: Counts
    children: list[ChildCounts]
    rows: list[DifferingTps]
    page: int
    pages: int
    page_size: int

    @property
    def source_label(self) -> str:
        return str(SOURCES[self.source])


def differing_fields(ours: dict, theirs: dict) -> list[str]:
    shared = (ours.keys() & theirs.keys()) - set(NOT_COMPARED)
    return sorted(k for k in shared if ours[k] != theirs[k])


def _postgresql() -> bool:
    return connection.vendor == "postgresql"


def _head_tail_sql(key: str) -> tuple[str, str]:
    """A flat key's part before its first dot and the rest ('' without a dot), as ``str.partition``."""
    if _postgresql():
        head = f"split_part({key}, '.', 1)"
    else:
        head = f"(CASE WHEN instr({key}, '.') > 0 THEN substr({key}, 1, instr({key}, '.') - 1) ELSE {key} END)"
    return head, f"substr({key}, length({head}) + 2)"


def _ours_at_sql(key: str) -> str:
    """Where our published number for the source's flat key ``key`` is in the TPS snapshot: where
    ``tally.nest`` puts it (votes.N and ballots.X under their head, a voter group's part under ``voters``,
    a plain key at the top), as a path into ``o.tally`` (jsonb, PostgreSQL) or into ``s.body`` (SQLite)."""
    head, tail = _head_tail_sql(key)
    if _postgresql():
        return (
            f"(CASE WHEN {head} IN ('votes', 'ballots') THEN ARRAY[{head}, {tail}] "
            f"WHEN {tail} <> '' THEN ARRAY['voters', {head}, {tail}] ELSE ARRAY[{head}] END)"
        )
    return (
        f"""(CASE WHEN {head} IN ('votes', 'ballots') THEN '$."tally"."' || {head} || '"."' || {tail} || '"' """
        f"""WHEN {tail} <> '' THEN '$."tally"."voters"."' || {head} || '"."' || {tail} || '"' """
        f"""ELSE '$."tally"."' || {head} || '"' END)"""
    )


def _differs_sql() -> str:
    """True where a number both tallies give differs (ours: the TPS snapshot's, see ``_ours_sql``; ``e``:
    theirs), in SQL."""
    skipped = ", ".join(f"'{key}'" for key in NOT_COMPARED)
    path = _ours_at_sql("b.key")
    if _postgresql():
        # A number we do not have is SQL NULL, never unequal: only the numbers both give are compared.
        return (
            f"EXISTS (SELECT 1 FROM jsonb_each(e.tally) b WHERE b.key NOT IN ({skipped}) "  # noqa: S608
            f"AND (o.tally #> {path}) <> b.value)"
        )
    return (
        f"EXISTS (SELECT 1 FROM json_each(e.tally) b WHERE b.key NOT IN ({skipped}) "  # noqa: S608
        # A key with a double quote cannot be written in a JSON path (none of the importers' keys has one).
        # json_type tells a number we do not have (SQL NULL) from a JSON null, which json_extract does not.
        f"""AND instr(b.key, '"') = 0 AND json_type(s.body, {path}) IS NOT NULL """
        f"AND json_extract(s.body, {path}) IS NOT b.value)"
    )


def _ours_sql(only_compared: bool) -> str:
    """The join that brings each TPS's published tally (``p``: its pointer) for ``_differs_sql``. On
    PostgreSQL the tally is taken out of the snapshot's ``json`` body as ``jsonb`` once per TPS (the fence,
    OFFSET 0, keeps the planner from repeating it for every number looked up); ``only_compared``: only for
    the TPS the source has numbers for (``e``), the others need no snapshot read."""
    if _postgresql():
        when = " AND e.id IS NOT NULL" if only_compared else ""
        return (
            f"LEFT JOIN LATERAL (SELECT (s.body -> 'tally')::jsonb AS tally FROM {_table(RecapSnapshot)} s "  # noqa: S608
            f"WHERE s.id = p.snapshot_id{when} OFFSET 0) o ON TRUE"
        )
    return f"LEFT JOIN {_table(RecapSnapshot)} s ON s.id = p.snapshot_id"


def _ours_tally_sql() -> str:
    """The published tally (nested) of the TPS in ``_ours_sql``'s join, for the rows shown."""
    return "o.tally" if _postgresql() else "json_extract(s.body, '$.tally')"


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _range_sql(column: str, upper: str | None) -> str:
    return f" AND {column} >= %s" + (f" AND {column} < %s" if upper is not None else "")


def _range_params(lower: str, upper: str | None) -> list[str]:
    return [lower] + ([upper] if upper is not None else [])


# (contest id, source, code) -> (monotonic time computed, counts by child). The counts beneath a region
# cost seconds of database time at the national level and the page is public: a process answers from what
# it computed within the last SUARA_COMPARISON_CACHE_SECONDS, so a burst of readers costs one computation.
_counts_cache: dict[tuple[int, str, str], tuple[float, dict[str, Counts]]] = {}
COUNTS_CACHE_ENTRIES = 512
caches.register("results.comparison_counts", _counts_cache.clear)


def _counts_by_child(contest: Contest, source: str, code: str) -> dict[str, Counts]:
    keep = settings.SUARA_COMPARISON_CACHE_SECONDS
    key = (contest.pk, source, code)
    now = time.monotonic()
    cached = _counts_cache.get(key)
    if cached is not None and now - cached[0] < keep:
        return cached[1]
    counts = _counts_computed(contest, source, code)
    if keep:
        if len(_counts_cache) >= COUNTS_CACHE_ENTRIES:
            _counts_cache.pop(min(_counts_cache, key=lambda k: _counts_cache[k][0]))  # the oldest goes
        _counts_cache[key] = (now, counts)
    return counts


def _counts_computed(contest: Contest, source: str, code: str) -> dict[str, Counts]:
    """Two grouped queries: our published TPS (with the source's beside them), then the source's alone."""
    width = TPS_LENGTH if code_level(code) == TPS else child_length(code)  # a TPS is its own row
    lower, upper = covered_range(code)
    ours_range, theirs_range = _range_sql("p.code", upper), _range_sql("e.tps_code", upper)
    # Only our own table names, the code's length and the range's placeholders are put into the SQL. Each TPS
    # is judged in the inner query, so that what is sorted for the grouping is its verdict, not its tally
    # (the fence, OFFSET 0, keeps PostgreSQL from moving the judging above the sort).
    ours_sql = (
        "SELECT child, COUNT(*), COUNT(compared), SUM(differs) FROM ("  # noqa: S608
        f"SELECT SUBSTR(p.code, 1, {width}) AS child, e.id AS compared, "
        f"CASE WHEN e.id IS NOT NULL AND {_differs_sql()} THEN 1 ELSE 0 END AS differs "
        f"FROM {_table(RecapPointer)} p LEFT JOIN {_table(ExternalResult)} e "
        # The range again on their side, so that the planner reads only their rows beneath the region.
        f"ON e.contest_id = p.contest_id AND e.tps_code = p.code AND e.source = %s{theirs_range} "
        f"{_ours_sql(only_compared=True)} "
        # The range also holds the regions beneath, whose snapshots are recaps: only the TPS' are counted.
        f"WHERE p.contest_id = %s{ours_range} AND LENGTH(p.code) = {TPS_LENGTH}"
        f"{' OFFSET 0' if _postgresql() else ''}) ours GROUP BY child"
    )
    theirs_sql = (
        f"SELECT SUBSTR(e.tps_code, 1, {width}), COUNT(*) FROM {_table(ExternalResult)} e "  # noqa: S608
        f"WHERE e.contest_id = %s AND e.source = %s{theirs_range} AND NOT EXISTS "
        f"(SELECT 1 FROM {_table(RecapPointer)} p WHERE p.contest_id = e.contest_id AND p.code = e.tps_code) "
        "GROUP BY 1"
    )
    counts: dict[str, Counts] = {}
    with connection.cursor() as cursor:
        cursor.execute(ours_sql, [source, *_range_params(lower, upper), contest.pk, *_range_params(lower, upper)])
        for child, ours, compared, different in cursor.fetchall():
            counts[child] = Counts(compared=compared, different=different or 0, ours_only=ours - compared)
        cursor.execute(theirs_sql, [contest.pk, source, *_range_params(lower, upper)])
        for child, alone in cursor.fetchall():
            counts[child] = counts.get(child, Counts()) + Counts(external_only=alone)
    return counts


def _differing_page(contest: Contest, source: str, code: str, page: int, page_size: int) -> list[DifferingTps]:
    lower, upper = covered_range(code)
    ours_range, theirs_range = _range_sql("p.code", upper), _range_sql("e.tps_code", upper)
    sql = (
        f"SELECT p.code, {_ours_tally_sql()}, e.tally FROM {_table(RecapPointer)} p "  # noqa: S608
        f"JOIN {_table(ExternalResult)} e "
        f"ON e.contest_id = p.contest_id AND e.tps_code = p.code AND e.source = %s{theirs_range} "
        f"{_ours_sql(only_compared=False)} "
        # Joined to the source's TPS, the pointers are TPS' without asking their codes' length, which the
        # planner cannot estimate: it then reads in the order of codes and stops at the page's last TPS.
        f"WHERE p.contest_id = %s{ours_range} AND {_differs_sql()} "
        "ORDER BY p.code LIMIT %s OFFSET %s"
    )
    decode_ours = RecapSnapshot._meta.get_field("body").from_db_value
    decode_theirs = ExternalResult._meta.get_field("tally").from_db_value
    rows = []
    with connection.cursor() as cursor:
        bounds = _range_params(lower, upper)
        cursor.execute(sql, [source, *bounds, contest.pk, *bounds, page_size, (page - 1) * page_size])
        for tps_code, ours, theirs in cursor.fetchall():
            ours, theirs = unnest(decode_ours(ours, None, connection)), decode_theirs(theirs, None, connection)
            rows.append(DifferingTps(tps_code, ours, theirs, differing_fields(ours, theirs)))
    return rows


def _place(contest: Contest, code: str) -> tuple[str, int, list[tuple[str, str]]]:
    """The region's (or TPS's) name, level and ancestors, in one query."""
    if code == "":
        return NATIONAL_NAME, 0, []
    prefixes = ancestor_codes(code)
    names = dict(
        CountRegion.objects.filter(election_id=contest.election_id, code__in=[*prefixes, code]).values_list(
            "code", "name"
        )
    )
    if code_level(code) == TPS:
        if not CountTps.objects.filter(election_id=contest.election_id, code=code).exists():
            raise NotFound(
                ErrorCode.REGION_NOT_FOUND, f"TPS {code} tidak ada dalam {contest.election.name}.", field="code"
            )
        return f"TPS {tps_number(code)}", TPS, [(p, names.get(p, "")) for p in prefixes]
    if code not in names:
        raise NotFound(
            ErrorCode.REGION_NOT_FOUND, f"Wilayah {code} tidak ada dalam {contest.election.name}.", field="code"
        )
    return names[code], code_level(code), [(p, names.get(p, "")) for p in prefixes]


def _child_names(contest: Contest, code: str, children: list[str]) -> dict[str, str]:
    if code_level(code) >= DESA:
        return {c: f"TPS {tps_number(c)}" for c in children}
    return dict(
        CountRegion.objects.filter(election_id=contest.election_id, parent_code=code).values_list("code", "name")
    )


def comparison_get(*, contest: str, code: str, source: str, page: int = 1, page_size: int = 50) -> Comparison:
    """The comparison of ``source`` with our count beneath ``code`` ('' national), and one page of the TPS
    whose numbers differ."""
    if source not in SOURCES:
        raise DomainError(
            ResultErrorCode.UNKNOWN_SOURCE,
            f"Sumber harus salah satu dari: {', '.join(SOURCES)}.",
            field="source",
            status=400,
        )
    if not is_code(code):
        raise DomainError(ErrorCode.INVALID_REGION_CODE, "Kode wilayah harus 2, 4, 6, 10 atau 13 digit.", field="code")
    if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise DomainError(
            ResultErrorCode.INVALID_PAGE, f"Halaman mulai dari 1, paling banyak {MAX_PAGE_SIZE} TPS.", field="page"
        )
    contest_obj = contest_get(contest)
    name, level, ancestors = _place(contest_obj, code)
    by_child = _counts_by_child(contest_obj, source, code)
    total = sum(by_child.values(), Counts())
    names = _child_names(contest_obj, code, sorted(by_child))
    children = (
        [] if code_level(code) == TPS else [ChildCounts(c, names.get(c, ""), by_child[c]) for c in sorted(by_child)]
    )
    pages = max(1, -(-total.different // page_size))
    rows = _differing_page(contest_obj, source, code, page, page_size) if page <= pages else []
    return Comparison(
        contest=contest_obj,
        source=source,
        code=code,
        name=name,
        level=level,
        ancestors=ancestors,
        counts=total,
        children=children,
        rows=rows,
        page=page,
        pages=pages,
        page_size=page_size,
    )


def sources_with_data(contest: Contest) -> list[str]:
    """The known sources that hold numbers for the contest (one cheap query each)."""
    return [s for s in SOURCES if ExternalResult.objects.filter(contest=contest, source=s).exists()]
