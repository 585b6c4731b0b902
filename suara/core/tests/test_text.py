import pytest
from hypothesis import given
from hypothesis import strategies as st

from suara.core.text import display_name, fold, place_key


@pytest.mark.parametrize(
    ("kpu", "shown"),
    [
        ("KOTA DEPOK", "Kota Depok"),
        ("DKI JAKARTA", "DKI Jakarta"),
        ("KBRI BANDAR SERI BEGAWAN", "KBRI Bandar Seri Begawan"),
        ("LUBUK PAKAM I,II", "Lubuk Pakam I,II"),
        ("LAMBANG SARI III", "Lambang Sari III"),
        ("SOKA'AN", "Soka'an"),
        ("KEC. (DULU) X", "Kec. (Dulu) X"),
        ("BOSNIA-HERZEGOVINA", "Bosnia-Herzegovina"),
        ("  PANCORAN   MAS ", "Pancoran Mas"),
    ],
)
def test_display_name(kpu, shown):
    assert display_name(kpu) == shown


@pytest.mark.parametrize(
    ("a", "b"),
    [("KEL. A U R", "Aur"), ("SOKA'AN", "Sokaan"), ("Desa Ujung Kalak", "UJUNG KALAK"), ("Kelurahan Beji", "BEJI")],
)
def test_place_key_matches_spellings_of_one_place(a, b):
    assert place_key(a) == place_key(b)


def test_place_key_keeps_different_places_apart():
    assert place_key("BEJI") != place_key("BEJI TIMUR")


@given(st.text())
def test_fold_is_ascii_lower_and_idempotent(text):
    folded = fold(text)
    assert folded == fold(folded)
    assert folded.isascii() and folded == folded.lower()
