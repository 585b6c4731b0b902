"""The seeded systematic draw: its size, determinism, spread, and replacements never already drawn."""

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from suara.parties.verification import sampling
from suara.parties.verification.sizes import sample_size

SEED = "0123456789abcdef0123456789abcdef"
seeds = st.binary(min_size=16, max_size=16).map(bytes.hex)
frames = st.lists(st.integers(min_value=1, max_value=10**9), min_size=1, max_size=1500, unique=True).map(
    lambda ids: [(i, f"3276{i:012d}") for i in ids]
)


@given(frames, seeds)
def test_the_sample_has_the_krejcie_morgan_size_distinct_and_from_the_frame(frame, seed):
    drawn = sampling.draw(frame, seed)
    ids = drawn.listing_ids
    assert len(ids) == drawn.size == sample_size(len(frame))
    assert len(set(ids)) == len(ids)
    assert set(ids) <= {i for i, _ in frame}
    assert drawn.positions == sorted(drawn.positions) and all(0 <= p < len(frame) for p in drawn.positions)


@given(frames, seeds, st.randoms())
def test_same_seed_same_sample_whatever_the_order_of_the_rows(frame, seed, rng):
    shuffled = list(frame)
    rng.shuffle(shuffled)
    first, second = sampling.draw(frame, seed), sampling.draw(shuffled, seed)
    assert first.listing_ids == second.listing_ids
    assert first.frame_digest == second.frame_digest
    assert [first.replacement(m) for m in (1, 2, 3)] == [second.replacement(m) for m in (1, 2, 3)]


@given(frames, seeds)
def test_one_position_in_each_interval(frame, seed):
    """Systematic: the i-th position lies in [floor(i·N/n), (i+1)·N/n): p_i = floor((t + i·N)/n), 0 <= t < N."""
    drawn = sampling.draw(frame, seed)
    n, size = drawn.population, drawn.size
    for i, p in enumerate(drawn.positions):
        assert i * n - size < p * size < (i + 1) * n


@given(frames, seeds)
def test_replacements_are_never_drawn_members_and_never_repeat(frame, seed):
    drawn = sampling.draw(frame, seed)
    sampled = set(drawn.listing_ids)
    replacements = []
    for m in range(1, len(frame) - drawn.size + 2):
        replacement = drawn.replacement(m)
        if replacement is None:
            assert m == len(frame) - drawn.size + 1  # the reserve is exactly the rest of the frame
            break
        replacements.append(replacement[1])
    assert not sampled & set(replacements)
    assert len(set(replacements)) == len(replacements)
    assert sampled | set(replacements) == {i for i, _ in frame}


def test_another_seed_another_sample():
    frame = [(i, f"3276{i:012d}") for i in range(1, 5001)]
    assert sampling.draw(frame, SEED).listing_ids != sampling.draw(frame, "f" * 32).listing_ids


def test_the_start_and_the_digest_are_the_documented_hashes():
    frame = [(7, "3276010101900001"), (3, "3276010101900001"), (5, "3201010101900002")]
    drawn = sampling.draw(frame, SEED)
    assert drawn.frame == [(5, "3201010101900002"), (3, "3276010101900001"), (7, "3276010101900001")]
    assert drawn.start == int(hashlib.sha256(f"{SEED}:mulai".encode()).hexdigest(), 16) % 3
    lines = "5,3201010101900002\n3,3276010101900001\n7,3276010101900001\n"
    assert drawn.frame_digest == hashlib.sha256(lines.encode()).hexdigest()


@pytest.mark.parametrize("seed", ["", "0123", "G" * 32, "0123456789ABCDEF0123456789ABCDEF"])
def test_a_malformed_seed_is_refused(seed):
    with pytest.raises(sampling.SeedInvalid):
        sampling.draw([(1, "3276010101900001")], seed)
