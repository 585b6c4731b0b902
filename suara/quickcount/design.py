"""Pure: how many TPS a quick count samples, and how they are spread over the strata.

**Sample size.** A quick count samples whole TPS (clusters of voters), so its margin of error is larger
than a simple random sample of as many voters: the design effect deff = 1 + (m − 1)·ρ, with m the voters
who vote at a TPS and ρ the intra-cluster correlation of the vote (Kish, *Survey Sampling*, 1965, §5.4).
For a share p and a margin of error e at confidence 1 − α (z its normal quantile), the TPS needed are
n₀ = z²·p(1 − p)·deff / (e²·m), corrected for the finite frame of N TPS: n = n₀ / (1 + (n₀ − 1)/N)
(Cochran, *Sampling Techniques*, 3rd ed., 1977, §4.4 and §9.4). Stated margins that leave deff out are
the reason Indonesian quick counts' "1%" is often nearer 1.5%.

**Allocation** over the strata (Cochran §5.5): proportional, n_h ∝ N_h; or Neyman, n_h ∝ N_h·S_h with S_h
a stratum's spread (e.g. the standard deviation of the leader's share per TPS at the last election).
Rounded by largest remainder; every stratum gets at least two TPS (a stratum's variance needs two), at
most its N_h. **Reserve** TPS, drawn after the sample in the same order, replace sampled TPS that cannot
be reached: ⌈rate·n_h⌉ per stratum.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from statistics import NormalDist

from suara.quickcount.errors import QuickCountError
from suara.quickcount.errors import QuickCountErrorCode as Code

PROPORTIONAL = "proporsional"
NEYMAN = "neyman"
ALLOCATIONS = (PROPORTIONAL, NEYMAN)
MIN_PER_STRATUM = 2
# Planning defaults: 200 voters cast their ballot at a typical TPS; ρ = 0.17, measured on the 2019
# presidential file: 2,000 TPS in the default strata gave a standard error of about 0.46 points, a design
# effect near 34 (bench/quickcount_2019.py; docs/quickcount.md). A margin that assumes ρ = 0 is ~6× too small.
DEFAULT_VOTERS_PER_TPS = 200
DEFAULT_ICC = 0.17


def z_value(confidence: float) -> float:
    if not 0.5 <= confidence <= 0.999:
        raise QuickCountError(Code.CONFIDENCE_INVALID, "Tingkat kepercayaan antara 0,5 dan 0,999.")
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def design_effect(voters_per_tps: float, icc: float) -> float:
    return 1 + (max(voters_per_tps, 1) - 1) * max(icc, 0.0)


@dataclass(frozen=True)
class SampleSize:
    tps: int
    design_effect: float
    margin: float
    confidence: float


def sample_size(
    margin: float,
    *,
    frame_tps: int,
    confidence: float = 0.95,
    share: float = 0.5,
    voters_per_tps: float = DEFAULT_VOTERS_PER_TPS,
    icc: float = DEFAULT_ICC,
) -> SampleSize:
    """The TPS needed for ``margin`` (a share: 0.01 is one point) at ``confidence``, with the design effect."""
    if not 0 < margin < 0.5:
        raise QuickCountError(Code.MARGIN_INVALID, "Margin of error harus antara 0 dan 0,5 (mis. 0,01 = 1 poin).")
    if frame_tps <= 0:
        raise QuickCountError(Code.FRAME_EMPTY, "Kerangka sampel tidak berisi TPS.")
    z = z_value(confidence)
    deff = design_effect(voters_per_tps, icc)
    n0 = z * z * share * (1 - share) * deff / (margin * margin * max(voters_per_tps, 1))
    n = n0 / (1 + (n0 - 1) / frame_tps)
    return SampleSize(
        tps=min(frame_tps, max(1, math.ceil(n))), design_effect=deff, margin=margin, confidence=confidence
    )


def _largest_remainder(ideal: Mapping[str, float], total: int) -> dict[str, int]:
    floors = {key: math.floor(value) for key, value in ideal.items()}
    left = total - sum(floors.values())
    # Ties in the remainder go to the stratum key first in order, so the result is deterministic.
    order = sorted(ideal, key=lambda key: (-(ideal[key] - floors[key]), key))
    for key in order[: max(left, 0)]:
        floors[key] += 1
    return floors


def allocate(
    sizes: Mapping[str, int],
    total: int,
    *,
    method: str = PROPORTIONAL,
    spread: Mapping[str, float] | None = None,
    minimum: int = MIN_PER_STRATUM,
) -> dict[str, int]:
    """TPS per stratum, summing to ``total`` unless the minimum per stratum needs more (then more)."""
    frame = sum(sizes.values())
    if total <= 0:
        raise QuickCountError(Code.SAMPLE_SIZE_ZERO, "Jumlah TPS sampel harus lebih dari 0.")
    if frame <= 0:
        raise QuickCountError(Code.FRAME_EMPTY, "Kerangka sampel tidak berisi TPS.")
    if total > frame:
        raise QuickCountError(
            Code.SAMPLE_LARGER_THAN_FRAME, f"Desain meminta {total} TPS, kerangka sampel hanya berisi {frame} TPS."
        )
    if method not in ALLOCATIONS:
        raise QuickCountError(Code.ALLOCATION_UNKNOWN, "Alokasi harus 'proporsional' atau 'neyman'.")
    if method == NEYMAN:
        if spread is None or any(key not in spread for key in sizes):
            raise QuickCountError(Code.SPREAD_MISSING, "Alokasi Neyman memerlukan simpangan baku setiap strata.")
        weight = {key: sizes[key] * max(float(spread[key]), 0.0) for key in sizes}
        if sum(weight.values()) <= 0:  # no spread anywhere: nothing to favour
            weight = {key: float(sizes[key]) for key in sizes}
    else:
        weight = {key: float(sizes[key]) for key in sizes}
    fixed: dict[str, int] = {}
    # Strata pinned at their floor (min(minimum, N_h)) or their ceiling (N_h) leave the rest to share
    # what is left; repeat until no stratum moves (at most once per stratum).
    while True:
        free = [key for key in sizes if key not in fixed]
        left = total - sum(fixed.values())
        free_weight = sum(weight[key] for key in free)
        ideal = {key: (left * weight[key] / free_weight if free_weight > 0 else 0.0) for key in free}
        # Floors first: pinning a stratum up takes from the others, which may then fit their ceilings.
        below = [key for key in free if ideal[key] < min(minimum, sizes[key])]
        above = [key for key in free if ideal[key] > sizes[key]]
        for key in below:
            fixed[key] = min(minimum, sizes[key])
        if not below:
            for key in above:
                fixed[key] = sizes[key]
        if not below and not above:
            break
    left = max(total - sum(fixed.values()), 0)
    counts = _largest_remainder(ideal, left) if ideal else {}
    result = {key: fixed.get(key, counts.get(key, 0)) for key in sizes}
    # Every stratum pinned and some TPS still to place: to the strata with room, in key order.
    short = total - sum(result.values())
    for key in sorted(sizes):
        if short <= 0:
            break
        extra = min(short, sizes[key] - result[key])
        result[key] += extra
        short -= extra
    return {key: result[key] for key in sorted(sizes)}


def reserves(allocation: Mapping[str, int], sizes: Mapping[str, int], rate: float) -> dict[str, int]:
    """Reserve TPS per stratum: ⌈rate·n_h⌉, at most what the stratum has left."""
    return {key: min(sizes[key] - n, math.ceil(max(rate, 0.0) * n)) for key, n in sorted(allocation.items())}
