"""Reads of the network readiness: the operators, each TPS's class (the rules applied to its observations
as they are read), a region's dashboard, the open actions, and election night's missing TPS with their
class (the published snapshots, read through results' public selectors)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from suara.accounts.authz import assignments_of, authorize
from suara.accounts.roles import Action
from suara.core import caches
from suara.core.db import prepared_cursor
from suara.core.errors import DomainError, ErrorCode, NotFound, PermissionDenied
from suara.core.region_codes import covered_range, is_tps_code
from suara.network.errors import NetworkErrorCode
from suara.network.models import Observation, Operator, Remediation, RemediationTps
from suara.network.rules import (
    OPEN_STATUSES,
    READINESS_ORDER,
    Kind,
    Night,
    Readiness,
    TpsReadiness,
    night_status,
    readiness_of,
)
from suara.network.rules import Observation as Seen
from suara.regions.models import Region, Tps
from suara.results.public.selectors import contest_list, in_contest_area, region_recap

DASHBOARD_LENGTHS = (4, 6, 10)  # a kab/kota, a kecamatan, a desa
_operators: dict[str, str] = {}


def _operators_clear() -> None:
    _operators.clear()


caches.register("network.operators", _operators_clear)


def operators() -> dict[str, str]:
    """code → name, in the data's order (kept per process: the list changes only by a migration)."""
    if not _operators:
        _operators.update(Operator.objects.order_by("order", "code").values_list("code", "name"))
    return _operators


def operator_lookup() -> dict[str, str]:
    """An operator's code, or its name in lower case, → its code (for imported files)."""
    found = operators()
    return {**{c: c for c in found}, **{n.lower(): c for c, n in found.items()}}


def max_age() -> timedelta:
    return timedelta(days=settings.SUARA_NETWORK_MAX_AGE_DAYS)


def areas_of(user, action: Action = Action.VIEW_READINESS) -> list[str]:
    """The region codes (kab/kota or below) where the user holds ``action``, widest first."""
    codes = {a.scope for a in assignments_of(user) if len(a.scope) in (4, 6, 10, 13)}
    return sorted((c for c in codes if authorize(user, action, c)), key=lambda c: (len(c), c))


def first_area_beneath(user, action: Action = Action.VIEW_READINESS) -> str | None:
    """For an officer over a province or the nation (the dashboards are per kab/kota and below): the first
    kab/kota beneath its scope where it holds ``action``, to open the dashboard at."""
    for scope in sorted({a.scope for a in assignments_of(user) if len(a.scope) in (0, 2)}, key=len, reverse=True):
        codes = Region.objects.filter(code__startswith=scope, code__regex=r"^[0-9]{4}$").order_by("code")
        code = codes.values_list("code", flat=True).first()
        if code is not None and authorize(user, action, code):
            return code
    return None


def region_open(user, code: str, action: Action = Action.VIEW_READINESS) -> Region:
    """The region of a dashboard, if the user may act on it: 400 for a code of another length, 403 outside
    the user's area, 404 for a code the geography lacks."""
    if len(code) not in DASHBOARD_LENGTHS or not (code.isascii() and code.isdigit()):
        raise DomainError(
            NetworkErrorCode.NETWORK_REGION_INVALID, "Kode wilayah harus kab/kota, kecamatan atau desa.", field="code"
        )
    if not authorize(user, action, code):
        raise PermissionDenied(ErrorCode.FORBIDDEN, "Wilayah ini di luar wewenang Anda.", field="code")
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise NotFound(NetworkErrorCode.NETWORK_REGION_NOT_FOUND, f"Wilayah {code} tidak ditemukan.", field="code")
    return region


def tps_open(user, code: str, action: Action) -> str:
    """A TPS the user may act on: 404 for an unknown code, 403 outside the user's area."""
    if not is_tps_code(code) or not Tps.objects.filter(code=code).exists():
        raise NotFound(NetworkErrorCode.NETWORK_TPS_NOT_FOUND, "TPS tidak ditemukan.", field="tps")
    if not authorize(user, action, code):
        raise PermissionDenied(ErrorCode.FORBIDDEN, "TPS ini di luar wewenang Anda.", field="tps")
    return code


def _range(code: str) -> dict:
    low, high = covered_range(code)
    return {"tps_code__gte": low, **({"tps_code__lt": high} if high else {})}


def tps_codes(code: str) -> list[str]:
    low, high = covered_range(code)
    rows = Tps.objects.filter(code__gte=low, **({"code__lt": high} if high else {}))
    return list(rows.order_by("code").values_list("code", flat=True))


def readiness_in(code: str, *, now: datetime | None = None) -> dict[str, TpsReadiness]:
    """Each surveyed TPS beneath ``code`` (a TPS: itself) → its readiness by the rules, now."""
    now = now or timezone.now()
    age = max_age()
    rows = Observation.objects.filter(**_range(code), observed_at__gte=now - age).values_list(
        "tps_code", "operator_id", "kind", "observed_at", "effective_type", "probe_ms", "id"
    )
    by_tps: dict[str, list[Seen]] = defaultdict(list)
    for tps, operator, kind, at, effective, probe, pk in rows.iterator(chunk_size=5000):
        by_tps[tps].append(Seen(operator, Kind(kind), at, effective, probe, pk))
    return {tps: readiness_of(seen, now=now, max_age=age) for tps, seen in by_tps.items()}


_TPS_OBSERVATIONS = (
    f"SELECT operator_id, kind, observed_at, effective_type, probe_ms, id FROM {Observation._meta.db_table} "  # noqa: S608
    "WHERE tps_code = %s AND observed_at >= %s"
)


def tps_readiness(tps: str, *, now: datetime | None = None) -> TpsReadiness:
    """One TPS's readiness by the rules, now: one prepared statement (the survey's answer reads it on
    every submission)."""
    now = now or timezone.now()
    age = max_age()
    with prepared_cursor() as cursor:
        cursor.execute(_TPS_OBSERVATIONS, [tps, now - age])
        rows = cursor.fetchall()
    seen = [Seen(op, Kind(kind), _aware(at), effective, probe, pk) for op, kind, at, effective, probe, pk in rows]
    return readiness_of(seen, now=now, max_age=age)


def _aware(at):
    """A raw cursor's time: aware on PostgreSQL; text or naive UTC on SQLite."""
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def class_of(found: dict[str, TpsReadiness], tps: str) -> Readiness:
    held = found.get(tps)
    return held.readiness if held else Readiness.BELUM


@dataclass
class Row:
    code: str
    name: str
    tps: int = 0
    counts: Counter = field(default_factory=Counter)
    open_actions: int = 0

    def cells(self) -> list[int]:
        return [self.counts[r] for r in READINESS_ORDER]


@dataclass
class Dashboard:
    region: Region
    total: Row
    rows: list[Row]
    by_tps: dict[str, TpsReadiness]
    codes: list[str]  # every TPS beneath the region


def dashboard(region: Region, *, now: datetime | None = None) -> Dashboard:
    """TPS by class per child region (a desa's: per TPS), and the open actions per child."""
    codes = tps_codes(region.code)
    found = readiness_in(region.code, now=now)
    child_length = {4: 6, 6: 10, 10: 13}[len(region.code)]
    if child_length == 13:
        names = {c: c[-3:] for c in codes}
    else:
        names = dict(Region.objects.filter(parent_id=region.code).values_list("code", "name"))
    rows = {c: Row(c, n) for c, n in sorted(names.items())}
    total = Row(region.code, region.name)
    for tps in codes:
        readiness = class_of(found, tps)
        row = rows.get(tps[:child_length])
        for target in (row, total) if row else (total,):
            target.tps += 1
            target.counts[readiness] += 1
    open_links = RemediationTps.objects.filter(
        **_range(region.code), remediation__status__in=[s.value for s in OPEN_STATUSES]
    ).values_list("tps_code", "remediation_id")
    per_child: dict[str, set] = defaultdict(set)
    every: set = set()
    for tps, action in open_links:
        per_child[tps[:child_length]].add(action)
        every.add(action)
    for child, actions in per_child.items():
        if child in rows:
            rows[child].open_actions = len(actions)
    total.open_actions = len(every)
    return Dashboard(region, total, list(rows.values()), found, codes)


def remediations(code: str, *, open_only: bool = False):
    """The actions touching a TPS beneath ``code``, newest first, with their TPS."""
    ids = RemediationTps.objects.filter(**_range(code)).values("remediation_id")
    found = Remediation.objects.filter(pk__in=ids)
    if open_only:
        found = found.filter(status__in=[s.value for s in OPEN_STATUSES])
    return found.prefetch_related("tps").order_by("-updated_at", "-pk")


def remediation_for(user, pk: int, action: Action = Action.VIEW_READINESS) -> Remediation:
    """An action the user may see (or act on): 404 otherwise, also outside the user's area."""
    found = Remediation.objects.filter(pk=pk).prefetch_related("tps", "events").first()
    if found is None or not authorize(user, action, found.area_code):
        raise NotFound(NetworkErrorCode.REMEDIATION_NOT_FOUND, "Tindakan tidak ditemukan di wilayah Anda.", field="id")
    return found


def observations_of(tps: str, limit: int = 20):
    return Observation.objects.filter(tps_code=tps).select_related("operator").order_by("-observed_at", "-pk")[:limit]


# Election night: the TPS not reported yet, read with their class.
@dataclass(frozen=True)
class Missing:
    tps: str
    readiness: Readiness
    night: Night


def contests_for(code: str) -> list:
    """The contests counted at the region (the presidential one first, then the Pilkada's)."""
    return [c for c in contest_list() if in_contest_area(c, code)]


def night(region: Region, contest_slug: str, *, now: datetime | None = None) -> tuple[list[Missing], Counter]:
    """The TPS beneath ``region`` that have not reported in the contest, each with its class and what its
    absence means (``rules.night_status``), alarms first; and the count of every night status."""
    found = readiness_in(region.code, now=now)
    desa = (
        [region.code]
        if len(region.code) == 10
        else list(
            Region.objects.filter(code__startswith=region.code, level=4).order_by("code").values_list("code", flat=True)
        )
    )
    missing, counts = [], Counter()
    for code in desa:
        body = region_recap(contest_slug, code).body
        for child in body.get("children", ()):
            tps = child.get("code", "")
            if len(tps) != 13:
                continue
            readiness = class_of(found, tps)
            status = night_status(readiness, reported=bool(child.get("tps_reported")))
            counts[status] += 1
            if status != Night.REPORTED:
                missing.append(Missing(tps, readiness, status))
    order = {n: i for i, n in enumerate((Night.ALARM, Night.UNKNOWN, Night.WATCH, Night.EXPECTED))}
    missing.sort(key=lambda m: (order[m.night], m.tps))
    return missing, counts
