from types import SimpleNamespace

import pytest

from suara.accounts.roles import Role
from suara.audit.actors import Actor
from suara.elections.services import elections_load
from suara.parties.services import parties_load
from suara.parties.tests.lookup.support import account


@pytest.fixture
def parties(db):
    elections_load(actor=Actor.named("test"))
    parties_load(actor=Actor.named("test"))


@pytest.fixture
def fixed_rate_clock(monkeypatch):
    """One rate window for the whole test, so it never straddles a minute boundary."""
    monkeypatch.setattr("suara.core.ratelimit.time", SimpleNamespace(time=lambda: 1_700_000_010.0))


@pytest.fixture
def private_dir(settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path / "private"
    return settings.PRIVATE_DIR


@pytest.fixture
def kpu_depok(parties):
    return account("kpu_depok", Role.KPU_KABKOTA, "3276")


@pytest.fixture
def kpu_bekasi(parties):
    return account("kpu_bekasi", Role.KPU_KABKOTA, "3275")


@pytest.fixture
def operator_pkb(parties):
    return account("operator_pkb", Role.PARTY_OPERATOR, "pkb")


@pytest.fixture
def operator_ppp(parties):
    return account("operator_ppp", Role.PARTY_OPERATOR, "ppp")
