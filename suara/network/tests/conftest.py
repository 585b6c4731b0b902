"""Kota Depok (3276) and Kota Bekasi (3275) down to the TPS, and the accounts that survey, read and act on
their network readiness."""

from __future__ import annotations

import pytest

from conftest import make_officer
from suara.accounts.tokens import token_issue
from suara.audit.actors import Actor

TPS_1, TPS_2, TPS_3 = "3276011006001", "3276011006002", "3276011006003"
DESA, KECAMATAN, CITY = "3276011006", "327601", "3276"
TPS_BEKASI = "3275011001001"


@pytest.fixture
def people(geography):
    return {
        "pemkot": make_officer("pemkot_depok", "pemkot_viewer", CITY),
        "pemkot_bekasi": make_officer("pemkot_bekasi", "pemkot_viewer", "3275"),
        "kpu_depok": make_officer("kpu_depok", "kpu_kabkota", CITY),
        "ppk": make_officer("ppk_depok", "ppk", KECAMATAN),
        "pps": make_officer("pps_depok", "pps", DESA),
        "kpps": make_officer("kpps_depok", "kpps", TPS_1),
        "field": make_officer("lapangan_depok", "city_field_officer", CITY),
        "health": make_officer("kesehatan_depok", "health_officer", CITY),
    }


def token(user) -> dict:
    _, plaintext = token_issue(user=user, name="uji", actor=Actor.named("test"))
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}
