"""Anomaly flags (janggal): numbers that pass every hard rule but deserve a second look by the recap
officers and are shown to the public. Pure: no Django. docs/results.md explains each.

    J1 turnout above the register   more votes than voters on the DPT (allowed by DPTb and DPK voters,
                                    but rare; KPU investigated such TPS in 2019 and 2024)
    J2 unanimous at a large TPS     one candidate has every valid vote where there are 100 or more
    J3 large correction             an approved correction moved at least 10% of the valid votes (and 10+)
    J4 outlier in its kecamatan     a candidate's share is more than 4 standard deviations from the
                                    kecamatan's TPS mean (kecamatan with 10+ reported TPS)
    J5 sources disagree             the count differs from another source's published numbers
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from suara.core.translatable import gettext_noop

# Translated where shown (results/labels.py); the API and the PDF say them in Indonesian.
FLAGS = {
    "J1": gettext_noop("Jumlah suara melebihi pemilih terdaftar di DPT."),
    "J2": gettext_noop("Semua suara sah untuk satu pasangan calon di TPS besar."),
    "J3": gettext_noop("Koreksi mengubah banyak suara."),
    "J4": gettext_noop("Perolehan suara jauh di luar sebaran TPS lain di kecamatan yang sama."),
    "J5": gettext_noop("Angka berbeda dengan angka yang dipublikasikan sumber lain."),
}

LARGE_TPS = 100
CORRECTION_SHARE = 0.10
CORRECTION_MIN_VOTES = 10
OUTLIER_SIGMAS = 4.0
OUTLIER_MIN_TPS = 10


def _votes(tally: Mapping[str, int]) -> dict[str, int]:
    return {k: v for k, v in tally.items() if k.startswith("votes.") and isinstance(v, int)}


def tps_flags(tally: Mapping[str, int], *, contest_ballots: Sequence[int] | None = None) -> list[str]:
    """The flags one TPS's numbers raise by themselves (J1, J2)."""
    flags = []
    total, dpt = tally.get("total"), tally.get("dpt.j")
    if isinstance(total, int) and isinstance(dpt, int) and total > dpt:
        flags.append("J1")
    votes = _votes(tally)
    valid = tally.get("valid", sum(votes.values()))
    if isinstance(valid, int) and valid >= LARGE_TPS and len(votes) > 1 and max(votes.values()) == valid:
        flags.append("J2")
    return flags


def correction_flags(old: Mapping[str, int], new: Mapping[str, int]) -> list[str]:
    """J3 when a correction moves many votes between or away from candidates."""
    before, after = _votes(old), _votes(new)
    # Votes moved: half the absolute changes when they shift between candidates, all of them when votes
    # appear or vanish; the larger of the two is what the correction moved.
    changes = [after.get(k, 0) - before.get(k, 0) for k in before.keys() | after.keys()]
    moved = max(sum(c for c in changes if c > 0), -sum(c for c in changes if c < 0))
    base = max(old.get("valid", 0) or 0, sum(before.values()), 1)
    return ["J3"] if moved >= CORRECTION_MIN_VOTES and moved >= CORRECTION_SHARE * base else []


def outliers(shares_by_tps: Mapping[str, Mapping[str, float]]) -> dict[str, list[str]]:
    """J4 per TPS code, from each TPS's vote shares per candidate within one kecamatan."""
    if len(shares_by_tps) < OUTLIER_MIN_TPS:
        return {}
    candidates = {c for shares in shares_by_tps.values() for c in shares}
    flagged: dict[str, list[str]] = {}
    for candidate in candidates:
        values = [shares.get(candidate, 0.0) for shares in shares_by_tps.values()]
        mean = sum(values) / len(values)
        sd = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
        if sd == 0:
            continue
        for code, shares in shares_by_tps.items():
            if abs(shares.get(candidate, 0.0) - mean) > OUTLIER_SIGMAS * sd:
                flagged.setdefault(code, ["J4"])
    return flagged


def sources_disagree(ours: Mapping[str, int], theirs: Mapping[str, int]) -> bool:
    """J5: any number both sources give differs."""
    shared = (ours.keys() & theirs.keys()) - {"dpt.l", "dpt.p", "dpt.j"}
    return any(ours[k] != theirs[k] for k in shared)
