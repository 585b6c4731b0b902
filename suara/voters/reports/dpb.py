"""The DPB recap (rekapitulasi DPB) of a KPU region: per kab/kota, kecamatan and desa, the active voters
(men, women, total) at the end of the period and the period's changes by kind and by TMS code.

A read: nothing is written, nothing audited; no personal data, only counts. Counts at the end of a past
period are today's counts with every later change undone voter by voter (a later addition or import
was not there yet, a later TMS was still active, a later reinstatement was still TMS, a later move was
still in its old desa). A later correction of someone's sex is not undone (the history keeps no values
of personal fields). A change counts towards the desa its event names: for a move, the destination.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from suara.core import clock
from suara.core.errors import DomainError, ErrorCode, NotFound
from suara.core.region_codes import REGION_LEVELS, ancestor_codes, code_at, code_level, covers, is_code
from suara.regions.models import Level, Region
from suara.voters.errors import VoterErrorCode
from suara.voters.models import Voter, VoterEvent
from suara.voters.tms import TMS_CODES

KINDS = [(kind.value, kind.label) for kind in VoterEvent.Kind]
CREATION = {VoterEvent.Kind.ADD, VoterEvent.Kind.IMPORT}
CHUNK = 900


@dataclass
class RecapRow:
    level: int  # Level of the region: 2 kab/kota, 3 kecamatan, 4 desa (subtotals are 2 and 3)
    code: str
    name: str
    men: int = 0
    women: int = 0
    changes: Counter = field(default_factory=Counter)  # VoterEvent kind -> events in the period
    tms: Counter = field(default_factory=Counter)  # TMS code -> TMS events in the period

    @property
    def total(self) -> int:
        return self.men + self.women

    def add(self, other: RecapRow) -> None:
        self.men += other.men
        self.women += other.women
        self.changes.update(other.changes)
        self.tms.update(other.tms)


@dataclass
class DpbRecap:
    region: Region
    ancestors: list[Region]
    start: date | None
    end: date
    rows: list[RecapRow]  # depth first: each kab/kota and kecamatan subtotal before its desa
    totals: RecapRow
    made_at: datetime

    @property
    def kinds(self) -> list[tuple[str, str]]:
        return KINDS

    @property
    def tms_codes(self) -> list[tuple[int, str]]:
        return [(code, entry.label) for code, entry in TMS_CODES.items()]


def _region(region_code: str) -> Region:
    code = (region_code or "").strip()
    if not is_code(code, REGION_LEVELS):
        raise DomainError(
            ErrorCode.INVALID_REGION_CODE,
            "Kode wilayah harus kode KPU provinsi (2 digit), kabupaten/kota (4), kecamatan (6) atau desa (10).",
            field="region",
        )
    region = Region.objects.filter(code=code, level=code_level(code)).first()
    if region is None or region.is_overseas:
        raise NotFound(ErrorCode.REGION_NOT_FOUND, f"Wilayah dengan kode {code} tidak ditemukan.", field="region")
    return region


def _period(start: date | None, end: date | None, today: date) -> tuple[date | None, date]:
    end = end or today
    for value, name in ((start, "from"), (end, "to")):
        if value is not None and not isinstance(value, date):
            raise DomainError(VoterErrorCode.INVALID_DATE, "Tanggal harus berupa tanggal (YYYY-MM-DD).", field=name)
    if end > today:
        raise DomainError(
            VoterErrorCode.PERIOD_IN_FUTURE, f"Akhir periode ({end:%d-%m-%Y}) tidak boleh setelah hari ini.", field="to"
        )
    if start is not None and start > end:
        raise DomainError(
            VoterErrorCode.INVALID_PERIOD,
            f"Awal periode ({start:%d-%m-%Y}) tidak boleh setelah akhirnya ({end:%d-%m-%Y}).",
            field="from",
        )
    return start, end


def _instant(day: date) -> datetime:
    """Midnight at the start of ``day`` in the site's time zone (Asia/Jakarta)."""
    return timezone.make_aware(datetime.combine(day, time.min))


def _beneath(field: str, code: str) -> Q:
    """Codes starting with ``code`` as a range, which the (desa, status) and (region_code, at) indexes
    serve on PostgreSQL whatever the collation (a LIKE prefix would need a pattern index)."""
    following = code[:-1] + chr(ord(code[-1]) + 1)
    return Q(**{f"{field}__gte": code, f"{field}__lt": following})


def _active_now(code: str) -> dict[str, Counter]:
    counts: dict[str, Counter] = defaultdict(Counter)
    rows = (
        Voter.objects.filter(_beneath("desa", code), status=Voter.Status.ACTIVE)
        .values("desa_id", "sex")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts[row["desa_id"]][row["sex"]] += row["n"]
    return counts


def _undo_later_changes(counts: dict[str, Counter], code: str, after: datetime) -> None:
    """Turns today's counts into the counts at ``after`` by undoing every later change, voter by voter."""
    later = (
        VoterEvent.objects.filter(at__gte=after)
        .filter(_beneath("region_code", code) | Q(kind=VoterEvent.Kind.MOVE))
        .order_by("at", "pk")
        .values_list("voter_id", "kind", "changes")
    )
    history: dict[int, list[tuple[str, dict]]] = defaultdict(list)
    for voter_id, kind, changes in later.iterator(chunk_size=5000):
        history[voter_id].append((kind, changes or {}))
    ids = list(history)
    for start in range(0, len(ids), CHUNK):
        now_rows = Voter.objects.filter(pk__in=ids[start : start + CHUNK]).values_list("pk", "desa_id", "status", "sex")
        for pk, desa_now, status_now, sex in now_rows:
            events = history[pk]
            if status_now == Voter.Status.ACTIVE and desa_now and covers(code, desa_now):
                counts[desa_now][sex] -= 1
            if any(kind in CREATION for kind, _ in events):
                continue  # not on the register yet
            status_then = next(
                (
                    Voter.Status.ACTIVE if kind == VoterEvent.Kind.TMS else Voter.Status.TMS
                    for kind, _ in events
                    if kind in (VoterEvent.Kind.TMS, VoterEvent.Kind.REINSTATE)
                ),
                status_now,
            )
            desa_then = next(
                (
                    changes["desa"][0]
                    for kind, changes in events
                    if kind == VoterEvent.Kind.MOVE and isinstance(changes.get("desa"), list)
                ),
                desa_now,
            )
            if status_then == Voter.Status.ACTIVE and desa_then and covers(code, desa_then):
                counts[desa_then][sex] += 1


def _changes(code: str, start: datetime | None, end: datetime) -> tuple[dict[str, Counter], dict[str, Counter]]:
    events = VoterEvent.objects.filter(_beneath("region_code", code), at__lt=end)
    if start is not None:
        events = events.filter(at__gte=start)
    by_kind: dict[str, Counter] = defaultdict(Counter)
    by_tms: dict[str, Counter] = defaultdict(Counter)
    for row in events.values("region_code", "kind").annotate(n=Count("pk")):
        by_kind[row["region_code"]][row["kind"]] += row["n"]
    tms_rows = events.filter(kind=VoterEvent.Kind.TMS).values("region_code", "tms_code").annotate(n=Count("pk"))
    for row in tms_rows:
        by_tms[row["region_code"]][row["tms_code"]] += row["n"]
    return by_kind, by_tms


def dpb_recap(*, region_code: str, start: date | None = None, end: date | None = None) -> DpbRecap:
    """The recap of a KPU province, kab/kota, kecamatan or desa for the period ``start``..``end``
    (inclusive dates; no start: every change up to ``end``; no end: today)."""
    region = _region(region_code)
    today = clock.today()
    start, end = _period(start, end, today)
    end_instant = _instant(end + timedelta(days=1))
    counts = _active_now(region.code)
    if end < today:
        _undo_later_changes(counts, region.code, end_instant)
    by_kind, by_tms = _changes(region.code, _instant(start) if start else None, end_instant)
    beneath = Region.objects.filter(code__startswith=region.code, level__gt=Level.PROVINSI).order_by("code")
    regions = [r for r in beneath if r.level >= region.level]
    rows: dict[str, RecapRow] = {r.code: RecapRow(level=r.level, code=r.code, name=r.name) for r in regions}
    for code, row in rows.items():
        if row.level == Level.DESA:
            row.men, row.women = counts[code]["L"], counts[code]["P"]
            row.changes.update(by_kind.get(code, {}))
            row.tms.update(by_tms.get(code, {}))
    totals = RecapRow(level=region.level, code=region.code, name=region.name)
    for code, row in rows.items():
        if row.level == Level.DESA:
            totals.add(row)
            for parent_level in (Level.KABKOTA, Level.KECAMATAN):
                parent = rows.get(code_at(code, parent_level))
                if parent is not None and parent is not row and parent.code != region.code:
                    parent.add(row)
    ordered = [row for code, row in rows.items() if code != region.code or region.level == Level.DESA]
    ancestors = list(Region.objects.filter(code__in=ancestor_codes(region.code)))
    return DpbRecap(
        region=region,
        ancestors=sorted(ancestors, key=lambda r: len(r.code)),
        start=start,
        end=end,
        rows=ordered,
        totals=totals,
        made_at=timezone.now(),
    )
