"""Whether the count is moving: the recap worker's heartbeat, written every round, and what the public
pages and API make of it. The count is *paused* when deltas have waited longer than
``SUARA_RECAP_PAUSED_SECONDS`` (15 s) and the worker has not been seen for as long: the totals shown are
then those of that moment, and the pages say since when. Also what ``suara recap doctor`` reports."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from suara.results.models import QuarantinedDelta, RecapDelta, RecapWorkerBeat

_BEAT_PK = 1


def paused_after() -> float:
    return float(getattr(settings, "SUARA_RECAP_PAUSED_SECONDS", 15.0))


def worker_beat(*, folded: bool, sealed: bool, seal_error: str = "") -> None:
    """The worker's round is done: one UPDATE (an INSERT the first time)."""
    now = timezone.now()
    fields: dict = {"beat_at": now, "seal_error": seal_error[:500]}
    if folded:
        fields["folded_at"] = now
    if sealed:
        fields["sealed_at"] = now
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
        if self.beat is not None and self.beat.seal_error:
            found.append(f"audit sealing fails: {self.beat.seal_error}")
        return found


def count_status() -> CountStatus:
    oldest = RecapDelta.objects.order_by("pk").values_list("created_at", flat=True).first()
    return CountStatus(
        beat=RecapWorkerBeat.objects.filter(pk=_BEAT_PK).first(),
        pending=RecapDelta.objects.count() if oldest is not None else 0,
        oldest_pending_at=oldest,
        quarantined=QuarantinedDelta.objects.count(),
        now=timezone.now(),
    )


_cached: tuple[float, datetime | None] | None = None
_lock = threading.Lock()


def _recheck_seconds() -> float:
    return float(getattr(settings, "SUARA_RECAP_RECHECK_SECONDS", 0.0 if settings.TESTING else 0.5))


def paused_since() -> datetime | None:
    """``CountStatus.paused_since`` for the public pages and API, asked again at most twice a second per
    process (two small queries by primary key), like the snapshots they show."""
    global _cached
    now = time.monotonic()
    cached = _cached
    if cached is not None and now - cached[0] < _recheck_seconds():
        return cached[1]
    oldest = RecapDelta.objects.order_by("pk").values_list("created_at", flat=True).first()
    value = None
    if oldest is not None:
        beat = RecapWorkerBeat.objects.filter(pk=_BEAT_PK).first()
        value = CountStatus(beat, 1, oldest, 0, timezone.now()).paused_since
    with _lock:
        _cached = (now, value)
    return value


def paused_cache_clear() -> None:
    global _cached
    _cached = None
