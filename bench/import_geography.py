"""Benchmark: the Kemendagri load and the national KPU geography import, on a fresh database.

    .venv/bin/python bench/import_geography.py                      # SQLite, a temporary file
    .venv/bin/python bench/import_geography.py --database-url postgres://postgres@127.0.0.1:5432/x
    .venv/bin/python bench/import_geography.py --size tiny          # a few kab/kota only (for CI)

Without --database-url it uses DATABASE_URL, and without that a temporary SQLite file. On PostgreSQL it
never touches the database named in the URL: it creates, migrates and drops a scratch database
``suara_bench_geo`` on the same server. The last line printed is the headline figure.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from support import django_setup, scratch_database, write_geography_slice

BENCH_DATABASE = "suara_bench_geo"
TINY_SLICE = ("1101", "3275", "3276", "9302")  # Aceh Selatan, Kota Bekasi, Kota Depok, Jayawijaya
TINY_OVERSEAS = ("9901", "9911")  # Brunei, Korea Selatan


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--size", choices=("national", "tiny"), default="national")
    args = parser.parse_args()

    with scratch_database(BENCH_DATABASE, args.database_url) as (url, engine, workdir):
        django_setup(url, workdir)
        return _measure(args.size, engine, workdir)


def _measure(size: str, engine: str, workdir: Path) -> int:
    from django.conf import settings
    from django.core.management import call_command

    from suara.audit.actors import Actor
    from suara.regions.models import KemendagriRegion, Region, Tps
    from suara.regions.services import geography_import, regions_load_kemendagri

    data_dir = Path(settings.DATA_DIR)
    if size == "tiny":
        files = write_geography_slice(data_dir, workdir, TINY_SLICE, TINY_OVERSEAS)
    else:
        files = tuple(
            data_dir / n for n in ("pemilu2024_wilayah.csv", "pemilu2024_tps.csv", "pemilu2024_tps_luar_negeri.csv")
        )
    call_command("migrate", verbosity=0)

    def timed(fn):
        start = time.perf_counter()
        result = fn()
        return time.perf_counter() - start, result

    load_seconds = 0.0
    if not KemendagriRegion.objects.exists():
        load_seconds, _ = timed(lambda: regions_load_kemendagri(actor=Actor.named("bench")))

    def run():
        return geography_import(
            wilayah_path=files[0], tps_path=files[1], overseas_path=files[2], actor=Actor.named("bench")
        )

    import_seconds, first = timed(run)
    again_seconds, second = timed(run)
    if not first.changed or second.changed:
        print("FAILED: the first run should change the database and the second nothing", file=sys.stderr)
        return 1

    print(f"database: {engine}, size: {size}")
    print(f"kemendagri regions: {KemendagriRegion.objects.count()} rows")
    print(f"regions: {Region.objects.count()} rows, TPS: {Tps.objects.count()} rows")
    print(f"load-regions: {load_seconds:.1f} s")
    print(f"geography import, second run (no changes): {again_seconds:.1f} s")
    print(f"geography import: {import_seconds:.1f} s ({engine})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
