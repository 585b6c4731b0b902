"""The recapitulation up the tiers: pending deltas folded into the kept totals of every region above each
TPS, a new snapshot of every region touched, and everything rebuilt from the TPS results when asked.

Writers never wait on a total: each accepted version appends a ``RecapDelta`` in its own transaction. A
folder (the worker, or ``recap_fold_soon`` right after a submission) takes the contest's fold lock, adds
a batch of deltas into ``RegionTotal`` and publishes the regions it touched, in one transaction and a
handful of queries whatever the batch size. docs/results.md tells the whole story.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from suara.audit.services import audit_record
from suara.elections.models import Contest
from suara.results.models import CountRegion, RecapDelta, RecapPointer, RecapSnapshot, RegionTotal, TpsResult
from suara.results.recap_bodies import CODE_LENGTHS, FLAGS_KEY, add_change, codes_above, summed_part
from suara.results.recap_state import Kept, RecapState, chunks, dump_json, insert_rows, select_in
from suara.results.tally import summed

logger = logging.getLogger(__name__)

# First key of the (key, contest id) advisory lock pair that lets one folder at a time work on a contest.
# Two-key advisory locks live apart from the audit chain's one-key lock.
_FOLD_LOCK = 0x5355
# How many deltas an opportunistic fold takes: enough to catch up, small enough to stay quick.


def contest_resolve(contest: Contest | str) -> Contest:
    if isinstance(contest, Contest):
        return contest
    from suara.results.services import contest_get

    return contest_get(contest)


# -- The fold lock ----------------------------------------------------------------------------------------


def _lock_args(contest_id: int) -> list[int]:
    return [_FOLD_LOCK, contest_id & 0x7FFFFFFF]


def fold_lock_try(contest_id: int) -> bool:
    """Takes the contest's fold lock for the current transaction if free. SQLite: transactions begin
    IMMEDIATE, so the writer already holds the only lock there is."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s, %s)", _lock_args(contest_id))
        return bool(cursor.fetchone()[0])


def fold_lock_wait(contest_id: int) -> None:
    """Takes the contest's fold lock for the current transaction, waiting for a running fold."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", _lock_args(contest_id))


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


# -- Publishing ----------------------------------------------------------------------------------------------


def _for_update() -> str:
    return " FOR UPDATE" if connection.features.has_select_for_update else ""


def _in_list(values: Sequence) -> str:
    return ", ".join(["%s"] * len(values))


def publish_bodies(contest_id: int, bodies: dict[str, dict]) -> None:
    """``snapshots.snapshot_publish`` for many regions at once: a new snapshot version of each (the
    pointer's version plus one), then every pointer moved to it, set-based. Runs inside the caller's
    transaction, under the fold lock."""
    codes = sorted(bodies)
    snapshots, pointers = RecapSnapshot._meta.db_table, RecapPointer._meta.db_table
    versions: dict[str, int] = dict(
        select_in(
            f"SELECT code, version FROM {pointers} WHERE contest_id = %s AND code {{values}}{_for_update()}",  # noqa: S608
            [contest_id],
            codes,
        )
    )
    moved = [c for c in codes if c in versions]
    fresh = [c for c in codes if c not in versions]
    latest: dict[str, int] = {}
    for chunk in chunks(fresh):
        found = RecapSnapshot.objects.filter(contest_id=contest_id, code__in=chunk).values("code").order_by()
        latest.update(found.annotate(v=Max("version")).values_list("code", "v"))
    now = timezone.now()
    rows = []
    for code in codes:
        version = (versions[code] if code in versions else latest.get(code, 0)) + 1
        bodies[code]["version"] = version
        rows.append((contest_id, code, version, dump_json(bodies[code]), now))
    insert_rows(snapshots, ("contest_id", "code", "version", "body", "created_at"), rows)
    with connection.cursor() as cursor:
        for chunk in chunks(moved):
            cursor.execute(
                f"UPDATE {pointers} SET version = version + 1, snapshot_id = (SELECT s.id FROM {snapshots} s "  # noqa: S608
                f"WHERE s.contest_id = {pointers}.contest_id AND s.code = {pointers}.code "
                f"AND s.version = {pointers}.version + 1) WHERE contest_id = %s AND code IN ({_in_list(chunk)})",
                [contest_id, *chunk],
            )
        for chunk in chunks(fresh):
            cursor.execute(
                f"INSERT INTO {pointers} (contest_id, code, snapshot_id, version) "  # noqa: S608
                f"SELECT s.contest_id, s.code, s.id, s.version FROM {snapshots} s WHERE s.contest_id = %s "
                f"AND s.code IN ({_in_list(chunk)}) AND s.version = (SELECT MAX(o.version) FROM {snapshots} o "
                "WHERE o.contest_id = s.contest_id AND o.code = s.code)",
                [contest_id, *chunk],
            )


def republish(
    contest: Contest,
    codes: set[str],
    *,
    changes: dict[str, dict] | None = None,
    reported: Counter | None = None,
    changed_tps: Sequence[str] = (),
    replace: dict | None = None,
    full: bool = False,
) -> int:
    """Applies ``changes`` (region code -> summed delta) to the kept totals of ``codes``, re-reads the TPS
    whose results changed (``full``: every TPS of the kecamatan among the codes), recomputes the janggal
    flags of every kecamatan among them and publishes a snapshot of each code and of any desa whose flags
    moved. Returns the number of snapshots published. Under the fold lock."""
    codes = set(codes) | {code[:6] for code in codes if len(code) >= 6}
    kecamatans = sorted(c for c in codes if len(c) == 6)
    state = RecapState(contest)
    state.load(codes, replace=replace)
    if changes:
        state.apply(changes, reported or Counter())
    if full:
        state.reload_tps(sorted(d for k in kecamatans for d in state.children.get(k, ())))
    elif changed_tps:
        state.update_tps(changed_tps)
    moved = state.refresh_flags(kecamatans)
    state.roll_up(codes)
    publish = codes | moved
    bodies = state.bodies(publish)
    publish_bodies(contest.pk, bodies)
    state.save()
    return len(bodies)


# -- Folding -------------------------------------------------------------------------------------------------


def fold_batch(contest: Contest, limit: int) -> int:
    """Folds up to ``limit`` pending deltas, oldest first. Inside a transaction holding the fold lock."""
    rows = list(
        RecapDelta.objects.filter(contest=contest).order_by("pk").values_list("pk", "tps_code", "delta")[:limit]
    )
    if not rows:
        return 0
    top = contest.region_code
    changes: dict[str, dict] = defaultdict(dict)
    reported: Counter = Counter()
    for _, tps_code, change in rows:
        if not tps_code.startswith(top):
            logger.warning("delta outside the contest's area dropped: %s %s", contest.slug, tps_code)
            continue
        for code in codes_above(tps_code):
            add_change(changes[code], change)
            reported[code] += change.get("tps_reported", 0)
    # By id, never by range: a delta with a lower id may commit after this read.
    for chunk in chunks([pk for pk, _, _ in rows]):
        RecapDelta.objects.filter(pk__in=chunk).delete()
    if changes:
        changed_tps = sorted({tps_code for _, tps_code, _ in rows if tps_code.startswith(top)})
        republish(contest, set(changes), changes=changes, reported=reported, changed_tps=changed_tps)
    return len(rows)


def fold_all_pending(contest: Contest) -> int:
    """Folds every pending delta of the contest. Inside a transaction holding the fold lock."""
    folded = 0
    while batch := fold_batch(contest, 20000):
        folded += batch
    return folded


def pending_contest_ids() -> list[int]:
    return sorted(set(RecapDelta.objects.order_by().values_list("contest_id", flat=True).distinct()))


def recap_fold(*, contest_id: int | None = None, limit: int = 20000) -> int:
    """Folds up to ``limit`` pending deltas of a contest (of each contest with pending deltas when
    ``contest_id`` is None) into the kept totals and publishes every region touched, one transaction per
    contest. Another folder busy with the same contest: returns 0 at once. Returns the deltas folded."""
    if contest_id is None:
        return sum(recap_fold(contest_id=pk, limit=limit) for pk in pending_contest_ids())
    contest = Contest.objects.select_related("election").filter(pk=contest_id).first()
    if contest is None:
        return 0
    with transaction.atomic():
        if not fold_lock_try(contest.pk):
            return 0
        return fold_batch(contest, limit)


# -- Every region at once --------------------------------------------------------------------------------------


def _units(contest: Contest) -> list[str]:
    """The kabupaten/kota of the contest's area (or the area itself below that): each is republished
    with its whole subtree in one go, so memory stays bounded by the largest one."""
    top = contest.region_code
    if len(top) >= 4:
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
    """A snapshot for every region of the contest's area, kab/kota by kab/kota, then the levels above."""
    published = 0
    for unit in _units(contest):
        published += republish(contest, _subtree(contest.election_id, unit), replace=replace, full=True)
    top = contest.region_code
    upper = {top[:length] for length in CODE_LENGTHS if length < len(top)}  # the way down to the area
    if len(top) < 4:
        upper.add(top)
    if top == "":
        upper |= set(
            CountRegion.objects.filter(election_id=contest.election_id, level=1).values_list("code", flat=True)
        )
    return published + republish(contest, upper, replace=replace, full=True)


def recap_publish_all(*, contest: Contest | str, actor: str = "system") -> int:
    """Publishes a snapshot of every region of the contest's area, reported or not, so the public pages
    show "0 of N TPS" everywhere from the start. Run once counting is prepared; safe to run again."""
    contest = contest_resolve(contest)
    with transaction.atomic():
        fold_lock_wait(contest.pk)
        published = republish_all(contest)
        audit_record(
            actor=actor,
            action="results.recap_publish",
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
        if tps_code.startswith(top):
            add_change(desa[tps_code[:10]], summed(tally))
            reported[tps_code[:10]] += 1
    sums: Sums = {code: (totals, reported[code]) for code, totals in desa.items()}
    level = list(desa)
    for length in reversed(CODE_LENGTHS[:-1]):
        parents: dict[str, dict] = defaultdict(dict)
        parent_reported: Counter = Counter()
        for code in level:
            add_change(parents[code[:length]], sums[code][0])
            parent_reported[code[:length]] += sums[code][1]
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


def _rebuild_write(contest: Contest, actor: str, pending: list, kept: Sums, rebuilt: Sums) -> RebuildReport:
    expected: dict[str, tuple[dict, int]] = {code: (dict(t), r) for code, (t, r) in kept.items()}
    for _, tps_code, change in pending:
        if tps_code.startswith(contest.region_code):
            for code in codes_above(tps_code):
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
        action="results.recap_rebuild",
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


def recap_rebuild(*, contest: Contest | str, actor: str) -> RebuildReport:
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
