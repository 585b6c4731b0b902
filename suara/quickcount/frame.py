"""Pure: the frame a quick count samples from, and its strata.

The frame is the election's TPS, each with its code and, where known, its registered voters (DPT): for
2019 the file's ``dpt_l + dpt_p``, for 2024 the register's or KPU's numbers. A stratum is a group of TPS
sampled separately, so that every group is represented in proportion: the default is the province by
TPS size class (small, middle, large by registered voters), which separates the small TPS of remote desa
from the large urban ones, the sharpest divide in turnout and vote in Indonesian elections. Other keys
(urban/rural where the desa type is known) are passed in as the stratum itself.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# Registered voters at which a TPS counts as middle-sized and as large (the Pemilu allowed at most 300).
DEFAULT_SIZE_BOUNDS: tuple[int, ...] = (200, 260)
SIZE_CLASSES = ("kecil", "sedang", "besar")
UNKNOWN_SIZE = "tanpa-dpt"


def size_class(registered: int | None, bounds: Sequence[int] = DEFAULT_SIZE_BOUNDS) -> str:
    """The TPS's size class by its registered voters; ``tanpa-dpt`` when they are not known."""
    if registered is None:
        return UNKNOWN_SIZE
    for index, bound in enumerate(bounds):
        if registered < bound:
            return SIZE_CLASSES[index] if index < len(SIZE_CLASSES) else f"kelas-{index}"
    index = len(bounds)
    return SIZE_CLASSES[index] if index < len(SIZE_CLASSES) else f"kelas-{index}"


def default_stratum(province: str, registered: int | None, bounds: Sequence[int] = DEFAULT_SIZE_BOUNDS) -> str:
    """The default stratum: ``<province>|<size class>``."""
    return f"{province}|{size_class(registered, bounds)}"


@dataclass(frozen=True)
class FrameTps:
    code: str  # the TPS's code, unique in the frame
    stratum: str
    registered: int | None = None


@dataclass(frozen=True)
class Frame:
    """The TPS to sample from, each in one stratum. Codes are unique."""

    tps: tuple[FrameTps, ...]
    by_stratum: dict[str, tuple[str, ...]] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        seen: set[str] = set()
        groups: dict[str, list[str]] = {}
        for tps in self.tps:
            if tps.code in seen:
                raise ValueError(f"TPS {tps.code} is in the frame twice")
            seen.add(tps.code)
            groups.setdefault(tps.stratum, []).append(tps.code)
        object.__setattr__(self, "by_stratum", {key: tuple(sorted(codes)) for key, codes in sorted(groups.items())})

    @classmethod
    def of(cls, rows: Iterable[FrameTps]) -> Frame:
        return cls(tuple(rows))

    def __len__(self) -> int:
        return len(self.tps)

    def stratum_sizes(self) -> dict[str, int]:
        return {key: len(codes) for key, codes in self.by_stratum.items()}

    def stratum_of(self) -> dict[str, str]:
        return {tps.code: tps.stratum for tps in self.tps}

    def digest(self) -> str:
        """SHA-256 of the lines ``<code>,<stratum>\\n`` ordered by code: published with the draw, so who
        redraws from the frame's export checks first that it is the same frame."""
        h = hashlib.sha256()
        for code, stratum in sorted((t.code, t.stratum) for t in self.tps):
            h.update(f"{code},{stratum}\n".encode())
        return h.hexdigest()

    def size_summary(self) -> Counter:
        return Counter(tps.stratum for tps in self.tps)
