"""Each election's counting geography. An election may have a TPS list of its own (the 2024 Pilkada had
435,296 TPS of up to 600 voters, not the Pemilu's 823,366 of up to 300), imported in the electoral
geography's file format by ``count_geography_import`` (``suara import-geography --election SLUG``). An
election without one counts at the electoral geography's TPS: ``count_geography_prepare`` copies them when
counting is prepared, so later changes to the reference tree never move a counted TPS. 2019 builds its
own from its data file (``importers/pemilu2019.py``). Each contest counts the subtree of its area."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import connection, transaction

from suara.audit.actors import Actor
from suara.audit.services import audit_record
from suara.core.db import bulk_insert
from suara.core.errors import Conflict, DomainError
from suara.elections.models import Election
from suara.regions.importers.geography_files import read_geography
from suara.regions.models import Region, Tps
from suara.regions.services import GeographyFileError
from suara.results.audit_actions import ResultAuditAction
from suara.results.errors import ResultErrorCode
from suara.results.models import (
    CountRegion,
    CountTps,
    ExternalResult,
    RecapDelta,
    RecapPointer,
    RegionTotal,
    TpsResult,
)


@dataclass(frozen=True)
class Prepared:
    regions: int
    tps: int
    created: bool


def count_geography_prepare(*, election: Election, actor: Actor) -> Prepared:
    """Copies the electoral geography into ``election``'s counting geography, once. Set-based SQL (one
    INSERT ... SELECT per table), so the 820,000 TPS take seconds, not a save per row."""
    existing = CountTps.objects.filter(election=election).count()
    if existing:
        return Prepared(CountRegion.objects.filter(election=election).count(), existing, created=False)
    if not Tps.objects.exists():
        raise DomainError(
            ResultErrorCode.NO_GEOGRAPHY,
            "Geografi pemilu belum diimpor: jalankan `suara import-geography` terlebih dahulu.",
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
            action=ResultAuditAction.PREPARE_GEOGRAPHY,
            object_code=election.slug,
            summary=f"geografi penghitungan {election.slug}: {regions} wilayah, {tps} TPS",
        )
    return Prepared(regions, tps, created=True)


REGION_COLUMNS = ("election_id", "code", "name", "level", "parent_code", "tps_expected", "source_ref")
TPS_COLUMNS = ("election_id", "code", "desa_code", "number", "source_ref")


def _in_use(election: Election) -> bool:
    """Whether anything was counted or published over the election's counting geography."""
    contests = {"contest__election": election}
    return any(
        model.objects.filter(**contests).exists()
        for model in (TpsResult, RecapDelta, RecapPointer, RegionTotal, ExternalResult)
    )


def count_geography_import(
    *,
    election: Election,
    wilayah_path: str | Path,
    tps_path: str | Path,
    overseas_path: str | Path | None = None,
    actor: Actor,
) -> Prepared:
    """Loads an election's own TPS list, in the electoral geography's files (``geography_files``), as its
    counting geography. The files are checked whole first (GeographyFileError with every problem, nothing
    written). The same files again change nothing; different ones replace the geography only while
    nothing has been counted or published over it (``count_geography_in_use`` after). One transaction,
    one audit event."""
    files = read_geography(wilayah_path, tps_path, overseas_path)
    if files.problems:
        raise GeographyFileError(files.problems)
    counts = files.tps_counts()
    wanted_regions = {
        code: (row.name, row.level, row.parent_code or "", counts[code]) for code, row in files.regions.items()
    }
    wanted_tps = {code: (desa, number) for code, desa, number, _kind in files.tps()}
    with transaction.atomic():
        current_regions = {
            code: rest
            for code, *rest in CountRegion.objects.filter(election=election).values_list(
                "code", "name", "level", "parent_code", "tps_expected"
            )
        }
        current_tps = {
            code: rest
            for code, *rest in CountTps.objects.filter(election=election).values_list("code", "desa_code", "number")
        }
        current_regions = {code: tuple(rest) for code, rest in current_regions.items()}
        current_tps = {code: tuple(rest) for code, rest in current_tps.items()}
        if current_regions == wanted_regions and current_tps == wanted_tps:
            return Prepared(len(wanted_regions), len(wanted_tps), created=False)
        if current_tps or current_regions:
            if _in_use(election):
                raise Conflict(
                    ResultErrorCode.COUNT_GEOGRAPHY_IN_USE,
                    f"Geografi penghitungan {election.slug} sudah dipakai (hasil atau rekapitulasi sudah ada): "
                    "tidak diubah.",
                )
            CountTps.objects.filter(election=election).delete()
            CountRegion.objects.filter(election=election).delete()
        bulk_insert(
            CountRegion,
            REGION_COLUMNS,
            ((election.pk, code, *values, "") for code, values in sorted(wanted_regions.items())),
        )
        bulk_insert(
            CountTps, TPS_COLUMNS, ((election.pk, code, *values, "") for code, values in sorted(wanted_tps.items()))
        )
        audit_record(
            actor=actor,
            action=ResultAuditAction.IMPORT_COUNT_GEOGRAPHY,
            object_code=election.slug,
            summary=(
                f"daftar TPS {election.slug} sendiri: {len(wanted_regions)} wilayah, {len(wanted_tps)} TPS"
                + (f" (menggantikan {len(current_tps)} TPS)" if current_tps else "")
            ),
        )
    return Prepared(len(wanted_regions), len(wanted_tps), created=True)


def tps_with_voters(election: Election, region_code: str = "") -> list[tuple[str, int | None]]:
    """The election's TPS beneath ``region_code`` ('' all) with their registered voters (DPT, None when
    not known), ordered by code: the frame a quick count samples from."""
    rows = CountTps.objects.filter(election=election)
    if region_code:
        rows = rows.filter(code__startswith=region_code)
    return [
        (code, None if men is None and women is None else (men or 0) + (women or 0))
        for code, men, women in rows.order_by("code").values_list("code", "dpt_l", "dpt_p").iterator(chunk_size=20_000)
    ]
