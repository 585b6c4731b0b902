"""Reads of registered origins. Every API request with an Origin header and every embedded page asks, so
a server process keeps the whole (small) table for ``SUARA_ORIGIN_CACHE_SECONDS``; a change made by this
process clears it at once, elsewhere it shows within that time."""

from __future__ import annotations

import threading
import time

from django.conf import settings

from suara.accounts.models import User
from suara.core import caches
from suara.integrations.models import AllowedOrigin, Integration

_lock = threading.Lock()
_cache: dict = {"until": 0.0, "cors": frozenset(), "frames": {}}


def origins_cache_clear() -> None:
    with _lock:
        _cache["until"] = 0.0


caches.register("integrations.origins", origins_cache_clear)


def _current() -> dict:
    now = time.monotonic()
    if _cache["until"] > now:
        return _cache
    frames: dict[str, list[str]] = {}
    for embed_id, origin in AllowedOrigin.objects.values_list("integration__embed_id", "origin").order_by("origin"):
        frames.setdefault(embed_id, []).append(origin)
    embed_ids = set(Integration.objects.values_list("embed_id", flat=True))
    with _lock:
        _cache["frames"] = {embed_id: tuple(frames.get(embed_id, ())) for embed_id in embed_ids}
        _cache["cors"] = frozenset(origin for origins in frames.values() for origin in origins)
        _cache["until"] = now + settings.SUARA_ORIGIN_CACHE_SECONDS
    return _cache


def cors_origin_allowed(origin: str) -> bool:
    return origin in _current()["cors"]


def frame_origins(embed_id: str) -> tuple[str, ...] | None:
    """The origins that may frame pages embedded under ``embed_id``; None when no integration has it."""
    return _current()["frames"].get(embed_id)


def integrations_of(user: User) -> list[Integration]:
    return list(Integration.objects.filter(owner=user).prefetch_related("origins").order_by("name", "id"))


def integration_of(user: User, embed_id: str) -> Integration | None:
    return Integration.objects.filter(owner=user, embed_id=embed_id).prefetch_related("origins").first()
