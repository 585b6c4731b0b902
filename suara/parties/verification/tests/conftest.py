"""Fixtures of factual verification: the 2024 parties, officers of Kota Depok (3276) and Kota Bekasi
(3275), KPU RI, PKB's operator, and synthetic members (made-up people) set up directly as listings."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from conftest import make_officer
from suara.audit.actors import Actor
from suara.elections.services import elections_load
from suara.parties.models import Member, Party
from suara.parties.services import parties_load
from suara.people.names import name_key
from suara.people.nik import nik_make
from suara.voters.synthetic.names import COMMON_FEMALE_FIRST, COMMON_MALE_FIRST, FAKER_MALE_LAST

DEPOK, BEKASI = "3276", "3275"
DEPOK_DESA = ("3276011006", "3276011007", "3276021001")


@pytest.fixture
def parties(db):
    elections_load(actor=Actor.named("test"))
    parties_load(actor=Actor.named("test"))
    return {p.code: p for p in Party.objects.all()}


@pytest.fixture
def verifiers(db):
    from suara.regions.models import Region

    Region.objects.create(code="32", name="JAWA BARAT", level=1)
    Region.objects.create(code=DEPOK, name="KOTA DEPOK", level=2, parent_id="32")
    Region.objects.create(code=BEKASI, name="KOTA BEKASI", level=2, parent_id="32")
    return {
        "depok": make_officer("kpu_depok", "kpu_kabkota", DEPOK),
        "bekasi": make_officer("kpu_bekasi", "kpu_kabkota", BEKASI),
        "ri": make_officer("kpu_ri", "kpu_ri", ""),
        "pkb": make_officer("operator_pkb", "party_operator", "pkb"),
        "gerindra": make_officer("operator_gerindra", "party_operator", "gerindra"),
    }


def _listings(party: Party, count: int, *, kabkota: str = DEPOK, status: str = "MS", start: int = 1) -> list[Member]:
    now = datetime(2026, 11, 1, tzinfo=UTC)
    rows = []
    for serial in range(start, start + count):
        sex = "L" if serial % 2 else "P"
        first = (COMMON_MALE_FIRST if sex == "L" else COMMON_FEMALE_FIRST)[serial % 7]
        name = f"{first} {FAKER_MALE_LAST[serial % len(FAKER_MALE_LAST)]}"
        born = date(1960 + serial % 40, 1 + serial % 12, 1 + serial % 28)
        desa = kabkota + DEPOK_DESA[serial % 3][4:]
        rows.append(
            Member(
                party=party,
                nik=nik_make(desa[:6], born, sex, serial % 9999 + 1),
                name=name,
                name_key=name_key(name),
                sex=sex,
                birth_date=born,
                desa_code=desa,
                kabkota_code=kabkota,
                address=f"Jl. Contoh No. {serial}",
                added_version=1,
                added_at=now,
                status=status,
            )
        )
    return Member.objects.bulk_create(rows)


@pytest.fixture
def listings(db):
    """``listings(party, count, kabkota=..., status=..., start=...)``: synthetic listings created directly."""
    return _listings
