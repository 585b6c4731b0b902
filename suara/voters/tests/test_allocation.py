"""TPS allocation rules (voters/allocation/rules.py): property tests over made-up households."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from functools import cache

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from suara.voters.allocation.rules import (
    AllocationError,
    HouseholdTooLarge,
    VoterRecord,
    allocate,
    households,
    rebalance,
    tps_needed,
)


def make_voters(shape: list[tuple[int, int, int]]) -> list[VoterRecord]:
    """One household per (rw, rt, size); voter ids 1.., KK numbers made up."""
    voters, next_id = [], 1
    for n, (rw, rt, size) in enumerate(shape):
        for _ in range(size):
            voters.append(VoterRecord(next_id, f"kk{n:05d}", f"{rt:03d}", f"{rw:03d}"))
            next_id += 1
    return voters


def household_shapes(max_size: int = 6, max_households: int = 40):
    return st.lists(
        st.tuples(st.integers(1, 3), st.integers(1, 4), st.integers(1, max_size)), min_size=1, max_size=max_households
    )


@st.composite
def desa(draw, max_households: int = 40):
    shape = draw(household_shapes(max_households=max_households))
    largest = max(size for _, _, size in shape)
    limit = draw(st.integers(largest, max(largest, 40)))
    return make_voters(shape), limit


@cache
def optimum(sizes: tuple[int, ...], limit: int) -> int:
    """The fewest bins of ``limit`` holding these sizes, by exhaustive search (small inputs only)."""

    def fits(k: int) -> bool:
        loads = [0] * k

        def place(i: int) -> bool:
            if i == len(sizes):
                return True
            for b in range(k):
                if loads[b] + sizes[i] <= limit:
                    loads[b] += sizes[i]
                    if place(i + 1):
                        return True
                    loads[b] -= sizes[i]
            return False

        return place(0)

    return next(k for k in range(1, len(sizes) + 1) if fits(k))


def check_rules(voters: list[VoterRecord], assignment: dict[int, int], limit: int) -> Counter:
    assert set(assignment) == {v.id for v in voters}, "every voter gets a TPS"
    sizes = Counter(assignment.values())
    assert max(sizes.values(), default=0) <= limit, "never over N"
    by_kk = defaultdict(set)
    for v in voters:
        by_kk[v.kk].add(assignment[v.id])
    assert all(len(tps) == 1 for tps in by_kk.values()), "a KK is never split"
    return sizes


@settings(max_examples=300, deadline=None)
@given(desa())
def test_allocation_keeps_every_rule(case):
    voters, limit = case
    result = allocate(voters, limit)
    sizes = check_rules(voters, result.assignment, limit)
    assert sorted(sizes) == list(range(1, result.tps_needed + 1))
    assert result.tps_needed == tps_needed(voters, limit)
    total, largest, k = len(voters), max(h.size for h in households(voters)), result.tps_needed
    assert k >= -(-total // limit)
    if result.contiguous and total / k + largest <= limit:
        assert max(sizes.values()) - min(sizes.values()) <= 2 * largest
    assert max(sizes.values()) - min(sizes.values()) <= k * limit - total
    assert (result.moved, result.placed) == (0, total)


@settings(max_examples=300, deadline=None)
@given(desa())
def test_a_contiguous_allocation_keeps_neighbours_in_runs(case):
    voters, limit = case
    result = allocate(voters, limit)
    assume(result.contiguous)
    order = [result.assignment[h.voter_ids[0]] for h in households(voters)]
    assert order == sorted(order), "TPS follow the (RW, RT, KK) order, each one run"


@settings(max_examples=300, deadline=None)
@given(desa())
def test_the_least_possible_tps_when_there_is_a_households_room_to_spare(case):
    voters, limit = case
    sizes = [h.size for h in households(voters)]
    least = -(-len(voters) // limit)
    assume(len(voters) <= least * (limit - max(sizes) + 1))
    result = allocate(voters, limit)
    assert (result.tps_needed, result.contiguous, result.proven_minimal) == (least, True, True)


@settings(max_examples=300, deadline=None)
@given(desa(max_households=8))
def test_the_number_of_tps_is_the_true_minimum_for_small_desa(case):
    voters, limit = case
    sizes = tuple(sorted(h.size for h in households(voters)))
    result = allocate(voters, limit)
    assert result.proven_minimal
    assert result.tps_needed == optimum(sizes, limit)


@settings(max_examples=200, deadline=None)
@given(desa(), st.randoms(use_true_random=False))
def test_allocation_is_deterministic_whatever_the_input_order(case, rng):
    voters, limit = case
    shuffled = list(voters)
    rng.shuffle(shuffled)
    assert allocate(voters, limit).assignment == allocate(shuffled, limit).assignment


def with_tps(voters: list[VoterRecord], assignment: dict[int, int]) -> list[VoterRecord]:
    return [VoterRecord(v.id, v.kk, v.rt, v.rw, assignment[v.id]) for v in voters]


@settings(max_examples=300, deadline=None)
@given(desa())
def test_rebalancing_a_valid_assignment_moves_nobody(case):
    voters, limit = case
    current = with_tps(voters, allocate(voters, limit).assignment)
    again = rebalance(current, limit)
    assert again.assignment == {v.id: v.tps for v in current}
    assert (again.moved, again.placed) == (0, 0)


@st.composite
def changed_desa(draw):
    voters, limit = draw(desa())
    current = with_tps(voters, allocate(voters, limit).assignment)
    kks = sorted({v.kk for v in voters})
    removed = draw(st.sets(st.sampled_from([v.id for v in current]), max_size=5))
    added, next_id = [], max(v.id for v in voters) + 1
    for _ in range(draw(st.integers(0, 8))):
        kk = draw(st.sampled_from(kks) | st.sampled_from(["new1", "new2", "new3"]))
        members = [v for v in current if v.kk == kk]
        if len(members) + sum(1 for a in added if a.kk == kk) >= limit:
            continue  # a KK may not outgrow a TPS
        rt, rw = (members[0].rt, members[0].rw) if members else (f"{draw(st.integers(1, 4)):03d}", "002")
        added.append(VoterRecord(next_id, kk, rt, rw, None))
        next_id += 1
    return [v for v in current if v.id not in removed] + added, limit, len(added)


@settings(max_examples=300, deadline=None)
@given(changed_desa())
def test_rebalancing_after_small_changes_moves_few_and_keeps_the_rules(case):
    voters, limit, added = case
    result = rebalance(voters, limit)
    check_rules(voters, result.assignment, limit)
    largest = max((h.size for h in households(voters)), default=0)
    assert result.moved <= added * largest
    assert result.placed == added
    assert rebalance(voters, limit).assignment == result.assignment


def test_rebalance_reunites_a_split_family_with_the_tps_most_of_it_is_at():
    voters = make_voters([(1, 1, 3), (1, 2, 2)])
    current = [VoterRecord(v.id, v.kk, v.rt, v.rw, 1 if v.id != 3 else 2) for v in voters]
    result = rebalance(current, 10)
    assert result.assignment[3] == 1 and result.moved == 1


def test_rebalance_takes_the_smallest_household_covering_the_excess_out_of_an_overfull_tps():
    voters = make_voters([(1, 1, 4), (1, 1, 3), (1, 2, 1), (1, 2, 1)])  # 9 voters at TPS 1, limit 8
    current = [VoterRecord(v.id, v.kk, v.rt, v.rw, 1) for v in voters] + [VoterRecord(99, "other", "001", "002", 2)]
    result = rebalance(current, 8)
    assert result.moved == 1 and result.sizes == {1: 8, 2: 2}


def test_a_nearly_full_desa_gets_the_least_tps_even_when_no_contiguous_cut_fits():
    rng = random.Random(4)
    shape, total = [], 0
    while total < 2990:
        size = min(rng.choice([1, 4, 5, 6]), 2990 - total)
        shape.append((rng.randint(1, 5), rng.randint(1, 8), size))
        total += size
    result = allocate(make_voters(shape), 300)
    assert (result.tps_needed, result.contiguous, result.proven_minimal) == (10, False, True)
    assert set(result.sizes.values()) == {299}


def test_an_ordinary_desa_is_cut_in_even_contiguous_runs():
    voters = make_voters([(rw, rt, 1 + (rw * 7 + rt * 3) % 5) for rw in range(1, 6) for rt in range(1, 20)])
    result = allocate(voters, 300)
    assert result.tps_needed == -(-len(voters) // 300) and result.contiguous
    assert max(result.sizes.values()) - min(result.sizes.values()) <= 10


def test_a_family_larger_than_a_tps_is_refused_without_its_kk_number():
    voters = make_voters([(1, 1, 5), (1, 2, 2)])
    with pytest.raises(HouseholdTooLarge) as caught:
        allocate(voters, 4)
    assert caught.value.code == "household_too_large" and "kk0" not in caught.value.message
    with pytest.raises(HouseholdTooLarge):
        rebalance([VoterRecord(v.id, v.kk, v.rt, v.rw, 1) for v in voters], 4)


@pytest.mark.parametrize("bad", [0, -3, 2.5])
def test_the_limit_must_be_a_positive_whole_number(bad):
    with pytest.raises(AllocationError) as caught:
        allocate(make_voters([(1, 1, 1)]), bad)
    assert caught.value.code == "invalid_max_per_tps"


def test_an_empty_desa_needs_no_tps():
    assert allocate([], 300).tps_needed == 0 and rebalance([], 300).assignment == {}
