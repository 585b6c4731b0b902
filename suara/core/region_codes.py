"""The region-code hierarchy, KPU's electoral codes and Kemendagri's alike, and TPS codes. Pure: no Django.

A code's length is its level: '' is the nation (a pseudo-code, written ``nasional`` in URLs and messages),
2 digits a provinsi, 4 a kabupaten/kota, 6 a kecamatan, 10 a desa/kelurahan and 13 a TPS (its desa's
code and a three-digit number). The codes above a code are its prefixes at the shorter lengths, so a
region covers a code when its code is a prefix of it. Province 99 is KPU's overseas pseudo-province.

Everything here is a slice or a length: the recapitulation fold and the submission call it per TPS.
"""

from __future__ import annotations

from collections.abc import Collection

NATIONAL = ""
NATIONAL_WORD = "nasional"
OVERSEAS_PROVINCE = "99"

# Levels, from the nation down to a TPS.
NATION, PROVINSI, KABKOTA, KECAMATAN, DESA, TPS = range(6)
LENGTHS = (0, 2, 4, 6, 10, 13)  # the length of a code at each level
PROVINSI_LENGTH, KABKOTA_LENGTH, KECAMATAN_LENGTH, DESA_LENGTH, TPS_LENGTH = LENGTHS[1:]
REGION_LEVELS = (PROVINSI, KABKOTA, KECAMATAN, DESA)
COUNTED_LEVELS = (NATION, *REGION_LEVELS)  # the levels a recapitulation keeps totals for
ALL_LEVELS = (*COUNTED_LEVELS, TPS)

_LEVEL_OF_LENGTH = {length: level for level, length in enumerate(LENGTHS)}
_COUNTED_LENGTHS = LENGTHS[:TPS]  # '' to desa
_REGION_LENGTHS = LENGTHS[PROVINSI:TPS]
# The counted lengths from a top's level down, by the top's length (a Pilkada counts only its subtree).
_COUNTED_FROM = {length: tuple(n for n in _COUNTED_LENGTHS if n >= length) for length in LENGTHS}
_REGIONS_FROM = {length: tuple(n for n in _REGION_LENGTHS if n >= length) for length in LENGTHS}


def code_level(code: str) -> int | None:
    """The level of a code by its length alone (0 the nation .. 4 desa, 5 TPS), or None for another
    length. It does not look at the characters: see ``is_code`` for input."""
    return _LEVEL_OF_LENGTH.get(len(code))


def level_length(level: int) -> int:
    """The length of a code at ``level``."""
    return LENGTHS[level]


def is_code(code: str, levels: Collection[int] = ALL_LEVELS) -> bool:
    """Whether ``code`` is a well-formed code (ASCII digits of a level's length; '' the nation) at one of
    ``levels``."""
    return _LEVEL_OF_LENGTH.get(len(code)) in levels and (code == "" or (code.isascii() and code.isdigit()))


def region_level(code: str) -> int | None:
    """The level (1 provinsi .. 4 desa) a well-formed region code has, or None."""
    level = _LEVEL_OF_LENGTH.get(len(code))
    return level if level in REGION_LEVELS and code.isascii() and code.isdigit() else None


def is_tps_code(code: str) -> bool:
    return len(code) == TPS_LENGTH and code.isascii() and code.isdigit()


def covers(scope: str, code: str) -> bool:
    """Whether the region ``scope`` ('' the nation) is ``code`` or above it."""
    return code.startswith(scope)


def covered_range(code: str) -> tuple[str, str | None]:
    """The codes ``code`` covers, as a half-open range of strings: from ``code`` up to (not including) the
    next code of its length, None when there is none ('', 99...). An index on codes answers it whatever the
    database's collation (digits only)."""
    stem = code.rstrip("9")
    if not stem:
        return code, None
    return code, stem[:-1] + str(int(stem[-1]) + 1)


def codes_above(code: str, top: str = NATIONAL) -> list[str]:
    """The counted regions above ``code`` (the nation '' included), from ``top``'s level down, nearest
    last, not ``code`` itself: for a TPS, every region it counts towards in a contest over ``top``."""
    if len(code) == TPS_LENGTH and not top:  # the hot case (a submission, a national fold), written out
        return [NATIONAL, code[:2], code[:4], code[:6], code[:10]]
    return [code[:n] for n in _COUNTED_FROM[len(top)] if n < len(code)]


def ancestor_codes(code: str, top: str = NATIONAL) -> list[str]:
    """The regions above ``code`` without the nation, from ``top``'s level down, nearest last:
    '3276011006001' -> 32, 3276, 327601, 3276011006."""
    return [code[:n] for n in _REGIONS_FROM[len(top)] if n < len(code)]


def code_at(code: str, level: int) -> str:
    """The code of the region at ``level`` above (or at) ``code``."""
    return code[: LENGTHS[level]]


def provinsi_of(code: str) -> str:
    return code[:PROVINSI_LENGTH]


def kabkota_of(code: str) -> str:
    return code[:KABKOTA_LENGTH]


def kecamatan_of(code: str) -> str:
    return code[:KECAMATAN_LENGTH]


def desa_of(code: str) -> str:
    return code[:DESA_LENGTH]


def tps_number(tps_code: str) -> str:
    """The TPS's number within its desa, as written in its code ('001')."""
    return tps_code[DESA_LENGTH:]


def tps_code_of(desa: str, number: int) -> str:
    """The code of TPS ``number`` of a desa: the desa's code and the number in three digits."""
    return f"{desa}{number:03d}"


def child_length(code: str) -> int:
    """The length of the codes one level below ``code`` (a desa's children are its TPS)."""
    return LENGTHS[_LEVEL_OF_LENGTH[len(code)] + 1]


def is_overseas(code: str) -> bool:
    return code.startswith(OVERSEAS_PROVINCE)


def url_word(code: str) -> str:
    """A code as a URL segment or a message says it: the nation is ``nasional``."""
    return code or NATIONAL_WORD


def from_url_word(word: str) -> str:
    """The code a URL segment names: '' for ``nasional``, anything else as it is (to be checked)."""
    return NATIONAL if word == NATIONAL_WORD else word
