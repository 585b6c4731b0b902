"""Every region at once: a snapshot of every region of a contest's area (``recap_publish_all``), and the
kept totals rebuilt from the TPS results (``recap_rebuild``). The fold itself is in ``recap.py``;
docs/results.md tells the whole story.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction

from suara.audit.actors import SYSTEM, Actor
from suara.audit.services import audit_record
from suara.core.region_codes import COUNTED_LEVELS, DESA, KABKOTA, code_at, code_level, codes_above, covers, desa_of
from suara.elections.models import Contest
from suara.results.audit_actions import ResultAuditAction
from suara.results.models import CountRegion, RecapDelta, RegionTotal, TpsResult
from suara.results.recap.bodies import (
    FLAGS_KEY,
    add_change,
    summed_part,
)
from suara.results.recap.fold import _lock_args, contest_resolve, fold_lock_wait, republish
from suara.results.recap.state import Kept, chunks
from suara.results.tally import summed


@contextmanager
def _fold_lock_session(contest_id: int) -> Iterator[None]:
    """The fold lock held across several transactions (PostgreSQL, outside any transaction)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", _lock_args(contest_id))
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", _lock_args(contest_id))


# -- Every region at once --------------------------------------------------------------------------------------


def _units(contest: Contest) -> list[str]:
    """The kabupaten/kota of the contest's area (or the area itself below that): each is republished
    with its whole subtree in one go, so memory stays bounded by the largest one."""
    top = contest.region_code
    if code_level(top) >= KABKOTA:
        return [top]
    rows = CountRegion.objects.filter(election_id=contest.election_id, level=2, code__startswith=top)
    return sorted(rows.values_list("code", flat=True))


def _subtree(election_id: int, root: str) -> set[str]:
    codes, frontier = {root}, [root]
    while frontier:
        found: list[str] = []
        for chunk in chunks(frontier):
            found += CountRegion.objects.filter(election_id=election_id, parent_code__in=chunk).values_list(
                "code", flat=True
            )
        codes.update(found)
        frontier = found
    return codes


def republish_all(contest: Contest, *, replace: dict | None = None) -> int:
    """A snapshot for every region of the contest's area, kab/kota by kab/kota, then the levels above them
    within the area (a governor's province; the provinces and the nation). Nothing when the contest's
    top is not in its election's counting geography: the reads say its TPS are not loaded."""
    top = contest.region_code
    if top and not CountRegion.objects.filter(election_id=contest.election_id, code=top).exists():
        return 0
    published = 0
    for unit in _units(contest):
        published += republish(contest, _subtree(contest.election_id, unit), replace=replace, full=True)
    upper = {top} if code_level(top) < KABKOTA else set()
    if top == "":
        upper |= set(
            CountRegion.objects.filter(election_id=contest.election_id, level=1).values_list("code", flat=True)
        )
    return published + (republish(contest, upper, replace=replace, full=True) if upper else 0)


def recap_publish_all(*, contest: Contest | str, actor: Actor = SYSTEM) -> int:
    """Publishes a snapshot of every region of the contest's area, reported or not, so the public pages
    show "0 of N TPS" everywhere from the start. Run once counting is prepared; safe to run again."""
    contest = contest_resolve(contest)
    with transaction.atomic():
        fold_lock_wait(contest.pk)
        published = republish_all(contest)
        audit_record(
            actor=actor,
            action=ResultAuditAction.RECAP_PUBLISH,
            object_code=contest.slug,
            summary=f"{contest.slug}: snapshot {published} wilayah diterbitkan",
        )
    return published


# -- Rebuild ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RebuildReport:
    contest: str
    regions: int  # regions with kept totals after the rebuild
    tps_reported: int  # at the top of the contest's area
    totals: dict  # the top region's summed totals, rebuilt
    deltas_discarded: int
    matched: bool  # the kept totals plus the pending deltas were exactly the rebuilt ones
    mismatched: list[str]  # the first region codes that differed
    snapshots: int


Sums = dict[str, tuple[dict, int]]  # region code -> (summed totals, TPS reported)


def _sums_from_results(contest: Contest) -> Sums:
    """Every region's totals from the TPS results, streamed: summed per desa, then rolled up."""
    top = contest.region_code
    desa: dict[str, dict] = defaultdict(dict)
    reported: Counter = Counter()
    rows = TpsResult.objects.filter(contest=contest).order_by().values_list("tps_code", "tally")
    for tps_code, tally in rows.iterator(chunk_size=5000):
        if covers(top, tps_code):
            add_change(desa[desa_of(tps_code)], summed(tally))
            reported[desa_of(tps_code)] += 1
    sums: Sums = {code: (totals, reported[code]) for code, totals in desa.items()}
    level = list(desa)
    for parent_level in reversed(COUNTED_LEVELS[code_level(top) : DESA]):  # up to the area's top
        parents: dict[str, dict] = defaultdict(dict)
        parent_reported: Counter = Counter()
        for code in level:
            add_change(parents[code_at(code, parent_level)], sums[code][0])
            parent_reported[code_at(code, parent_level)] += sums[code][1]
        sums.update((code, (totals, parent_reported[code])) for code, totals in parents.items())
        level = list(parents)
    return sums


def _rebuild_read(contest: Contest) -> tuple[list, Sums, Sums]:
    pending = list(RecapDelta.objects.filter(contest=contest).values_list("pk", "tps_code", "delta"))
    kept = {
        code: (summed_part(totals), reported)
        for code, totals, reported in RegionTotal.objects.filter(contest=contest).values_list(
            "region_code", "totals", "tps_reported"
        )
    }
    return pending, kept, _sums_from_results(contest)


def _rebuild_write(contest: Contest, actor: Actor, pending: list, kept: Sums, rebuilt: Sums) -> RebuildReport:
    expected: dict[str, tuple[dict, int]] = {code: (dict(t), r) for code, (t, r) in kept.items()}
    for _, tps_code, change in pending:
        if covers(contest.region_code, tps_code):
            for code in codes_above(tps_code, contest.region_code):
                totals, reported = expected.get(code, ({}, 0))
                add_change(totals, change)
                expected[code] = (totals, reported + change.get("tps_reported", 0))
    empty = ({}, 0)
    mismatched = sorted(
        code for code in expected.keys() | rebuilt.keys() if expected.get(code, empty) != rebuilt.get(code, empty)
    )
    RegionTotal.objects.filter(contest=contest).delete()
    for chunk in chunks([pk for pk, _, _ in pending]):
        RecapDelta.objects.filter(pk__in=chunk).delete()
    replace = {code: Kept(totals=dict(t), tps_reported=r, dirty=True) for code, (t, r) in rebuilt.items()}
    snapshots = republish_all(contest, replace=replace)
    top_totals, top_reported = rebuilt.get(contest.region_code, empty)
    matched = not mismatched
    audit_record(
        actor=actor,
        action=ResultAuditAction.RECAP_REBUILD,
        object_code=contest.slug,
        summary=(
            f"{contest.slug}: total {len(rebuilt)} wilayah dihitung ulang dari {top_reported} TPS; "
            + ("sama dengan total tersimpan" if matched else f"BERBEDA di {len(mismatched)} wilayah")
        ),
    )
    return RebuildReport(
        contest=contest.slug,
        regions=len(rebuilt),
        tps_reported=top_reported,
        totals={k: v for k, v in top_totals.items() if k != FLAGS_KEY},
        deltas_discarded=len(pending),
        matched=matched,
        mismatched=mismatched[:20],
        snapshots=snapshots,
    )


def recap_rebuild(*, contest: Contest | str, actor: Actor) -> RebuildReport:
    """Recomputes every region's kept totals from the TPS results, discards the pending deltas they now
    include, republishes every region and records one audit event. Reports whether the kept totals (with
    the pending deltas) were right.

    On PostgreSQL the fold lock is held for the whole rebuild while the reads run in one REPEATABLE READ
    snapshot: the pending deltas read are exactly those whose results the sums include, and a delta that
    commits later stays pending for the next fold. SQLite's IMMEDIATE transaction holds the only lock."""
    contest = contest_resolve(contest)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with _fold_lock_session(contest.pk):
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                pending, kept, rebuilt = _rebuild_read(contest)
            # The audit chain needs to see its latest head, so the writes run at READ COMMITTED.
            with transaction.atomic():
                return _rebuild_write(contest, actor, pending, kept, rebuilt)
    with transaction.atomic():
        fold_lock_wait(contest.pk)
        pending, kept, rebuilt = _rebuild_read(contest)
        return _rebuild_write(contest, actor, pending, kept, rebuilt)
