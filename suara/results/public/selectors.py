"""Public reads of the results: the current snapshot of a region (or the nation) or a TPS, found through
its ``RecapPointer``. Nothing here touches the raw result tables.

Each process keeps the snapshots it served, with whatever was derived from them (the API's JSON, a
page's rendered section, a CSV), keyed by (contest, code). The pointer is asked again at most every
``SUARA_RECAP_RECHECK_SECONDS`` (0.5 s) per key, so a busy page costs one small query twice a second and
a new snapshot shows within half a second. Until a region's first snapshot is published, its recap is
built empty from the counting geography (names, TPS expected, children), with version 0.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from django.conf import settings
from django.db.models import F, Subquery

from suara.core import caches
from suara.core.errors import DomainError, ErrorCode, NotFound
from suara.core.region_codes import ancestor_codes, code_level, covers, is_tps_code, region_level
from suara.elections.models import Contest
from suara.elections.selectors import CONTEST_SLUG, contest_get, contest_not_found
from suara.regions.models import Region
from suara.results.models import CountRegion, CountTps, RecapPointer, RecapSnapshot, RecapWorkerBeat
from suara.results.public.missing import missing_parts

Kind = Literal["region", "tps"]

# Bounds the per-process cache: a region's snapshot with its JSON, pages and CSV takes up to ~150 kB,
# a TPS's a few kB. The least recently checked go first.
MAX_ENTRIES = 20_000
MAX_BYTES = 64 * 1024 * 1024
FLAG_CODES = ("J1", "J2", "J3", "J4", "J5")
WORKER_BEAT_PK = 1  # the one RecapWorkerBeat row (recap/status.py)


def recheck_seconds() -> float:
    """How long a pointer lookup stays good (``SUARA_RECAP_RECHECK_SECONDS``)."""
    return settings.SUARA_RECAP_RECHECK_SECONDS


@dataclass
class Published:
    """One snapshot as served: its body, identity, and what has been derived from it."""

    contest: str
    code: str
    kind: Kind
    version: int  # 0: nothing published yet (the body is the empty recap)
    snapshot_id: int | None
    created_at: datetime | None
    body: dict
    checked_at: float
    built_at: float
    derived: dict = field(default_factory=dict)
    size: int = 0  # bytes, roughly: the body as JSON plus what was derived from it
    # The recap worker's last round, read with the pointer (public/paused.py: is the count paused?).
    worker_beat_at: datetime | None = None

    @property
    def etag(self) -> str:
        if self.snapshot_id is None:
            return f'"{self.kind}-0-{int(self.built_at * 1000)}"'
        return f'"{self.kind}-{self.version}-{self.snapshot_id}"'

    def derive(self, key: Any, build: Callable[[], Any]) -> Any:
        """``build()`` once per snapshot and key (a language, a format); a race builds it twice, harmlessly."""
        try:
            return self.derived[key]
        except KeyError:
            value = self.derived[key] = build()
            _grow(self, _size_of(value))
            return value


_cache: OrderedDict[tuple[str, str], Published] = OrderedDict()
_lock = threading.Lock()
_cached_bytes = 0


def recap_cache_clear() -> None:
    global _cached_bytes
    with _lock:
        _cache.clear()
        _cached_bytes = 0


caches.register("results.snapshots", recap_cache_clear)


def _size_of(value: Any) -> int:
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, tuple | list):
        return sum(_size_of(v) for v in value)
    return 64


def _evict() -> None:
    """Under the lock: the least recently checked entries go until the cache fits (the newest stays)."""
    global _cached_bytes
    while len(_cache) > 1 and (len(_cache) > MAX_ENTRIES or _cached_bytes > MAX_BYTES):
        _, old = _cache.popitem(last=False)
        _cached_bytes -= old.size


def _remember(entry: Published) -> Published:
    global _cached_bytes
    entry.size = len(json.dumps(entry.body, separators=(",", ":")))
    key = (entry.contest, entry.code)
    with _lock:
        old = _cache.pop(key, None)
        if old is not None:
            _cached_bytes -= old.size
        _cache[key] = entry
        _cached_bytes += entry.size
        _evict()
    return entry


def _grow(entry: Published, size: int) -> None:
    global _cached_bytes
    with _lock:
        entry.size += size
        if _cache.get((entry.contest, entry.code)) is entry:
            _cached_bytes += size
            _evict()


def _touch(entry: Published, now: float) -> Published:
    """A pointer check found the entry current: it is in use, so it moves to the back of the queue."""
    entry.checked_at = now
    with _lock:
        if _cache.get((entry.contest, entry.code)) is entry:
            _cache.move_to_end((entry.contest, entry.code))
    return entry


def cache_usage() -> tuple[int, int]:
    """(entries, bytes) kept by this process."""
    return len(_cache), _cached_bytes


# Contest and election ids are slugs; anything else names nothing (and PostgreSQL refuses NUL in a query).
SLUG = CONTEST_SLUG


def check_region_code(code: str) -> None:
    if code and region_level(code) is None:
        raise DomainError(
            ErrorCode.INVALID_REGION_CODE, "Kode wilayah harus berupa angka 2, 4, 6 atau 10 digit.", field="code"
        )


def check_tps_code(code: str) -> None:
    if not is_tps_code(code):
        raise DomainError(ErrorCode.INVALID_TPS_CODE, "Kode TPS harus berupa 13 digit angka.", field="code")


def region_recap(contest: str, code: str = "") -> Published:
    """The current recap of a region ('' national) in a contest: DomainError 400 for a malformed code,
    404 for an unknown contest or a region outside it."""
    check_region_code(code)
    return _published(contest, code, "region")


def tps_recap(contest: str, code: str) -> Published:
    check_tps_code(code)
    return _published(contest, code, "tps")


def _published(contest: str, code: str, kind: Kind) -> Published:
    if not SLUG.fullmatch(contest):
        raise contest_not_found(contest)
    now = time.monotonic()
    entry = _cache.get((contest, code))
    if entry is not None and 0 <= now - entry.checked_at < recheck_seconds():
        return entry
    beat = RecapWorkerBeat.objects.filter(pk=WORKER_BEAT_PK).values("beat_at")[:1]
    pointers = RecapPointer.objects.filter(contest__slug=contest)
    # '' names a contest's own top: the nation, or a Pilkada's province or kab/kota. Same one query.
    pointers = pointers.filter(code=F("contest__region_code")) if code == "" else pointers.filter(code=code)
    row = (
        pointers.annotate(beat_at=Subquery(beat)).values_list("snapshot_id", "snapshot__created_at", "beat_at").first()
    )
    if row is None:
        if entry is not None and entry.snapshot_id is None and 0 <= now - entry.built_at < _empty_seconds():
            return _touch(entry, now)
        body = _empty_region(contest, code) if kind == "region" else _empty_tps(contest, code)
        return _remember(Published(contest, code, kind, 0, None, None, body, now, now))
    snapshot_id, created_at, beat_at = row
    if entry is not None and (entry.snapshot_id, entry.created_at) == (snapshot_id, created_at):
        entry.worker_beat_at = beat_at
        return _touch(entry, now)
    found = RecapSnapshot.objects.filter(pk=snapshot_id).values_list("version", "body").first()
    if found is None:  # its contest was deleted between the two reads
        raise contest_not_found(contest)
    version, body = found
    published = Published(contest, code, kind, version, snapshot_id, created_at, body, now, now)
    published.worker_beat_at = beat_at
    return _remember(published)


def _empty_seconds() -> float:
    return settings.SUARA_EMPTY_RECAP_SECONDS


def in_contest_area(contest: Contest, code: str) -> bool:
    """Whether a region or TPS is counted in the contest: its top ('' the nation, or a Pilkada's province
    or kab/kota) or beneath it. The regions above a Pilkada's area are not part of its count."""
    return covers(contest.region_code, code)


def _region_not_found(code: str) -> NotFound:
    return NotFound(
        ErrorCode.REGION_NOT_FOUND, f"Wilayah dengan kode {code} tidak ada dalam kontestasi ini.", field="code"
    )


def _empty_region(slug: str, code: str) -> dict:
    """The recap of a region nobody has reported from yet, from the counting geography. '' is the
    contest's top. A contest whose top is not in the counting geography yet (its TPS not loaded) gets
    its top's recap with ``missing`` saying so, never a 404 or a count of 0 of 0 TPS that looks real."""
    contest = contest_get(slug)
    election_id, top = contest.election_id, contest.region_code
    code = code or top
    if not in_contest_area(contest, code):
        raise _region_not_found(code)
    regions = CountRegion.objects.filter(election_id=election_id)
    candidates = list(contest.candidates.order_by("number").values_list("number", "name"))
    ancestors: list[dict] = []
    if code:
        region = regions.filter(code=code).first()
        if region is None:
            if code != top:
                raise _region_not_found(code)
            return _unloaded_top(contest, candidates)
        name, level, tps_expected = region.name, region.level, region.tps_expected
        wanted = ancestor_codes(code, top)
        above = {r.code: r.name for r in regions.filter(code__in=wanted)}
        ancestors = [{"code": c, "name": above[c]} for c in wanted if c in above]
    else:
        name, level = "INDONESIA", 0
    if level == 4:
        children = [
            _empty_child(t.code, level=5, number=t.number, expected=1)
            for t in CountTps.objects.filter(election_id=election_id, desa_code=code).order_by("number")
        ]
    else:
        below = regions.filter(level=1) if not code else regions.filter(parent_code=code)
        children = [
            _empty_child(r.code, level=r.level, name=r.name, expected=r.tps_expected) for r in below.order_by("code")
        ]
    if not code:
        tps_expected = sum(c["tps_expected"] for c in children)
    return _empty_body(contest, code, name, level, ancestors, candidates, tps_expected, children)


def _empty_body(contest, code, name, level, ancestors, candidates, tps_expected, children) -> dict:
    return {
        "contest": contest.slug,
        "contest_name": contest.name,
        "election": contest.election.slug,
        "code": code,
        "name": name,
        "level": level,
        "ancestors": ancestors,
        "candidates": [{"number": n, "name": c, "votes": 0, "share": 0.0} for n, c in candidates],
        "valid": 0,
        "invalid": 0,
        "total": 0,
        "dpt": 0,
        "tps_reported": 0,
        "tps_expected": tps_expected,
        "flags": dict.fromkeys(FLAG_CODES, 0),
        "flagged_tps": [],
        "children": children,
        "locked": None,
        "missing": missing_parts(candidates=len(candidates), tps_expected=tps_expected),
        "version": 0,
        "updated_at": None,
    }


def _unloaded_top(contest: Contest, candidates: list[tuple[int, str]]) -> dict:
    """The top of a Pilkada whose counting geography lacks its area: named after the electoral region."""
    code = contest.region_code
    name = Region.objects.filter(code=code).values_list("name", flat=True).first() or contest.name
    return _empty_body(contest, code, name, code_level(code), [], candidates, 0, [])


def _empty_child(code: str, *, level: int, expected: int, name: str | None = None, number: int | None = None):
    child = {"code": code, "level": level, "votes": {}, "valid": 0, "invalid": 0, "total": 0}
    child |= {"tps_reported": 0, "tps_expected": expected, "flagged": 0}
    if number is None:
        child["name"] = name
    else:
        child |= {"number": number, "flags": []}
    return child


def _empty_tps(slug: str, code: str) -> dict:
    contest = contest_get(slug)
    exists = CountTps.objects.filter(election_id=contest.election_id, code=code).exists()
    if not exists or not in_contest_area(contest, code):
        raise NotFound(ErrorCode.TPS_NOT_FOUND, f"TPS {code} tidak ada dalam kontestasi ini.", field="code")
    return {
        "tps": code,
        "version": 0,
        "tally": None,
        "flags": [],
        "photos": [],
        "updated_at": None,
        "versions": [],
    }


def contest_list(election: str | None = None) -> list[Contest]:
    contests = Contest.objects.select_related("election").order_by("-election__voting_day", "ballot_type", "slug")
    if election is not None:
        if not SLUG.fullmatch(election):
            return []
        contests = contests.filter(election__slug=election)
    return list(contests)
