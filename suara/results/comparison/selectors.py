"""Where the count and another source differ: per region, how many TPS both have, how many agree, and
which TPS beneath have numbers that differ, with both tallies.

An analysis view, not a public snapshot: it reads the raw tables (``TpsResult`` against ``ExternalResult``)
because a comparison with a source imported at any time cannot be precomputed with the recap. It stays
bounded whatever the region: five queries per call (the region and its ancestors, its children's names, the
counts per child on each side, one page of differing TPS), the comparison itself done by the database, and
at most ``MAX_PAGE_SIZE`` TPS per page.

"Differ" means what the J5 flag means (``anomalies.sources_disagree``): a number both sources give is not
the same, the register (DPT) aside.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.utils.translation import gettext_lazy as _

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
from suara.results.models import CountRegion, CountTps, ExternalResult, TpsResult

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


def _differs_sql() -> str:
    """True where a number both tallies give differs (``r``: ours, ``e``: theirs), in SQL."""
    skipped = ", ".join(f"'{key}'" for key in NOT_COMPARED)
    if connection.vendor == "postgresql":
        # Where one tally contains the other, every shared number is equal: most TPS, decided without
        # taking either apart (a third of the national comparison's time).
        return (
            "NOT (r.tally @> e.tally OR e.tally @> r.tally) AND EXISTS (SELECT 1 FROM jsonb_each(r.tally) a "  # noqa: S608
            f"JOIN jsonb_each(e.tally) b ON a.key = b.key WHERE a.key NOT IN ({skipped}) AND a.value <> b.value)"
        )
    return (
        "EXISTS (SELECT 1 FROM json_each(r.tally) a JOIN json_each(e.tally) b ON a.key = b.key "  # noqa: S608
        f"WHERE a.key NOT IN ({skipped}) AND a.value IS NOT b.value)"
    )


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _range_sql(column: str, upper: str | None) -> str:
    return f" AND {column} >= %s" + (f" AND {column} < %s" if upper is not None else "")


def _range_params(lower: str, upper: str | None) -> list[str]:
    return [lower] + ([upper] if upper is not None else [])


def _counts_by_child(contest: Contest, source: str, code: str) -> dict[str, Counts]:
    """Two grouped queries: our results (with the source's beside them), then the source's alone."""
    width = TPS_LENGTH if code_level(code) == TPS else child_length(code)  # a TPS is its own row
    lower, upper = covered_range(code)
    ours_range, theirs_range = _range_sql("r.tps_code", upper), _range_sql("e.tps_code", upper)
    # Only our own table names, the code's length and the range's placeholders are put into the SQL.
    ours_sql = (
        f"SELECT SUBSTR(r.tps_code, 1, {width}), COUNT(*), COUNT(e.id), "  # noqa: S608
        f"SUM(CASE WHEN e.id IS NOT NULL AND {_differs_sql()} THEN 1 ELSE 0 END) "
        f"FROM {_table(TpsResult)} r LEFT JOIN {_table(ExternalResult)} e "
        # The range again on their side, so that the planner reads only their rows beneath the region.
        f"ON e.contest_id = r.contest_id AND e.tps_code = r.tps_code AND e.source = %s{theirs_range} "
        f"WHERE r.contest_id = %s{ours_range} GROUP BY 1"
    )
    theirs_sql = (
        f"SELECT SUBSTR(e.tps_code, 1, {width}), COUNT(*) FROM {_table(ExternalResult)} e "  # noqa: S608
        f"WHERE e.contest_id = %s AND e.source = %s{theirs_range} AND NOT EXISTS "
        f"(SELECT 1 FROM {_table(TpsResult)} r WHERE r.contest_id = e.contest_id AND r.tps_code = e.tps_code) "
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
    ours_range, theirs_range = _range_sql("r.tps_code", upper), _range_sql("e.tps_code", upper)
    sql = (
        f"SELECT r.tps_code, r.tally, e.tally FROM {_table(TpsResult)} r JOIN {_table(ExternalResult)} e "  # noqa: S608
        f"ON e.contest_id = r.contest_id AND e.tps_code = r.tps_code AND e.source = %s{theirs_range} "
        f"WHERE r.contest_id = %s{ours_range} AND {_differs_sql()} "
        "ORDER BY r.tps_code LIMIT %s OFFSET %s"
    )
    decode = TpsResult._meta.get_field("tally").from_db_value
    rows = []
    with connection.cursor() as cursor:
        bounds = _range_params(lower, upper)
        cursor.execute(sql, [source, *bounds, contest.pk, *bounds, page_size, (page - 1) * page_size])
        for tps_code, ours, theirs in cursor.fetchall():
            ours, theirs = decode(ours, None, connection), decode(theirs, None, connection)
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
