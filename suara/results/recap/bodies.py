"""The arithmetic of the recapitulation and the region snapshot body, as pure functions: no Django.

A region's kept totals (``RegionTotal.totals``) are the summed fields of its reported TPS (``votes.<n>``,
``valid``, ``invalid``, ``total``, ``dpt.*``, ``voted_*.*``; zeros are left out, so totals kept by
adding deltas and totals rebuilt from the TPS compare equal), plus under the key ``flags`` the janggal
summary of the TPS beneath: how many carry each flag, how many carry any, and the first 200 of them by
code. A parent's summary is the merge of its children's, so no fold ever reads every TPS of a province.

A desa's kept totals also hold, under the key ``tps``, each reported TPS's numbers and own flags
(``{code: [[votes by ballot number..., valid, invalid, total], ["J2"]]}``): its snapshot's rows and the
kecamatan's J4 are computed from these, so a fold reads only the TPS whose results changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from suara.core.region_codes import KABKOTA, KECAMATAN, NATION, PROVINSI, TPS, code_level
from suara.results.public.missing import missing_parts
from suara.results.public.shares import share

FLAG_CODES = ("J1", "J2", "J3", "J4", "J5")
FLAGS_KEY = "flags"
TPS_KEY = "tps"
FLAGGED_LIST_MAX = 200
NATIONAL_NAME = "INDONESIA"
TPS_LEVEL = TPS
# Who signs off each level's recapitulation (a desa's is signed off with its kecamatan's).
LOCKING_ROLE = {NATION: "kpu_ri", PROVINSI: "kpu_provinsi", KABKOTA: "kpu_kabkota", KECAMATAN: "ppk"}


@dataclass(frozen=True)
class ContestInfo:
    slug: str
    name: str
    election: str
    candidates: tuple[tuple[int, str], ...]  # (ballot number, name), by number

    @cached_property
    def ballot_keys(self) -> tuple[str, ...]:
        return tuple(str(number) for number, _ in self.candidates)

    @cached_property
    def vote_fields(self) -> tuple[str, ...]:
        return tuple(f"votes.{number}" for number, _ in self.candidates)


@dataclass(frozen=True)
class RegionInfo:
    code: str
    name: str
    level: int
    tps_expected: int


def locking_role(code: str) -> str | None:
    """The role that signs off the recapitulation of region ``code``, or None for a level not signed off
    by itself."""
    return LOCKING_ROLE.get(code_level(code))


def add_change(totals: dict, change: Mapping[str, int]) -> None:
    """Adds one delta (``tally.delta``) into kept totals, in place; 'tps_reported' is kept elsewhere."""
    for key, value in change.items():
        if key == "tps_reported" or not value:
            continue
        new = totals.get(key, 0) + value
        if new:
            totals[key] = new
        else:
            totals.pop(key, None)


def summed_part(totals: Mapping[str, object]) -> dict:
    """The kept totals without the janggal summary and the TPS numbers: what deltas add and a rebuild
    recomputes."""
    return {k: v for k, v in totals.items() if k not in (FLAGS_KEY, TPS_KEY)}


def flag_summary(flags_by_tps: Mapping[str, Sequence[str]]) -> dict | None:
    """The janggal summary of a set of TPS (code -> its flags); None when none is flagged."""
    flagged = sorted((code, sorted(flags)) for code, flags in flags_by_tps.items() if flags)
    if not flagged:
        return None
    counts = {flag: sum(1 for _, flags in flagged if flag in flags) for flag in FLAG_CODES}
    return {**counts, "any": len(flagged), "tps": [[code, flags] for code, flags in flagged[:FLAGGED_LIST_MAX]]}


def merge_summaries(summaries: Iterable[dict | None]) -> dict | None:
    """A parent's summary from its children's. Each child keeps its first 200 flagged TPS by code and
    children do not overlap, so the parent's first 200 are among them."""
    present = [s for s in summaries if s]
    if not present:
        return None
    merged = {flag: sum(s.get(flag, 0) for s in present) for flag in FLAG_CODES}
    merged["any"] = sum(s.get("any", 0) for s in present)
    merged["tps"] = sorted((entry for s in present for entry in s.get("tps", [])), key=lambda e: e[0])
    merged["tps"] = merged["tps"][:FLAGGED_LIST_MAX]
    return merged


def vote_shares(kept_numbers: Sequence[int], ballot_numbers: Sequence[int]) -> dict[int, float] | None:
    """Each candidate's share of the valid votes at one TPS (for J4), from its kept numbers (votes by
    ballot number, then valid, invalid, total); None when no valid vote counts."""
    votes = kept_numbers[: len(ballot_numbers)]
    valid = sum(votes)
    if valid <= 0:
        return None
    return {n: v / valid for n, v in zip(ballot_numbers, votes, strict=True)}


def _votes(totals: Mapping[str, object], contest: ContestInfo) -> dict[str, int]:
    return {key: totals.get(name, 0) for key, name in zip(contest.ballot_keys, contest.vote_fields, strict=True)}


def _numbers(totals: Mapping[str, object]) -> dict[str, int]:
    return {"valid": totals.get("valid", 0), "invalid": totals.get("invalid", 0), "total": totals.get("total", 0)}


def region_child_row(region: RegionInfo, totals: Mapping[str, object], tps_reported: int, contest: ContestInfo) -> dict:
    summary = totals.get(FLAGS_KEY) or {}
    return {
        "code": region.code,
        "name": region.name,
        "level": region.level,
        "votes": _votes(totals, contest),
        **_numbers(totals),
        "tps_reported": tps_reported,
        "tps_expected": region.tps_expected,
        "flagged": summary.get("any", 0),
    }


def tps_child_row(
    code: str, number: int, kept_numbers: Sequence[int] | None, flags: Sequence[str], contest: ContestInfo
) -> dict:
    """A desa's child: one TPS, reported (its kept numbers given) or not."""
    keys = contest.ballot_keys
    values = kept_numbers or [0] * (len(keys) + 3)
    n = len(keys)
    return {
        "code": code,
        "number": number,
        "level": TPS_LEVEL,
        "votes": dict(zip(keys, values, strict=False)),
        "valid": values[n],
        "invalid": values[n + 1],
        "total": values[n + 2],
        "tps_reported": 1 if kept_numbers else 0,
        "tps_expected": 1,
        "flagged": 1 if flags else 0,
        "flags": list(flags),
    }


def region_body(
    *,
    contest: ContestInfo,
    region: RegionInfo,
    ancestors: Sequence[tuple[str, str]],
    totals: Mapping[str, object],
    tps_reported: int,
    children: list[dict],
    locked: dict | None,
    updated_at: str,
) -> dict:
    """The REGION SNAPSHOT BODY (docs/results.md): what the public pages and API show of one region.
    ``version`` is filled in by the publisher."""
    votes = _votes(totals, contest)
    numbers = _numbers(totals)
    valid = numbers["valid"]
    summary = totals.get(FLAGS_KEY) or {}
    return {
        "contest": contest.slug,
        "contest_name": contest.name,
        "election": contest.election,
        "code": region.code,
        "name": region.name,
        "level": region.level,
        "ancestors": [{"code": code, "name": name} for code, name in ancestors],
        "candidates": [
            {
                "number": number,
                "name": name,
                "votes": votes[str(number)],
                "share": share(votes[str(number)], valid),
            }
            for number, name in contest.candidates
        ],
        **numbers,
        "dpt": int(totals.get("dpt.j", 0) or 0),
        "tps_reported": tps_reported,
        "tps_expected": region.tps_expected,
        "flags": {flag: summary.get(flag, 0) for flag in FLAG_CODES},
        "flagged_tps": [{"code": code, "flags": flags} for code, flags in summary.get("tps", [])],
        "children": children,
        "locked": locked,
        "missing": missing_parts(candidates=len(contest.candidates), tps_expected=region.tps_expected),
        "version": 0,
        "updated_at": updated_at,
    }
