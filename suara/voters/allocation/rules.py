"""TPS allocation: the voters of one desa into TPS of at most N voters. Pure: no Django.

Households (voters sharing a KK) are never split. They are ordered by (RW, RT, KK), so neighbours sit
next to each other, and ``allocate`` cuts that sequence into k contiguous runs of balanced size:

- k is ``ceil(total / N)``, the least any allocation can use, whenever a contiguous cut into that many
  runs fits (always, unless the desa is within a household's size of full at every TPS). Otherwise a
  fill that keeps the order but pulls a few small households forward to fill each TPS is tried, then an
  exact search over household sizes (with a node budget), before one more TPS is opened. The result says
  whether k is proven minimal (``proven_minimal``) and whether neighbours stayed contiguous.
- Balance: in a contiguous cut every cut point lies within half a household of its ideal place
  (i * total / k), so when the mean size plus the largest household s fits under N, every TPS is within
  s of the mean and max - min <= 2s. Otherwise (a nearly full desa) all that is promised is max <= N,
  hence max - min <= k * N - total.
- A household larger than N cannot be placed without breaking a rule: ``HouseholdTooLarge`` is raised
  (the data is wrong; KPU would split such a KK record first).

``rebalance`` keeps a current assignment and repairs it: a split household joins the TPS most of its
members are at, an over-full TPS gives up the fewest voters it can (the smallest household at least as
large as its excess, or the largest ones until it is covered), and new or displaced households go to the
TPS with room where most of their RT (then RW) already vote, the least loaded on a tie, or a new TPS
number. A valid assignment moves nobody; after m voters are added, at most m * s voters move.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

SEARCH_BUDGET = 50_000  # nodes of the exact search per k; small desa are always settled well inside it


@dataclass(frozen=True)
class VoterRecord:
    id: int
    kk: str
    rt: str
    rw: str
    tps: int | None = None  # the current TPS number within the desa


@dataclass(frozen=True)
class Household:
    kk: str
    rw: str
    rt: str
    voter_ids: tuple[int, ...]

    @property
    def size(self) -> int:
        return len(self.voter_ids)


class AllocationError(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class HouseholdTooLarge(AllocationError):
    """A KK with more voters than a TPS may hold. Carries the size only, never the KK number."""

    def __init__(self, size: int, max_per_tps: int):
        super().__init__(
            "household_too_large",
            f"Satu KK berisi {size} pemilih, melebihi batas {max_per_tps} pemilih per TPS; periksa data KK itu.",
        )
        self.size = size


@dataclass
class Allocation:
    assignment: dict[int, int]  # voter id -> TPS number (1-based)
    tps_needed: int  # the fewest TPS the desa needs (what allocate uses)
    proven_minimal: bool = True
    contiguous: bool = True  # every TPS holds one run of the (RW, RT, KK) order
    moved: int = 0  # voters that had a TPS and now have another
    placed: int = 0  # voters that had none and got one
    sizes: dict[int, int] = field(default_factory=dict)  # TPS number -> voters

    def __post_init__(self) -> None:
        if not self.sizes:
            self.sizes = dict(sorted(Counter(self.assignment.values()).items()))


def _check_max(max_per_tps: int) -> None:
    if not isinstance(max_per_tps, int) or max_per_tps < 1:
        raise AllocationError("invalid_max_per_tps", "Batas pemilih per TPS harus bilangan bulat minimal 1.")


def households(voters: Iterable[VoterRecord]) -> list[Household]:
    """Voters grouped by KK, in (RW, RT, KK) order; a KK whose members disagree on RT/RW sits at the
    first of their places."""
    members: dict[str, list[VoterRecord]] = defaultdict(list)
    for voter in voters:
        members[voter.kk].append(voter)
    out = []
    for kk, group in members.items():
        rw, rt = min((v.rw, v.rt) for v in group)
        out.append(Household(kk, rw, rt, tuple(sorted(v.id for v in group))))
    out.sort(key=lambda h: (h.rw, h.rt, h.kk))
    return out


def _prefix(sizes: Sequence[int]) -> list[int]:
    prefix = [0]
    for size in sizes:
        prefix.append(prefix[-1] + size)
    return prefix


def _reach_and_runs(prefix: list[int], limit: int) -> tuple[list[int], list[int]]:
    """reach[j]: the furthest household boundary one run from boundary j can end at; runs[j]: the fewest
    runs covering households j.. (greedy longest runs are optimal for a contiguous cut)."""
    count = len(prefix) - 1
    reach, end = [0] * (count + 1), 0
    for start in range(count + 1):
        end = max(end, start)
        while end < count and prefix[end + 1] - prefix[start] <= limit:
            end += 1
        reach[start] = end
    runs = [0] * (count + 1)
    for start in range(count - 1, -1, -1):
        runs[start] = 1 + runs[reach[start]]
    return reach, runs


def _contiguous_cut(sizes: Sequence[int], k: int, limit: int) -> list[list[int]]:
    """k non-empty runs of households, each at most ``limit`` voters, each cut at the household boundary
    nearest its ideal place among those that leave the rest feasible. Requires k between the fewest
    runs possible and the number of households."""
    prefix = _prefix(sizes)
    count, total = len(sizes), prefix[-1]
    reach, runs = _reach_and_runs(prefix, limit)
    cuts = [0]
    for i in range(1, k):
        previous, left = cuts[-1], k - i
        high = min(reach[previous], count - left)
        # runs[] never increases along the sequence: the first boundary whose rest fits in `left` runs.
        low, hi = previous + 1, high
        while low < hi:
            middle = (low + hi) // 2
            if runs[middle] <= left:
                hi = middle
            else:
                low = middle + 1
        ideal = i * total  # compared as prefix * k, to stay in integers
        at = bisect.bisect_left(prefix, -(-ideal // k), low, high + 1)
        choices = [b for b in (at - 1, at) if low <= b <= high] or [low if at < low else high]
        cuts.append(min(choices, key=lambda b: (abs(prefix[b] * k - ideal), b)))
    cuts.append(count)
    return [list(range(a, b)) for a, b in zip(cuts, cuts[1:], strict=False)]


def _fill_in_order(sizes: Sequence[int], k: int, limit: int) -> list[list[int]] | None:
    """k TPS filled in order to an even share of what is left, pulling the nearest smaller households
    forward when the next one does not fit; None when the last TPS would overflow."""
    taken = [False] * len(sizes)
    remaining, cursor, bins = sum(sizes), 0, []
    for j in range(k):
        target = remaining if j == k - 1 else -(-remaining // (k - j))
        if target > limit:
            return None
        room, chosen = target, []
        while room > 0:
            while cursor < len(sizes) and taken[cursor]:
                cursor += 1
            if cursor == len(sizes):
                break
            pick = cursor if sizes[cursor] <= room else None
            if pick is None:
                pick = next((q for q in range(cursor + 1, len(sizes)) if not taken[q] and sizes[q] <= room), None)
            if pick is None:
                break
            taken[pick] = True
            chosen.append(pick)
            room -= sizes[pick]
        if not chosen:
            return None
        bins.append(sorted(chosen))
        remaining -= target - room
    return bins if all(taken) else None


def _search(sizes: Sequence[int], k: int, limit: int, budget: int) -> tuple[list[list[int]] | None, bool]:
    """Exact bin packing into k TPS (largest households first, equal loads tried once). Returns the bins
    and whether the answer is certain (False when the budget ran out before a packing was found)."""
    order = sorted(range(len(sizes)), key=lambda i: (-sizes[i], i))
    loads, where = [0] * k, [0] * len(order)
    spare = k * limit - sum(sizes)
    nodes = 0

    def place(position: int) -> bool | None:
        nonlocal nodes
        if position == len(order):
            return True
        nodes += 1
        if nodes > budget:
            return None
        size = sizes[order[position]]
        smallest = sizes[order[-1]]
        tried: set[int] = set()
        for b in range(k):
            load = loads[b]
            if load + size > limit or load in tried:
                continue
            tried.add(load)
            loads[b] += size
            # Room that no remaining household can use any more is wasted; past the spare, give up.
            waste = sum(limit - x for x in loads if limit - x < smallest)
            found = None if waste > spare else place(position + 1)
            if found:
                where[order[position]] = b
                return True
            loads[b] -= size
            if found is None and nodes > budget:
                return None
        return False

    result = place(0)
    if not result:
        return None, result is False
    bins: list[list[int]] = [[] for _ in range(k)]
    for index, b in enumerate(where):
        bins[b].append(index)
    return [b for b in bins if b], True


def _bins(households_: Sequence[Household], limit: int) -> tuple[list[list[int]], bool, bool]:
    """The households' TPS (lists of household positions, in order of their first household), whether
    their number is proven minimal, and whether each TPS is one contiguous run."""
    sizes = [h.size for h in households_]
    if not sizes:
        return [], True, True
    largest = max(sizes)
    if largest > limit:
        raise HouseholdTooLarge(largest, limit)
    total = sum(sizes)
    least = -(-total // limit)
    contiguous_k = _reach_and_runs(_prefix(sizes), limit)[1][0]
    proven = True
    for k in range(least, contiguous_k):
        bins = _fill_in_order(sizes, k, limit)
        if bins is None:
            bins, certain = _search(sizes, k, limit, SEARCH_BUDGET)
            proven = proven and certain
        if bins is not None:
            return sorted(bins, key=min), proven, False
    return _contiguous_cut(sizes, contiguous_k, limit), proven, True


def allocate(voters: Iterable[VoterRecord], max_per_tps: int) -> Allocation:
    """A fresh allocation: TPS 1..k in (RW, RT, KK) order; current TPS numbers are ignored but counted
    for ``moved``."""
    _check_max(max_per_tps)
    voters = list(voters)
    house = households(voters)
    bins, proven, contiguous = _bins(house, max_per_tps)
    assignment = {vid: number for number, b in enumerate(bins, start=1) for i in b for vid in house[i].voter_ids}
    allocation = Allocation(assignment, tps_needed=len(bins), proven_minimal=proven, contiguous=contiguous)
    _count_moves(allocation, voters)
    return allocation


def tps_needed(voters: Iterable[VoterRecord], max_per_tps: int) -> int:
    """The fewest TPS a desa needs under the rules above (what ``allocate`` would use)."""
    _check_max(max_per_tps)
    return len(_bins(households(voters), max_per_tps)[0])


def _count_moves(allocation: Allocation, voters: Sequence[VoterRecord]) -> None:
    for voter in voters:
        new = allocation.assignment[voter.id]
        if voter.tps is None:
            allocation.placed += 1
        elif voter.tps != new:
            allocation.moved += 1


def _evict(members: list[int], house: Sequence[Household], excess: int, share) -> list[int]:
    """Households to take out of an over-full TPS: the smallest single one covering the excess, else the
    largest ones until it is covered; on equal size, the one whose RT is least represented there."""
    covering = [i for i in members if house[i].size >= excess]
    if covering:
        return [min(covering, key=lambda i: (house[i].size, share(i), -i))]
    out = []
    for i in sorted(members, key=lambda i: (-house[i].size, share(i), -i)):
        if excess <= 0:
            break
        out.append(i)
        excess -= house[i].size
    return out


def rebalance(voters: Iterable[VoterRecord], max_per_tps: int) -> Allocation:
    """Repairs the current assignment with as few moves as it can (see the module's docstring); with no
    current assignment at all it is ``allocate``."""
    _check_max(max_per_tps)
    voters = list(voters)
    if all(v.tps is None for v in voters):
        return allocate(voters, max_per_tps)
    house = households(voters)
    if house and max(h.size for h in house) > max_per_tps:
        raise HouseholdTooLarge(max(h.size for h in house), max_per_tps)
    current = {v.id: v.tps for v in voters}
    home: dict[int, int | None] = {}
    for i, h in enumerate(house):
        counts = Counter(current[vid] for vid in h.voter_ids if current[vid] is not None)
        home[i] = min(counts, key=lambda t: (-counts[t], t)) if counts else None
    at: dict[int, list[int]] = defaultdict(list)
    for i in range(len(house)):
        if home[i] is not None:
            at[home[i]].append(i)
    loads = {t: sum(house[i].size for i in members) for t, members in at.items()}
    neighbours: dict[tuple, int] = Counter()
    for t, members in at.items():
        for i in members:
            neighbours[t, house[i].rw, house[i].rt] += house[i].size
            neighbours[t, house[i].rw] += house[i].size
    homeless = [i for i in range(len(house)) if home[i] is None]
    evicted_from: dict[int, int] = {}
    for t in sorted(at):
        if loads[t] <= max_per_tps:
            continue
        for i in _evict(at[t], house, loads[t] - max_per_tps, lambda i, t=t: neighbours[t, house[i].rw, house[i].rt]):
            at[t].remove(i)
            loads[t] -= house[i].size
            neighbours[t, house[i].rw, house[i].rt] -= house[i].size
            neighbours[t, house[i].rw] -= house[i].size
            home[i], evicted_from[i] = None, t
            homeless.append(i)
    for i in sorted(homeless):
        h = house[i]
        room = [t for t in loads if loads[t] + h.size <= max_per_tps and t != evicted_from.get(i)]
        if room:
            target = min(room, key=lambda t: (-neighbours[t, h.rw, h.rt], -neighbours[t, h.rw], loads[t], t))
        else:
            target = next(n for n in range(1, len(loads) + 2) if n not in loads)
            loads[target] = 0
        home[i] = target
        loads[target] += h.size
        neighbours[target, h.rw, h.rt] += h.size
        neighbours[target, h.rw] += h.size
    assignment = {vid: home[i] for i, h in enumerate(house) for vid in h.voter_ids}
    # tps_needed is what a fresh cut would use; a rebalance keeps the TPS in use and may use more.
    bins, proven, _ = _bins(house, max_per_tps)
    allocation = Allocation(assignment, tps_needed=len(bins), proven_minimal=proven, contiguous=False)
    _count_moves(allocation, voters)
    return allocation
