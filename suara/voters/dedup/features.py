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

import contextlib
import functools
import re
from dataclasses import dataclass
from datetime import date

from suara.people.names import name_words

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


def fold_spelling(word: str) -> str:
    """The word with old and new spellings folded together and repeated letters collapsed."""
    folded = _REPEATS.sub(r"\1", word)
    for old, new in _FOLDS:
        folded = folded.replace(old, new)
    return _REPEATS.sub(r"\1", folded)


@functools.lru_cache(maxsize=65536)  # a register has millions of names but only thousands of words
def sound_key(word: str) -> str:
    """A word's spelling-blind key: its first letter (folded), then its consonants without h, w and y,
    repeats collapsed. "Muhammad" -> "nnt", "Achmad" -> "ant", "Soetrisno" -> "strsn"."""
    if not word:
        return ""
    folded = fold_spelling(word)
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


def year_later(born: date, years: int = 1) -> date:
    """The same day ``years`` later (29 February becomes the 28th in a common year), as DuckDB's
    ``date + interval 'n' year`` gives it: the feature ``birth_date_next`` in ``pairs.prepare``."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return born.replace(year=born.year + years, day=28)


def related_birth_dates(born: date) -> frozenset[date]:
    """Every birth date a record born on ``born`` can be blocked with (``model.BLOCKING_RULES``) other than
    through its family card: the same date, day and month swapped, the year one off either way, and both
    slips at once. The
    incremental run fetches only records born on these dates (or on the same KK) from the database."""
    dates = {born, year_later(born, 1), year_later(born, -1)}
    if born.month == 2 and born.day == 28:  # 29 February a year earlier is "one year off" of it too
        with contextlib.suppress(ValueError):  # not a leap year
            dates.add(date(born.year - 1, 2, 29))
    swapped = swapped_birth_date(born)
    if swapped is not None:  # swapped, and swapped with the year one off either way (both slips at once)
        dates |= {swapped, year_later(swapped, 1), year_later(swapped, -1)}
    return frozenset(dates)


# How places of birth are written ---------------------------------------------------------------------------

_NOT_LETTER = re.compile(r"[^a-z]+")
_VOWELS = frozenset("aeiou")


def place_letters(place: str) -> str:
    """A place of birth as letters only, lower case: "Jkt." -> "jkt", "Jakarta Timur" -> "jakartatimur"."""
    return _NOT_LETTER.sub("", (place or "").lower())


def _is_subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(letter in letters for letter in short)


def looks_abbreviated(letters: str) -> bool:
    """Written as a clerk shortens a place: at most four letters, at most one of them a vowel after the
    first ("jkt", "bdg", "sby", "yk", "mdo", "slo")."""
    return 2 <= len(letters) <= 4 and sum(letter in _VOWELS for letter in letters[1:]) <= 1


def _abbreviates(short: str, place: str) -> bool:
    """Whether ``short`` is a shortening of ``place``: its letters in order, starting with its first, or (5
    letters or fewer) its beginning ("tasik" for Tasikmalaya, "yogya" for Yogyakarta)."""
    if short == place or short[0] != place[0] or len(short) >= len(place):
        return False
    if looks_abbreviated(short):
        return _is_subsequence(short, place)
    return len(short) <= 5 and place.startswith(short)


def expand_places(counts: dict[str, int]) -> dict[str, str]:
    """Each place (``place_letters``) written short mapped to the full name it abbreviates: the most common
    place in the register, commoner than the short form, that it shortens ("jkt" -> "jakarta", "bdg" ->
    "bandung", "sby" -> "surabaya", "tasik" -> "tasikmalaya"). Places written in full, and short forms
    nothing explains, are left out. Learnt from the register itself: no list of abbreviations to keep up."""
    by_count = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    expanded = {}
    for place, n in counts.items():
        if not place or len(place) > 5:
            continue
        for candidate, m in by_count:
            if m <= n:
                break
            if _abbreviates(place, candidate):
                expanded[place] = candidate
                break
    return expanded


def place_key(letters: str, expanded: dict[str, str]) -> str:
    """The key two writings of one place share: abbreviations written out, old spellings folded
    ("Soerabaja", "Surabaya" and "Sby" share one; the vowels stay, so Medan and Madiun do not)."""
    return fold_spelling(expanded.get(letters, letters)) if letters else ""
