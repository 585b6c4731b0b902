"""What duplicate detection compares: a name's normalised words, spelling-blind keys of them, and a birth
date's day/month swap. Pure: no Django.

Two records of one person differ in ways people write names: titles ("H.", "Hj.", "S.Pd.", dropped by
``names.name_words``), abbreviations of common first words ("Moh.", "Muh.", "Abd.", "St."), old and new
spellings ("oe"/"u", "dj"/"j", "tj"/"c", "ch"/"kh"/"h"), doubled letters, vowels typed wrong, and the
words in another order. ``name_features`` gives the words in a fixed order (sorted, so order does not
matter) and each word's *sound key*: first letter, then its consonants after folding those spellings, so
"Muhammad", "Muhamad" and "Mohammad" share a key, as do "Yusuf", "Yusup" and "Jusuf".
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date

from suara.voters.names import name_words

# Abbreviations written for a whole word, expanded before anything else is compared.
ABBREVIATIONS = {
    "m": "muhammad",
    "mhd": "muhammad",
    "moh": "muhammad",
    "muh": "muhammad",
    "moch": "muhammad",
    "mochd": "muhammad",
    "abd": "abdul",
    "st": "siti",
}
# Spelling folds applied in order, before vowels are dropped (old Indonesian spelling and common slips).
_FOLDS = (
    ("oe", "u"),
    ("dj", "j"),
    ("tj", "c"),
    ("sj", "sy"),
    ("sy", "s"),
    ("ch", "h"),
    ("kh", "h"),
    ("th", "t"),
    ("ph", "f"),
    ("dh", "d"),
    ("q", "k"),
    ("x", "ks"),
    ("z", "s"),
    ("v", "f"),
    ("f", "p"),
    ("j", "y"),  # old spelling: "Jusuf" is Yusuf
)
_REPEATS = re.compile(r"(.)\1+")
_WEAK = re.compile(r"[aeiouyhw]")


@functools.lru_cache(maxsize=65536)  # a register has millions of names but only thousands of words
def sound_key(word: str) -> str:
    """A word's spelling-blind key: its first letter (folded), then its consonants without h, w and y,
    repeats collapsed. "Muhammad" -> "nnt", "Achmad" -> "ant", "Soetrisno" -> "strsn"."""
    if not word:
        return ""
    folded = _REPEATS.sub(r"\1", word)
    for old, new in _FOLDS:
        folded = folded.replace(old, new)
    folded = _REPEATS.sub(r"\1", folded)
    if folded.endswith("d"):  # said as t at the end of a word: Ahmad and Ahmat, Muhammad and Muhamat
        folded = folded[:-1] + "t"
    return folded[0] + _REPEATS.sub(r"\1", _WEAK.sub("", folded[1:]))


def name_tokens(name: str) -> list[str]:
    """The name's words without titles, lower case, letters only, abbreviations written out."""
    return [ABBREVIATIONS.get(word, word) for word in name_words(name)]


@dataclass(frozen=True)
class NameFeatures:
    words: str  # the words sorted, space-separated: word order does not matter
    sounds: str  # the words' sound keys sorted, space-separated
    sound_list: tuple[str, ...]  # the distinct sound keys, sorted
    sound_first: str  # the smallest and largest sound key: one survives a slip in the other word
    sound_last: str


def name_features(name: str) -> NameFeatures:
    words = sorted(name_tokens(name))
    sounds = sorted(sound_key(word) for word in words)
    distinct = tuple(sorted(set(sounds)))
    return NameFeatures(
        words=" ".join(words),
        sounds=" ".join(sounds),
        sound_list=distinct,
        sound_first=distinct[0] if distinct else "",
        sound_last=distinct[-1] if distinct else "",
    )


def swapped_birth_date(born: date) -> date | None:
    """The date with day and month traded, when that is another real date (day 1-12, day != month)."""
    if born.day > 12 or born.day == born.month:
        return None
    return born.replace(day=born.month, month=born.day)


def same_with_day_month_swapped(a: date, b: date) -> bool:
    return swapped_birth_date(a) == b
