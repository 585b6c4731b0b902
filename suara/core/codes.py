"""Region and TPS codes (KPU electoral and Kemendagri): shapes and levels. Pure: no Django."""

from __future__ import annotations

REGION_CODE_LENGTHS = {2: 1, 4: 2, 6: 3, 10: 4}  # code length -> level
PARENT_LENGTH = {4: 2, 6: 4, 10: 6}
TPS_CODE_LENGTH = 13


def region_level(code: str) -> int | None:
    """The level (1 provinsi .. 4 desa) a well-formed region code has, or None."""
    if not code.isascii() or not code.isdigit():
        return None
    return REGION_CODE_LENGTHS.get(len(code))


def parent_code(code: str) -> str | None:
    cut = PARENT_LENGTH.get(len(code))
    return code[:cut] if cut else None


def is_tps_code(code: str) -> bool:
    return len(code) == TPS_CODE_LENGTH and code.isascii() and code.isdigit()


def ancestor_codes(code: str) -> list[str]:
    """The codes above a region or TPS code, nearest last: '3276011006001' -> 32, 3276, 327601, 3276011006."""
    return [code[:n] for n in (2, 4, 6, 10) if n < len(code)]
