"""Synthetic voters in the import format. Pure: no Django; deterministic per seed.

People come in households that share a KK, an address, RT and RW: a couple (or a widowed parent) with
their adult children and sometimes an elderly parent, so ages, sexes and marital statuses hang together.
Heads of household are drawn from Indonesia's 2020 census age pyramid; everyone is 17 or older on voting
day. NIKs are valid (``nik.nik_make``: the desa's kecamatan, the birth date, the sex, a fresh serial).

Injected duplicates copy a person under a new valid NIK with one or two of the changes duplicate detection
must see through: a typo, a spelling variant (Muhammad / Muhamad / Moh.), a title (H., Hj., S.Pd.), the
name's words in another order, day and month of birth swapped, another address. Each one's pair
(original NIK, duplicate NIK) goes into ``truth``. ``count`` is the number of rows in all, duplicates
included; a duplicate appears some rows after its original.
"""

from __future__ import annotations

import csv
import heapq
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import TextIO

from suara.people.nik import nik_make
from suara.voters.importing.source import COLUMNS
from suara.voters.synthetic import names as words
from suara.voters.synthetic.duplicates import disguise

VOTING_DAY = date(2024, 2, 14)
VOTING_AGE = 17
# Indonesia, Sensus Penduduk 2020: millions of people per five-year group, from 20-24 to 80+ (BPS).
CENSUS_2020 = ((20, 22.1), (25, 21.6), (30, 21.3), (35, 20.9), (40, 19.9), (45, 18.4), (50, 16.3),
               (55, 13.9), (60, 10.9), (65, 7.9), (70, 5.0), (75, 2.9), (80, 2.3))  # fmt: skip
# Share of each group heading a household (young adults mostly live with their parents).
HEADSHIP = {20: 0.1, 25: 0.4, 30: 0.7, 35: 0.85, 40: 0.9, 45: 0.9, 50: 0.9, 55: 0.85, 60: 0.8, 65: 0.7,
            70: 0.6, 75: 0.5, 80: 0.4}  # fmt: skip
HOUSEHOLD_SIZES = (2, 3, 4, 5, 6)
HOUSEHOLD_WEIGHTS = (0.34, 0.30, 0.20, 0.11, 0.05)
# KK numbers carry the day they were issued: 2010 to 2023 here.
KK_FIRST_DAY = date(2010, 1, 1).toordinal()
KK_DAYS = date(2023, 12, 31).toordinal() - KK_FIRST_DAY + 1
# How far after its original a duplicate is written (rows).
DUPLICATE_SPREAD = 20_000


@dataclass
class Person:
    name: str
    sex: str
    born: date
    marital: str
    birth_place: str
    disability: str


@dataclass
class Home:
    desa: str
    kk: str
    address: str
    rt: str
    rw: str


@dataclass
class SyntheticVoters:
    """``rows()`` yields the rows; ``truth`` holds the (original, duplicate) NIK pairs written so far."""

    desa_codes: Sequence[str]
    count: int
    duplicates: float = 0.0
    seed: int = 0
    home_places: Sequence[str] = ()
    voting_day: date = VOTING_DAY
    truth: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.desa_codes:
            raise ValueError("no desa to place voters in")
        if not 0 <= self.duplicates < 0.5:
            raise ValueError("duplicates must be a rate from 0 to 0.5")
        self.rng = random.Random(self.seed)
        rng = self.rng
        self.desa_codes = sorted(self.desa_codes)
        self._desa_weights = _cumulative([rng.lognormvariate(0, 0.6) for _ in self.desa_codes])
        self._desa_rw = {code: (rng.randint(3, 16), rng.randint(4, 12)) for code in self.desa_codes}
        self._male_first = words.FAKER_MALE_FIRST + words.COMMON_MALE_FIRST * 6
        self._female_first = words.FAKER_FEMALE_FIRST + words.COMMON_FEMALE_FIRST * 6
        self._male_last = words.FAKER_MALE_LAST + words.COMMON_MALE_FIRST
        self._female_last = words.FAKER_FEMALE_LAST + words.FAKER_MALE_LAST + words.COMMON_FEMALE_FIRST
        ages, weights = [], []
        for start, millions in CENSUS_2020:
            for age in range(max(start, 22), start + (16 if start == 80 else 5)):
                ages.append(age)
                weights.append(millions * HEADSHIP[start] / 5)
        self._head_ages, self._head_weights = ages, _cumulative(weights)
        self._places = tuple(self.home_places) * 12 + words.BIRTH_PLACES if self.home_places else words.BIRTH_PLACES
        self._nik_serials: dict[tuple, int] = {}
        self._kk_serials: dict[tuple, int] = {}
        self.latest_birth = self._anniversary(VOTING_AGE)  # born on or before: 17 on voting day

    # People and homes ------------------------------------------------------------------------------------

    def _anniversary(self, age: int) -> date:
        day = self.voting_day
        try:
            return day.replace(year=day.year - age)
        except ValueError:  # 29 February
            return day.replace(year=day.year - age, day=28)

    def _born(self, age: int) -> date:
        """A birth date making the person ``age`` on voting day."""
        return date.fromordinal(self._anniversary(age).toordinal() - self.rng.randrange(365))

    def _name(self, sex: str, age: int) -> str:
        rng = self.rng
        r = rng.random()
        if sex == "L":
            first, last, leading = self._male_first, self._male_last, words.LEADING_MALE
        else:
            first, last, leading = self._female_first, self._female_last, words.LEADING_FEMALE
        if r < 0.18:
            parts = [rng.choice(first)]
        elif r < 0.68:
            parts = [rng.choice(first), rng.choice(last)]
        elif r < 0.88:
            parts = [rng.choice(first), rng.choice(first), rng.choice(last)]
        else:
            parts = [rng.choice(leading), rng.choice(first), rng.choice(last)]
        if parts[0] == parts[-1] and len(parts) > 1:
            parts.pop()
        name = " ".join(parts)
        t = rng.random()
        if age >= 45 and t < 0.03:
            name = (words.PREFIX_TITLES_MALE[0] if sex == "L" else words.PREFIX_TITLES_FEMALE[0]) + " " + name
        elif age >= 24 and t > 0.975:
            name += ", " + rng.choice(words.DEGREES)
        return name

    def _person(self, sex: str, age: int, marital: str) -> Person:
        rng = self.rng
        disabled = rng.random() < (0.02 if age >= 65 else 0.006)
        return Person(
            name=self._name(sex, age),
            sex=sex,
            born=self._born(age),
            marital=marital,
            birth_place=rng.choice(self._places),
            disability=rng.choice(words.DISABILITIES) if disabled else "",
        )

    def _household(self, size: int) -> list[Person]:
        rng = self.rng
        head_age = rng.choices(self._head_ages, cum_weights=self._head_weights)[0]
        people: list[Person] = []
        if rng.random() < 0.12 and head_age >= 55:  # a widowed parent heads the household
            people.append(self._person("P" if rng.random() < 0.75 else "L", head_age, "P"))
        else:
            people.append(self._person("L", head_age, "S"))
            wife_age = min(max(head_age - round(rng.gauss(4, 4)), VOTING_AGE + 2), 95)
            people.append(self._person("P", wife_age, "S"))
        while len(people) < size:
            child_age = head_age - rng.randint(18, 32)
            if head_age <= 55 and rng.random() < 0.12:  # an elderly parent lives with them
                people.append(self._person(rng.choice("LPP"), min(head_age + rng.randint(22, 35), 95), "P"))
            elif child_age >= VOTING_AGE:
                married = rng.random() < (0.02 if child_age < 22 else 0.2 if child_age < 30 else 0.4)
                people.append(self._person(rng.choice("LP"), child_age, "S" if married else "B"))
            elif rng.random() < 0.6:
                break  # the children are not voters yet: a smaller household
            else:  # a younger relative: a sibling, a nephew
                people.append(self._person(rng.choice("LP"), rng.randint(VOTING_AGE, 25), "B"))
        return people[:size]

    def _desa(self) -> str:
        return self.rng.choices(self.desa_codes, cum_weights=self._desa_weights)[0]

    def _address(self) -> str:
        rng = self.rng
        r = rng.random()
        number = rng.randint(1, 150)
        if r < 0.55:
            return f"Jl. {rng.choice(words.STREET_WORDS)} No. {number}"
        if r < 0.75:
            return f"Kp. {rng.choice(words.KAMPUNG_WORDS)}"
        if r < 0.88:
            return f"Gg. {rng.choice(words.STREET_WORDS)} No. {number}"
        return f"Perum {rng.choice(words.ESTATE_WORDS)} Blok {rng.choice('ABCDEFGH')}{rng.randint(1, 20)} No. {number}"

    def _home(self, desa: str | None = None) -> Home:
        rng = self.rng
        desa = desa or self._desa()
        rws, rts = self._desa_rw[desa]
        issued = date.fromordinal(KK_FIRST_DAY + rng.randrange(KK_DAYS))
        key = (desa[:6], issued)
        serial = self._kk_serials.get(key, 0) + 1
        self._kk_serials[key] = serial
        # A KK number: the kecamatan, the day it was issued (DDMMYY) and a serial.
        kk = f"{desa[:6]}{issued.day:02d}{issued.month:02d}{issued.year % 100:02d}{serial:04d}"
        return Home(desa, kk, self._address(), f"{rng.randint(1, rts):03d}", f"{rng.randint(1, rws):03d}")

    def _nik(self, kecamatan: str, born: date, sex: str) -> str:
        key = (kecamatan, born, sex)
        serial = self._nik_serials.get(key, 0) + 1
        self._nik_serials[key] = serial
        return nik_make(kecamatan, born, sex, serial)

    @staticmethod
    def _row(nik: str, person: Person, home: Home) -> tuple[str, ...]:
        return (nik, home.kk, person.name, person.birth_place, person.born.isoformat(), person.sex, person.marital,
                home.address, home.rt, home.rw, home.desa, person.disability)  # fmt: skip

    # Rows --------------------------------------------------------------------------------------------------

    def rows(self) -> Iterator[tuple[str, ...]]:
        rng = self.rng
        wanted_duplicates = round(self.count * self.duplicates)
        originals_left = self.count - wanted_duplicates
        duplicates_left = wanted_duplicates
        pending: list[tuple[int, int, tuple[str, ...]]] = []  # (emit after row n, tiebreak, row)
        written = 0
        while originals_left > 0:
            size = min(rng.choices(HOUSEHOLD_SIZES, HOUSEHOLD_WEIGHTS)[0], originals_left)
            home = self._home()
            for person in self._household(size):
                nik = self._nik(home.desa[:6], person.born, person.sex)
                yield self._row(nik, person, home)
                written += 1
                # Selection sampling: exactly ``wanted_duplicates`` originals get a duplicate.
                if duplicates_left and rng.random() < duplicates_left / originals_left:
                    duplicate = self._duplicate(nik, person, home)
                    heapq.heappush(pending, (written + rng.randint(1, DUPLICATE_SPREAD), written, duplicate))
                    duplicates_left -= 1
                originals_left -= 1
                while pending and pending[0][0] <= written:
                    yield heapq.heappop(pending)[2]
                    written += 1
        while pending:
            yield heapq.heappop(pending)[2]

    def _duplicate(self, nik: str, person: Person, home: Home) -> tuple[str, ...]:
        copy, copy_home = disguise(self, person, home)
        duplicate_nik = self._nik(copy_home.desa[:6], copy.born, copy.sex)
        self.truth.append((nik, duplicate_nik))
        return self._row(duplicate_nik, copy, copy_home)


def _cumulative(weights: Sequence[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def place_name(kemendagri_name: str) -> str:
    """How a kab/kota is written as a birth place: "Kota Administrasi Jakarta Timur" -> "Jakarta Timur"."""
    for prefix in ("Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota "):
        if kemendagri_name.startswith(prefix):
            return kemendagri_name[len(prefix) :]
    return kemendagri_name


def write_voters(generator: SyntheticVoters, out: TextIO, truth: TextIO | None = None) -> int:
    """Writes the import CSV (header and rows) to ``out`` and, when given, ``nik_a,nik_b`` to ``truth``;
    returns the number of rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    n = 0
    for chunk in _chunks(generator.rows(), 10_000):
        writer.writerows(chunk)
        n += len(chunk)
    if truth is not None:
        truth_writer = csv.writer(truth, lineterminator="\n")
        truth_writer.writerow(("nik_a", "nik_b"))
        truth_writer.writerows(generator.truth)
    return n


def _chunks(rows: Iterator[tuple[str, ...]], size: int) -> Iterator[list[tuple[str, ...]]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk
