"""Officers and synthetic voters for the register pages, API and jobs tests (made-up people; NIKs from
nik_make)."""

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
OTHER_DESA = "3276011007"  # Depok Jaya, same kecamatan
BEKASI_DESA = "3275011001"
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def dpb_officers(geography, fixed_today):
    fixed_today(TODAY)
    return {
        "pps": make_officer("pps_depok", "pps", DESA),
        "pps_other": make_officer("pps_depok_jaya", "pps", OTHER_DESA),
        "kpu_depok": make_officer("kpu_depok", "kpu_kabkota", "3276"),
        "kpu_bekasi": make_officer("kpu_bekasi", "kpu_kabkota", "3275"),
        "kpu_ri": make_officer("kpu_ri", "kpu_ri", ""),
        "kpps": make_officer("kpps_x", "kpps", f"{DESA}001"),
    }


def person(serial: int, **overrides) -> dict:
    born = overrides.pop("birth_date", date(1990, 5, 17))
    sex = overrides.pop("sex", "P")
    desa = overrides.pop("desa", DESA)
    values = {
        "nik": nik_make(desa[:6], born, sex, serial),
        "kk": f"32760101011{serial:05d}",
        "name": f"Sari Wulandari {serial}",
        "birth_place": "Depok",
        "birth_date": born,
        "sex": sex,
        "marital": "S",
        "kemendagri_desa_code": desa,
        "address": f"Jl. Contoh No. {serial}",
        "rt": "1",
        "rw": "2",
        "voting_day": VOTING_DAY,
    }
    values.update(overrides)
    return values


@pytest.fixture
def dpb_voters(dpb_officers):
    """Three voters in DESA, one in OTHER_DESA and one in Bekasi, added through the DPB service."""
    made = [voter_add(actor=Actor.of(dpb_officers["kpu_ri"]), **person(n)) for n in (1, 2, 3)]
    made.append(voter_add(actor=Actor.of(dpb_officers["kpu_ri"]), **person(4, desa=OTHER_DESA)))
    made.append(voter_add(actor=Actor.of(dpb_officers["kpu_ri"]), **person(5, desa=BEKASI_DESA)))
    return made
