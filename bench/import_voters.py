"""Benchmark: import-voters on a file of synthetic voters with bad rows of every kind sprinkled in.

    .venv/bin/python bench/import_voters.py --database-url postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/import_voters.py --size tiny          # 20,000 rows (for CI)

The file (1,000,000 rows by default) is written with generate-voters' code for Kota Bekasi and Kota Depok,
then about 1% of its rows are spoilt for each kind of bad row the importer reports (a broken row, bytes
that are not UTF-8, a NUL, five kinds of invalid NIK, an unknown desa, a birth date in the future, bad
sex and marital codes, a NIK twice in the file), and 1% are put on the register beforehand (a NIK
already registered). Writing the file and the set-up are not timed; the import is, end to end through
the service (reading, checking, COPY, INSERT ... SELECT, the impor events, the audit event). On
PostgreSQL it creates, migrates and drops a scratch database ``suara_bench_voters``. The last line
printed is the headline figure.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

from support import backend_cpu_seconds, django_setup, scratch_database, write_geography_slice

BENCH_DATABASE = "suara_bench_voters"
SLICE = ("3275", "3276")  # Kota Bekasi, Kota Depok
SIZES = {"tiny": 20_000, "full": 1_000_000}
SPOILS = (
    "row_broken", "row_not_utf8", "row_nul", "nik_length", "nik_unknown_kecamatan", "nik_bad_date",
    "nik_zero_serial", "nik_birth_date_mismatch", "nik_sex_mismatch", "unknown_desa", "birth_date_in_future",
    "invalid_sex", "invalid_marital", "nik_duplicate_in_file",
)  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--size", choices=tuple(SIZES), default="full")
    parser.add_argument("--bad-rate", type=float, default=0.01, help="share of rows spoilt, per kind")
    parser.add_argument(
        "--delta", action="store_true", help="then time a delta import of a later extract (1%% changed, 1%% new)"
    )
    args = parser.parse_args()
    with scratch_database(BENCH_DATABASE, args.database_url) as (url, engine, workdir):
        django_setup(url, workdir)
        return _measure(SIZES[args.size], args.bad_rate, engine, workdir, delta=args.delta)


def spoil(row: list[str], kind: str, rng: random.Random, earlier: list[str]) -> bytes | list[str]:
    """The row made bad in one way: a list of fields, or raw bytes for the encoding kinds."""
    row = list(row)
    nik = row[0]
    if kind == "row_broken":
        return row[:-2]
    if kind == "row_not_utf8":
        return _csv_line(row).replace(row[2].encode(), row[2].encode() + b"\xe9", 1)
    if kind == "row_nul":
        row[7] += "\x00"
    elif kind == "nik_length":
        row[0] = nik[:15]
    elif kind == "nik_unknown_kecamatan":
        row[0] = "990999" + nik[6:]
    elif kind == "nik_bad_date":
        row[0] = nik[:8] + "13" + nik[10:]
    elif kind == "nik_zero_serial":
        row[0] = nik[:12] + "0000"
    elif kind == "nik_birth_date_mismatch":
        row[4] = f"{int(row[4][:4]) - 1}{row[4][4:]}" if row[4][5:] != "02-29" else row[4][:8] + "28"
    elif kind == "nik_sex_mismatch":
        row[5] = "P" if row[5] == "L" else "L"
    elif kind == "unknown_desa":
        row[10] = row[10][:6] + "9999"
    elif kind == "birth_date_in_future":
        row[4] = "2031" + row[4][4:]
    elif kind == "invalid_sex":
        row[5] = rng.choice(("X", "laki-laki", ""))
    elif kind == "invalid_marital":
        row[6] = rng.choice(("K", "kawin", ""))
    elif kind == "nik_duplicate_in_file":
        return list(earlier)  # an earlier valid row again, whole
    return row


def _csv_line(row: list[str]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(row)
    return out.getvalue().encode("utf-8")


def write_file(path: Path, registered_path: Path, rows: int, bad_rate: float, seed: int) -> Counter:
    """The benchmark's file and, beside it, the rows to put on the register first; returns the spoils."""
    from suara.regions.models import KemendagriRegion
    from suara.voters.importing.source import COLUMNS
    from suara.voters.synthetic.voters import SyntheticVoters

    desa = [
        code
        for code in KemendagriRegion.objects.filter(level=4).values_list("code", flat=True)
        if code.startswith(SLICE)
    ]
    rng = random.Random(seed + 1)
    spoils: Counter = Counter()
    earlier: list[str] = []
    with open(path, "wb") as out, open(registered_path, "w", encoding="utf-8", newline="") as registered:
        text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=False)
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(COLUMNS)
        registered_writer = csv.writer(registered, lineterminator="\n")
        registered_writer.writerow(COLUMNS)
        for row in SyntheticVoters(desa, rows, duplicates=0.005, seed=seed, home_places=["Bekasi", "Depok"]).rows():
            r = rng.random()
            if r < bad_rate * len(SPOILS) and earlier:
                kind = SPOILS[int(r / bad_rate)]
                bad = spoil(row, kind, rng, earlier)
                spoils[kind] += 1
                if isinstance(bad, bytes):
                    text.flush()
                    out.write(bad)
                else:
                    writer.writerow(bad)
                continue
            if r < bad_rate * (len(SPOILS) + 1) and earlier:
                registered_writer.writerow(row)
                spoils["nik_registered"] += 1
            elif rng.random() < 0.5 or not earlier:
                earlier = row
            writer.writerow(row)
        text.flush()
        text.detach()
    return spoils


def write_extract(path: Path, seed: int) -> Counter:
    """A later full extract of the register: every voter, 1% with another address, 0.5% gone, and 1%
    new people; returns what was done."""
    from suara.regions.models import KemendagriRegion
    from suara.voters.importing.source import COLUMNS
    from suara.voters.models import Voter
    from suara.voters.synthetic.voters import SyntheticVoters

    rng = random.Random(seed)
    fields = ("nik", "kk", "name", "birth_place", "birth_date", "sex", "marital", "address", "rt", "rw",
              "kemendagri_desa_code", "disability")  # fmt: skip
    done: Counter = Counter()
    niks = set()
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in Voter.objects.order_by("id").values_list(*fields).iterator(chunk_size=20_000):
            niks.add(row[0])
            r = rng.random()
            if r < 0.005:
                done["gone"] += 1
                continue
            row = list(row)
            row[4] = row[4].isoformat()
            if r < 0.015:
                row[7] = f"Jl. Pindahan No. {rng.randint(1, 99)}"
                done["changed"] += 1
            writer.writerow(row)
        desa = [
            c for c in KemendagriRegion.objects.filter(level=4).values_list("code", flat=True) if c.startswith(SLICE)
        ]
        wanted = len(niks) // 100
        for row in SyntheticVoters(desa, wanted * 2, seed=seed).rows():
            if done["new"] >= wanted:
                break
            if row[0] not in niks:
                writer.writerow(row)
                done["new"] += 1
    return done


def _measure(rows: int, bad_rate: float, engine: str, workdir: Path, *, delta: bool = False) -> int:
    from django.conf import settings
    from django.core.management import call_command

    from suara.audit.actors import Actor
    from suara.regions.services import geography_import, regions_load_kemendagri
    from suara.voters.importing.service import voters_import
    from suara.voters.models import Voter, VoterEvent

    call_command("migrate", verbosity=0)
    regions_load_kemendagri(actor=Actor.named("bench"))
    wilayah, tps, _ = write_geography_slice(Path(settings.DATA_DIR), workdir, SLICE)
    geography_import(wilayah_path=wilayah, tps_path=tps, overseas_path=None, actor=Actor.named("bench"))

    path, registered_path = workdir / "voters.csv", workdir / "registered.csv"
    started = time.perf_counter()
    spoils = write_file(path, registered_path, rows, bad_rate, seed=2024)
    written = time.perf_counter() - started
    with open(registered_path, "rb") as f:
        voters_import(stream=f, actor=Actor.named("bench"), batch="bench-registered")
    before = Voter.objects.count()

    size = path.stat().st_size
    with open(path, "rb") as f:
        backend_before = backend_cpu_seconds()
        started, cpu_started = time.perf_counter(), time.process_time()
        result = voters_import(stream=f, actor=Actor.named("bench"), batch="bench", size=size)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        backend_cpu = backend_cpu_seconds() - backend_before if backend_before >= 0 else None

    found = Counter(p.code for p in result.problems)
    print(f"database: {engine}, rows: {rows:,} ({size / 1e6:.0f} MB), file written in {written:.1f} s (not timed)")
    print(f"spoilt rows: {sum(spoils.values()):,} ({', '.join(f'{k} {v}' for k, v in sorted(spoils.items()))})")
    print(f"reported: {result.rejected:,} rows refused, {len(result.problems):,} problems")
    print(f"added: {result.added:,} voters, {VoterEvent.objects.filter(batch='bench').count():,} impor events")
    expected_refused = sum(spoils.values())
    problems = []
    if result.added + result.rejected != result.rows or Voter.objects.count() != before + result.added:
        problems.append("added + refused does not account for every row")
    if result.rejected != expected_refused:
        problems.append(f"expected {expected_refused} refused rows, got {result.rejected}")
    for kind in ("row_broken", "row_not_utf8", "row_nul", "unknown_desa", "nik_registered"):
        if found[kind] != spoils[kind]:
            problems.append(f"{kind}: spoilt {spoils[kind]}, reported {found[kind]}")
    if problems:
        print("FAILED: " + "; ".join(problems), file=sys.stderr)
        return 1
    for phase, phase_seconds in result.timings.items():
        print(f"  {phase}: {phase_seconds:.1f} s")
    # CPU seconds say more than the wall clock on a machine shared with other work.
    print(
        f"CPU: Python {cpu:.1f} s"
        + (f", PostgreSQL backend {backend_cpu:.1f} s" if backend_cpu is not None else "")
        + f", wall {seconds:.1f} s"
    )
    if backend_cpu is not None:
        print(f"rows per CPU second (Python + backend): {result.rows / (cpu + backend_cpu):,.0f}")
    if delta:
        extract = workdir / "extract.csv"
        done = write_extract(extract, seed=2025)
        with open(extract, "rb") as f:
            delta_started = time.perf_counter()
            later = voters_import(stream=f, actor=Actor.named("bench"), batch="bench-delta", delta=True)
            delta_seconds = time.perf_counter() - delta_started
        print(
            f"delta of {later.rows:,} rows ({done['changed']} changed, {done['gone']} gone, {done['new']} new "
            f"written): {later.added:,} added, {later.changed:,} changed, {later.unchanged:,} unchanged, "
            f"{len(later.missing):,} missing, {later.rejected} refused in {delta_seconds:.1f} s "
            f"({later.rows / delta_seconds:,.0f} rows/s)"
        )
        print("  " + ", ".join(f"{phase}: {t:.1f} s" for phase, t in later.timings.items()))
        if (later.added, later.changed, len(later.missing)) != (done["new"], done["changed"], done["gone"]):
            print("FAILED: the delta did not find what the extract holds", file=sys.stderr)
            return 1
    print(f"import-voters: {seconds:.1f} s for {result.rows:,} rows")
    print(f"import-voters: {result.rows / seconds:,.0f} rows/s ({engine})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
