"""The recapitulation up the tiers: pending deltas folded into the kept totals of every region above each
TPS, and a new snapshot of every region touched. Rebuilding everything from the TPS results lives in
``recap_rebuild``; the 2019 import's recap computed from the rows in memory, in ``recap_fresh``.

Writers never wait on a total: each accepted version appends a ``RecapDelta`` in its own transaction. A
folder (the recap worker, ``suara recap fold``, or a lock catching up) takes the contest's fold lock, adds
a batch of deltas into ``RegionTotal`` and publishes the regions it touched, in one transaction and a
handful of queries whatever the batch size. docs/results.md tells the whole story.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Sequence

from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from suara.core.db import bulk_insert, select_in
from suara.core.jsontext import dump_json
from suara.core.region_codes import KECAMATAN, code_level, codes_above, covers, kecamatan_of
from suara.elections.models import Contest
from suara.elections.selectors import contest_get
from suara.results.models import RecapDelta, RecapPointer, RecapSnapshot
from suara.results.recap.bodies import add_change
from suara.results.recap.quarantine import delta_quarantine, error_text
from suara.results.recap.state import RecapState, chunks

logger = logging.getLogger(__name__)

# First key of the (key, contest id) advisory lock pair that lets one folder at a time work on a contest.
# Two-key advisory locks live apart from the audit chain's one-key lock.
_FOLD_LOCK = 0x5355


def contest_resolve(contest: Contest | str) -> Contest:
    if isinstance(contest, Contest):
        return contest
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
    bulk_insert(snapshots, ("contest_id", "code", "version", "body", "created_at"), rows)
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
    codes = set(codes) | {kecamatan_of(code) for code in codes if code_level(code) >= KECAMATAN}
    kecamatans = sorted(c for c in codes if code_level(c) == KECAMATAN)
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
    return fold_rows(contest, rows)


def fold_ids(contest: Contest, ids: Sequence[int]) -> int:
    """Folds those of these deltas still pending (another folder may have taken some since they were
    read). Inside a transaction holding the fold lock."""
    rows = []
    for chunk in chunks(list(ids)):
        found = RecapDelta.objects.filter(contest=contest, pk__in=chunk).values_list("pk", "tps_code", "delta")
        rows += list(found.order_by("pk"))
    return fold_rows(contest, rows)


def fold_rows(contest: Contest, rows: list[tuple[int, str, dict]]) -> int:
    """Adds these (pk, tps_code, delta) rows into the totals, deletes them, publishes every region touched.
    Inside a transaction holding the fold lock."""
    if not rows:
        return 0
    top = contest.region_code
    changes: dict[str, dict] = defaultdict(dict)
    reported: Counter = Counter()
    for _, tps_code, change in rows:
        if not covers(top, tps_code):
            logger.warning("delta outside the contest's area dropped: %s %s", contest.slug, tps_code)
            continue
        for code in codes_above(tps_code, top):
            add_change(changes[code], change)
            reported[code] += change.get("tps_reported", 0)
    # By id, never by range: a delta with a lower id may commit after this read.
    for chunk in chunks([pk for pk, _, _ in rows]):
        RecapDelta.objects.filter(pk__in=chunk).delete()
    if changes:
        changed_tps = sorted({tps_code for _, tps_code, _ in rows if covers(top, tps_code)})
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
    try:
        return _fold_locked(contest, lambda: fold_batch(contest, limit))
    except Exception as exc:  # noqa: BLE001 - whatever a delta makes fail, the others must still fold
        if not deltas_may_be_at_fault(exc):
            raise
        ids = list(RecapDelta.objects.filter(contest=contest).order_by("pk").values_list("pk", flat=True)[:limit])
        logger.warning(
            "fold of %s failed (%s); looking for the delta at fault among %d", contest.slug, error_text(exc), len(ids)
        )
        return _fold_isolating(contest, ids)


def _fold_locked(contest: Contest, fold) -> int:
    with transaction.atomic():
        if not fold_lock_try(contest.pk):
            return 0
        return fold()


def deltas_may_be_at_fault(exc: BaseException) -> bool:
    """Whether a failed fold may be some delta's doing: not when the database went away or was busy
    (those deltas wait for the next round), nor when the process is told to stop."""
    return isinstance(exc, Exception) and not isinstance(exc, OperationalError | InterfaceError)


def _fold_isolating(contest: Contest, ids: list[int]) -> int:
    """Folds these deltas, halving the batch on each failure until the delta at fault stands alone, which
    is quarantined: a fold costs about the same for one delta or a thousand, so one bad delta among n
    costs about 2 log2(n) folds, and every other delta is counted. Returns the deltas folded."""
    if not ids:
        return 0
    try:
        return _fold_locked(contest, lambda: fold_ids(contest, ids))
    except Exception as exc:  # noqa: BLE001 - see recap_fold
        if not deltas_may_be_at_fault(exc):
            raise
        if len(ids) == 1:
            delta_quarantine(contest=contest, delta_id=ids[0], error=error_text(exc))
            return 0
    middle = len(ids) // 2
    return _fold_isolating(contest, ids[:middle]) + _fold_isolating(contest, ids[middle:])
