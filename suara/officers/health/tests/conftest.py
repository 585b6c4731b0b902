"""Fixtures of the officers' health: the 2024 election, accounts around TPS 3276011006001 (Kota Depok) and
one in Kota Bekasi, and appointed officers created directly (synthetic people), so the tests need
neither recruitment nor selection."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.test import Client

from conftest import make_officer
from suara.accounts.tokens import token_issue
from suara.audit.actors import Actor
from suara.elections.models import Election
from suara.elections.services import elections_load
from suara.officers.health.tests.support import TPS, TPS_BEKASI, TPS_OTHER
from suara.officers.models import Officer
from suara.people.nik import nik_make


@pytest.fixture
def election(db):
    elections_load(actor=Actor.named("test"))
    return Election.objects.get(slug="pemilu-2024")


_serial = iter(range(1, 10_000))


def person(
    election, *, body="kpps", posting=TPS, position="anggota", status="dilantik", born=date(1980, 5, 1), sex="L"
):
    """An officer record created directly: a synthetic person."""
    serial = next(_serial)
    return Officer.objects.create(
        election=election,
        body=body,
        posting_code=posting,
        position=position,
        nik=nik_make(posting[:6], born, sex, serial),
        name=f"Petugas Contoh {serial}",
        sex=sex,
        birth_date=born,
        domicile_code=posting[:10],
        status=status,
        applied_at=datetime(2023, 12, 1, tzinfo=UTC),
        updated_at=datetime(2023, 12, 1, tzinfo=UTC),
    )


@pytest.fixture
def make_person():
    return person


@pytest.fixture
def roster(election):
    """TPS 3276011006001's roster: a chair, six KPPS members, two Linmas; and a chair at the TPS next to it
    and at a Bekasi TPS."""
    chair = person(election, position="ketua", born=date(1970, 1, 1))
    members = [person(election, born=date(1960 + 5 * i, 3, 1)) for i in range(6)]
    linmas = [person(election, body="linmas", position="", born=date(1990, 1, 1)) for _ in range(2)]
    other = person(election, posting=TPS_OTHER, position="ketua")
    bekasi = person(election, posting=TPS_BEKASI, position="ketua")
    return {"chair": chair, "members": members, "linmas": linmas, "other": other, "bekasi": bekasi}


@pytest.fixture
def accounts(geography):
    return {
        "kpps": make_officer("kpps_001", "kpps", TPS),
        "kpps_other": make_officer("kpps_002", "kpps", TPS_OTHER),
        "pps": make_officer("pps_1006", "pps", TPS[:10]),
        "ppk": make_officer("ppk_3276", "ppk", TPS[:6]),
        "health": make_officer("dinkes_depok", "health_officer", "3276"),
        "health_bekasi": make_officer("dinkes_bekasi", "health_officer", "3275"),
        "kpu_depok": make_officer("kpu_depok", "kpu_kabkota", "3276"),
        "kpu_bekasi": make_officer("kpu_bekasi", "kpu_kabkota", "3275"),
        "pemkot": make_officer("pemkot_depok", "pemkot_viewer", "3276"),
    }


def api_client(user) -> Client:
    _, plaintext = token_issue(user=user, name=f"kesehatan {user.username}", actor=Actor.named("test"))
    return Client(HTTP_AUTHORIZATION=f"Bearer {plaintext}")


@pytest.fixture
def api():
    return api_client
