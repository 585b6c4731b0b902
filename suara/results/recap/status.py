"""Whether the count is moving: the recap worker's heartbeat, written every round, and what the public
pages and API make of it (``public/paused.py``). The count is *paused* when deltas have waited longer than
``SUARA_RECAP_PAUSED_SECONDS`` (15 s) and the worker has not been seen for as long (public pages make
that claim only of a worker seen before in this database; ``suara recap doctor`` also of none): the
totals shown are
then those of that moment, and the pages say since when. Also what ``suara recap doctor`` reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from suara.jobs.models import PeriodicRun
from suara.jobs.selectors import periodic_failures
from suara.results.models import QuarantinedDelta, RecapDelta, RecapWorkerBeat
from suara.results.public.paused import paused_after

_BEAT_PK = 1


def worker_beat(*, folded: bool) -> None:
    """The worker's round is done: one UPDATE (an INSERT the first time)."""
    now = timezone.now()
    fields: dict = {"beat_at": now}
    if folded:
        fields["folded_at"] = now
    with transaction.atomic():
        if not RecapWorkerBeat.objects.filter(pk=_BEAT_PK).update(**fields):
            RecapWorkerBeat.objects.create(pk=_BEAT_PK, **fields)


@dataclass(frozen=True)
class CountStatus:
    beat: RecapWorkerBeat | None
    pending: int
    oldest_pending_at: datetime | None
    quarantined: int
    now: datetime
    periodic_failures: list[PeriodicRun]  # the scheduler's periodic jobs that fail (the audit seal, ...)

    @property
    def worker_seen_recently(self) -> bool:
        return self.beat is not None and self.now - self.beat.beat_at < timedelta(seconds=paused_after())

    @property
    def paused_since(self) -> datetime | None:
        """When the count stopped moving, if it has: the later of the worker's last round and the oldest
        waiting delta."""
        if self.oldest_pending_at is None or self.worker_seen_recently:
            return None
        if self.now - self.oldest_pending_at < timedelta(seconds=paused_after()):
            return None
        return max(self.oldest_pending_at, self.beat.beat_at) if self.beat else self.oldest_pending_at

    @property
    def problems(self) -> list[str]:
        """What an operator must look at (``suara recap doctor`` exits non-zero for any)."""
        found = []
        if self.paused_since is not None:
            found.append(f"count paused since {self.paused_since.isoformat()}: {self.pending} deltas wait")
        if self.quarantined:
            found.append(f"{self.quarantined} deltas quarantined")
        for run in self.periodic_failures:
            found.append(f"periodic job {run.name} fails: {run.error}")
        return found


def count_status() -> CountStatus:
    oldest = RecapDelta.objects.order_by("pk").values_list("created_at", flat=True).first()
    return CountStatus(
        beat=RecapWorkerBeat.objects.filter(pk=_BEAT_PK).first(),
        pending=RecapDelta.objects.count() if oldest is not None else 0,
        oldest_pending_at=oldest,
        quarantined=QuarantinedDelta.objects.count(),
        now=timezone.now(),
        periodic_failures=periodic_failures(),
    )
