"""Pure: the seeded systematic draw of a factual-verification sample and its replacements, algorithm
``suara-sistematik-v1``. ``tools/redraw_sample.py`` is its stand-alone twin (standard library only) that
anyone with the list export and the seed runs; a test holds the two equal. docs/parties.md, "Factual
verification", states the same steps in words.

1. The frame: the party's listings in the kab/kota that were eligible (MS) when the sample was drawn,
   each a (listing id, NIK) pair, ordered by NIK and then listing id (ascending; the NIK as its 16-digit
   text). Ordering by NIK spreads the sample over kecamatan, birth dates and sex, which the NIK encodes.
   Positions count from 0.
2. N = the frame's size; n = ``sizes.sample_size(N)`` (Krejcie–Morgan).
3. The seed: 32 lower-case hex digits (128 random bits), drawn when the sample is drawn and published with
   it. The start t = SHA-256("<seed>:mulai") read as a big-endian integer, modulo N.
4. The sample: positions p_i = floor((t + i·N) / n) for i = 0 … n−1: systematic sampling with interval
   k = N/n from the random start t/n in [0, k), in exact integer arithmetic (no floats, so every
   implementation agrees). k ≥ 1, so the positions are distinct and increasing, all below N.
5. The reserve: every position not in the sample, ordered by SHA-256("<seed>:cadangan:<position>") (as a
   big-endian integer; position breaks a tie). The m-th replacement drawn in the sample (m = 1, 2, …, in
   the order the verifier asks for them) is the reserve's m-th member. A replacement is therefore never a
   member of the sample, and never another failed member's replacement.

The frame digest, SHA-256 of the frame's lines "<listing id>,<NIK>\\n" in frame order, is published too:
who redraws from an export checks first that it is the same frame.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from suara.parties.verification.sizes import sample_size

ALGORITHM = "suara-sistematik-v1"
SEED_HEX_DIGITS = 32


class SeedInvalid(ValueError):
    pass


def seed_check(seed: str) -> str:
    if len(seed) != SEED_HEX_DIGITS or any(c not in "0123456789abcdef" for c in seed):
        raise SeedInvalid(f"the seed is {SEED_HEX_DIGITS} lower-case hex digits")
    return seed


def _hash_int(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("ascii")).digest(), "big")


def frame_order(listings: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    """(listing id, NIK) pairs in frame order: by NIK, then listing id."""
    return sorted(listings, key=lambda pair: (pair[1], pair[0]))


def frame_digest(frame: Sequence[tuple[int, str]]) -> str:
    digest = hashlib.sha256()
    for listing_id, nik in frame:
        digest.update(f"{listing_id},{nik}\n".encode("ascii"))
    return digest.hexdigest()


def start(seed: str, population: int) -> int:
    """t in [0, N): the random start is t/n positions into the first interval."""
    return _hash_int(f"{seed_check(seed)}:mulai") % population


def positions(seed: str, population: int, size: int) -> list[int]:
    """The sampled positions, increasing."""
    if not 0 <= size <= population:
        raise ValueError("the sample size is between 0 and the population")
    if size == 0:
        return []
    t = start(seed, population)
    return [(t + i * population) // size for i in range(size)]


def reserve(seed: str, population: int, sampled: Iterable[int]) -> list[int]:
    """The positions replacements are drawn from, in the order they are drawn."""
    seed_check(seed)
    taken = set(sampled)
    rest = [q for q in range(population) if q not in taken]
    return sorted(rest, key=lambda q: (_hash_int(f"{seed}:cadangan:{q}"), q))


@dataclass(frozen=True)
class Draw:
    algorithm: str
    seed: str
    population: int
    size: int
    start: int
    frame_digest: str
    frame: list[tuple[int, str]]  # (listing id, NIK) in frame order
    positions: list[int]

    @property
    def listing_ids(self) -> list[int]:
        """The sampled listings, in sample order."""
        return [self.frame[p][0] for p in self.positions]

    def replacement(self, number: int) -> tuple[int, int] | None:
        """The ``number``-th replacement (from 1) as (position, listing id), or None when the reserve is
        spent."""
        order = reserve(self.seed, self.population, self.positions)
        if not 1 <= number <= len(order):
            return None
        position = order[number - 1]
        return position, self.frame[position][0]


def draw(listings: Iterable[tuple[int, str]], seed: str, *, size: int | None = None) -> Draw:
    """The sample of ``listings`` ((listing id, NIK), in any order) for ``seed``; ``size`` defaults to the
    Krejcie–Morgan size of the frame."""
    frame = frame_order(listings)
    population = len(frame)
    size = sample_size(population) if size is None else size
    return Draw(
        algorithm=ALGORITHM,
        seed=seed_check(seed),
        population=population,
        size=size,
        start=start(seed, population) if population else 0,
        frame_digest=frame_digest(frame),
        frame=frame,
        positions=positions(seed, population, size) if population else [],
    )
