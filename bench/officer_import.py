"""Benchmark: the import of applicants to the ad-hoc bodies (officers.recruitment.importing), a CSV file
of synthetic applicants with bad rows of several kinds sprinkled in.

    .venv/bin/python bench/officer_import.py --database-url postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/officer_import.py --size tiny          # 20,000 rows (for CI)
    .venv/bin/python bench/officer_import.py --size large         # 1,000,000 rows

The file (200,000 rows by default) holds KPPS, Pantarlih and Linmas applicants for the TPS of Kota Depok
and Kota Bekasi, each living in the desa of the TPS; about 1% of rows are spoilt per kind (a broken
row, a malformed NIK, a NIK disagreeing with the birth date, an unknown desa, an unknown TPS, a NIK
twice in the file). Writing the file and the set-up are not timed; the import is, end to end through the
service (reading and checking in one thread while a second one writes the checked chunks: the NIK check,
binary COPY of the records, their history and applications; the audit event). On PostgreSQL it creates,
migrates and drops a scratch database ``suara_bench_officers``.
Then a second file, a tenth the size, goes into the election that now has records (each NIK looked up).
Target (issue 15): 50,000 rows/s. The reference loop's time is printed beside the figure.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from support import backend_cpu_seconds, django_setup, reference_seconds, scratch_database, write_geography_slice

BENCH_DATABASE = "suara_bench_officers"
SLICE = ("3275", "3276")
SIZES = {"tiny": 20_000, "default": 200_000, "large": 1_000_000}
SPOILS = ("row_broken", "nik_length", "nik_birth_date_mismatch", "unknown_desa", "unknown_posting",
          "nik_duplicate_in_file")  # fmt: skip
NAMES = ("Siti Aminah", "Agus Salim", "Dewi Lestari", "Budi Santoso", "Rina Wati", "Ahmad Fauzi", "Nur Hasanah",
         "Joko Susilo", "Sri Wahyuni", "Eko Prasetyo")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--size", choices=tuple(SIZES), default="default")
    args = parser.parse_args()
    with scratch_database(BENCH_DATABASE, args.database_url) as (url, engine, workdir):
        django_setup(url, workdir)
        return _measure(SIZES[args.size], engine, workdir)


def write_file(path: Path, rows: int, tps: list[str], seed: int = 15) -> Counter:
    from suara.officers.recruitment.rows import COLUMNS
    from suara.people.nik import nik_make

    rng = random.Random(seed)
    spoils: Counter = Counter()
    start = date(1965, 1, 1)
    earlier: list[str] | None = None
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for n in range(rows):
            posting = tps[n % len(tps)]
            body = ("kpps", "pantarlih", "linmas")[n % 3]
            born = start + timedelta(days=n // 9000 + rng.randint(0, 12_000))
            sex = "LP"[n & 1]
            nik = nik_make(posting[:6], born, sex, 1 + (n // 7) % 9999)
            row = [nik, "", rng.choice(NAMES), sex, born.isoformat(), "S", f"0812{n:08d}", "", "Jl. Contoh No. 1",
                   posting[:10], "sma", "Wiraswasta", "", body, posting]  # fmt: skip
            r = rng.random()
            if r < 0.01 * len(SPOILS) and earlier is not None:
                kind = SPOILS[int(r / 0.01)]
                spoils[kind] += 1
                if kind == "row_broken":
                    row = row[:-3]
                elif kind == "nik_length":
                    row[0] = nik[:15]
                elif kind == "nik_birth_date_mismatch":
                    row[4] = (born - timedelta(days=1)).isoformat()
                elif kind == "unknown_desa":
                    row[9] = posting[:6] + "9999"
                elif kind == "unknown_posting":
                    row[14] = posting[:10] + "999"
                else:
                    row = earlier
            elif rng.random() < 0.1:
                earlier = row
            writer.writerow(row)
    return spoils


def _measure(rows: int, engine: str, workdir: Path) -> int:
    from django.conf import settings
    from django.core.management import call_command

    from suara.audit.actors import Actor
    from suara.elections.models import Election
    from suara.elections.services import elections_load
    from suara.officers.models import Officer, OfficerStatusChange
    from suara.officers.recruitment.importing import applicants_import
    from suara.regions.models import Tps
    from suara.regions.services import geography_import, regions_load_kemendagri

    call_command("migrate", verbosity=0)
    regions_load_kemendagri(actor=Actor.named("bench"))
    wilayah, tps_path, _ = write_geography_slice(Path(settings.DATA_DIR), workdir, SLICE)
    geography_import(wilayah_path=wilayah, tps_path=tps_path, overseas_path=None, actor=Actor.named("bench"))
    elections_load(actor=Actor.named("bench"))
    election = Election.objects.get(slug="pemilu-2024")
    tps = list(Tps.objects.filter(kind="reguler").order_by("code").values_list("code", flat=True))
    path = workdir / "pendaftar.csv"
    started = time.perf_counter()
    spoils = write_file(path, rows, tps)
    written = time.perf_counter() - started
    with open(path, "rb") as f:
        backend_before = backend_cpu_seconds()
        started, cpu_started = time.perf_counter(), time.process_time()
        result = applicants_import(stream=f, election=election, actor=Actor.named("bench"), size=path.stat().st_size)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        backend_cpu = backend_cpu_seconds() - backend_before if backend_before >= 0 else None
    found = Counter(p.code for p in result.problems)
    print(f"database: {engine}, rows: {rows:,} ({path.stat().st_size / 1e6:.0f} MB), written in {written:.1f} s")
    print(f"spoilt: {', '.join(f'{k} {v}' for k, v in sorted(spoils.items()))}")
    print(f"reported: {result.rejected:,} rows refused ({', '.join(f'{k} {v}' for k, v in sorted(found.items()))})")
    problems = []
    if result.added + result.rejected != result.rows or Officer.objects.count() != result.added:
        problems.append("added + refused does not account for every row")
    if OfficerStatusChange.objects.count() != result.added:
        problems.append("a record without its history")
    for kind in ("row_broken", "nik_length", "unknown_desa", "unknown_posting"):
        if found[kind] != spoils[kind]:
            problems.append(f"{kind}: spoilt {spoils[kind]}, reported {found[kind]}")
    if problems:
        print("FAILED: " + "; ".join(problems), file=sys.stderr)
        return 1
    print("  " + ", ".join(f"{phase}: {t:.1f} s" for phase, t in result.timings.items()))
    # CPU seconds say more than the wall clock on a machine shared with other work.
    print(
        f"CPU: Python {cpu:.1f} s"
        + (f", PostgreSQL backend {backend_cpu:.1f} s" if backend_cpu is not None else "")
        + f", wall {seconds:.1f} s"
    )
    if backend_cpu is not None:
        print(f"rows per CPU second (Python + backend): {result.rows / (cpu + backend_cpu):,.0f}")
    # A second office's file into the election that now has records: every NIK is looked up (a tenth of
    # the rows, other applicants).
    second = workdir / "pendaftar-2.csv"
    write_file(second, rows // 10, tps[::-1], seed=16)
    with open(second, "rb") as f:
        started = time.perf_counter()
        more = applicants_import(stream=f, election=election, actor=Actor.named("bench"), size=second.stat().st_size)
        more_seconds = time.perf_counter() - started
    exists = sum(p.code == "application_exists" for p in more.problems)
    if more.added + more.rejected != more.rows:
        print("FAILED: the second file's rows are not all accounted for", file=sys.stderr)
        return 1
    print(f"a second file into the election's {result.added:,} records: {more.rows / more_seconds:,.0f} rows/s "
          f"({more.rows:,} rows in {more_seconds:.1f} s, {exists:,} had applied already)")  # fmt: skip
    print(f"reference loop: {reference_seconds():.2f} s (bench/support.py)")
    print(f"officer import: {result.rows / seconds:,.0f} rows/s ({engine}, {result.rows:,} rows in {seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
