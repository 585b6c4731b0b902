"""Benchmark: the import of a TPS signal list (network readiness, suara/network/importing.py) for every TPS,
with bad rows of several kinds sprinkled in.

    .venv/bin/python bench/network_import.py --database-url postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/network_import.py --size tiny          # Kota Depok and Kota Bekasi (for CI)

Full size: the national 2024 geography (823,366 TPS, overseas included) is imported first (not timed), then
a file of one row per TPS (operator and signal drawn by a fixed seed, about 0.5% of rows spoilt per kind:
a broken row, an unknown TPS, an unknown operator, a date in the future, the same TPS and operator twice)
is imported end to end through the service (reading, checking, COPY into the observations, the audit
event), as the job runs it. On PostgreSQL it creates, migrates and drops a scratch database
``suara_bench_network``. Target (issue 16): 50,000 rows/s. The reference loop's time and the CPU per row
are printed beside the figure.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from support import backend_cpu_seconds, django_setup, reference_seconds, scratch_database, write_geography_slice

BENCH_DATABASE = "suara_bench_network"
TINY_SLICE = ("3275", "3276")
SPOILS = ("row_broken", "tps_unknown", "operator_unknown", "date_future", "duplicate_in_file")
OPERATORS = ("telkomsel", "Indosat Ooredoo Hutchison", "xl", "smartfren")
SIGNALS = ("4g", "4g", "4g", "3g", "voice", "none")


def write_file(path: Path, tps: list[str], today: date, seed: int = 16) -> Counter:
    rng = random.Random(seed)  # noqa: S311 - test data
    spoils: Counter = Counter()
    days = [(today - timedelta(days=n)).isoformat() for n in range(90)]
    future = (today + timedelta(days=3)).isoformat()
    earlier = None
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("kode_tps,operator,sinyal,tanggal\n")
        for code in tps:
            row = [code, rng.choice(OPERATORS), rng.choice(SIGNALS), rng.choice(days)]
            r, clean = rng.random(), True
            if r < 0.005 * len(SPOILS) and earlier is not None:
                kind = SPOILS[int(r / 0.005)]
                spoils[kind] += 1
                clean = kind == "duplicate_in_file"
                if kind == "row_broken":
                    row = row[:3]
                elif kind == "tps_unknown":
                    row[0] = code[:10] + "899"
                elif kind == "operator_unknown":
                    row[1] = "axis"
                elif kind == "date_future":
                    row[3] = future
                else:
                    out.write(",".join(earlier) + "\n")  # the earlier row again, then this one
            if clean:
                earlier = row
            out.write(",".join(row) + "\n")
    return spoils


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--size", choices=("tiny", "full"), default="full")
    args = parser.parse_args()
    with scratch_database(BENCH_DATABASE, args.database_url) as (url, engine, workdir):
        django_setup(url, workdir)
        return _measure(args.size == "tiny", engine, workdir)


def _measure(tiny: bool, engine: str, workdir: Path) -> int:
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from suara.audit.actors import Actor
    from suara.network.importing import WIB, readiness_import
    from suara.network.models import Observation
    from suara.regions.models import Tps
    from suara.regions.services import geography_import, regions_load_kemendagri

    call_command("migrate", verbosity=0)
    data = Path(settings.DATA_DIR)
    started = time.perf_counter()
    regions_load_kemendagri(actor=Actor.named("bench"))
    if tiny:
        wilayah, tps_path, overseas = write_geography_slice(data, workdir, TINY_SLICE)
    else:
        wilayah, tps_path = data / "pemilu2024_wilayah.csv", data / "pemilu2024_tps.csv"
        overseas = data / "pemilu2024_tps_luar_negeri.csv"
    geography_import(wilayah_path=wilayah, tps_path=tps_path, overseas_path=overseas, actor=Actor.named("bench"))
    tps = list(Tps.objects.order_by("code").values_list("code", flat=True))
    path = workdir / "sinyal.csv"
    spoils = write_file(path, tps, timezone.now().astimezone(WIB).date())
    prepared = time.perf_counter() - started
    with open(path, "rb") as f:
        backend_before = backend_cpu_seconds()
        started, cpu_started = time.perf_counter(), time.process_time()
        result = readiness_import(stream=f, actor=Actor.named("bench"), size=path.stat().st_size)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        backend_cpu = backend_cpu_seconds() - backend_before if backend_before >= 0 else None
    found = Counter(p.code for p in result.problems)
    print(f"database: {engine}, TPS: {len(tps):,}, rows: {result.rows:,} ({path.stat().st_size / 1e6:.0f} MB); "
          f"geography and file ready in {prepared:.0f} s (not timed)")  # fmt: skip
    print(f"spoilt: {', '.join(f'{k} {v}' for k, v in sorted(spoils.items()))}")
    print(f"reported: {result.rejected:,} rows refused ({', '.join(f'{k} {v}' for k, v in sorted(found.items()))})")
    problems = []
    if result.added + result.rejected != result.rows or Observation.objects.count() != result.added:
        problems.append("added + refused does not account for every row")
    for kind in SPOILS:
        if found[kind] != spoils[kind]:
            problems.append(f"{kind}: spoilt {spoils[kind]}, reported {found[kind]}")
    if problems:
        print("FAILED: " + "; ".join(problems), file=sys.stderr)
        return 1
    print("  " + ", ".join(f"{phase}: {t:.1f} s" for phase, t in result.timings.items()))
    print(
        f"CPU: Python {cpu:.1f} s"
        + (f", PostgreSQL backend {backend_cpu:.1f} s" if backend_cpu is not None else "")
        + f", wall {seconds:.1f} s; Python {cpu / result.rows * 1e6:.1f} µs per row"
    )
    if backend_cpu is not None:
        print(f"rows per CPU second (Python + backend): {result.rows / (cpu + backend_cpu):,.0f}")
    print(f"reference loop: {reference_seconds():.2f} s (bench/support.py)")
    print(f"readiness import: {result.rows / seconds:,.0f} rows/s ({engine}, {result.rows:,} rows in {seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
