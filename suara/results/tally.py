"""Tallies as data: from the nested shape clients send to the flat shape the rules check, the digest
that makes a submission id idempotent, and the change one version makes to the totals. Pure."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from suara.results.rules import VOTER_GROUPS, is_whole

# Numbers that add up across TPS into region totals (the rest, like ballots, stay per TPS).
SUMMED_PREFIXES = ("votes.", "valid", "invalid", "total", "dpt.", "voted_")


# Python reads at most this many digits of an integer from text (sys.get_int_max_str_digits' default).
_INT_DIGITS = 4300
# What a longer integer in a request is read as: the largest Python reads, above every maximum of R10, so
# it is refused with that rule like any number a TPS cannot hold, not as a body that is not JSON.
OVERSIZED = int("9" * _INT_DIGITS)


def json_int(text: str) -> int:
    """``json.loads(..., parse_int=json_int)``: integers as Python reads them, longer ones as OVERSIZED."""
    digits = len(text) - text.startswith("-")
    if digits > _INT_DIGITS:
        return -OVERSIZED if text.startswith("-") else OVERSIZED
    return int(text)


def flatten(payload: Mapping[str, object]) -> dict[str, object]:
    """``{"votes": {"1": 40}, "valid": 100, "voters": {"dpt": {"l": 1}}, "ballots": {"used": 5}}`` ->
    ``{"votes.1": 40, "valid": 100, "dpt.l": 1, "ballots.used": 5}``. Values are passed on as given
    (R0 judges them); fields left out, or null, are absent."""
    flat: dict[str, object] = {}
    for number, votes in (payload.get("votes") or {}).items():
        flat[f"votes.{int(number)}"] = votes
    for name in ("valid", "invalid", "total"):
        if payload.get(name) is not None:
            flat[name] = payload[name]
    voters = payload.get("voters") or {}
    for group in VOTER_GROUPS:
        for part, value in (voters.get(group) or {}).items():
            if value is not None:
                flat[f"{group}.{part}"] = value
    for part, value in (payload.get("ballots") or {}).items():
        if value is not None:
            flat[f"ballots.{part}"] = value
    return {k: v for k, v in flat.items() if v is not None}


def nest(tally: Mapping[str, int]) -> dict:
    """The inverse of ``flatten``, for answers and snapshots."""
    out: dict = {"votes": {}, "voters": {}, "ballots": {}}
    for key, value in tally.items():
        head, _, tail = key.partition(".")
        if head == "votes":
            out["votes"][tail] = value
        elif head == "ballots":
            out["ballots"][tail] = value
        elif tail:
            out["voters"].setdefault(head, {})[tail] = value
        else:
            out[head] = value
    return out


def unnest(nested: Mapping[str, object]) -> dict[str, object]:
    """The exact inverse of ``nest``: a snapshot's tally in the flat shape the rules and KPU's numbers
    use (``flatten`` reads a client's payload, which it also cleans)."""
    flat: dict[str, object] = {}
    for head, value in nested.items():
        if head in ("votes", "ballots"):
            flat.update({f"{head}.{tail}": v for tail, v in value.items()})
        elif head == "voters":
            for group, parts in value.items():
                flat.update({f"{group}.{part}": v for part, v in parts.items()})
        else:
            flat[head] = value
    return flat


def digest(*, contest: str, tps: str, tally: Mapping[str, object], photos: list[str], reason: str = "") -> str:
    """The same submission always has the same digest, whatever the order of its fields."""
    canonical = json.dumps(
        {"contest": contest, "tps": tps, "tally": dict(tally), "photos": photos, "reason": reason},
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def summed(tally: Mapping[str, object]) -> dict[str, int]:
    return {k: v for k, v in tally.items() if k.startswith(SUMMED_PREFIXES) and is_whole(v)}


def delta(old: Mapping[str, object] | None, new: Mapping[str, object]) -> dict[str, int]:
    """What replacing ``old`` by ``new`` adds to every total above the TPS; 'tps_reported' counts the TPS
    the first time it reports."""
    before, after = summed(old or {}), summed(new)
    change = {k: after.get(k, 0) - before.get(k, 0) for k in before.keys() | after.keys()}
    change = {k: v for k, v in change.items() if v}
    change["tps_reported"] = 0 if old is not None else 1
    return change
