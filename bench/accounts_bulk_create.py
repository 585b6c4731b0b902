"""Benchmark: `suara accounts bulk-create --role kpps`, one KPPS account per TPS with its activation code.

    .venv/bin/python bench/accounts_bulk_create.py --database-url postgres://postgres@127.0.0.1:5432/suara
    .venv/bin/python bench/accounts_bulk_create.py --size tiny          # 2,000 TPS (for CI)

The geography is the real 2024 one of Jawa Barat (province 32), cut after the first --size TPS in code
order (100,000 by default), written straight into a fresh database (not timed). Timed: the command end to
end, as an operator runs it for a province (finding the TPS without an account, the codes and their
keyed hashes, the users, role assignments and codes written, the audit event, the CSV of codes). Then,
not timed, one officer activates with a code from the CSV. On PostgreSQL it creates, migrates and drops a
scratch database named after the one in the URL (``<name>_bench_accounts``). The last line printed is
the headline figure; the target is 100,000 accounts in at most 60 s.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from pathlib import Path

from support import django_setup, reference_seconds, scratch_database

SIZES = {"tiny": 2_000, "full": 100_000}
PROVINCE = "32"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--size", default="full", help="tiny, full, or a number of TPS")
    args = parser.parse_args()
    size = SIZES.get(args.size) or int(args.size)
    with scratch_database("bench_accounts", args.database_url) as (url, engine, workdir):
        django_setup(url, workdir)
        return _measure(size, engine, workdir)


def _load_geography(size: int) -> int:
    """Jawa Barat's regions and its first ``size`` TPS, written directly (the geography import is
    benchmarked elsewhere); returns how many TPS."""
    from django.conf import settings

    from suara.regions.models import Region, Tps

    data = Path(settings.DATA_DIR)
    levels = {"provinsi": 1, "kabkota": 2, "kecamatan": 3, "desa": 4}
    parent_len = {2: None, 4: 2, 6: 4, 10: 6}
    tps: list[Tps] = []
    with open(data / "pemilu2024_tps.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            desa = row["kode_desa"]
            if not desa.startswith(PROVINCE):
                continue
            for n in range(1, int(row["jumlah_tps_reguler"]) + 1):
                tps.append(Tps(code=f"{desa}{n:03d}", desa_id=desa, number=n, kind=Tps.Kind.REGULAR))
    tps = sorted(tps, key=lambda t: t.code)[:size]
    desas = {t.desa_id for t in tps}
    wanted = desas | {d[:6] for d in desas} | {d[:4] for d in desas} | {PROVINCE}
    regions = []
    with open(data / "pemilu2024_wilayah.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            code = row["kode"]
            if code in wanted:
                cut = parent_len[len(code)]
                regions.append(
                    Region(
                        code=code, name=row["nama"], level=levels[row["tingkat"]], parent_id=code[:cut] if cut else None
                    )
                )
    Region.objects.bulk_create(sorted(regions, key=lambda r: len(r.code)), batch_size=2000)
    Tps.objects.bulk_create(tps, batch_size=5000)
    return len(tps)


def _measure(size: int, engine: str, workdir: Path) -> int:
    from django.contrib.auth import authenticate
    from django.core.management import call_command
    from django.test import RequestFactory

    from suara.accounts.models import OneTimeCode, RoleAssignment, User
    from suara.accounts.provisioning import account_activate
    from suara.audit.models import AuditEvent

    call_command("migrate", verbosity=0)
    tps_count = _load_geography(size)
    out = workdir / "kode-aktivasi.csv"

    with open(os.devnull, "w") as quiet:
        started = time.perf_counter()
        call_command("accounts", "bulk-create", "--region", PROVINCE, "--role", "kpps", "--out", str(out), stdout=quiet)
        seconds = time.perf_counter() - started

    with open(out, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    accounts = User.objects.count()
    checks = {
        "one account per TPS": accounts == tps_count == len(rows),
        "one role per account": RoleAssignment.objects.filter(role="kpps").count() == tps_count,
        "one code per account": OneTimeCode.objects.count() == tps_count,
        "one audit event": AuditEvent.objects.filter(action="accounts.bulk_create").count() == 1,
    }
    sample = rows[len(rows) // 2]
    account_activate(username=sample["username"], code=sample["activation_code"], password="a-new-passphrase-for-bench")
    signing_in = RequestFactory().post("/masuk/")  # django-axes wants the request to count failures
    checks["a code activates its account"] = (
        authenticate(signing_in, username=sample["username"], password="a-new-passphrase-for-bench") is not None
    )
    failed = [name for name, ok in checks.items() if not ok]
    if failed:
        print(f"FAILED: {', '.join(failed)}", file=sys.stderr)
        return 1

    print(f"database: {engine}, TPS: {tps_count} (Jawa Barat, the first in code order)")
    print(f"machine speed: the reference loop took {reference_seconds():.2f} s (bench/support.py)")
    print(f"accounts/s: {accounts / seconds:,.0f}")
    print(f"bulk-create: {accounts:,} KPPS accounts with activation codes in {seconds:.1f} s ({engine})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
