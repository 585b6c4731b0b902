"""Benchmark: a party's member list uploaded into PostgreSQL (or SQLite), checked at the door.

    .venv/bin/python bench/party_upload.py --database-url postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/party_upload.py --size tiny          # 20,000 rows (for CI)

Set-up (not timed): a scratch database (``suara_bench_party_upload`` on PostgreSQL, created, migrated and
dropped), the Kemendagri tree, the 2024 parties, and a file of synthetic members (never real people) of
Kota Bekasi and Kota Depok, 500,000 rows by default, with about 0.1% of its rows spoilt for each of five
kinds the door refuses (a broken row, an invalid NIK, a birth date not the NIK's, an unknown desa, a NIK
twice in the file). Then three uploads, each timed end to end through the service (read, check, COPY,
the set-based change of the list, the version, the audit event, commit):

1. the party's first whole list (COPY straight into the listings);
2. a second whole list: 1% of the members gone, 1% new, 1% with a new address (COPY into a staging table
   and the diff as set-based SQL: removals, detail updates, additions);
3. a delta: 1% added, 1% removed.

Target: ≥ 50,000 rows/s into PostgreSQL at the default size. The reference loop's time (bench/support.py)
is printed beside the figures, and so are the CPU seconds of Python and of the PostgreSQL backend (they
work at the same time during a COPY): on a machine shared with other work the wall clock says little.
The last line is the headline (the whole list's replacement).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

from support import backend_cpu_seconds, django_setup, reference_seconds, scratch_database

BENCH_DATABASE = "suara_bench_party_upload"
SLICE = ("3275", "3276")  # Kota Bekasi, Kota Depok
SIZES = {"tiny": 20_000, "full": 500_000}
SPOILS = ("row_broken", "nik_length", "nik_birth_date_mismatch", "unknown_desa", "nik_duplicate_in_file")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--size", choices=tuple(SIZES), default="full")
    parser.add_argument("--bad-rate", type=float, default=0.001, help="share of rows spoilt, per kind")
    args = parser.parse_args()
    with scratch_database(BENCH_DATABASE, args.database_url) as (url, engine, workdir):
        django_setup(url, workdir)
        return _measure(SIZES[args.size], args.bad_rate, engine, workdir)


def _spoil(row: list[str], kind: str, earlier: list[str]) -> list[str]:
    row = list(row)
    if kind == "row_broken":
        return row[:-2]
    if kind == "nik_length":
        row[0] = row[0][:15]
    elif kind == "nik_birth_date_mismatch":
        row[3] = f"{int(row[3][:4]) - 1}{row[3][4:]}" if row[3][5:] != "02-29" else row[3][:8] + "28"
    elif kind == "unknown_desa":
        row[4] = row[4][:6] + "9999"
    elif kind == "nik_duplicate_in_file":
        return list(earlier)
    return row


def _write(path: Path, rows: list[list[str]]) -> None:
    from suara.parties.synthetic import members_csv

    path.write_bytes(members_csv(rows))


def _upload(party, path: Path, *, delta: bool = False):
    from suara.parties.members.services import members_upload

    with open(path, "rb") as stream:
        backend_before = backend_cpu_seconds()
        started, cpu_started = time.perf_counter(), time.process_time()
        result = members_upload(party=party, stream=stream, actor="bench", delta=delta, size=path.stat().st_size)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        backend = backend_cpu_seconds() - backend_before if backend_before >= 0 else None
    return result, seconds, cpu, backend


def _line(label: str, result, seconds: float, cpu: float, backend: float | None) -> str:
    cpu_text = f"Python CPU {cpu:.1f} s" + (
        f", PostgreSQL backend CPU {backend:.1f} s: {result.rows / (cpu + backend):,.0f} rows per CPU second"
        if backend is not None
        else ""
    )
    return (
        f"{label}: {result.rows:,} rows in {seconds:.1f} s = {result.rows / seconds:,.0f} rows/s "
        f"(+{result.added:,} -{result.removed:,} ={result.kept:,} kept, {result.updated:,} updated, "
        f"{result.rejected:,} refused; {cpu_text})\n    "
        + ", ".join(f"{phase}: {t:.1f} s" for phase, t in result.timings.items())
    )


def _measure(size: int, bad_rate: float, engine: str, workdir: Path) -> int:
    from django.core.management import call_command

    from suara.elections.services import elections_load
    from suara.parties.models import Member, Party
    from suara.parties.services import parties_load
    from suara.parties.synthetic import synthetic_members
    from suara.regions.models import KemendagriRegion
    from suara.regions.services import regions_load_kemendagri

    call_command("migrate", verbosity=0)
    regions_load_kemendagri(actor="bench")
    elections_load(actor="bench")
    parties_load(actor="bench")
    party = Party.objects.get(election__slug="pemilu-2024", number=1)
    desa = [c for c in KemendagriRegion.objects.filter(level=4).values_list("code", flat=True) if c.startswith(SLICE)]

    started = time.perf_counter()
    # One pool of people: the first list, and the newcomers of the later uploads.
    people = list(synthetic_members(desa, size + size // 50, seed=2024))
    members, newcomers = people[:size], people[size:]
    rng = random.Random(7)
    spoilt_rows: list[list[str]] = []
    spoils = 0
    for n, row in enumerate(members):
        r = rng.random()
        if n and r < bad_rate * len(SPOILS):
            spoilt_rows.append(_spoil(row, SPOILS[int(r / bad_rate)], members[n - 1]))
            spoils += 1
        spoilt_rows.append(row)
    first = workdir / "anggota-1.csv"
    _write(first, spoilt_rows)
    valid = {row[0] for row in members}
    gone = set(rng.sample(sorted(valid), size // 100))
    moved = set(rng.sample(sorted(valid - gone), size // 100))
    second_rows = [
        [*row[:5], "Jl. Pindahan No. 9", *row[6:]] if row[0] in moved else row for row in members if row[0] not in gone
    ] + newcomers[: size // 100]
    second = workdir / "anggota-2.csv"
    _write(second, second_rows)
    listed_after_second = list(second_rows)
    delta_rows = newcomers[size // 100 : size // 50] + rng.sample(listed_after_second, size // 100)
    actions = ["tambah"] * (len(delta_rows) - size // 100) + ["hapus"] * (size // 100)
    delta = workdir / "anggota-delta.csv"
    from suara.parties.synthetic import members_csv

    delta.write_bytes(members_csv(delta_rows, actions=actions))
    written = time.perf_counter() - started

    print(f"database: {engine}; {size:,} members of {len(desa):,} desa (Kota Bekasi, Kota Depok), synthetic")
    print(f"files written in {written:.1f} s (not timed); {spoils:,} spoilt rows in the first list")
    print(f"machine speed: the reference loop took {reference_seconds():.2f} s (bench/support.py)")
    failures = []
    r1, s1, c1, b1 = _upload(party, first)
    print(_line("1. first whole list (direct COPY)", r1, s1, c1, b1))
    if r1.added + r1.rejected != r1.rows:
        failures.append("first upload: added + refused != rows")
    if r1.rejected != spoils:
        failures.append(f"first upload: {spoils} spoilt rows, {r1.rejected} refused")
    r2, s2, c2, b2 = _upload(party, second)
    print(_line("2. whole list replacing it (staging + set-based diff)", r2, s2, c2, b2))
    if (r2.added, r2.updated) != (size // 100, size // 100) or r2.removed < size // 100:
        failures.append(
            f"second upload: expected +{size // 100} and {size // 100} updated, got {r2.added}/{r2.updated}"
        )
    r3, s3, c3, b3 = _upload(party, delta, delta=True)
    print(_line("3. delta (1% added, 1% removed)", r3, s3, c3, b3))
    if (r3.added, r3.removed) != (size // 100, size // 100):
        failures.append(f"delta: expected +{size // 100} -{size // 100}, got +{r3.added} -{r3.removed}")
    current = Member.objects.filter(party=party, removed_at__isnull=True).count()
    print(f"listings: {Member.objects.count():,} rows, {current:,} current, versions 1-3")
    if failures:
        print("FAILED: " + "; ".join(failures), file=sys.stderr)
        return 1
    print(f"party-upload: first list {r1.rows / s1:,.0f} rows/s, delta {r3.rows / s3:,.0f} rows/s ({engine})")
    print(f"party-upload: {r2.rows / s2:,.0f} rows/s replacing a whole list of {r2.rows:,} rows ({engine})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
