"""The reads the voter services and the importer share."""

from __future__ import annotations

from datetime import date

import pytest

from suara.regions.models import KemendagriRegion, Region
from suara.voters.selectors import (
    KnownKecamatan,
    electoral_desa_by_kemendagri,
    electoral_desa_for,
    known_kecamatan_codes,
    next_voting_day,
)


@pytest.fixture
def mapped(geography):
    # A Kemendagri kecamatan that is not in KPU's tree (a code after a split), and a desa KPU codes
    # differently from Kemendagri.
    KemendagriRegion.objects.create(code="32", name="JAWA BARAT", level=1, type="provinsi")
    KemendagriRegion.objects.create(code="3276", name="KOTA DEPOK", level=2, type="kota", parent_id="32")
    KemendagriRegion.objects.create(code="327612", name="BARU", level=3, type="kecamatan", parent_id="3276")
    Region.objects.filter(code="3276011007").update(kemendagri_code="3276121001", kemendagri_match="name")
    Region.objects.filter(code="3276011008").update(kemendagri_code="", kemendagri_match="unmatched")


def test_known_kecamatan_are_kemendagris_and_kpus_but_not_overseas(mapped):
    codes = known_kecamatan_codes()
    assert {"327601", "327612", "327501"} <= codes
    assert not any(code.startswith("99") for code in codes) and "3276" not in codes
    known = KnownKecamatan()
    assert "327612" in known and "327601" in known and "999999" not in known and 327601 not in known


def test_the_kemendagri_desa_maps_to_the_electoral_desa(mapped):
    mapping = electoral_desa_by_kemendagri()
    assert mapping["3276011006"] == "3276011006" and mapping["3276121001"] == "3276011007"
    assert "3276011007" not in mapping and "3276011008" not in mapping.values()
    assert electoral_desa_for("3276121001").code == "3276011007"
    assert electoral_desa_for("3276011008") is None


def test_the_voting_day_is_the_next_elections(pemilu_2024):
    assert next_voting_day(date(2023, 12, 1)) == date(2024, 2, 14)
    assert next_voting_day(date(2024, 2, 15)) == date(2024, 11, 27)  # the Pilkada
    assert next_voting_day(date(2026, 11, 22)) == date(2026, 11, 22)  # none scheduled: today
