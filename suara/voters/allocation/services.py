"""Allocating a region's active voters to their desa's TPS (docs/voters-allocation.md).

Per desa: a fresh allocation when no active voter has a regular TPS of the desa yet (or ``fresh=True``),
else a rebalance of the current one (``voters.allocation``). TPS rows are the electoral geography and are
never invented here: a desa that would need a TPS number it does not have is left as it was and reported
(``short``), as is a desa with a KK larger than a TPS (``household_too_large``); every other desa of the
region is written, in one transaction with one audit event holding counts only. Voters at a TPS lokasi
khusus (hospitals, prisons) keep it and are left out.

No ``VoterEvent`` per voter: that history is the DPB's changes, which the plenary recap counts by kind; a
TPS allocation is planning for the polling day, recorded once in the audit log with its counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from suara.accounts.authz import require
from suara.accounts.roles import Action
from suara.audit.actors import Actor
from suara.audit.services import audit_record
from suara.core import clock
from suara.core.errors import Conflict, DomainError, ErrorCode, NotFound
from suara.core.region_codes import code_level, is_code, kabkota_of
from suara.regions.models import Level, Region, Tps
from suara.voters.allocation.rules import HouseholdTooLarge, VoterRecord, allocate, rebalance
from suara.voters.audit_actions import VoterAuditAction
from suara.voters.errors import VoterErrorCode
from suara.voters.models import Voter
from suara.voters.selectors import period_lock_standing

ALLOCATED_LEVELS = (Level.KABKOTA, Level.KECAMATAN, Level.DESA)
UPDATE_CHUNK = 900  # ids per UPDATE: under SQLite's variable limit on every version


@dataclass
class DesaAllocation:
    code: str
    name: str
    voters: int = 0  # active voters allocated (those at a TPS lokasi khusus excluded)
    tps_needed: int = 0  # the fewest TPS a fresh allocation uses
    tps_available: int = 0  # regular TPS rows of the desa
    tps_used: int = 0  # TPS holding voters after this allocation
    moved: int = 0
    placed: int = 0
    status: str = "ok"  # ok | short | household_too_large
    short: list[int] = field(default_factory=list)  # TPS numbers needed that the desa does not have
    largest_household: int = 0
    message: str = ""


@dataclass
class AllocationReport:
    region_code: str
    max_per_tps: int
    dry_run: bool
    desa: list[DesaAllocation] = field(default_factory=list)

    def total(self, name: str) -> int:
        return sum(getattr(d, name) for d in self.desa if d.status == "ok")

    @property
    def refused(self) -> list[DesaAllocation]:
        return [d for d in self.desa if d.status != "ok"]


def _region(region_code: str) -> Region:
    code = (region_code or "").strip()
    if not is_code(code, ALLOCATED_LEVELS):
        raise DomainError(
            ErrorCode.INVALID_REGION_CODE,
            "Kode wilayah harus kode KPU kabupaten/kota (4 digit), kecamatan (6) atau desa/kelurahan (10).",
            field="region",
        )
    region = Region.objects.filter(code=code, level=code_level(code)).first()
    if region is None:
        raise NotFound(ErrorCode.REGION_NOT_FOUND, f"Wilayah dengan kode {code} tidak ditemukan.", field="region")
    if region.is_overseas:
        raise DomainError(
            VoterErrorCode.OVERSEAS_NOT_ALLOCATED, "Alokasi TPS hanya untuk wilayah dalam negeri.", field="region"
        )
    return region


def _check_max(max_per_tps) -> int:
    if isinstance(max_per_tps, bool) or not isinstance(max_per_tps, int) or max_per_tps < 1:
        raise DomainError(
            VoterErrorCode.INVALID_MAX_PER_TPS,
            "Batas pemilih per TPS harus bilangan bulat minimal 1.",
            field="max_per_tps",
        )
    return max_per_tps


def _plan_desa(desa: Region, tps_rows: list[tuple[str, int, str]], max_per_tps: int, fresh: bool):
    """The desa's allocation (or None when refused) and its report line."""
    regular = {number: code for code, number, kind in tps_rows if kind == Tps.Kind.REGULAR}
    regular_codes = set(regular.values())
    special = {code for code, _, kind in tps_rows if kind != Tps.Kind.REGULAR}
    rows = Voter.objects.filter(desa_id=desa.code, status=Voter.Status.ACTIVE).values_list(
        "pk", "kk", "rt", "rw", "tps_id"
    )
    records, current_codes = [], {}
    for pk, kk, rt, rw, tps_code in rows.iterator(chunk_size=5000):
        if tps_code in special:
            continue
        current_codes[pk] = tps_code
        number = int(tps_code[10:]) if tps_code in regular_codes else None
        records.append(VoterRecord(pk, kk, rt, rw, None if fresh else number))
    line = DesaAllocation(code=desa.code, name=desa.name, voters=len(records), tps_available=len(regular))
    try:
        result = allocate(records, max_per_tps) if fresh else rebalance(records, max_per_tps)
    except HouseholdTooLarge as error:
        line.status, line.largest_household, line.message = "household_too_large", error.size, error.message
        return None, line, current_codes
    if fresh:  # moved counts against where voters were, not against the ignored numbers
        result.moved = sum(
            1 for r in records if current_codes[r.id] not in (None, regular.get(result.assignment[r.id]))
        )
        result.placed = sum(1 for r in records if current_codes[r.id] is None)
    line.tps_needed, line.moved, line.placed = result.tps_needed, result.moved, result.placed
    used = sorted(set(result.assignment.values()))
    line.tps_used = len(used)
    line.short = [n for n in used if n not in regular]
    if line.short:
        line.status = "short"
        line.message = (
            f"Desa {desa.code} memerlukan {len(used)} TPS, tetapi hanya {len(regular)} TPS reguler terdaftar; "
            "tidak diubah."
        )
        return None, line, current_codes
    return {pk: regular[n] for pk, n in result.assignment.items()}, line, current_codes


def _write(assignment: dict[int, str], current: dict[int, str | None], now) -> None:
    by_tps: dict[str, list[int]] = defaultdict(list)
    for pk, code in assignment.items():
        if current.get(pk) != code:
            by_tps[code].append(pk)
    for code, ids in sorted(by_tps.items()):
        for start in range(0, len(ids), UPDATE_CHUNK):
            Voter.objects.filter(pk__in=ids[start : start + UPDATE_CHUNK]).update(tps_id=code, updated_at=now)


def tps_allocate(
    *,
    region_code: str,
    max_per_tps: int,
    actor: Actor,
    dry_run: bool = False,
    fresh: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> AllocationReport:
    """Allocates (or rebalances) the active voters of every desa under a KPU kab/kota, kecamatan or desa
    code to TPS of at most ``max_per_tps`` voters. ``dry_run`` computes and reports without writing.

    An officer (``Actor.of(user)``: the page, the API, a job) needs UPDATE_VOTERS over the region, and is
    the audit event's actor with that role; the command line passes its operator's name (``Actor.named``).
    ``progress(done, total)`` is called after each desa."""
    region = _region(region_code)
    max_per_tps = _check_max(max_per_tps)
    role = ""
    if actor.user is not None:
        role = require(actor.user, Action.UPDATE_VOTERS, region.code).value
    lock = period_lock_standing(kabkota_of(region.code), clock.today())
    if lock is not None and not dry_run:
        raise Conflict(
            VoterErrorCode.DPB_PERIOD_LOCKED,
            f"Periode DPB {lock.period_start:%d-%m-%Y} s.d. {lock.period_end:%d-%m-%Y} kabupaten/kota "
            f"{lock.region_code} sudah ditetapkan dalam rapat pleno; alokasi TPS tidak dapat diubah.",
            field="region",
        )
    desa_list = list(Region.objects.filter(level=Level.DESA, code__startswith=region.code).order_by("code"))
    tps_by_desa: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    following = region.code[:-1] + chr(ord(region.code[-1]) + 1)  # a range the primary key's index serves
    for code, desa_code, number, kind in Tps.objects.filter(code__gte=region.code, code__lt=following).values_list(
        "code", "desa_id", "number", "kind"
    ):
        tps_by_desa[desa_code].append((code, number, kind))
    report = AllocationReport(region_code=region.code, max_per_tps=max_per_tps, dry_run=dry_run)
    with transaction.atomic():
        now = timezone.now()
        for done, desa in enumerate(desa_list, start=1):
            assignment, line, current = _plan_desa(desa, tps_by_desa[desa.code], max_per_tps, fresh)
            report.desa.append(line)
            if assignment is not None and not dry_run:
                _write(assignment, current, now)
            if progress is not None:
                progress(done, len(desa_list))
        if not dry_run:
            audit_record(
                actor=actor,
                role=role,
                action=VoterAuditAction.ALLOCATE_TPS,
                object_code=region.code,
                summary=(
                    f"Alokasi TPS {region.code} (maks {max_per_tps}/TPS{', dari awal' if fresh else ''}): "
                    f"{len(report.desa) - len(report.refused)} desa, {report.total('voters')} pemilih, "
                    f"{report.total('tps_used')} TPS, {report.total('moved')} dipindah, "
                    f"{report.total('placed')} ditempatkan; {len(report.refused)} desa tidak diubah"
                ),
            )
    return report
