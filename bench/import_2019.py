"""Benchmark: the 2019 presidential result import (813,336 TPS) on a fresh database.

    .venv/bin/python bench/import_2019.py                      # SQLite, a temporary file
    .venv/bin/python bench/import_2019.py --database-url postgres://postgres@127.0.0.1:5432/x
    .venv/bin/python bench/import_2019.py --size tiny          # the first 2,000 rows (for CI)

Without --database-url it uses DATABASE_URL, and without that a temporary SQLite file. On PostgreSQL it
never touches the database named in the URL: it creates, migrates and drops a scratch database
``suara_bench_2019_<pid>`` on the same server. The 2024 electoral geography is loaded first (not timed; for
--size tiny only Aceh's), so regions match their 2024 codes as in production. The import runs twice:
the second run must find the file already imported. The last line printed is the headline figure.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import itertools
import os
import sys
import time
from pathlib import Path

from support import backend_cpu_seconds, django_setup, scratch_database

# One scratch database per run: another run of this bench (CI's tiny one, say) must not drop ours.
BENCH_DATABASE = f"suara_bench_2019_{os.getpid()}"
TINY_ROWS = 2000
TINY_PROVINCE = "11"  # Aceh: the file's first 2,000 rows are there


def _tiny_files(data_dir: Path, out_dir: Path) -> tuple[Path, Path, Path]:
    """The first rows of the 2019 file, and the 2024 geography of their province (with every province)."""
    results = out_dir / "pemilu2019_tiny.csv.gz"
    source = data_dir / "pemilu2019_ppwp_tps.csv.gz"
    with (
        gzip.open(source, "rt", encoding="utf-8", newline="") as src,
        gzip.open(results, "wt", encoding="utf-8", newline="") as dst,
    ):
        dst.writelines(itertools.islice(src, TINY_ROWS + 1))
    paths = [results]
    for name, column in (("pemilu2024_wilayah.csv", "kode"), ("pemilu2024_tps.csv", "kode_desa")):
        with open(data_dir / name, encoding="utf-8", newline="") as src, open(out_dir / name, "w", newline="") as dst:
            reader = csv.DictReader(src)
            writer = csv.DictWriter(dst, reader.fieldnames)
            writer.writeheader()
            writer.writerows(r for r in reader if len(r[column]) == 2 or r[column].startswith(TINY_PROVINCE))
        paths.append(out_dir / name)
    return paths[0], paths[1], paths[2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--size", choices=("national", "tiny"), default="national")
    parser.add_argument(
        "--verify",
        action="store_true",
        help="then rebuild the recap from the results and check it matched (always at tiny)",
    )
    args = parser.parse_args()

    with scratch_database(BENCH_DATABASE, args.database_url) as (url, engine, workdir):
        django_setup(url, workdir)
        return _measure(args.size, engine, workdir, verify=args.verify or args.size == "tiny")


def _measure(size: str, engine: str, workdir: Path, *, verify: bool) -> int:
    from django.conf import settings
    from django.core.management import call_command

    from suara.audit.actors import Actor
    from suara.regions.services import geography_import, regions_load_kemendagri
    from suara.results.importers.load2019 import results_import_2019
    from suara.results.models import RecapPointer, TpsResult
    from suara.results.recap.rebuild import recap_rebuild

    data_dir = Path(settings.DATA_DIR)
    if size == "tiny":
        results_file, wilayah, tps = _tiny_files(data_dir, workdir)
        overseas = None
    else:
        results_file = data_dir / "pemilu2019_ppwp_tps.csv.gz"
        wilayah, tps = data_dir / "pemilu2024_wilayah.csv", data_dir / "pemilu2024_tps.csv"
        overseas = data_dir / "pemilu2024_tps_luar_negeri.csv"
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    regions_load_kemendagri(actor=Actor.named("bench"))
    geography_import(wilayah_path=wilayah, tps_path=tps, overseas_path=overseas, actor=Actor.named("bench"))
    setup_seconds = time.perf_counter() - start

    backend_before = backend_cpu_seconds()
    start, cpu_start = time.perf_counter(), time.process_time()
    first = results_import_2019(path=results_file, actor=Actor.named("bench"))
    import_seconds, import_cpu = time.perf_counter() - start, time.process_time() - cpu_start
    backend_cpu = backend_cpu_seconds() - backend_before if backend_before >= 0 else None
    start = time.perf_counter()
    second = results_import_2019(path=results_file, actor=Actor.named("bench"))
    again_seconds = time.perf_counter() - start
    if not first.changed or second.changed:
        print("FAILED: the first run should import and the second change nothing", file=sys.stderr)
        return 1

    print(f"database: {engine}, size: {size}")
    print(f"setup (2024 geography, not timed below): {setup_seconds:.1f} s")
    print(f"rows: {first.rows}, TPS: {first.tps}")
    levels = ("provinsi", "kab/kota", "kecamatan", "desa")
    print(
        "2024 codes matched / own: "
        + ", ".join(f"{name} {first.matched.get(i, 0)}/{first.own.get(i, 0)}" for i, name in enumerate(levels, 1))
    )
    print(f"counted: {first.counted}, not reported: {first.not_reported}, rules broken: {len(first.broken)}")
    print("rows not counted per rule: " + ", ".join(f"{c} {n}" for c, n in sorted(first.rule_counts.items())))
    print("KPU numbers: " + ", ".join(f"{s} {n}" for s, n in sorted(first.external.items())))
    print("flags: " + ", ".join(f"{c} {n}" for c, n in sorted(first.flags.items())))
    print(f"stored: {TpsResult.objects.count()} results, {RecapPointer.objects.count()} snapshot pointers")
    print(f"recap: {first.recap}")
    for phase, seconds in first.timings.items():
        if phase != "total":
            print(f"  {phase}: {seconds:.1f} s")
    # CPU seconds say more than the wall clock on a machine shared with other work.
    print(
        f"CPU: Python {import_cpu:.1f} s"
        + (f", PostgreSQL backend {backend_cpu:.1f} s" if backend_cpu is not None else "")
        + f", wall {import_seconds:.1f} s"
    )
    print(f"second run (already imported): {again_seconds:.1f} s")
    if verify:  # not timed: what `suara recap rebuild --contest ppwp-2019` says afterwards
        start = time.perf_counter()
        rebuilt = recap_rebuild(contest=first.contest, actor=Actor.named("bench"))
        print(f"rebuild afterwards: kept totals matched: {rebuilt.matched} ({time.perf_counter() - start:.1f} s)")
        if not rebuilt.matched:
            print(f"FAILED: the rebuild found other totals in {rebuilt.mismatched}", file=sys.stderr)
            return 1
    print(f"import 2019: {import_seconds:.1f} s ({engine})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
