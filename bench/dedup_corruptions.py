"""A second corruption model for the duplicate benchmark, written apart from the model and from the
training generator (``suara/voters/synthetic/duplicates.py``): none of their code, word lists or weights
is used here, so the benchmark measures how duplicate detection holds on errors it was not tuned to.

The originals come from the synthetic register generator with no duplicates injected (the people, their
homes and names: the population, not the errors). Each duplicate is a copy of an original corrupted by one
to three of the errors real registers contain (``KINDS``), drawn with the weights below; the copy gets a
NIK of its own and appears some rows after the original. ``truth`` holds (original NIK, copy NIK, kinds).

Used by ``bench/dedup.py``; pure Python, no Django.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from suara.people.nik import nik_make
from suara.voters.synthetic.voters import SyntheticVoters

# The errors, and how often each is drawn. Moving (registered again elsewhere) is the commonest reason a
# person is on the list twice; the rest are how a name or date is written the second time.
KINDS = {
    "year_off_by_one": 0.12,  # a typing slip in the year of birth
    "day_month_swapped": 0.08,  # 03-07 written as 07-03
    "capitals": 0.08,  # NAMA DALAM HURUF BESAR
    "transposed": 0.07,  # two neighbouring letters exchanged
    "dropped": 0.07,  # one letter left out
    "replaced": 0.07,  # one letter replaced by a neighbour on the keyboard
    "old_spelling": 0.08,  # u/oe, j/dj, c/tj, kh/ch, y/j, sy/sj
    "title": 0.08,  # a title before or a degree after the name
    "name_order": 0.07,  # the words in another order
    "place_abbreviated": 0.08,  # Jakarta as Jkt, Bandung as Bdg
    "moved": 0.20,  # another desa, another KK, address and RT/RW
}
# How many errors a copy carries.
ERROR_COUNTS = (1, 2, 3)
ERROR_COUNT_WEIGHTS = (0.55, 0.35, 0.10)
SPREAD = 2000  # rows between an original and its copy, at most

_KEYBOARD = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS = {}
for _row_index, _row in enumerate(_KEYBOARD):
    for _col, _key in enumerate(_row):
        near = [_row[c] for c in (_col - 1, _col + 1) if 0 <= c < len(_row)]
        for other_row in (_row_index - 1, _row_index + 1):
            if 0 <= other_row < len(_KEYBOARD):
                near += [_KEYBOARD[other_row][c] for c in (_col - 1, _col) if 0 <= c < len(_KEYBOARD[other_row])]
        _NEIGHBOURS[_key] = "".join(near)

# Modern spelling -> the older one still found in registers (the reverse of the 1972 spelling reform).
_OLD_SPELLINGS = (("u", "oe"), ("j", "dj"), ("c", "tj"), ("y", "j"), ("kh", "ch"), ("sy", "sj"), ("ny", "nj"))
_TITLES_BEFORE = {
    "L": ("H.", "Haji", "Drs.", "Dr.", "Ir.", "Prof. Dr.", "K.H.", "Ust.", "dr."),
    "P": ("Hj.", "Hajjah", "Dra.", "Dr.", "Ir.", "Prof. Dr.", "dr.", "Ny."),
}
_DEGREES_AFTER = (", S.Pd.", ", S.E.", " S.H.", ", S.Kom", ", Amd.", ", M.Si.", ", S.Sos", " S.Ag.", ", S.T., M.T.")
# How clerks shorten a place of birth.
_PLACE_SHORT = {
    "jakarta": ("Jkt", "JKT", "Jkt."), "bandung": ("Bdg", "BDG", "Bdg."), "surabaya": ("Sby", "SBY"),
    "semarang": ("Smg",), "yogyakarta": ("Yk", "Yogya"), "bekasi": ("Bks", "Bks."), "depok": ("Dpk",),
    "bogor": ("Bgr",), "tangerang": ("Tng", "Tgr"), "medan": ("Mdn",), "makassar": ("Mks",),
    "palembang": ("Plg",), "denpasar": ("Dps",), "malang": ("Mlg",), "cirebon": ("Crb",), "padang": ("Pdg",),
    "pontianak": ("Ptk",), "banjarmasin": ("Bjm",), "pekanbaru": ("Pku",), "serang": ("Srg",), "tegal": ("Tgl",),
    "klaten": ("Klt",), "kebumen": ("Kbm",), "garut": ("Grt",), "kuningan": ("Kng",), "purwokerto": ("Pwt",),
    "tasikmalaya": ("Tsm", "Tasik"), "sukabumi": ("Skb", "Smi"), "manado": ("Mdo",), "kupang": ("Kpg",),
    "mataram": ("Mtr",), "jambi": ("Jbi",), "brebes": ("Bbs",), "lampung": ("Lpg",), "ambon": ("Amb",),
}  # fmt: skip
_STREETS = (
    "Jalan Kenari", "Jl Raya Tengah", "Jln. Bougenvil", "Gang Buntu", "Jl. Haji Mali", "Komplek Dosen",
    "Jalan Cempedak", "Dusun Krajan", "Jl. Tanah Merah", "Perumahan Graha", "Jl. Setu", "Asrama Polisi",
)  # fmt: skip

# The columns of the import CSV (``suara generate-voters``), by position.
NIK, KK, NAME, PLACE, BORN, SEX, MARITAL, ADDRESS, RT, RW, DESA, DISABILITY = range(12)


@dataclass
class CorruptedRegister:
    """``rows()`` yields the register's rows; ``truth`` the (original NIK, copy NIK, kinds) written so far."""

    desa_codes: Sequence[str]
    count: int
    duplicates: float
    seed: int
    home_places: Sequence[str] = ()
    truth: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rng = random.Random(f"corruptions-{self.seed}")
        self._wanted = round(self.count * self.duplicates)
        self._base = SyntheticVoters(
            list(self.desa_codes), self.count - self._wanted, duplicates=0.0, seed=self.seed,
            home_places=list(self.home_places),
        )  # fmt: skip
        self._serials: dict[tuple[str, date, str], int] = {}
        self._latest_birth = self._base.latest_birth

    def rows(self) -> Iterator[tuple[str, ...]]:
        rng = self.rng
        originals_left = self.count - self._wanted
        copies_left = self._wanted
        pending: list[tuple[int, int, tuple[str, ...]]] = []
        written = 0
        for row in self._base.rows():
            yield row
            written += 1
            if copies_left and rng.random() < copies_left / originals_left:
                copy = self._copy(row)
                heapq.heappush(pending, (written + rng.randint(1, SPREAD), written, copy))
                copies_left -= 1
            originals_left -= 1
            while pending and pending[0][0] <= written:
                yield heapq.heappop(pending)[2]
                written += 1
        while pending:
            yield heapq.heappop(pending)[2]

    # One copy -------------------------------------------------------------------------------------------------

    def _copy(self, row: tuple[str, ...]) -> tuple[str, ...]:
        rng = self.rng
        wanted = rng.choices(ERROR_COUNTS, ERROR_COUNT_WEIGHTS)[0]
        copy = list(row)
        done: list[str] = []
        attempts = 0
        while len(done) < wanted and attempts < 30:
            attempts += 1
            kind = rng.choices(tuple(KINDS), tuple(KINDS.values()))[0]
            if kind in done:
                continue
            changed = getattr(self, f"_{kind}")(copy)
            if changed is not None:
                copy = changed
                done.append(kind)
        born = date.fromisoformat(copy[BORN])
        copy[NIK] = self._nik(copy[DESA][:6], born, copy[SEX])
        self.truth.append((row[NIK], copy[NIK], tuple(done)))
        return tuple(copy)

    def _nik(self, kecamatan: str, born: date, sex: str) -> str:
        # Serials from 9999 down, so a copy never takes a NIK the base generator (counting up) hands out.
        key = (kecamatan, born, sex)
        serial = self._serials.get(key, 10000) - 1
        self._serials[key] = serial
        return nik_make(kecamatan, born, sex, serial)

    # Each error: the corrupted row, or None when it does not apply to this one ------------------------------

    def _year_off_by_one(self, row: list[str]) -> list[str] | None:
        born = date.fromisoformat(row[BORN])
        step = self.rng.choice((-1, 1))
        if born.year + step > self._latest_birth.year or (born.year + step == self._latest_birth.year and step > 0):
            step = -1
        try:
            moved = born.replace(year=born.year + step)
        except ValueError:  # 29 February
            moved = born.replace(year=born.year + step, day=28)
        row[BORN] = moved.isoformat()
        return row

    def _day_month_swapped(self, row: list[str]) -> list[str] | None:
        born = date.fromisoformat(row[BORN])
        if born.day > 12 or born.day == born.month:
            return None
        swapped = date(born.year, born.day, born.month)
        if swapped > self._latest_birth:
            return None
        row[BORN] = swapped.isoformat()
        return row

    def _capitals(self, row: list[str]) -> list[str] | None:
        if row[NAME] == row[NAME].upper():
            return None
        row[NAME] = row[NAME].upper()
        return row

    def _letter_slip(self, row: list[str], slip) -> list[str] | None:
        words = row[NAME].split(" ")
        usable = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
        if not usable:
            return None
        i = self.rng.choice(usable)
        slipped = slip(words[i])
        if slipped is None or slipped == words[i]:
            return None
        words[i] = slipped
        row[NAME] = " ".join(words)
        return row

    def _transposed(self, row: list[str]) -> list[str] | None:
        def slip(word: str) -> str | None:
            spots = [p for p in range(len(word) - 1) if word[p].lower() != word[p + 1].lower()]
            if not spots:
                return None
            p = self.rng.choice(spots)
            pair = word[p + 1] + word[p]
            if p == 0:  # keep the capital where it was
                pair = word[p + 1].upper() + word[p].lower()
            return word[:p] + pair + word[p + 2 :]

        return self._letter_slip(row, slip)

    def _dropped(self, row: list[str]) -> list[str] | None:
        def slip(word: str) -> str:
            p = self.rng.randrange(1, len(word))  # a first letter is seldom left out
            return word[:p] + word[p + 1 :]

        return self._letter_slip(row, slip)

    def _replaced(self, row: list[str]) -> list[str] | None:
        def slip(word: str) -> str:
            p = self.rng.randrange(1, len(word))
            letter = word[p].lower()
            near = _NEIGHBOURS.get(letter, "")
            if not near:
                return word
            new = self.rng.choice(near)
            return word[:p] + (new.upper() if word[p].isupper() else new) + word[p + 1 :]

        return self._letter_slip(row, slip)

    def _old_spelling(self, row: list[str]) -> list[str] | None:
        name = row[NAME]
        lower = name.lower()
        options = [(new, old) for new, old in _OLD_SPELLINGS if new in lower and old not in lower]
        if not options:
            return None
        new, old = self.rng.choice(options)
        at = lower.index(new)
        written = old.upper() if name[at].isupper() and at == 0 else old
        if at == 0 or name[at - 1] == " ":
            written = old.capitalize()
        row[NAME] = name[:at] + written + name[at + len(new) :]
        return row

    def _title(self, row: list[str]) -> list[str] | None:
        name = row[NAME]
        if "," in name or "." in name:
            return None  # already titled: the copy leaves it as it is
        if self.rng.random() < 0.55:
            row[NAME] = f"{self.rng.choice(_TITLES_BEFORE[row[SEX]])} {name}"
        else:
            row[NAME] = name + self.rng.choice(_DEGREES_AFTER)
        return row

    def _name_order(self, row: list[str]) -> list[str] | None:
        head, comma, tail = row[NAME].partition(",")
        words = head.split()
        titles = []
        while len(words) > 1 and (words[0].endswith(".") or words[0] in ("Haji", "Hajjah")):
            titles.append(words.pop(0))
        if len(words) < 2:
            return None
        reordered = list(reversed(words)) if self.rng.random() < 0.5 else words[1:] + words[:1]
        if reordered == words:
            return None
        row[NAME] = " ".join(titles + reordered) + (comma + tail if comma else "")
        return row

    def _place_abbreviated(self, row: list[str]) -> list[str] | None:
        short = _PLACE_SHORT.get(row[PLACE].lower())
        if not short:
            return None
        row[PLACE] = self.rng.choice(short)
        return row

    def _moved(self, row: list[str]) -> list[str] | None:
        rng = self.rng
        codes = self.desa_codes
        if rng.random() < 0.4:  # within the kecamatan
            near = [c for c in codes if c[:6] == row[DESA][:6] and c != row[DESA]]
            desa = rng.choice(near) if near else rng.choice(codes)
        else:
            desa = rng.choice(codes)
        if desa == row[DESA]:
            return None
        row[DESA] = desa
        issued = f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(0, 24):02d}"
        row[KK] = f"{desa[:6]}{issued}{rng.randint(5000, 9999):04d}"  # a new family card, issued on some day
        row[ADDRESS] = f"{rng.choice(_STREETS)} {rng.randint(1, 99)}"
        row[RT] = f"{rng.randint(1, 15):03d}"
        row[RW] = f"{rng.randint(1, 9):03d}"
        return row


def write_register(register: CorruptedRegister, out, truth) -> int:
    """The import CSV to ``out`` and ``nik_a,nik_b,kinds`` (kinds joined by '+') to ``truth``."""
    import csv

    from suara.voters.synthetic.voters import COLUMNS

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    written = 0
    for row in register.rows():
        writer.writerow(row)
        written += 1
    truth_writer = csv.writer(truth, lineterminator="\n")
    truth_writer.writerow(("nik_a", "nik_b", "kinds"))
    truth_writer.writerows((a, b, "+".join(kinds)) for a, b, kinds in register.truth)
    return written
