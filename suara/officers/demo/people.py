"""The demo's applicants: synthetic people (never real ones) from the synthetic voters' generator, living in
the desa they apply for, written as the applicants' import file (``recruitment.rows.COLUMNS``). Pure: no
Django; deterministic per seed.

A few applicants are made ineligible on purpose, each for a reason the rules give: listed by a party (the
caller passes people of the demo's party lists), education below SMA without the village head's letter,
living outside the working area.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

from suara.officers.recruitment.rows import COLUMNS
from suara.voters.synthetic.voters import SyntheticVoters

EDUCATIONS = (("sma", 55), ("d3", 12), ("s1", 28), ("s2", 3), ("smp", 2))
OCCUPATIONS = ("Wiraswasta", "Karyawan Swasta", "Guru", "Mengurus Rumah Tangga", "Pelajar/Mahasiswa", "Pedagang")


@dataclass(frozen=True)
class Person:
    nik: str
    name: str
    sex: str
    born: str  # ISO date
    marital: str
    address: str
    domicile: str  # KPU desa code
    education: str = "sma"
    letter: bool = False  # below SMA on the village head's letter
    occupation: str = "Wiraswasta"
    phone: str = ""


def people_of(desa: str, kemendagri_desa: str, count: int, *, seed: int, taken: set[str]) -> Iterator[Person]:
    """``count`` people living in ``desa`` whose NIKs are not in ``taken`` (which grows with them): each
    generator numbers its NIKs from 1, so one that meets taken NIKs is followed by another."""
    rng = random.Random(seed)
    levels, weights = zip(*EDUCATIONS, strict=True)
    made, round_ = 0, 0
    while made < count:
        generator = SyntheticVoters([kemendagri_desa], count - made + 20, seed=seed + 1000 * round_)
        round_ += 1
        for nik, _kk, name, _place, born, sex, marital, address, rt, rw, _desa, _disability in generator.rows():
            if nik in taken:
                continue
            taken.add(nik)
            education = rng.choices(levels, weights)[0]
            yield Person(
                nik=nik,
                name=name,
                sex=sex,
                born=born,
                marital=marital if marital in ("B", "S", "P") else "B",
                address=f"{address} RT {rt} RW {rw}",
                domicile=desa,
                education=education,
                letter=education == "smp",  # the few below SMA apply on the village head's letter
                occupation=OCCUPATIONS[rng.randrange(len(OCCUPATIONS))],
                phone=f"0812{int(nik[-8:]) % 10**8:08d}",
            )
            made += 1
            if made == count:
                return


def without_letter(person: Person) -> Person:
    """Ineligible by education: below SMA, no village head's letter."""
    return replace(person, education="sd", letter=False)


def living_in(person: Person, desa: str) -> Person:
    """The same person registered as living in another desa (outside a PPS's or KPPS's area)."""
    return replace(person, domicile=desa)


def applicants_csv(rows: Iterable[tuple[Person, str, str]]) -> bytes:
    """The import file of (person, body, posting) rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for p, body, posting in rows:
        writer.writerow(
            [p.nik, "", p.name, p.sex, p.born, p.marital, p.phone, "", p.address, p.domicile, p.education,
             p.occupation, "ya" if p.letter else "tidak", body, posting]
        )  # fmt: skip
    return out.getvalue().encode("utf-8")


def linmas_csv(rows: Sequence[tuple[Person, str]]) -> bytes:
    """The Satpol PP's proposal: ``nik,nama,tps,telepon``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("nik", "nama", "tps", "telepon"))
    writer.writerows((p.nik, p.name, tps, p.phone) for p, tps in rows)
    return out.getvalue().encode("utf-8")


def scores_csv(scores: Iterable[tuple[int, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("id", "nilai"))
    writer.writerows(scores)
    return out.getvalue().encode("utf-8")


def bpjs_csv(rows: Iterable[tuple[str, str, str, str]]) -> bytes:
    """BPJS's screening results: ``nik,tanggal,hasil,riwayat``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("nik", "tanggal", "hasil", "riwayat"))
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")
