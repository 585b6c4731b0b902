"""Each election's counting geography. For the 2024 elections it is a copy of the electoral geography
(``regions``) taken when counting is prepared, so later changes to the reference tree never move a
counted TPS; 2019 builds its own from its data file (``importers/pemilu2019.py``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction

from suara.audit.services import audit_record
from suara.core.errors import DomainError
from suara.elections.models import Election
from suara.regions.models import Region, Tps
from suara.results.models import CountRegion, CountTps


@dataclass(frozen=True)
class Prepared:
    regions: int
    tps: int
    created: bool


def count_geography_prepare(*, election: Election, actor: str) -> Prepared:
    """Copies the electoral geography into ``election``'s counting geography, once. Set-based SQL (one
    INSERT ... SELECT per table), so the 820,000 TPS take seconds, not a save per row."""
    existing = CountTps.objects.filter(election=election).count()
    if existing:
        return Prepared(CountRegion.objects.filter(election=election).count(), existing, created=False)
    if not Tps.objects.exists():
        raise DomainError(
            "no_geography", "Geografi pemilu belum diimpor: jalankan `suara import-geography` terlebih dahulu."
        )
    region_table, tps_table = Region._meta.db_table, Tps._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {CountRegion._meta.db_table} "  # noqa: S608 - our own table names
            "(election_id, code, name, level, parent_code, tps_expected, source_ref) "
            f"SELECT %s, code, name, level, COALESCE(parent_id, ''), tps_count, '' FROM {region_table}",
            [election.pk],
        )
        regions = cursor.rowcount
        cursor.execute(
            f"INSERT INTO {CountTps._meta.db_table} (election_id, code, desa_code, number, source_ref) "  # noqa: S608
            f"SELECT %s, code, desa_id, number, '' FROM {tps_table}",
            [election.pk],
        )
        tps = cursor.rowcount
        audit_record(
            actor=actor,
            action="results.prepare_geography",
            object_code=election.slug,
            summary=f"geografi penghitungan {election.slug}: {regions} wilayah, {tps} TPS",
        )
    return Prepared(regions, tps, created=True)
