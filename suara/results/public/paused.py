"""Whether the count is paused, as the public pages and API say it (``recap/status.py`` keeps the
recap worker's heartbeat and says what paused means, for ``suara recap doctor`` too)."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from suara.core import caches
from suara.results.models import RecapDelta


def paused_after() -> float:
    return settings.SUARA_RECAP_PAUSED_SECONDS


_cached: tuple[float, datetime | None] | None = None
_lock = threading.Lock()


def _recheck_seconds() -> float:
    return settings.SUARA_RECAP_RECHECK_SECONDS


def paused_since(beat_at: datetime | None) -> datetime | None:
    """``CountStatus.paused_since`` for the public pages and API, given the worker's last round as read
    with the snapshot's pointer (``selectors.Published.worker_beat_at``): nothing more to read while the
    worker beats. Only when it is gone does a public read look at the head of the delta queue, at most
    twice a second per process. No worker ever seen (a development database, a test): no claim."""
    global _cached
    at = timezone.now()
    if beat_at is None or at - beat_at < timedelta(seconds=paused_after()):
        return None
    now = time.monotonic()
    cached = _cached
    if cached is None or now - cached[0] >= _recheck_seconds():
        oldest = RecapDelta.objects.order_by("pk").values_list("created_at", flat=True).first()
        with _lock:
            _cached = cached = (now, oldest)
    oldest = cached[1]
    if oldest is None or at - oldest < timedelta(seconds=paused_after()):
        return None
    return max(oldest, beat_at)


def paused_cache_clear() -> None:
    global _cached
    _cached = None


caches.register("results.recap_paused", paused_cache_clear)
