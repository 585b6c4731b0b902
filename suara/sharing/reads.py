"""What an extract or a partner read takes from the register: the active voters of a region with only the
allowed fields (a field not allowed is never read), or their counts per group, and the places of a region
that marker records are set in. Personal data passes through here on its way to a recipient; nothing here
logs."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Substr

from suara.core.region_codes import covered_range
from suara.regions.models import Level, Region, Tps
from suara.sharing.fingerprint import Place
from suara.sharing.rules import AGE_BANDS, FIELD_BY_NAME, GROUP_LENGTH, Aggregation, age_band, age_on
from suara.voters.models import Voter

CHUNK = 5000
MAX_PLACES = 50


def voters_in(region: str) -> QuerySet[Voter]:
    """The active voters of a region ('' the nation) placed in a KPU desa, by the desa index's range."""
    start, end = covered_range(region)
    found = Voter.objects.filter(status=Voter.Status.ACTIVE, desa__isnull=False)
    if region:
        found = found.filter(desa_id__gte=start, **({"desa_id__lt": end} if end else {}))
    return found


def _sources(fields: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(FIELD_BY_NAME[name].source for name in fields))


def _text(name: str, value: object, day: date) -> str:
    if value is None:
        return ""
    if name == "usia":
        return str(age_on(value, day))
    if name == "tanggal_lahir":
        return value.isoformat()
    return str(value)


def individual_rows(
    region: str, fields: Sequence[str], day: date, *, offset: int = 0, limit: int | None = None
) -> Iterator[tuple[int, list[str]]]:
    """(voter id, its values of ``fields`` as text) for each active voter of the region, by id; ``day``
    gives the ages."""
    sources = _sources(fields)
    position = {source: i + 1 for i, source in enumerate(sources)}
    rows = voters_in(region).order_by("pk").values_list("pk", *sources)
    if limit is not None:
        rows = rows[offset : offset + limit]
    for row in rows.iterator(chunk_size=CHUNK):
        yield row[0], [_text(name, row[position[FIELD_BY_NAME[name].source]], day) for name in fields]


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def counts(region: str, aggregation: str, fields: Sequence[str], day: date) -> list[tuple[str, dict[str, int]]]:
    """(group code, {column: count}) per TPS, desa, kecamatan or kab/kota of the region, by code: the total
    and the breakdowns ``fields`` allow (``rules.count_columns``). Voters without a TPS yet are in no TPS's
    count."""
    level = Aggregation(aggregation)
    found = voters_in(region)
    if level == Aggregation.TPS:
        found, key = found.filter(tps__isnull=False), F("tps_id")
    else:
        key = Substr("desa_id", 1, GROUP_LENGTH[level])
    measures = {"jumlah_pemilih": Count("pk")}
    if "jenis_kelamin" in fields:
        measures["laki_laki"] = Count("pk", filter=Q(sex=Voter.Sex.MALE))
        measures["perempuan"] = Count("pk", filter=Q(sex=Voter.Sex.FEMALE))
    if "usia" in fields:
        for low, high in AGE_BANDS:
            band = Q(birth_date__lte=_years_before(day, low)) if low != AGE_BANDS[0][0] else Q()
            if high is not None:
                band &= Q(birth_date__gt=_years_before(day, high + 1))
            measures[age_band(low)] = Count("pk", filter=band) if band else Count("pk")
    if "disabilitas" in fields:
        measures["disabilitas"] = Count("pk", filter=~Q(disability=""))
    grouped = found.annotate(group=key).values("group").annotate(**measures).order_by("group")
    return [(row.pop("group"), row) for row in grouped]


def places(region: str) -> list[Place]:
    """Up to MAX_PLACES desa of the region, spread over it, with their Kemendagri kecamatan (a NIK's first six
    digits) and TPS codes: where marker records are said to live."""
    start, end = covered_range(region)
    desa = Region.objects.filter(level=Level.DESA).exclude(code__startswith="99")
    if region:
        desa = desa.filter(code__gte=start, **({"code__lt": end} if end else {}))
    codes = list(desa.order_by("code").values_list("code", "kemendagri_code"))
    step = max(1, len(codes) // MAX_PLACES)
    chosen = codes[::step][:MAX_PLACES]
    tps: dict[str, list[str]] = {}
    for code, desa_code in Tps.objects.filter(desa_id__in=[c for c, _ in chosen]).values_list("code", "desa_id"):
        tps.setdefault(desa_code, []).append(code)
    return [Place(code, (kemendagri or code)[:6], tuple(sorted(tps.get(code, ())))) for code, kemendagri in chosen]


def nik_listed(nik: str) -> bool:
    return Voter.objects.filter(nik=nik).exists()
