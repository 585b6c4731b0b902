"""Pure: the checks of a TPS's numbers entered for the city's internal count.

The city counts what KPU's C.Hasil counts for the candidates: the votes of each candidate, the valid and
invalid votes and their total. The arithmetic is KPU's own (``results.rules``): the candidates' votes sum
to the valid votes (R1), valid plus invalid is the total (R2), every number is a whole number (R0) and
none exceeds the most one TPS of the election can hold (R10). Every candidate must be present.
"""

from __future__ import annotations

from collections.abc import Mapping

from suara.results.rules import Breach, check

COUNT_FIELDS = ("valid", "invalid", "total")


def tally_of(votes: Mapping[int, object], valid: object, invalid: object, total: object) -> dict[str, object]:
    """The flat tally (``results.rules``' shape) of an entry."""
    return {**{f"votes.{n}": v for n, v in votes.items()}, "valid": valid, "invalid": invalid, "total": total}


def count_problems(tally: Mapping[str, object], *, ballot_numbers: list[int], tps_max: int) -> list[Breach]:
    """Every rule the entry breaks: a missing candidate or number first (as R0, naming the fields), an
    unknown candidate, then KPU's tally rules."""
    wanted = [f"votes.{n}" for n in ballot_numbers] + list(COUNT_FIELDS)
    missing = tuple(f for f in wanted if tally.get(f) is None)
    unknown = tuple(sorted(k for k in tally if k not in wanted))
    breaches = []
    if missing:
        breaches.append(Breach("R0", missing, "(kosong)"))
    if unknown:
        breaches.append(Breach("R0", unknown, "(bukan pasangan calon kontestasi ini)"))
    present = {k: v for k, v in tally.items() if k in wanted and v is not None}
    return breaches + check(present, ballot_numbers=ballot_numbers, tps_max=tps_max)


def differences(city: Mapping[str, int], kpu: Mapping[str, int]) -> list[str]:
    """The fields whose numbers differ between the city's count and KPU's (both flat)."""
    return sorted(k for k in set(city) | set(kpu) if city.get(k) != kpu.get(k))
