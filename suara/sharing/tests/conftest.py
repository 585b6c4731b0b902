"""Officers, a partner organisation with its operator, and a few synthetic voters (made-up people, NIKs from
nik_make) for the sharing tests; each test's private folder."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import make_officer

TODAY = date(2026, 11, 22)
DESA = "3276011006"  # Depok, Pancoran Mas, Kota Depok
OTHER_DESA = "3276011007"
BEKASI_DESA = "3275011001"


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path / "private"
    return settings.PRIVATE_DIR


@pytest.fixture
def people(geography, fixed_today):
    from suara.accounts.organisations import OrganisationInput, organisation_save
    from suara.audit.actors import Actor

    fixed_today(TODAY)
    organisation_save(
        actor=Actor.named("test"),
        data=OrganisationInput(code="dinkes-depok", name="Dinas Kesehatan Kota Depok", kind="lainnya",
                               region_code="3276"),
    )  # fmt: skip
    return {
        "kpu_ri": make_officer("kpu_ri", "kpu_ri", ""),
        "kpu_ri_2": make_officer("kpu_ri_dua", "kpu_ri", ""),
        "kpu_depok": make_officer("kpu_depok", "kpu_kabkota", "3276"),
        "kpu_bekasi": make_officer("kpu_bekasi", "kpu_kabkota", "3275"),
        "pps": make_officer("pps_depok", "pps", DESA),
        "partner": make_officer("mitra_dinkes", "organisation_operator", "dinkes-depok"),
    }


@pytest.fixture
def register(people):
    """Six voters: four in DESA (TPS 001 and 002, one with a disability), one in OTHER_DESA, one in Bekasi."""
    from suara.audit.actors import Actor
    from suara.sharing.tests.support import person
    from suara.voters.services import voter_add

    actor = Actor.of(people["kpu_ri"])
    made = [
        voter_add(actor=actor, **person(1, tps_code=f"{DESA}001")),
        voter_add(actor=actor, **person(2, sex="L", tps_code=f"{DESA}001", disability="Fisik")),
        voter_add(actor=actor, **person(3, birth_date=date(1950, 1, 2), tps_code=f"{DESA}002")),
        voter_add(actor=actor, **person(4, tps_code=f"{DESA}002")),
        voter_add(actor=actor, **person(5, desa=OTHER_DESA, tps_code=f"{OTHER_DESA}001")),
        voter_add(actor=actor, **person(6, desa=BEKASI_DESA)),
    ]
    return made
