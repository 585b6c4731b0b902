"""Deltas set aside because folding them failed on their own (``recap.recap_fold`` finds them by halving
the batch), so that one bad row never stops the count: kept with the error, listed for operators (the
quarantine page, ``suara recap doctor``), and put back into the queue once the cause is fixed
(``suara recap release``). Each move is one transaction with its audit event."""

from __future__ import annotations

import logging

from django.db import connection, transaction

from suara.audit.actors import Actor
from suara.audit.services import audit_record
from suara.elections.models import Contest
from suara.results.audit_actions import ResultAuditAction
from suara.results.models import QuarantinedDelta, RecapDelta

logger = logging.getLogger(__name__)

ACTOR = Actor.named("recap-worker")


def error_text(exc: BaseException) -> str:
    """The error's type and message, short: what an operator needs, nothing of the request behind it
    (a fold's errors are about numbers and regions)."""
    return f"{type(exc).__name__}: {exc}"[:500]


def _delta_row(delta_id: int) -> tuple[str, object, object] | None:
    """(tps_code, delta, created_at) of a pending delta, or None if it is gone. A delta whose JSON cannot
    even be read is kept as its text."""
    try:
        return RecapDelta.objects.filter(pk=delta_id).values_list("tps_code", "delta", "created_at").first()
    except Exception:  # noqa: BLE001 - unreadable as JSON: keep the text
        table = RecapDelta._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT tps_code, CAST(delta AS TEXT), created_at FROM {table} WHERE id = %s", [delta_id])  # noqa: S608
            row = cursor.fetchone()
        return None if row is None else (row[0], {"unreadable": str(row[1])[:2000]}, row[2])


def delta_quarantine(*, contest: Contest, delta_id: int, error: str) -> bool:
    """Moves one pending delta to the quarantine with the error that folding it raised. False if it was
    no longer pending."""
    with transaction.atomic():
        row = _delta_row(delta_id)
        if row is None:
            return False
        tps_code, delta, created_at = row
        QuarantinedDelta.objects.create(
            contest=contest, delta_id=delta_id, tps_code=tps_code, delta=delta, created_at=created_at, error=error
        )
        RecapDelta.objects.filter(pk=delta_id).delete()
        audit_record(
            actor=ACTOR,
            action=ResultAuditAction.DELTA_QUARANTINE,
            object_code=tps_code,
            summary=f"{contest.slug}: perubahan #{delta_id} dikarantina ({error[:200]})",
        )
    logger.error("delta %d of %s (TPS %s) quarantined: %s", delta_id, contest.slug, tps_code, error)
    return True


def quarantine_release(*, actor: Actor, ids: list[int] | None = None) -> int:
    """Puts quarantined deltas (all of them when ``ids`` is None) back in the queue, to be folded again
    once their cause is fixed. Returns how many."""
    with transaction.atomic():
        found = QuarantinedDelta.objects.select_for_update().order_by("pk")
        if ids is not None:
            found = found.filter(pk__in=ids)
        rows = list(found)
        if not rows:
            return 0
        RecapDelta.objects.bulk_create(
            [RecapDelta(contest_id=q.contest_id, tps_code=q.tps_code, delta=q.delta) for q in rows]
        )
        QuarantinedDelta.objects.filter(pk__in=[q.pk for q in rows]).delete()
        audit_record(
            actor=actor,
            action=ResultAuditAction.DELTA_RELEASE,
            summary=f"{len(rows)} perubahan dari karantina dikembalikan ke antrean",
        )
    return len(rows)


def quarantine_list(limit: int = 500) -> list[QuarantinedDelta]:
    return list(QuarantinedDelta.objects.select_related("contest").order_by("-quarantined_at", "-pk")[:limit])
