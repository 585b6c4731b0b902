"""What a contest still lacks before it can be counted, the ``missing`` of a recap body: the recap's
bodies (``recap/bodies.py``) and the empty recap of a region nobody has reported from yet
(``public/selectors.py``) say it alike. Pure: no Django."""

from __future__ import annotations


def missing_parts(*, candidates: int, tps_expected: int) -> list[str]:
    """What a contest still lacks before it can be counted, as the public pages and API say it: its
    candidates (``suara import-candidates``) and its TPS (its counting geography)."""
    missing = []
    if candidates == 0:
        missing.append("candidates")
    if tps_expected == 0:
        missing.append("tps")
    return missing
