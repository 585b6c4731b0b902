"""Normalising names so that spellings of one place compare equal. Pure: no Django."""

from __future__ import annotations

import re
import unicodedata

_PREFIXES = re.compile(
    r"^(provinsi|prov|kabupaten|kab|kota administrasi|kota adm|kota|kecamatan|kec|distrik|"
    r"kelurahan|kel|desa|kampung|nagari|gampong)\b\.?\s*"
)
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower case, accents removed, every run of non-alphanumerics made one space."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return _NOT_ALNUM.sub(" ", ascii_only).strip()


def place_key(name: str) -> str:
    """A key under which two spellings of one place name match.

    Drops the administrative prefix ("Desa", "Kelurahan", ...) and all spacing and punctuation, so
    "KEL. A U R" and "Aur" match, and "SOKA'AN" matches "Sokaan".
    """
    folded = fold(name)
    folded = _PREFIXES.sub("", folded, count=1)
    return folded.replace(" ", "")


# Acronyms in KPU names that title case would spoil ("Dki Jakarta", "Kbri Tokyo").
_ACRONYMS = {"DKI", "KBRI", "KJRI", "KRI", "KDEI", "PTRI", "RI", "TPS", "KSK", "PPLN", "UPT", "SP", "PIR", "KM"}
_ROMAN = re.compile(r"[IVX]{1,4}")
_NAME_PART = re.compile(r"[^\s,\-/().]+")


def _display_part(part: str) -> str:
    upper = part.upper()
    if upper in _ACRONYMS or _ROMAN.fullmatch(upper):
        return upper
    return part[:1].upper() + part[1:].lower()


def display_name(name: str) -> str:
    """KPU writes names in capitals; show them as people write them: title case, with acronyms and
    roman numerals kept upper case and each part of a hyphenated name capitalised
    ("DKI JAKARTA" -> "DKI Jakarta", "LUBUK PAKAM I,II" -> "Lubuk Pakam I,II", "BOSNIA-HERZEGOVINA" ->
    "Bosnia-Herzegovina")."""
    return _NAME_PART.sub(lambda m: _display_part(m.group()), " ".join(name.split()))
