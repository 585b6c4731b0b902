"""The city's closed view: Kota Depok (3276) with officers, screenings and a published count, and the
accounts that look at it from inside and outside. Synthetic people only."""

from __future__ import annotations

import pytest

from conftest import make_officer
from suara.officers.city.tests.support import DESA, KECAMATAN, TPS_1, TPS_2, officer_add, screening_add


@pytest.fixture
def city(counting):
    """Depok's officers in kecamatan Pancoran Mas: 5 PPK, 3 PPS of one desa, the KPPS and Linmas of two
    TPS (one TPS short of a KPPS), a reserve (not listed), and screenings: 6 low, 1 medium, 2 high (one
    cleared by a doctor) among the KPPS of the first TPS and the Linmas."""
    election = counting
    made = {"ppk": [], "pps": [], "kpps1": [], "kpps2": [], "linmas": []}
    for i in range(5):
        made["ppk"].append(officer_add(election, "ppk", KECAMATAN, i, chair=i == 0))
    for i in range(3):
        made["pps"].append(officer_add(election, "pps", DESA, 10 + i, chair=i == 0))
    for i in range(7):
        made["kpps1"].append(officer_add(election, "kpps", TPS_1, 20 + i, chair=i == 0))
    for i in range(6):
        made["kpps2"].append(officer_add(election, "kpps", TPS_2, 30 + i, chair=i == 0))
    for i, tps in enumerate([TPS_1, TPS_1, TPS_2, TPS_2]):
        made["linmas"].append(officer_add(election, "linmas", tps, 40 + i))
    made["reserve"] = officer_add(election, "kpps", TPS_2, 50, status="cadangan")
    for o in made["kpps1"][:5] + made["linmas"][:1]:
        screening_add(o, "rendah")
    screening_add(made["kpps1"][5], "sedang")
    made["high"] = made["kpps1"][6]
    screening_add(made["high"], "tinggi", systolic=182)
    screening_add(made["linmas"][1], "tinggi", cleared=True)
    made["election"] = election
    return made


@pytest.fixture
def people(counting):
    return {
        "pemkot": make_officer("pemkot_depok", "pemkot_viewer", "3276"),
        "pemkot_bekasi": make_officer("pemkot_bekasi", "pemkot_viewer", "3275"),
        "field": make_officer("lapangan_depok", "city_field_officer", "3276"),
        "field_bekasi": make_officer("lapangan_bekasi", "city_field_officer", "3275"),
        "kpu_depok": make_officer("kpu_depok", "kpu_kabkota", "3276"),
        "health": make_officer("kesehatan_depok", "health_officer", "3276"),
        "kpps": make_officer("kpps_depok", "kpps", TPS_1),
    }
