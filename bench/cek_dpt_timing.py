"""Benchmark: does cek DPT's timing tell an unknown NIK from a known NIK with a wrong name?

    .venv/bin/python bench/cek_dpt_timing.py --size tiny     # 2,000 voters, 2 x 1,000 lookups (CI)
    .venv/bin/python bench/cek_dpt_timing.py                 # 100,000 voters, 2 x 5,000 lookups
    .venv/bin/python bench/cek_dpt_timing.py --database-url postgres://postgres@127.0.0.1:5432/postgres

A scratch database (on the PostgreSQL server of --database-url or DATABASE_URL, else SQLite) with one desa's TPS and a
synthetic register (valid NIKs from ``nik_make``, invented names). The lookups call ``cekdpt.cek_dpt``,
the function both the page and the API answer with, in process (so the network's noise does not hide
the difference): known NIKs with a wrong name and unknown NIKs, interleaved in random order, each timed
with perf_counter_ns. The two samples are compared with the Mann-Whitney U test (normal approximation,
ties corrected); |z| < 2 means timing does not tell the two apart at the 5% level. The same is done
with the lookup as it was before the fix (a query that found no row for an unknown NIK), to show
the test can see a difference when there is one. The last line is the headline.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import time
from datetime import date, timedelta

from support import django_setup, reference_seconds, scratch_database

SIZES = {"tiny": (2_000, 1_000), "full": (100_000, 5_000)}
DESA = "3276011006"
NAMES = ("Budi Santoso", "Siti Wulandari", "Agus Saputra", "Dewi Lestari", "Rina Hidayat", "Joko Pratama")

# The lookup before the fix: an unknown NIK found no row, so nothing was joined or read.
_BEFORE_SQL = """
SELECT v.name, v.name_key, v.status, t.number, d.name, k.name, kk.name
FROM {voters} v
LEFT JOIN {tps} t ON t.code = v.tps_id
LEFT JOIN {regions} d ON d.code = v.desa_id
LEFT JOIN {regions} k ON k.code = d.parent_id
LEFT JOIN {regions} kk ON kk.code = k.parent_id
WHERE v.nik = %s
"""


def mann_whitney_z(a: list[float], b: list[float]) -> float:
    """z of the Mann-Whitney U statistic of ``a`` against ``b`` (negative: ``a`` tends to be smaller)."""
    pooled = sorted([(x, 0) for x in a] + [(x, 1) for x in b])
    ranks = [0.0] * len(pooled)
    ties = 0.0
    i = 0
    while i < len(pooled):
        j = i
        while j + 1 < len(pooled) and pooled[j + 1][0] == pooled[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[k] = (i + j) / 2 + 1
        t = j - i + 1
        ties += t**3 - t
        i = j + 1
    n1, n2 = len(a), len(b)
    rank_sum = sum(r for r, (_, group) in zip(ranks, pooled, strict=True) if group == 0)
    u = rank_sum - n1 * (n1 + 1) / 2
    n = n1 + n2
    sigma = math.sqrt(n1 * n2 / 12 * ((n + 1) - ties / (n * (n - 1))))
    return (u - n1 * n2 / 2) / sigma if sigma else 0.0


def _fill(voters: int) -> list[str]:
    from django.core.management import call_command
    from django.utils import timezone

    from suara.people.names import name_key
    from suara.people.nik import nik_make
    from suara.regions.models import Region, Tps
    from suara.voters.models import Voter

    call_command("migrate", verbosity=0)
    for code, name, level in (("32", "JAWA BARAT", 1), ("3276", "KOTA DEPOK", 2), ("327601", "PANCORAN MAS", 3)):
        Region.objects.create(code=code, name=name, level=level, parent_id=code[: len(code) - 2] or None)
    Region.objects.create(code=DESA, name="DEPOK", level=4, parent_id="327601")
    Tps.objects.bulk_create([Tps(code=f"{DESA}{n:03d}", desa_id=DESA, number=n) for n in range(1, 41)])
    now = timezone.now()
    niks, rows = [], []
    for serial in range(voters):
        born = date(1950, 1, 1) + timedelta(days=serial % 20_000)
        nik = nik_make("327601", born, "L" if serial % 2 else "P", 1 + serial // 20_000)
        name = NAMES[serial % len(NAMES)]
        niks.append(nik)
        rows.append(
            Voter(
                nik=nik, kk="3276010101100001", name=name, birth_date=born, sex="L" if serial % 2 else "P",
                marital="S", kemendagri_desa_code=DESA, desa_id=DESA, tps_id=f"{DESA}{1 + serial % 40:03d}",
                name_key=name_key(name), created_at=now, updated_at=now,
            )
        )  # fmt: skip
    Voter.objects.bulk_create(rows, batch_size=5_000)
    return niks


def _before(nik: str, nama: str) -> bool:
    """The pre-fix lookup's work, for contrast."""
    import hmac

    from suara.core.db import prepared_fetchone
    from suara.people.names import name_key
    from suara.regions.models import Region, Tps
    from suara.voters.models import Voter

    sql = _BEFORE_SQL.format(voters=Voter._meta.db_table, tps=Tps._meta.db_table, regions=Region._meta.db_table)
    row = prepared_fetchone(sql, [nik])
    stored = row[1] if row is not None else "\x00absent"
    matches = hmac.compare_digest(name_key(nama).encode(), stored.encode())
    return row is not None and matches and row[2] == "active"


def _timed(lookup, known: list[str], unknown: list[str], rng: random.Random) -> tuple[list[float], list[float]]:
    order = [(nik, True) for nik in known] + [(nik, False) for nik in unknown]
    rng.shuffle(order)
    for nik, _ in order[:200]:  # warm-up: prepared statements, caches
        lookup(nik, "Nama Yang Salah")
    times: dict[bool, list[float]] = {True: [], False: []}
    for nik, is_known in order:
        started = time.perf_counter_ns()
        lookup(nik, "Nama Yang Salah")
        times[is_known].append((time.perf_counter_ns() - started) / 1000)
    return times[False], times[True]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=tuple(SIZES), default="full")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="a PostgreSQL server for the scratch database (default: DATABASE_URL; unset, SQLite)",
    )
    args = parser.parse_args()
    voters, lookups = SIZES[args.size]
    with scratch_database("bench_cek_dpt_timing", args.database_url) as (url, engine, workdir):
        django_setup(url, workdir)
        from suara.people.nik import nik_make
        from suara.voters.cekdpt.lookup import NOT_REGISTERED, cek_dpt

        niks = _fill(voters)
        rng = random.Random(2024)
        known = rng.sample(niks, lookups)
        taken = set(niks)
        unknown = []
        serial = 1_000
        while len(unknown) < lookups:
            nik = nik_make("327601", date(1950, 1, 1) + timedelta(days=rng.randrange(20_000)), "L", serial)
            serial += 1
            if nik not in taken:
                unknown.append(nik)

        def after(nik: str, nama: str) -> None:
            assert cek_dpt(nik=nik, nama=nama) is NOT_REGISTERED

        results = {}
        for label, lookup in (("before the fix", _before), ("now", after)):
            unknown_us, known_us = _timed(lookup, known, unknown, rng)
            z = mann_whitney_z(unknown_us, known_us)
            results[label] = z
            print(
                f"{label:>14}: unknown NIK median {sorted(unknown_us)[len(unknown_us) // 2]:.1f} µs, "
                f"known NIK + wrong name median {sorted(known_us)[len(known_us) // 2]:.1f} µs, "
                f"Mann-Whitney z = {z:+.1f}"
            )
        print(
            f"{engine}, {voters:,} voters, {lookups:,} lookups of each kind; reference loop {reference_seconds():.2f} s"
        )
        print(f"cek DPT timing, unknown vs known NIK with a wrong name: z = {results['now']:+.1f} (|z| < 2: no tell)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
