"""Each time shown in the zone of the region it is about."""

from datetime import UTC, datetime

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from suara.core.timezones import WIB, WIT, WITA, ZONES, zone_of
from suara.portal.templatetags.portal import local_time

MOMENT = datetime(2024, 2, 14, 6, 0, tzinfo=UTC)  # 13.00 WIB, 14.00 WITA, 15.00 WIT


@pytest.mark.parametrize(
    ("code", "zone"),
    [
        ("", WIB),
        ("31", WIB),
        ("3276011006001", WIB),
        ("6171", WIB),  # Pontianak, Kalimantan Barat
        ("5171", WITA),  # Denpasar
        ("7371", WITA),  # Makassar
        ("6472", WITA),  # Samarinda
        ("8171", WIT),  # Ambon
        ("9471", WIT),
        ("99", WIB),  # overseas: KPU's own time
    ],
)
def test_a_region_has_its_zone(code, zone):
    assert zone_of(code) == zone


def test_a_time_reads_in_the_regions_zone():
    with translation.override("id"):
        assert local_time(MOMENT, "3276011006001") == "14 Feb 2024 13:00 WIB"
        assert local_time(MOMENT, "7371") == "14 Feb 2024 14:00 WITA"
        assert local_time(MOMENT, "9471020001001") == "14 Feb 2024 15:00 WIT"
        assert local_time(MOMENT) == "14 Feb 2024 13:00 WIB"
        assert local_time(None, "7371") == ""


@given(st.text(max_size=20))
def test_any_code_has_one_of_the_three_zones(code):
    assert zone_of(code) in ZONES
