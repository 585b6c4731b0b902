"""Fixtures shared by the results tests (the root conftest.py has the geography, the count and its officers)."""

from __future__ import annotations

import pytest

from conftest import make_officer
from suara.accounts.models import RoleAssignment
from suara.accounts.tokens import token_issue
from suara.audit.actors import Actor
from suara.results.models import CountRegion, CountTps
from suara.results.tests.support import submit_all


@pytest.fixture
def photo_dir(settings, tmp_path):
    """Photos stored under the test's own directory; a module takes it for every test with
    ``pytestmark = pytest.mark.usefixtures("photo_dir")``."""
    settings.VAR_DIR = tmp_path


@pytest.fixture
def tokens(officers):
    return {
        name: token_issue(user=user, name="tes", rate_per_minute=100_000, actor=Actor.named("test"))[1]
        for name, user in officers.items()
    }


@pytest.fixture
def small(officers):
    """The kecamatan of the slice with the fewest TPS, its PPK and a KPPS for each of its TPS."""
    kecamatan = CountRegion.objects.filter(level=3).order_by("tps_expected", "code").first()
    assert kecamatan.code != "327601"  # the officers fixture's PPK must be of another kecamatan
    tps = list(CountTps.objects.filter(code__startswith=kecamatan.code).order_by("code").values_list("code", flat=True))
    assert len(tps) == kecamatan.tps_expected
    kpps = make_officer("kpps_small", "kpps", tps[0])
    RoleAssignment.objects.bulk_create(RoleAssignment(user=kpps, role="kpps", scope=code) for code in tps[1:])
    return {
        **officers,
        "code": kecamatan.code,
        "name": kecamatan.name,
        "tps": tps,
        "ppk_small": make_officer("ppk_small", "ppk", kecamatan.code),
        "kpps_small": kpps,
        "kpu_bekasi": make_officer("kpu_bekasi", "kpu_kabkota", "3275"),
    }


# test_locks has a ``complete`` of its own (every TPS of Pancoran Mas recorded), which wins there.
@pytest.fixture
def complete(small):
    small["totals"] = submit_all(small, small["tps"])
    return small
