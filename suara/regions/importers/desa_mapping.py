"""Which Kemendagri desa a KPU desa is. Pure: no Django.

KPU's 2024 desa codes and names mostly equal Kemendagri's, but about 1,000 differ. The rule, in order:

1. CODE: Kemendagri has the same code and the same name (``place_key`` equal).
2. NAME: the Kemendagri kecamatan with the same 6-digit code holds exactly one desa with the same
   ``place_key``; that desa's code is the match. This is checked before SPELLING because an exact name
   at another code is stronger evidence than a near name at the same code (KPU "BATU LUBANG" sits at
   the code of Kemendagri's "Batu Lubang Pantai", while Kemendagri's own "Batu Lubang" is next door).
   Two or more candidates with the same key (e.g. "Gelgel" and "Kampung Gelgel") decide nothing.
3. SPELLING: Kemendagri has the same code and the names are spelling variants (``is_spelling_variant``).
4. UNMATCHED otherwise.

On the 2024 data (83,731 desa) with Kepmendagri 2138/2025 this gives 82,764 CODE, 242 NAME, 191 SPELLING
and 534 UNMATCHED.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from suara.core.text import fold, place_key

# Measured on the 2024 pairs that share a code but not a place_key: from a ratio of 0.8 up they are
# typing and transliteration variants (Ujung/Ujong Kalak 0.90, Kombai/Kombay 0.83, Pasele/Pasale 0.83);
# below it they are mostly other or renamed places (Malango/Manggalo 0.67, Kamro/Karsu 0.60, Bius Gu
# Barat/Lumban Sirait Gu). Short names need a single changed letter to stay above it.
SPELLING_THRESHOLD = 0.8

# Ways one name is written differently without being another place: numbers as words or roman numerals,
# common abbreviations, and the postal code KPU appends to tell apart two desa of one name.
_NUMBER_WORDS = {
    "satu": "1",
    "dua": "2",
    "tiga": "3",
    "empat": "4",
    "lima": "5",
    "enam": "6",
    "tujuh": "7",
    "delapan": "8",
    "sembilan": "9",
    "sepuluh": "10",
}
_ROMAN = {
    "i": "1",
    "ii": "2",
    "iii": "3",
    "iv": "4",
    "v": "5",
    "vi": "6",
    "vii": "7",
    "viii": "8",
    "ix": "9",
    "x": "10",
}
_ABBREVIATIONS = {"sei": "sungai", "sg": "sungai", "kmp": "kampung", "kp": "kampung", "ps": "pasar", "tj": "tanjung"}
_POSTAL_CODE = re.compile(r"^\d{5}$")
_NUMBERS = re.compile(r"\d+")


class MatchKind(StrEnum):
    """The values of regions.models.Region.Match (kept in step by a test)."""

    CODE = "code"
    SPELLING = "spelling"
    NAME = "name"
    UNMATCHED = "unmatched"


@dataclass(frozen=True, slots=True)
class DesaMatch:
    kind: MatchKind
    kemendagri_code: str  # '' when UNMATCHED


def spelling_key(name: str) -> str:
    """``place_key`` after writing numbers as digits, expanding abbreviations and dropping a postal code."""
    tokens = fold(name).split()
    if len(tokens) > 1 and _POSTAL_CODE.match(tokens[-1]):
        tokens.pop()
    tokens = [_NUMBER_WORDS.get(t) or _ROMAN.get(t) or _ABBREVIATIONS.get(t) or t for t in tokens]
    return place_key(" ".join(tokens))


def is_spelling_variant(a: str, b: str) -> bool:
    """Whether two names are one place spelled two ways: the same ``spelling_key``, or keys whose
    similarity reaches SPELLING_THRESHOLD without carrying different numbers."""
    key_a, key_b = spelling_key(a), spelling_key(b)
    if not key_a or not key_b:
        return False
    if key_a == key_b:
        return True
    numbers_a, numbers_b = _NUMBERS.findall(key_a), _NUMBERS.findall(key_b)
    if numbers_a and numbers_b and numbers_a != numbers_b:
        return False  # Deme 1 and Deme 2 are neighbours, not one place: one letter apart, yet two desa
    key_a, key_b = sorted((key_a, key_b))  # SequenceMatcher's ratio can depend on the order of its inputs
    return difflib.SequenceMatcher(None, key_a, key_b, autojunk=False).ratio() >= SPELLING_THRESHOLD


class KemendagriDesaIndex:
    """The Kemendagri desa, by code and by (kecamatan, place_key), to match KPU desa against."""

    def __init__(self, desa: Iterable[tuple[str, str]]):
        self._name_by_code: dict[str, str] = {}
        self._key_by_code: dict[str, str] = {}
        self._codes_by_place: dict[tuple[str, str], list[str]] = defaultdict(list)
        for code, name in desa:
            key = place_key(name)
            self._name_by_code[code] = name
            self._key_by_code[code] = key
            self._codes_by_place[(code[:6], key)].append(code)

    def __len__(self) -> int:
        return len(self._name_by_code)

    def match(self, code: str, name: str) -> DesaMatch:
        key = place_key(name)
        if self._key_by_code.get(code) == key:
            return DesaMatch(MatchKind.CODE, code)
        same_name = self._codes_by_place.get((code[:6], key), [])
        if len(same_name) == 1:
            return DesaMatch(MatchKind.NAME, same_name[0])
        kemendagri_name = self._name_by_code.get(code)
        if kemendagri_name is not None and is_spelling_variant(name, kemendagri_name):
            return DesaMatch(MatchKind.SPELLING, code)
        return DesaMatch(MatchKind.UNMATCHED, "")
