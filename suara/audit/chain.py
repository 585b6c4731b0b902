"""The audit hash chain, as pure functions (no Django).

Each event's hash covers its own fields and the hash of the event before it, so changing, inserting or
removing any event breaks every hash after it. The canonical form is JSON with sorted keys and no
whitespace, so the same event hashes the same on every machine and database.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

GENESIS = "0" * 64

HASHED_FIELDS = ("seq", "created_at", "actor", "role", "action", "object_code", "summary", "prev_hash")


def event_hash(fields: Mapping[str, object]) -> str:
    payload = {name: fields[name] for name in HASHED_FIELDS}
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    intact: bool
    length: int
    head_hash: str
    broken_seq: int | None = None
    reason: str = ""
    problems: tuple[str, ...] = ()  # found outside the chain's walk: events that could not be sealed


def verify_chain(events: Iterable[Mapping[str, object]]) -> ChainReport:
    """Walks events in sequence order; stops at the first one whose link or hash does not hold."""
    expected_prev = GENESIS
    expected_seq = 1
    length = 0
    for event in events:
        seq = event["seq"]
        if seq != expected_seq:
            return ChainReport(False, length, expected_prev, expected_seq, f"event {expected_seq} is missing")
        if event["prev_hash"] != expected_prev:
            return ChainReport(False, length, expected_prev, seq, "its link to the event before does not match")
        try:
            digest = event_hash(event)
        except (TypeError, ValueError):  # a field that is not text or a number (possible only unguarded)
            return ChainReport(False, length, expected_prev, seq, "its fields are not text")
        if digest != event["hash"]:
            return ChainReport(False, length, expected_prev, seq, "its content does not match its hash")
        expected_prev = event["hash"]
        expected_seq += 1
        length += 1
    return ChainReport(True, length, expected_prev)
