"""Benchmark: the rosters' completeness drill-down and the honorarium list over a filled province.

    .venv/bin/python bench/officer_rosters.py --database-url postgres://postgres@127.0.0.1:5432/suara
    .venv/bin/python bench/officer_rosters.py --size tiny          # 2,000 TPS (for CI)

The geography is the real 2024 one of Jawa Barat (province 32), cut after the first --size TPS in code
order (100,000 by default: about 700,000 KPPS, 200,000 Linmas and 100,000 Pantarlih), with every seat of
every TPS, desa and kecamatan appointed, written straight into a fresh database (not timed). Timed: the
completeness of the province (its kab/kota), of its first kab/kota (its kecamatan), of a kecamatan and
of a desa (its TPS), each the median of five reads; and the honorarium list of the first kab/kota as
XLSX. On PostgreSQL it creates, migrates and drops a scratch database named after the one in the URL
(``<name>_bench_rosters``). Figures only: no target is set for these reads.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from support import django_setup, reference_seconds, scratch_database

SIZES = {"tiny": 2_000, "full": 100_000}
PROVINCE = "32"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--size", default="full", help="tiny, full, or a number of TPS")
    args = parser.parse_args()
    size = SIZES.get(args.size) or int(args.size)
    with scratch_database("bench_rosters", args.database_url) as (url, engine, workdir):
        django_setup(url, workdir)
        return _measure(size, engine)


def _load_geography(size: int) -> list[str]:
    """Jawa Barat's regions above its first ``size`` TPS, with their TPS counts; returns the TPS codes."""
    from django.conf import settings

    from suara.regions.models import Region, Tps

    data = Path(settings.DATA_DIR)
    levels = {"provinsi": 1, "kabkota": 2, "kecamatan": 3, "desa": 4}
    parent_len = {2: None, 4: 2, 6: 4, 10: 6}
    codes: list[str] = []
    with open(data / "pemilu2024_tps.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["kode_desa"].startswith(PROVINCE):
                codes += [f"{row['kode_desa']}{n:03d}" for n in range(1, int(row["jumlah_tps_reguler"]) + 1)]
    codes = sorted(codes)[:size]
    counts: dict[str, int] = {}
    for code in codes:
        for cut in (2, 4, 6, 10):
            counts[code[:cut]] = counts.get(code[:cut], 0) + 1
    regions = []
    with open(data / "pemilu2024_wilayah.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            code = row["kode"]
            if code in counts:
                cut = parent_len[len(code)]
                regions.append(
                    Region(
                        code=code,
                        name=row["nama"],
                        level=levels[row["tingkat"]],
                        parent_id=code[:cut] if cut else None,
                        tps_count=counts[code],
                    )
                )
    Region.objects.bulk_create(sorted(regions, key=lambda r: len(r.code)), batch_size=2000)
    Tps.objects.bulk_create(
        [Tps(code=c, desa_id=c[:10], number=int(c[10:]), kind=Tps.Kind.REGULAR) for c in codes], batch_size=5000
    )
    return codes


def _officer_rows(election_id: int, tps: list[str]):
    """Every seat appointed: 5 PPK per kecamatan, 3 PPS per desa, 7 KPPS, 2 Linmas, 1 Pantarlih per TPS."""
    from django.utils import timezone

    from suara.officers.bodies import BASE_SEATS, Body

    now = timezone.now()
    postings = [(Body.PPK, k) for k in sorted({c[:6] for c in tps})]
    postings += [(Body.PPS, d) for d in sorted({c[:10] for c in tps})]
    postings += [(b, c) for c in tps for b in (Body.KPPS, Body.LINMAS, Body.PANTARLIH)]
    serial = 0
    for body, code in postings:
        for seat in range(BASE_SEATS[body]):
            serial += 1
            # Synthetic: a Depok kecamatan, a woman's birth date (day + 40) and the serial; unique per person.
            nik = f"3276015{serial:09d}"
            position = "ketua" if seat == 0 and body in (Body.PPK, Body.PPS, Body.KPPS) else "anggota"
            yield (
                election_id, body.value, code, position, nik, f"Sintetis {serial}", "P", date(1980, 1, 1),
                code[:10] if len(code) >= 10 else "", "dilantik", 0, 0, "form", now, now, "", "", "", "", "", "", "",
            )  # fmt: skip


COLUMNS = (
    "election_id", "body", "posting_code", "position", "nik", "name", "sex", "birth_date", "domicile_code",
    "status", "reasons", "flags", "source", "applied_at", "updated_at",
    "kk", "marital", "phone", "email", "address", "education", "occupation",
)  # fmt: skip


def _median_seconds(call, times: int = 5) -> float:
    seconds = []
    for _ in range(times):
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds)


def _measure(size: int, engine: str) -> int:
    from django.core.management import call_command
    from django.db import transaction

    from suara.audit.actors import Actor
    from suara.core.db import bulk_insert
    from suara.elections.models import Election
    from suara.elections.services import elections_load
    from suara.officers.models import Officer
    from suara.officers.rosters.honorarium import honorarium_list, render_xlsx
    from suara.officers.rosters.selectors import completeness
    from suara.regions.models import Region

    call_command("migrate", verbosity=0)
    tps = _load_geography(size)
    elections_load(actor=Actor.named("bench"))
    election = Election.objects.get(slug="pemilu-2024")
    with transaction.atomic():
        officers = bulk_insert(Officer, COLUMNS, _officer_rows(election.pk, tps))

    province = Region.objects.get(code=PROVINCE)
    city = Region.objects.get(code=tps[0][:4])
    kecamatan = Region.objects.get(code=tps[0][:6])
    desa = Region.objects.get(code=tps[0][:10])
    figures = {}
    for label, region in (("provinsi", province), ("kab/kota", city), ("kecamatan", kecamatan), ("desa", desa)):
        figures[label] = _median_seconds(lambda region=region: completeness(election, region))
    total, _ = completeness(election, province)
    started = time.perf_counter()
    listing = honorarium_list(election, city)
    document = render_xlsx(listing)
    honorarium_seconds = time.perf_counter() - started
    if total.total_filled != officers or total.total_seats != officers or not document.startswith(b"PK"):
        print(f"FAILED: {total.total_filled} filled of {total.total_seats} seats, {officers} officers", file=sys.stderr)
        return 1

    print(f"database: {engine}, TPS: {len(tps):,} (Jawa Barat, the first in code order), officers: {officers:,}")
    print(f"machine speed: the reference loop took {reference_seconds():.2f} s (bench/support.py)")
    for label, seconds in figures.items():
        print(f"completeness of a {label}: {seconds * 1000:,.0f} ms (median of 5)")
    print(f"honorarium XLSX of {city.name}: {len(listing.lines):,} officers in {honorarium_seconds:.1f} s")
    print(f"completeness of the province over {officers:,} officers: {figures['provinsi'] * 1000:,.0f} ms ({engine})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
