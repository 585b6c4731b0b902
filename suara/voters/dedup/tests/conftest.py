"""Fixtures for duplicate detection: officers of Kota Depok and Kota Bekasi and a few synthetic voters,
one of them on the register twice under two NIKs (titles and word order changed)."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import make_officer
from suara.audit.actors import Actor
from suara.people.nik import nik_make
from suara.voters.services import voter_add

TODAY = date(2026, 11, 22)
VOTING_DAY = date(2029, 2, 14)
DESA = "3276011006"  # Depok, Pancoran Mas, Kota Depok
OTHER_DESA = "3276011007"
BEKASI_DESA = "3275011001"

# (name, birth date, sex, desa, kk): made-up people; the first two are one person.
PEOPLE = (
    ("Hj. Sari Wulandari", date(1990, 5, 17), "P", DESA, "3276010101100001"),
    ("Wulandari Sari", date(1990, 5, 17), "P", OTHER_DESA, "3276010202100002"),
    ("Budi Santoso", date(1985, 3, 2), "L", DESA, "3276010101100001"),
    ("Agus Salim", date(1971, 11, 30), "L", DESA, "3276010303100003"),
    ("Dewi Lestari", date(1999, 8, 8), "P", OTHER_DESA, "3276010404100004"),
    ("Rina Marlina", date(1979, 1, 21), "P", OTHER_DESA, "3276010505100005"),
    ("Joko Widodo Saputra", date(1968, 6, 21), "L", BEKASI_DESA, "3275010606100006"),
    ("Slamet Riyadi", date(1958, 12, 1), "L", BEKASI_DESA, "3275010707100007"),
)


@pytest.fixture
def officers(geography, fixed_today):
    fixed_today(TODAY)
    return {
        "kpu_depok": make_officer("kpu_depok", "kpu_kabkota", "3276"),
        "kpu_bekasi": make_officer("kpu_bekasi", "kpu_kabkota", "3275"),
        "kpu_ri": make_officer("kpu_ri", "kpu_ri", ""),
    }


@pytest.fixture
def register(officers):
    """The voters of PEOPLE, added through the DPB service; returns them in order."""
    voters = []
    for serial, (name, born, sex, desa, kk) in enumerate(PEOPLE, start=1):
        voters.append(
            voter_add(
                actor=Actor.of(officers["kpu_ri"]),
                nik=nik_make(desa[:6], born, sex, serial),
                kk=kk,
                name=name,
                birth_place="Depok",
                birth_date=born,
                sex=sex,
                marital="S",
                kemendagri_desa_code=desa,
                address=f"Jl. Contoh No. {serial}",
                rt="1",
                rw="2",
                voting_day=VOTING_DAY,
            )
        )
    return voters
