from datetime import date

import pytest
from django.utils import translation

from suara.portal.templatetags.portal import date_range, grouped, place


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("JAWA BARAT", "Jawa Barat"),
        ("DKI JAKARTA", "DKI Jakarta"),
        ("KBRI BANDAR SERI BEGAWAN", "KBRI Bandar Seri Begawan"),
        ("BOSNIA-HERZEGOVINA", "Bosnia-Herzegovina"),
        ("SUKA MAJU SP II", "Suka Maju SP II"),
        ("", ""),
    ],
)
def test_place(name, shown):
    assert place(name) == shown


def test_date_range_shares_what_it_can():
    with translation.override("id"):
        assert date_range(date(2024, 2, 14)) == '<time datetime="2024-02-14">14 Feb 2024</time>'
        assert date_range(date(2024, 2, 14), date(2024, 2, 14)) == date_range(date(2024, 2, 14))
        assert date_range(date(2024, 2, 11), date(2024, 2, 13)) == (
            '<time datetime="2024-02-11">11</time>–<time datetime="2024-02-13">13 Feb 2024</time>'
        )
        assert ">15 Feb</time> – <time" in date_range(date(2024, 2, 15), date(2024, 3, 20))
        assert ">14 Okt 2022</time> – <time" in date_range(date(2022, 10, 14), date(2023, 6, 21))
    with translation.override("en"):
        assert ">14 Oct 2022</time>" in date_range(date(2022, 10, 14), date(2023, 6, 21))


def test_grouped_follows_the_language():
    with translation.override("id"):
        assert grouped(1234567) == "1.234.567"
    with translation.override("en"):
        assert grouped(1234567) == "1,234,567"
    assert grouped(None) == ""
