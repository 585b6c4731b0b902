"""Pure: the seeded draw of a quick count's sample and reserve, algorithm ``suara-acak-strata-v1``.
``tools/redraw_quickcount.py`` is its stand-alone twin (standard library only), which anyone runs on the
frame's export and the published design; a test holds the two equal.

1. The seed: 32 lower-case hex digits (128 random bits), drawn when the sample is drawn and published
   with the design, the frame's digest (``Frame.digest``) and each stratum's n_h and r_h.
2. In each stratum, every TPS gets the key SHA-256("<seed>:<TPS code>") read as a big-endian integer;
   the stratum's TPS are ordered by key (the code breaks a tie).
3. The first n_h in that order are the sample; the next r_h the reserve, in order: the first reserve
   replaces the first sampled TPS that cannot be reached, and so on.

Ordering by a hash of seed and code is a random permutation that does not depend on the order in which
the frame is read, so two people with the same frame and seed draw the same TPS (a simple random
sample without replacement within each stratum).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from suara.quickcount.errors import QuickCountError
from suara.quickcount.errors import QuickCountErrorCode as Code
from suara.quickcount.frame import Frame

ALGORITHM = "suara-acak-strata-v1"
SEED_HEX_DIGITS = 32


def seed_new() -> str:
    return secrets.token_hex(SEED_HEX_DIGITS // 2)


def seed_check(seed: str) -> str:
    if len(seed) != SEED_HEX_DIGITS or any(c not in "0123456789abcdef" for c in seed):
        raise QuickCountError(Code.SEED_INVALID, "Seed berupa 32 digit heksadesimal huruf kecil.")
    return seed


def draw_key(seed: str, code: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{seed}:{code}".encode()).digest(), "big")


@dataclass(frozen=True)
class Drawn:
    sample: dict[str, tuple[str, ...]]  # stratum -> TPS codes, in draw order
    reserve: dict[str, tuple[str, ...]]

    def sample_codes(self) -> list[str]:
        return [code for key in sorted(self.sample) for code in self.sample[key]]

    def reserve_codes(self) -> list[str]:
        return [code for key in sorted(self.reserve) for code in self.reserve[key]]


def draw(frame: Frame, allocation: Mapping[str, int], reserve: Mapping[str, int], seed: str) -> Drawn:
    seed_check(seed)
    sizes = frame.stratum_sizes()
    sample: dict[str, tuple[str, ...]] = {}
    spare: dict[str, tuple[str, ...]] = {}
    for key, codes in frame.by_stratum.items():
        n, r = allocation.get(key, 0), reserve.get(key, 0)
        if n < 0 or r < 0 or n + r > sizes[key]:
            raise QuickCountError(
                Code.SAMPLE_LARGER_THAN_FRAME, f"Strata {key}: {n} sampel dan {r} cadangan, hanya ada {sizes[key]} TPS."
            )
        ordered = sorted(codes, key=lambda code: (draw_key(seed, code), code))
        sample[key], spare[key] = tuple(ordered[:n]), tuple(ordered[n : n + r])
    unknown = set(allocation) - set(frame.by_stratum)
    if any(allocation[key] for key in unknown):
        raise QuickCountError(
            Code.SAMPLE_LARGER_THAN_FRAME, f"Strata tanpa TPS di kerangka: {', '.join(sorted(unknown))}."
        )
    return Drawn(sample=sample, reserve=spare)
