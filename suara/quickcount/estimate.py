"""Pure: the quick count's estimates and how sure they are.

**The stratified ratio estimator** (Cochran, *Sampling Techniques*, 1977, §6.11, the combined ratio
estimate). A sampled TPS i of stratum h reports its candidates' votes y_ci, the voters who voted u_i and
its registered voters x_i. Weighted by w_h = N_h / n_h (the stratum's TPS in the frame over those that
reported), a candidate's share is R_c = Σ w_h·y_ci / Σ w_h·Σ_c y_ci, its votes over the valid votes
(shares sum to 100%), and turnout is Σ w_h·u_i / Σ w_h·x_i. On the whole frame (n_h = N_h) it is the full
count's share exactly.

**Intervals**, two ways:
- *Taylor linearisation* (Cochran §6.11; Wolter, *Introduction to Variance Estimation*, 2007, ch. 6):
  V(R) = Σ_h N_h²·(1 − f_h)·s²_dh / n_h / X², with d_i = y_i − R·x_i the linearised residual, s²_dh its
  variance within stratum h, f_h = n_h / N_h and X the estimated total of the denominator.
- *Bootstrap within strata*, Rao & Wu's rescaling bootstrap (JASA 83, 1988; Rao, Wu & Yue, Survey
  Methodology 18, 1992): each replicate resamples n_h − 1 of a stratum's n_h reports with replacement and
  rescales the weights so that the replicates' variance is unbiased with the finite-population
  correction; the interval is the replicates' percentiles. The same approach as quickcountmx
  (Ortiz et al., the stratified ratio estimator with bootstrap within strata used for Mexico's INE).

**Non-response** (sampled TPS that never report) is handled by reweighting within strata: w_h uses the
reports that came, so a stratum stands for its own frame share whatever its response. A stratum with
fewer than two reports, or under half its sample, is *thin*: it is warned of; with one report its
variance is borrowed from the pooled variance of the others; with none it is pooled with the other
strata of its province (or, with none there either, with all): the collapsed strata of Cochran §5A.12,
and the frame share that had no report of its own is stated.

**The probability that the leader wins**: the normal probability, from the Taylor variance of the
linearised difference between the leader's and the runner-up's share, that the difference is above 0;
and the share of bootstrap replicates in which the leader is ahead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import NormalDist

import numpy as np

from suara.quickcount.errors import QuickCountError
from suara.quickcount.errors import QuickCountErrorCode as Code

THIN_REPORTS = 2
THIN_RESPONSE = 0.5


@dataclass(frozen=True)
class Report:
    """One sampled TPS's numbers: votes per candidate (in the contest's ballot order), the voters who
    voted and its registered voters (0 when not known: that TPS then counts for shares, not turnout)."""

    code: str
    stratum: str
    votes: tuple[int, ...]
    voted: int = 0
    registered: int = 0


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


@dataclass(frozen=True)
class Estimate:
    shares: tuple[float, ...]  # per candidate, 0..1, summing to 1
    taylor: tuple[Interval, ...]
    standard_errors: tuple[float, ...]
    bootstrap: tuple[Interval, ...] | None
    turnout: float | None
    turnout_taylor: Interval | None
    leader: int  # index of the candidate ahead
    leader_probability: float  # Taylor, normal approximation
    leader_probability_bootstrap: float | None
    reports: int
    sampled: int
    thin_strata: tuple[str, ...] = ()
    uncovered_strata: tuple[str, ...] = ()
    uncovered_share: float = 0.0  # share of the frame's TPS in strata with no report of their own (pooled)
    warnings: tuple[str, ...] = field(default=())


@dataclass
class _Stratum:
    key: str
    frame: int
    sampled: int
    y: np.ndarray  # (n, C) candidates' votes
    u: np.ndarray  # (n,) voted
    x: np.ndarray  # (n,) registered

    @property
    def n(self) -> int:
        return len(self.u)

    @property
    def weight(self) -> float:
        return self.frame / self.n

    @property
    def fpc(self) -> float:
        return max(0.0, 1.0 - self.n / self.frame)


def province_of(stratum: str) -> str:
    """The default strata's first collapse level: ``<province>|<size class>`` → the province."""
    return stratum.split("|", 1)[0]


def nationwide(stratum: str) -> str:
    return "*"


# A stratum with no report is pooled with the others of its province; a province with none, with all.
DEFAULT_COLLAPSE: tuple[Callable[[str], str], ...] = (province_of, nationwide)


def _strata(
    reports: Sequence[Report],
    frame_sizes: Mapping[str, int],
    sampled: Mapping[str, int],
    candidates: int,
    collapse: Sequence[Callable[[str], str]],
) -> tuple[list[_Stratum], list[str], list[str], float]:
    grouped: dict[str, list[Report]] = {}
    for report in reports:
        if report.stratum not in frame_sizes:
            raise QuickCountError(Code.NOT_IN_SAMPLE, f"TPS {report.code} tidak termasuk strata sampel.")
        if len(report.votes) != candidates:
            raise ValueError(f"TPS {report.code}: {len(report.votes)} numbers of votes for {candidates} candidates")
        grouped.setdefault(report.stratum, []).append(report)
    frame_total = sum(frame_sizes.values())
    # Strata the design sampled (all, when the sample per stratum is not given), as groups of strata.
    groups = [[key] for key in sorted(frame_sizes) if sampled.get(key, 1) > 0 or key in grouped]
    uncovered = [key for (key,) in groups if key not in grouped]
    uncovered_share = sum(frame_sizes[key] for key in uncovered) / frame_total if frame_total else 0.0
    # Collapsed strata (Cochran §5A.12): a group with no report merges with every group that shares its
    # label at the next level, until each group has a report.
    for level in collapse:
        if all(any(key in grouped for key in group) for group in groups):
            break
        by_label: dict[str, list[list[str]]] = {}
        for group in groups:
            by_label.setdefault(level(group[0]), []).append(group)
        merged = []
        for members in by_label.values():
            if any(not any(key in grouped for key in group) for group in members):
                merged.append(sorted(key for group in members for key in group))
            else:
                merged.extend(members)
        groups = sorted(merged)
    strata, thin = [], []
    for group in groups:
        rows = [report for key in group for report in grouped.get(key, [])]
        if not rows:
            continue
        planned = sum(sampled.get(key, 0) for key in group) or len(rows)
        label = group[0] if len(group) == 1 else f"{group[0]}+{len(group) - 1}"
        if len(rows) < THIN_REPORTS or len(rows) < THIN_RESPONSE * planned:
            thin.append(label)
        strata.append(
            _Stratum(
                key=label,
                frame=sum(frame_sizes[key] for key in group),
                sampled=planned,
                y=np.array([r.votes for r in rows], dtype=np.float64).reshape(len(rows), candidates),
                u=np.array([r.voted for r in rows], dtype=np.float64),
                x=np.array([r.registered for r in rows], dtype=np.float64),
            )
        )
    return strata, thin, uncovered, uncovered_share


def _linearised_variance(
    strata: list[_Stratum],
    numerators: list[np.ndarray],
    denominators: list[np.ndarray],
    ratio: float,
    total_denominator: float,
) -> float:
    """Σ_h N_h²(1 − f_h)s²_dh/n_h / X², d = y − R·x; a one-report stratum borrows the pooled s²."""
    pooled_num, pooled_den, needs_pool, variance = 0.0, 0, [], 0.0
    per_stratum = []
    for stratum, y, x in zip(strata, numerators, denominators, strict=True):
        d = y - ratio * x
        if stratum.n >= 2:
            s2 = float(np.var(d, ddof=1))
            pooled_num += s2 * (stratum.n - 1)
            pooled_den += stratum.n - 1
            per_stratum.append(s2)
        else:
            per_stratum.append(None)
            needs_pool.append(len(per_stratum) - 1)
    pooled = pooled_num / pooled_den if pooled_den else 0.0
    for stratum, s2 in zip(strata, per_stratum, strict=True):
        s2 = pooled if s2 is None else s2
        variance += stratum.frame**2 * stratum.fpc * s2 / stratum.n
    return variance / total_denominator**2 if total_denominator > 0 else 0.0


def _ratio(strata: list[_Stratum], num, den) -> tuple[float, float]:
    total_num = sum(s.weight * float(n.sum()) for s, n in zip(strata, num, strict=True))
    total_den = sum(s.weight * float(d.sum()) for s, d in zip(strata, den, strict=True))
    return (total_num / total_den if total_den > 0 else 0.0), total_den


def estimate(
    reports: Sequence[Report],
    *,
    frame_sizes: Mapping[str, int],
    sampled: Mapping[str, int] | None = None,
    candidates: int,
    confidence: float = 0.95,
    replicates: int = 1000,
    seed: int = 0,
    collapse: Sequence[Callable[[str], str]] = DEFAULT_COLLAPSE,
) -> Estimate:
    """Estimates from the reports in: ``frame_sizes`` the TPS per stratum in the frame, ``sampled`` the TPS
    per stratum in the sample (for the response rate), ``replicates`` bootstrap replicates (0: none)."""
    if not reports:
        raise QuickCountError(Code.NO_REPORTS, "Belum ada TPS sampel yang melapor.")
    strata, thin, uncovered, uncovered_share = _strata(reports, frame_sizes, sampled or {}, candidates, collapse)
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    valid = [s.y.sum(axis=1) for s in strata]
    shares, std_errors, taylor = [], [], []
    ratio_valid_total = None
    for c in range(candidates):
        column = [s.y[:, c] for s in strata]
        share, total_valid = _ratio(strata, column, valid)
        ratio_valid_total = total_valid
        se = _linearised_variance(strata, column, valid, share, total_valid) ** 0.5
        shares.append(share)
        std_errors.append(se)
        taylor.append(Interval(max(0.0, share - z * se), min(1.0, share + z * se)))
    order = sorted(range(candidates), key=lambda c: (-shares[c], c))
    leader = order[0]
    if candidates > 1:
        runner = order[1]
        diff_num = [s.y[:, leader] - s.y[:, runner] for s in strata]
        diff = shares[leader] - shares[runner]
        se_diff = _linearised_variance(strata, diff_num, valid, diff, ratio_valid_total or 0.0) ** 0.5
        probability = 1.0 if se_diff == 0 and diff > 0 else (0.5 if se_diff == 0 else NormalDist().cdf(diff / se_diff))
    else:
        probability = 1.0
    with_registered = [s for s in strata if float(s.x.sum()) > 0]
    turnout = turnout_interval = None
    if with_registered:
        voted = [s.u * (s.x > 0) for s in with_registered]
        registered = [s.x for s in with_registered]
        turnout, total_registered = _ratio(with_registered, voted, registered)
        se_t = _linearised_variance(with_registered, voted, registered, turnout, total_registered) ** 0.5
        turnout_interval = Interval(max(0.0, turnout - z * se_t), turnout + z * se_t)
    boot = boot_probability = None
    if replicates > 0:
        boot, boot_probability = _bootstrap(strata, candidates, leader, replicates, confidence, seed)
    warnings = []
    if thin:
        warnings.append(f"{len(thin)} strata tipis (kurang dari {THIN_REPORTS} laporan atau di bawah separuh sampel)")
    if uncovered:
        warnings.append(
            f"{len(uncovered)} strata tanpa laporan ({uncovered_share:.1%} TPS kerangka) digabung dengan strata "
            "terdekatnya"
        )
    return Estimate(
        shares=tuple(shares),
        taylor=tuple(taylor),
        standard_errors=tuple(std_errors),
        bootstrap=boot,
        turnout=turnout,
        turnout_taylor=turnout_interval,
        leader=leader,
        leader_probability=probability,
        leader_probability_bootstrap=boot_probability,
        reports=len(reports),
        sampled=sum((sampled or {}).values()) or len(reports),
        thin_strata=tuple(thin),
        uncovered_strata=tuple(uncovered),
        uncovered_share=uncovered_share,
        warnings=tuple(warnings),
    )


def _bootstrap(
    strata: list[_Stratum], candidates: int, leader: int, replicates: int, confidence: float, seed: int
) -> tuple[tuple[Interval, ...], float]:
    """Rao–Wu rescaling bootstrap, m_h = n_h − 1: w* = w·(1 − λ + λ·(n_h/m_h)·r), λ = √(m_h(1 − f_h)/(n_h − 1))."""
    rng = np.random.default_rng(seed)
    totals = np.zeros((replicates, candidates))
    for s in strata:
        if s.n < 2:  # one report: its weight stays, it adds no spread (warned of as thin)
            totals += s.weight * s.y.sum(axis=0)
            continue
        m = s.n - 1
        lam = (m * s.fpc / (s.n - 1)) ** 0.5
        counts = rng.multinomial(m, np.full(s.n, 1.0 / s.n), size=replicates)
        factors = (1 - lam) + lam * (s.n / m) * counts
        totals += s.weight * (factors @ s.y)
    valid = totals.sum(axis=1, keepdims=True)
    shares = np.divide(totals, valid, out=np.zeros_like(totals), where=valid > 0)
    alpha = (1 - confidence) / 2
    low, high = np.quantile(shares, [alpha, 1 - alpha], axis=0)
    ahead = np.argmax(shares, axis=1) == leader
    return tuple(Interval(float(lo), float(hi)) for lo, hi in zip(low, high, strict=True)), float(ahead.mean())
