import pytest

from conftest import make_officer


@pytest.fixture
def staff(geography, pemilu_2024):
    """KPU Kota Depok, the PPS of desa 3276011006 and of the next desa, the PPK of its kecamatan, a KPPS
    and KPU Kota Bekasi."""
    return {
        "kpu": make_officer("kpu_depok", "kpu_kabkota", "3276"),
        "kpu_bekasi": make_officer("kpu_bekasi", "kpu_kabkota", "3275"),
        "pps": make_officer("pps_depok", "pps", "3276011006"),
        "pps_next": make_officer("pps_next", "pps", "3276011007"),
        "ppk": make_officer("ppk_depok", "ppk", "327601"),
        "kpps": make_officer("kpps_001", "kpps", "3276011006001"),
    }
