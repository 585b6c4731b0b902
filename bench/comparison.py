"""Benchmark: the comparison of the count with KPU's numbers (``results.comparison``), on the 2019 results.

    .venv/bin/python bench/comparison.py --database-url postgres://postgres@127.0.0.1:5432/x   # small
    .venv/bin/python bench/comparison.py --size tiny          # the first 2,000 rows (for CI)
    .venv/bin/python bench/comparison.py --size national      # the whole file (813,336 TPS)

Set-up (not timed): the 2024 geography of the provinces the rows are in, then the first rows of the 2019
file imported (``suara import-results-2019``): each counted TPS's result with its published snapshot, and
KPU's numbers beside them, so that the comparison has real agreements and disagreements (tiny 2,000 rows,
small 50,000, national all). Then each kind of comparison call, repeated: the nation, the province with
the most TPS, its largest kab/kota, kecamatan and desa, and a TPS whose numbers differ, each at page 1
with the page's 100 rows. Printed per call: the median wall time, and the CPU time of Python and of the
PostgreSQL backend per call. On PostgreSQL it never touches the database named in the URL (a scratch
database ``suara_bench_comparison_<pid>`` on the same server); without a URL, a temporary SQLite file. The
last line printed is the headline: the national call's median.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import itertools
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from support import backend_cpu_seconds, django_setup, reference_seconds, scratch_database

BENCH_DATABASE = f"suara_bench_comparison_{os.getpid()}"
ROWS = {"tiny": 2_000, "small": 50_000, "national": None}
REPEATS = {"tiny": 3, "small": 5, "national": 3}
PAGE_SIZE = 100  # the page's
CONTEST, SOURCE = "ppwp-2019", "kpu_situng_2019"


def _files(data_dir: Path, out_dir: Path, rows: int) -> tuple[Path, Path, Path]:
    """The first ``rows`` rows of the 2019 file, and the 2024 geography of their provinces (with every
    province)."""
    results = out_dir / "pemilu2019_part.csv.gz"
    with (
        gzip.open(data_dir / "pemilu2019_ppwp_tps.csv.gz", "rt", encoding="utf-8", newline="") as src,
        gzip.open(results, "wt", encoding="utf-8", newline="") as dst,
    ):
        lines = list(itertools.islice(src, rows + 1))
        dst.writelines(lines)
    names = {row["provinsi"] for row in csv.DictReader(lines)}
    with open(data_dir / "pemilu2024_wilayah.csv", encoding="utf-8", newline="") as src:
        provinces = tuple(r["kode"] for r in csv.DictReader(src) if len(r["kode"]) == 2 and r["nama"] in names)
    paths = [results]
    for name, column in (("pemilu2024_wilayah.csv", "kode"), ("pemilu2024_tps.csv", "kode_desa")):
        with open(data_dir / name, encoding="utf-8", newline="") as src, open(out_dir / name, "w", newline="") as dst:
            reader = csv.DictReader(src)
            writer = csv.DictWriter(dst, reader.fieldnames)
            writer.writeheader()
            writer.writerows(r for r in reader if len(r[column]) == 2 or r[column].startswith(provinces))
        paths.append(out_dir / name)
    return paths[0], paths[1], paths[2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--size", choices=tuple(ROWS), default="small")
    parser.add_argument("--repeats", type=int, default=None, help="calls of each kind (the median is printed)")
    args = parser.parse_args()
    with scratch_database(BENCH_DATABASE, args.database_url) as (url, engine, workdir):
        django_setup(url, workdir)
        return _measure(args.size, args.repeats or REPEATS[args.size], engine, workdir)


def _largest(codes: list[str], width: int) -> str:
    """The code of ``width`` digits with the most of ``codes`` beneath it."""
    return Counter(c[:width] for c in sorted(codes)).most_common(1)[0][0]


def _measure(size: str, repeats: int, engine: str, workdir: Path) -> int:
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from suara.audit.actors import Actor
    from suara.regions.services import geography_import, regions_load_kemendagri
    from suara.results.comparison.selectors import comparison_get
    from suara.results.importers.load2019 import results_import_2019
    from suara.results.models import ExternalResult, TpsResult

    data_dir = Path(settings.DATA_DIR)
    rows = ROWS[size]
    if rows is None:
        results_file = data_dir / "pemilu2019_ppwp_tps.csv.gz"
        wilayah, tps = data_dir / "pemilu2024_wilayah.csv", data_dir / "pemilu2024_tps.csv"
        overseas = data_dir / "pemilu2024_tps_luar_negeri.csv"
    else:
        results_file, wilayah, tps = _files(data_dir, workdir, rows)
        overseas = None
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    regions_load_kemendagri(actor=Actor.named("bench"))
    geography_import(wilayah_path=wilayah, tps_path=tps, overseas_path=overseas, actor=Actor.named("bench"))
    results_import_2019(path=results_file, actor=Actor.named("bench"))
    if connection.vendor == "postgresql":
        # The import analyses the tables it fills, not the snapshots' pointers written with the recap; a
        # database in use has had autovacuum do it, and the planner's choices depend on it.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    setup_seconds = time.perf_counter() - start

    ours = sorted(TpsResult.objects.filter(contest__slug=CONTEST).values_list("tps_code", flat=True))
    national = comparison_get(contest=CONTEST, code="", source=SOURCE, page_size=PAGE_SIZE)
    if not national.rows:
        print("FAILED: the 2019 rows should hold TPS where KPU's numbers differ", file=sys.stderr)
        return 1
    province = _largest(ours, 2)
    beneath = [c for c in ours if c.startswith(province)]
    kabkota = _largest(beneath, 4)
    kecamatan = _largest([c for c in beneath if c.startswith(kabkota)], 6)
    desa = _largest([c for c in beneath if c.startswith(kecamatan)], 10)
    calls = {
        "nation": "",
        f"province {province}": province,
        f"kab/kota {kabkota}": kabkota,
        f"kecamatan {kecamatan}": kecamatan,
        f"desa {desa}": desa,
        f"TPS {national.rows[0].code}": national.rows[0].code,
    }

    print(f"database: {engine}, size: {size}, repeats: {repeats}")
    print(f"reference loop: {reference_seconds():.2f} s")
    print(f"setup (geography and import, not timed below): {setup_seconds:.1f} s")
    print(
        f"results: {len(ours)}, KPU's numbers: {ExternalResult.objects.filter(source=SOURCE).count()}, "
        f"nation: {national.counts.as_dict()}"
    )
    medians = {}
    for label, code in calls.items():
        walls = []
        cpu_before, backend_before = time.process_time(), backend_cpu_seconds()
        for _ in range(repeats):
            start = time.perf_counter()
            found = comparison_get(contest=CONTEST, code=code, source=SOURCE, page_size=PAGE_SIZE)
            walls.append(time.perf_counter() - start)
        cpu = (time.process_time() - cpu_before) / repeats
        backend = (backend_cpu_seconds() - backend_before) / repeats if backend_before >= 0 else None
        medians[label] = statistics.median(walls)
        print(
            f"  {label}: {medians[label] * 1000:.1f} ms median (Python {cpu * 1000:.1f} ms"
            + (f", PostgreSQL {backend * 1000:.1f} ms" if backend is not None else "")
            + f" CPU a call); compared {found.counts.compared}, different {found.counts.different}, "
            f"rows {len(found.rows)}"
        )
    print(f"comparison, nation: {medians['nation'] * 1000:.1f} ms ({engine}, {size})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
