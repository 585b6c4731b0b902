"""How a synthetic duplicate differs from its original: the kinds of change found between probable
duplicates. Pure: no Django.

One kind of change mostly, two in three cases of ten; never a change that would make the copy a
different person on paper (another sex, another generation).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import TYPE_CHECKING

from suara.voters.synthetic import names as words

if TYPE_CHECKING:
    from suara.voters.synthetic.voters import Home, Person, SyntheticVoters

KINDS = ("typo", "variant", "title", "swap_order", "swap_date", "address", "year", "place")
WEIGHTS = (0.21, 0.16, 0.12, 0.1, 0.13, 0.14, 0.09, 0.05)
# Typing and old-spelling slips: what a letter (or pair) is often written as.
SLIPS = {"i": "y", "y": "i", "u": "o", "o": "u", "e": "i", "a": "e", "j": "dj", "k": "kh", "f": "p", "p": "f",
         "s": "z", "z": "s", "n": "m", "m": "n", "t": "th", "d": "t"}  # fmt: skip
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def disguise(generator: SyntheticVoters, person: Person, home: Home) -> tuple[Person, Home]:
    """A copy of ``person`` (and their home) changed by one or two kinds of change that apply."""
    rng = generator.rng
    latest = generator.latest_birth
    kinds = [_pick(rng, person, latest)]
    if rng.random() < 0.3:
        second = _pick(rng, person, latest)
        if second != kinds[0]:
            kinds.append(second)
    copy, copy_home = dataclasses.replace(person), dataclasses.replace(home)
    for kind in kinds:
        if kind == "typo":
            copy.name = typo(rng, copy.name)
            if rng.random() < 0.2:  # written carelessly: a second slip
                copy.name = typo(rng, copy.name)
        elif kind == "variant":
            copy.name = variant(rng, copy.name)
        elif kind == "title":
            copy.name = retitle(rng, copy.name, copy.sex)
        elif kind == "swap_order":
            copy.name = swap_order(copy.name)
        elif kind == "swap_date":
            copy.born = swap_day_month(copy.born)
        elif kind == "year":
            copy.born = year_slip(copy.born, latest, rng)
        elif kind == "place":  # shortened, or the home town given for the place of birth
            if rng.random() < 0.6:
                copy.birth_place = shorten_place(copy.birth_place)
            else:
                copy.birth_place = rng.choice([p for p in words.BIRTH_PLACES if p != copy.birth_place])
        else:
            copy_home = generator._home(_moved_to(generator, rng, home.desa))
    return copy, copy_home


def _pick(rng, person: Person, latest: date) -> str:
    while True:
        kind = rng.choices(KINDS, WEIGHTS)[0]
        if kind == "variant" and not _variant_words(person.name):
            continue
        if kind == "swap_order" and len(_plain_words(person.name)) < 2:
            continue
        if kind == "swap_date" and not _swappable(person.born, latest):
            continue
        if kind == "place" and shorten_place(person.birth_place) == person.birth_place:
            continue
        return kind


def _plain_words(name: str) -> list[str]:
    head = name.partition(",")[0]
    return [w for w in head.split() if not w.endswith(".")]


def _variant_words(name: str) -> list[int]:
    return [i for i, w in enumerate(name.split()) if w in words.VARIANTS]


def _swappable(born: date, latest: date) -> bool:
    """Day and month can trade places, and the person is still of voting age after."""
    return born.day <= 12 and born.day != born.month and swap_day_month(born) <= latest


def typo(rng, name: str) -> str:
    """One slip in one word (never the first letter): a letter swapped for a likely one, dropped,
    doubled, or two letters exchanged."""
    parts = name.split(" ")
    candidates = [i for i, w in enumerate(parts) if len(w) >= 4 and w.isalpha()]
    if not candidates:
        return name + "h" if name[-1:].isalpha() else name + " A"
    i = rng.choice(candidates)
    word = parts[i]
    pos = rng.randint(1, len(word) - 1)
    op = rng.random()
    if op < 0.4:
        lower = word[pos].lower()
        replacement = SLIPS.get(lower)
        if replacement is None:
            replacement = rng.choice(_LETTERS.replace(lower, ""))
        word = word[:pos] + replacement + word[pos + 1 :]
    elif op < 0.6 and len(word) > 4:
        word = word[:pos] + word[pos + 1 :]
    elif op < 0.8:
        word = word[:pos] + word[pos] + word[pos:]
    elif pos < len(word) - 1 and word[pos] != word[pos + 1]:
        word = word[:pos] + word[pos + 1] + word[pos] + word[pos + 2 :]
    else:
        word = word[:pos] + rng.choice(_LETTERS.replace(word[pos].lower(), "")) + word[pos + 1 :]
    parts[i] = word
    return " ".join(parts)


def variant(rng, name: str) -> str:
    parts = name.split()
    indices = _variant_words(name)
    if not indices:
        return name
    i = rng.choice(indices)
    parts[i] = rng.choice(words.VARIANTS[parts[i]])
    return " ".join(parts)


def retitle(rng, name: str, sex: str) -> str:
    """Adds a title before or a degree after the name; takes away the one it has."""
    head, comma, degree = name.partition(",")
    first = head.split()[0]
    if comma:
        return head
    if first in words.PREFIX_TITLES_MALE or first in words.PREFIX_TITLES_FEMALE:
        return head.split(" ", 1)[1]
    if rng.random() < 0.6:
        titles = words.PREFIX_TITLES_MALE if sex == "L" else words.PREFIX_TITLES_FEMALE
        return f"{titles[0] if rng.random() < 0.7 else rng.choice(titles)} {name}"
    return f"{name}, {rng.choice(words.DEGREES)}"


def swap_order(name: str) -> str:
    """The name's words in another order ("Budi Santoso" -> "Santoso Budi"), titles kept in place."""
    head, comma, degree = name.partition(",")
    parts = head.split()
    lead = []
    while parts and parts[0].endswith(".") and len(parts) > 2:
        lead.append(parts.pop(0))
    parts = parts[-1:] + parts[:-1]
    return " ".join(lead + parts) + (comma + degree if comma else "")


def swap_day_month(born: date) -> date:
    return born.replace(day=born.month, month=born.day)


def year_slip(born: date, latest: date, rng) -> date:
    """The year of birth typed one off (a year earlier when a year later would make the person too young)."""
    step = -1 if rng.random() < 0.5 or born.year + 1 > latest.year else 1
    try:
        slipped = born.replace(year=born.year + step)
    except ValueError:  # 29 February
        slipped = born.replace(year=born.year + step, day=28)
    return slipped if slipped <= latest else born.replace(year=born.year - 1, day=min(born.day, 28))


def shorten_place(place: str) -> str:
    """A place of birth as a clerk shortens it: its first letter and the next two consonants ("Bekasi" ->
    "Bks", "Bandung" -> "Bnd"); places of two words or of four letters or fewer are left as they are."""
    if " " in place or len(place) <= 4:
        return place
    consonants = [c for c in place[1:].lower() if c.isalpha() and c not in "aeiou"]
    return place[0].upper() + "".join(consonants[:2]) if len(consonants) >= 2 else place


def _moved_to(generator: SyntheticVoters, rng, desa: str) -> str | None:
    """Where the copy lives: the same desa (another address), most moves being near, a desa of the same
    kecamatan, or anywhere (None)."""
    r = rng.random()
    if r < 0.4:
        return desa
    if r < 0.7:
        near = [code for code in generator.desa_codes if code[:6] == desa[:6] and code != desa]
        return rng.choice(near) if near else None
    return None
