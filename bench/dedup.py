"""Duplicate detection (ganda): precision and recall against known truth, and the time, on a synthetic
register of Kota Bekasi and Kota Depok with 0.5% injected duplicates (issue 4, section 4).

The register is written by the synthetic generator (``suara generate-voters``' code) into a CSV, which is
not timed; the pipeline then runs on DuckDB straight from that CSV with the same code ``suara dedup run``
uses after it has copied the register out of the database (``pairs.prepare`` and ``pairs.find_pairs``
with the shipped model). Target: precision and recall >= 0.98 on 1M voters in <= 5 minutes.

    .venv/bin/python bench/dedup.py [--size tiny|full] [--threads N] [--seed S] [--database-url URL]

With ``--database-url postgres://...`` (only then: it is not what the target measures) the register is also
put into a scratch PostgreSQL database and ``suara dedup run``'s service is timed there: the whole register
(copying it out of the database included), then the last 1% of records as new ones against all of it.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))
sys.path.insert(0, str(PROJECT_DIR / "bench"))

SIZES = {"tiny": 20_000, "small": 200_000, "full": 1_000_000}
SLICE = ("3275", "3276")  # Kota Bekasi and Kota Depok
DUPLICATES = 0.005


def desa_codes(data_dir: Path) -> list[str]:
    with open(data_dir / "pemilu2024_wilayah.csv", encoding="utf-8", newline="") as f:
        return [row["kode"] for row in csv.DictReader(f) if len(row["kode"]) == 10 and row["kode"].startswith(SLICE)]


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def database_run(database_url: str, voters_csv: Path, count: int) -> None:
    """The service end to end on PostgreSQL: the register COPYed in (not timed), then two runs. CPU seconds
    are this process's (DuckDB and the export), not the database server's."""
    from support import django_setup, scratch_database

    with scratch_database("bench_dedup", database_url) as (url, engine, workdir):
        django_setup(url, workdir)
        from django.core.management import call_command
        from django.db import connection

        from suara.voters.dedup.service import dedup_run

        call_command("migrate", verbosity=0)
        new = max(count // 100, 1)
        with connection.cursor() as cursor, open(voters_csv, "rb") as source:
            cursor.execute(
                "CREATE TEMP TABLE src (nik text, kk text, nama text, tempat_lahir text, tanggal_lahir date, "
                "jenis_kelamin text, status_kawin text, alamat text, rt text, rw text, kode_desa text, "
                "disabilitas text)"
            )
            with cursor.cursor.copy("COPY src FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
                while chunk := source.read(1 << 20):
                    copy.write(chunk)
            # Registered a month ago, but for the last ``new`` rows: registered today.
            cursor.execute(
                "INSERT INTO voters_voter (nik, kk, name, birth_place, birth_date, sex, marital, address, rt, rw, "
                "kemendagri_desa_code, desa_id, disability, status, name_key, created_at, updated_at) "
                "SELECT nik, kk, nama, tempat_lahir, tanggal_lahir, jenis_kelamin, status_kawin, alamat, "
                "coalesce(rt, ''), coalesce(rw, ''), kode_desa, kode_desa, coalesce(disabilitas, ''), 'aktif', '', "
                "now() - interval '30 days', now() - interval '30 days' FROM src"
            )
            cursor.execute("UPDATE voters_voter SET created_at = now() WHERE id > %s", [count - new])
        cpu0, wall0 = cpu_seconds(), time.monotonic()
        whole = dedup_run()
        print(f"{engine}, suara dedup run (whole register, export included): {len(whole.proposed)} pairs in "
              f"{time.monotonic() - wall0:.1f} s wall, {cpu_seconds() - cpu0:.1f} s CPU")  # fmt: skip
        cpu0, wall0 = cpu_seconds(), time.monotonic()
        since = dedup_run(since=date.today())
        print(f"{engine}, suara dedup run --since (the {since.focus} newest against all): {len(since.proposed)} pairs "
              f"in {time.monotonic() - wall0:.1f} s wall, {cpu_seconds() - cpu0:.1f} s CPU")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=tuple(SIZES), default="full")
    parser.add_argument("--threads", type=int, default=0, help="DuckDB threads (all cores by default)")
    parser.add_argument("--count", type=int, default=0, help="voters in all, instead of the size's")
    parser.add_argument("--keep", default="", help="a folder to keep the register (voters.csv, truth.csv) in")
    parser.add_argument("--database-url", default="", help="also time the service on this PostgreSQL server")
    parser.add_argument("--seed", type=int, default=3, help="the register's seed (the model was trained on 7)")
    parser.add_argument(
        "--data-dir", default=os.environ.get("SUARA_DATA_DIR", str(PROJECT_DIR.parent / "shared" / "data"))
    )
    args = parser.parse_args()

    from suara.voters.dedup import pairs
    from suara.voters.dedup.model import load_model
    from suara.voters.dedup.training import load_truth, score
    from suara.voters.synthetic import SyntheticVoters, write_voters

    count = args.count or SIZES[args.size]
    model = load_model()
    with tempfile.TemporaryDirectory(prefix="bench-dedup-") as workdir:
        folder = Path(args.keep or workdir)
        folder.mkdir(parents=True, exist_ok=True)
        voters_csv, truth_csv = folder / "voters.csv", folder / "truth.csv"
        started = time.monotonic()
        generator = SyntheticVoters(desa_codes(Path(args.data_dir)), count, duplicates=DUPLICATES, seed=args.seed,
                                    home_places=["Bekasi", "Depok"])  # fmt: skip
        with open(voters_csv, "w", encoding="utf-8", newline="") as out, open(truth_csv, "w", encoding="utf-8") as t:
            write_voters(generator, out, t)
        print(f"register: {count} voters, {len(generator.truth)} duplicates ({time.monotonic() - started:.1f} s)")

        con = pairs.connect(args.threads or None)
        cpu0, wall0 = cpu_seconds(), time.monotonic()
        pairs.load_csv(con, str(voters_csv))
        wall_load = time.monotonic()
        pairs.prepare(con)
        wall_prepare = time.monotonic()
        found = pairs.find_pairs(con, model)
        wall_end, cpu_end = time.monotonic(), cpu_seconds()
        load_truth(con, str(truth_csv))
        result = score(con, found)
        con.close()
        if args.database_url:
            database_run(args.database_url, voters_csv, count)

    elapsed = wall_end - wall0
    print(f"model {model.version}, threshold {model.threshold}")
    print(f"load CSV {wall_load - wall0:.1f} s, features {wall_prepare - wall_load:.1f} s, "
          f"pairs {wall_end - wall_prepare:.1f} s; CPU {cpu_end - cpu0:.1f} s")  # fmt: skip
    print(f"proposed {result.proposed}, true {result.true}, correct {result.found}")
    label = args.size if not args.count else "custom"
    met = result.precision >= 0.98 and result.recall >= 0.98 and elapsed <= 300
    print(
        f"dedup {label} ({count} voters): precision {result.precision:.4f}, recall {result.recall:.4f} "
        f"in {elapsed:.1f} s wall, {cpu_end - cpu0:.1f} s CPU (target >= 0.98 / 0.98 in <= 300 s: "
        f"{'met' if met else 'not met'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
