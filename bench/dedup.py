"""Duplicate detection (ganda): precision and recall against known truth, and the time, on synthetic
registers of Kota Bekasi and Kota Depok with 0.5% injected duplicates.

Two registers, each written into a CSV (not timed): ``synthetic``, by the generator the model was trained
on (``suara generate-voters``' code, another seed), and ``corruptions``, by the independent corruption
model of ``bench/dedup_corruptions.py`` (its recall is printed per error kind). The pipeline then runs on
DuckDB straight from each CSV with the same code ``suara dedup run`` uses after it has copied the register
out of the database (``pairs.prepare`` and ``pairs.find_pairs`` with the shipped model). Target: precision
and recall >= 0.98 on 1M voters in <= 5 minutes, on both.

    .venv/bin/python bench/dedup.py [--size tiny|full] [--generator both|synthetic|corruptions]
        [--threads N] [--seed S] [--keep DIR] [--model FILE] [--database-url URL]

With ``--database-url postgres://...`` (only then: it is not what the target measures) the last register
is also put into a scratch PostgreSQL database named after the given one (``<name>_bench_dedup``) and
``suara dedup run``'s service is timed there: the blocking keys worked out for the whole register (what
a first run after an import does), the whole register (copying it out of the database included), then
``--since`` with the newest 1% and with a day's 100 newest, each with how many records it copied out of
the database.
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

import duckdb

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))
sys.path.insert(0, str(PROJECT_DIR / "bench"))

SIZES = {"tiny": 20_000, "small": 200_000, "full": 1_000_000}
SLICE = ("3275", "3276")  # Kota Bekasi and Kota Depok
DUPLICATES = 0.005
OTHER_THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)  # precision and recall printed at each
GENERATORS = ("synthetic", "corruptions")  # the training generator; the independent corruption model


def desa_codes(data_dir: Path) -> list[str]:
    with open(data_dir / "pemilu2024_wilayah.csv", encoding="utf-8", newline="") as f:
        return [row["kode"] for row in csv.DictReader(f) if len(row["kode"]) == 10 and row["kode"].startswith(SLICE)]


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _scored(outcome, truth: set[frozenset[str]], among: set[str] | None = None) -> str:
    """Precision and recall of a service run against the truth (only pairs with a record in ``among``)."""
    proposed = {frozenset((outcome.niks[p.id_a], outcome.niks[p.id_b])) for p in outcome.proposed}
    wanted = truth if among is None else {pair for pair in truth if pair & among}
    hits = len(proposed & wanted)
    return (f"precision {hits / len(proposed) if proposed else 1:.4f}, "
            f"recall {hits / len(wanted) if wanted else 1:.4f} ({len(wanted)} true)")  # fmt: skip


def database_run(database_url: str, voters_csv: Path, truth_csv: Path, count: int) -> None:
    """The service end to end on PostgreSQL: the register COPYed in (not timed), then two runs. CPU seconds
    are this process's (DuckDB and the export), not the database server's."""
    from urllib.parse import urlsplit

    from support import django_setup, scratch_database

    with open(truth_csv, encoding="utf-8", newline="") as f:
        truth = {frozenset((row["nik_a"], row["nik_b"])) for row in csv.DictReader(f)}
    # A scratch database named after the one given (suara_h7 -> suara_h7_bench_dedup; support does it).
    given = urlsplit(database_url).path.strip("/")
    name = "bench_dedup" if given and given != "postgres" else "suara_bench_dedup"
    with scratch_database(name, database_url) as (url, engine, workdir):
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
        from suara.voters.dedup.export import refresh_keys

        # The blocking keys of a register that has none (the first run after an import works them all out).
        cpu0, wall0 = cpu_seconds(), time.monotonic()
        keyed = refresh_keys()
        print(f"{engine}, blocking keys worked out for {keyed} voters (a first run does it): "
              f"{time.monotonic() - wall0:.1f} s wall, {cpu_seconds() - cpu0:.1f} s CPU")  # fmt: skip
        cpu0, wall0 = cpu_seconds(), time.monotonic()
        whole = dedup_run()
        print(f"{engine}, suara dedup run (whole register, export included): {len(whole.proposed)} pairs in "
              f"{time.monotonic() - wall0:.1f} s wall, {cpu_seconds() - cpu0:.1f} s CPU; "
              f"{_scored(whole, truth)}")  # fmt: skip
        from suara.voters.dedup.export import export_candidates
        from suara.voters.dedup.service import focus_ids
        from suara.voters.models import DuplicatePair, Voter

        DuplicatePair.objects.all().delete()  # the incremental run proposes its pairs afresh
        newest = set(Voter.objects.filter(created_at__date=date.today()).values_list("nik", flat=True))
        cpu0, wall0 = cpu_seconds(), time.monotonic()
        since = dedup_run(since=date.today())
        print(f"{engine}, suara dedup run --since (the {since.focus} newest against all): {len(since.proposed)} pairs "
              f"in {time.monotonic() - wall0:.1f} s wall, {cpu_seconds() - cpu0:.1f} s CPU; "
              f"{_scored(since, truth, newest)}")  # fmt: skip
        con = duckdb.connect()
        copied = export_candidates(con, focus_ids(since=date.today()))
        con.close()
        print(f"{engine}, --since copied {copied} of {count} records out of the database")
        # A day's registrations: the newest 100, registered tomorrow.
        cursor = connection.cursor()
        cursor.execute("UPDATE voters_voter SET created_at = now() + interval '1 day' WHERE id > %s", [count - 100])
        tomorrow = date.fromordinal(date.today().toordinal() + 1)
        newest = set(Voter.objects.filter(created_at__date=tomorrow).values_list("nik", flat=True))
        DuplicatePair.objects.all().delete()
        cpu0, wall0 = cpu_seconds(), time.monotonic()
        day = dedup_run(since=tomorrow)
        wall, cpu = time.monotonic() - wall0, cpu_seconds() - cpu0
        con = duckdb.connect()
        copied = export_candidates(con, focus_ids(since=tomorrow))
        con.close()
        print(f"{engine}, suara dedup run --since (the {day.focus} newest against all): {len(day.proposed)} pairs "
              f"in {wall:.1f} s wall, {cpu:.1f} s CPU; {_scored(day, truth, newest)}; "
              f"copied {copied} of {count} records")  # fmt: skip


def generate(kind: str, codes: list[str], count: int, seed: int, folder: Path) -> tuple[Path, Path]:
    """Writes one generator's register and truth into ``folder`` (not timed)."""
    from dedup_corruptions import CorruptedRegister, write_register

    from suara.voters.synthetic.voters import SyntheticVoters, write_voters

    voters_csv, truth_csv = folder / f"voters-{kind}.csv", folder / f"truth-{kind}.csv"
    started = time.monotonic()
    with open(voters_csv, "w", encoding="utf-8", newline="") as out, open(truth_csv, "w", encoding="utf-8") as t:
        if kind == "synthetic":
            generator = SyntheticVoters(codes, count, duplicates=DUPLICATES, seed=seed, home_places=["Bekasi", "Depok"])
            write_voters(generator, out, t)
        else:
            generator = CorruptedRegister(codes, count, DUPLICATES, seed, home_places=["Bekasi", "Depok"])
            write_register(generator, out, t)
    print(f"{kind}: {count} voters, {len(generator.truth)} duplicates written ({time.monotonic() - started:.1f} s)")
    return voters_csv, truth_csv


def recall_by_kind(con, found, truth_csv: Path) -> dict[str, tuple[int, int]]:
    """For each error kind of the corruption model: (duplicates carrying it, of which proposed)."""
    proposed = {(p.id_a, p.id_b) for p in found}
    rows = con.execute(
        """
        select least(a.unique_id, b.unique_id), greatest(a.unique_id, b.unique_id), t.kinds
        from read_csv(?, header = true, all_varchar = true) t
        join register a on a.nik = t.nik_a join register b on b.nik = t.nik_b
        """,
        [str(truth_csv)],
    ).fetchall()
    by_kind: dict[str, list[int]] = {}
    for a, b, kinds in rows:
        for kind in (kinds or "").split("+"):
            counts = by_kind.setdefault(kind, [0, 0])
            counts[0] += 1
            counts[1] += (a, b) in proposed
    return {kind: (n, hit) for kind, (n, hit) in sorted(by_kind.items())}


def measure(kind: str, voters_csv: Path, truth_csv: Path, model, threads: int, label: str, count: int) -> bool:
    """Runs the pipeline on one register, prints its figures; True when the target is met."""
    from suara.voters.dedup import pairs
    from suara.voters.dedup.training import load_truth, score

    con = pairs.connect(threads or None)
    cpu0, wall0 = cpu_seconds(), time.monotonic()
    pairs.load_csv(con, str(voters_csv))
    wall_load = time.monotonic()
    pairs.prepare(con)
    wall_prepare = time.monotonic()
    candidates = pairs.find_pairs(con, model, threshold=min(OTHER_THRESHOLDS))
    found = [p for p in candidates if p.probability >= model.threshold]
    wall_end, cpu_end = time.monotonic(), cpu_seconds()
    load_truth(con, str(truth_csv))
    result = score(con, found)
    others = {t: score(con, [p for p in candidates if p.probability >= t]) for t in OTHER_THRESHOLDS}
    kinds = recall_by_kind(con, found, truth_csv) if kind == "corruptions" else {}
    con.close()
    elapsed = wall_end - wall0
    print(f"[{kind}] load CSV {wall_load - wall0:.1f} s, features {wall_prepare - wall_load:.1f} s, "
          f"pairs {wall_end - wall_prepare:.1f} s; proposed {result.proposed}, true {result.true}, "
          f"correct {result.found}")  # fmt: skip
    print(f"[{kind}] at other thresholds: " + "; ".join(
        f"{t} -> {r.precision:.3f} / {r.recall:.3f}" for t, r in others.items()))  # fmt: skip
    for name, (n, hit) in kinds.items():
        print(f"[{kind}]   {name:<18} recall {hit / n:.4f} ({hit} of {n})")
    met = result.precision >= 0.98 and result.recall >= 0.98 and elapsed <= 300
    print(
        f"dedup {label} [{kind}] ({count} voters): precision {result.precision:.4f}, recall {result.recall:.4f} "
        f"in {elapsed:.1f} s wall, {cpu_end - cpu0:.1f} s CPU (target >= 0.98 / 0.98 in <= 300 s: "
        f"{'met' if met else 'not met'})"
    )
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=tuple(SIZES), default="full")
    parser.add_argument("--threads", type=int, default=0, help="DuckDB threads (all cores by default)")
    parser.add_argument("--count", type=int, default=0, help="voters in all, instead of the size's")
    parser.add_argument("--keep", default="", help="a folder to keep the registers (voters-*.csv, truth-*.csv) in")
    parser.add_argument("--database-url", default="", help="also time the service on this PostgreSQL server")
    parser.add_argument("--seed", type=int, default=3, help="the registers' seed (the model was trained on 7)")
    parser.add_argument("--model", default="", help="a model file to measure instead of the current version's")
    parser.add_argument(
        "--generator", choices=("both", *GENERATORS), default="both",
        help="the training generator (synthetic), the independent corruption model (corruptions), or both",
    )  # fmt: skip
    parser.add_argument(
        "--data-dir", default=os.environ.get("SUARA_DATA_DIR", str(PROJECT_DIR.parent / "shared" / "data"))
    )
    args = parser.parse_args()

    from support import reference_seconds

    from suara.voters.dedup.model import load_model

    count = args.count or SIZES[args.size]
    label = args.size if not args.count else "custom"
    model = load_model(args.model or None)
    print(
        f"model {model.version}, threshold {model.threshold}; "
        f"machine speed: the reference loop took {reference_seconds():.2f} s (bench/support.py)"
    )
    codes = desa_codes(Path(args.data_dir))
    kinds = GENERATORS if args.generator == "both" else (args.generator,)
    with tempfile.TemporaryDirectory(prefix="bench-dedup-") as workdir:
        folder = Path(args.keep or workdir)
        folder.mkdir(parents=True, exist_ok=True)
        registers = {kind: generate(kind, codes, count, args.seed, folder) for kind in kinds}
        for kind, (voters_csv, truth_csv) in registers.items():
            measure(kind, voters_csv, truth_csv, model, args.threads, label, count)
        if args.database_url:
            voters_csv, truth_csv = registers[kinds[-1]]
            print(f"service on the database, {kinds[-1]} register:")
            database_run(args.database_url, voters_csv, truth_csv, count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
