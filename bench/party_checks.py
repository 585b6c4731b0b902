"""The membership checks' full cross-check: N listings across the 24 parties of Pemilu 2024, with double
memberships (about 1% of listings: a person another party lists too) and listings twice by the same party
(0.2%), joined with a voter register (95% of the people; 0.1% deceased, some unmarried under 17), an
officer NIK list (N/200 NIKs, half of them listed) and 2,001 distinct stated occupations, timed on the
checks' own service (``members_check`` over the whole election: the set-based statements of
``parties/checks/engine.py``, then the per-party counts). Target: 20M listings in <= 5 minutes on
PostgreSQL on this machine.

    .venv/bin/python bench/party_checks.py [--size tiny|default|large] [--listings N] [--database-url URL]

Sizes: tiny 20,000 (CI), default 2,000,000, large 20,000,000. The data are written by the database itself
(INSERT ... SELECT over a generated series; synthetic NIKs and names, never real people) and are not timed;
then VACUUM ANALYZE, as autovacuum would after an upload. Timed: the first full check (every listing
written: all were unchecked), a second one (nothing changed: reads only), and one party's re-check as after
its upload (``party_scope``). The register here holds the listed people only: the real one holds ~204M
voters, which the join reads by NIK index or hash, so it weighs on the first term, not the second.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))
sys.path.insert(0, str(PROJECT_DIR / "bench"))

from support import django_setup, reference_seconds, scratch_database  # noqa: E402

SIZES = {"tiny": 20_000, "default": 2_000_000, "large": 20_000_000}
PARTIES = 24


def _series(vendor: str, n: int) -> tuple[str, dict]:
    """SQL fragments per vendor: a FROM clause giving i = 1..n, zero-padding, date arithmetic."""
    if vendor == "postgresql":
        return f"generate_series(1, {n}) AS s(i)", {
            "pad14": "lpad(({p})::text, 14, '0')",
            "pad2": "lpad(({p})::text, 2, '0')",
            "date": "(DATE '1950-01-01' + ({p})::int)",
            "text": "({p})::text",
        }
    return f"(WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {n}) SELECT i FROM s) s", {
        "pad14": "printf('%014d', {p})",
        "pad2": "printf('%02d', {p})",
        "date": "date('1950-01-01', '+' || ({p}) || ' days')",
        "text": "CAST(({p}) AS TEXT)",
    }


def _params_sql(sql: str) -> str:
    """``%`` doubled for a statement with parameters, the ``%s`` placeholders kept."""
    return sql.replace("%", "%%").replace("%%s", "%s")


def fill(n: int) -> None:
    """Listings, the register and the officer list, written by the database."""
    from django.db import connection, transaction
    from django.utils import timezone

    from suara.parties.models import Member, OfficerNik, Party
    from suara.voters.models import Voter

    vendor = connection.vendor
    series, f = _series(vendor, n)
    party_ids = list(Party.objects.filter(election__slug="pemilu-2024").order_by("number").values_list("pk", flat=True))
    first = party_ids[0]
    assert party_ids == list(range(first, first + PARTIES)), "the 24 parties' ids are consecutive"
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    # Listing i is person i, except: every 100th listing is the person of the listing before it listed by
    # the next party (double membership), and every 500th (offset 7) the same person by the same party.
    person = "(CASE WHEN i % 100 = 0 OR i % 500 = 7 THEN i - 1 ELSE i END)"
    party = f"({first} + ((CASE WHEN i % 100 = 0 THEN i - 1 ELSE i END) % {PARTIES} + (CASE WHEN i % 100 = 0 THEN 1 ELSE 0 END)) % {PARTIES})"  # noqa: E501
    nik = "'32' || " + f["pad14"].format(p=person)
    desa = "'32' || " + f["pad2"].format(p=f"{person} % 27 + 1") + " || '011001'"
    born = f["date"].format(p=f"({person} * 37) % 21000 + (CASE WHEN {person} % 211 = 0 THEN 20500 ELSE 0 END)")
    occupation = (
        f"(CASE WHEN {person} % 97 = 0 THEN 'PNS' ELSE 'Pekerjaan ' || {f['text'].format(p=f'{person} % 2000')} END)"  # noqa: E501
    )
    member, voter, officer = Member._meta.db_table, Voter._meta.db_table, OfficerNik._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            _params_sql(
                f"INSERT INTO {member} (party_id, nik, name, name_key, sex, birth_date, desa_code, kabkota_code, "
                "address, occupation, kta, added_version, added_at, removed_reason, status, reasons) "
                f"SELECT {party}, {nik}, 'Anggota Sintetis', 'anggota sintetis', 'L', {born}, {desa}, "
                f"substr({desa}, 1, 4), '', {occupation}, '', 1, %s, '', '', 0 FROM {series}"
            ),
            [now],
        )
        # The register: every person but one in twenty (listed twice or not, each person once).
        marital = f"(CASE WHEN {person} % 3 = 0 THEN 'B' ELSE 'S' END)"
        dead = f"{person} % 1000 = 1"
        cursor.execute(
            _params_sql(
                f"INSERT INTO {voter} (nik, kk, name, birth_place, birth_date, sex, marital, address, rt, rw, "
                "kemendagri_desa_code, disability, status, tms_code, name_key, created_at, updated_at) "
                f"SELECT {nik}, '3200000000000000', 'Pemilih Sintetis', '', {born}, 'L', {marital}, '', '', '', "
                f"{desa}, '', CASE WHEN {dead} THEN 'tms' ELSE 'aktif' END, CASE WHEN {dead} THEN 1 END, "
                "'pemilih sintetis', %s, %s "
                f"FROM {series} WHERE i % 20 <> 0 AND NOT (i % 100 = 0 OR i % 500 = 7)"
            ),
            [now, now],
        )
        # The officer list: N/200 NIKs, every other one of a listed person.
        cursor.execute(
            _params_sql(
                f"INSERT INTO {officer} (nik, source, imported_at) "
                f"SELECT CASE WHEN i % 2 = 0 THEN '32' || {f['pad14'].format(p='i * 173')} "
                f"ELSE '33' || {f['pad14'].format(p='i')} END, 'bench', %s FROM {series} WHERE i <= {max(n // 200, 1)}"
            ),
            [now],
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vendor == "postgresql" else "ANALYZE")


def _timed(statements: list):
    """An execute wrapper recording each statement's seconds and its first words."""

    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((time.perf_counter() - started, " ".join(sql.split())[:90]))

    return wrapper


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--size", choices=tuple(SIZES), default="default")
    parser.add_argument("--listings", type=int, default=None)
    parser.add_argument(
        "--fillfactor",
        type=int,
        default=None,
        help="PostgreSQL: leave this %% of each listing page filled, so that the checks' updates stay on the "
        "page (HOT: no index entries written); the schema's default is 100",
    )
    args = parser.parse_args()
    n = args.listings or SIZES[args.size]
    with scratch_database("suara_bench_party_checks", args.database_url) as (url, engine, workdir):
        django_setup(url, workdir)
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        from suara.elections.models import Election
        from suara.elections.services import elections_load
        from suara.parties.checks.services import members_check
        from suara.parties.models import Member, Party
        from suara.parties.services import parties_load

        elections_load(actor="bench")
        parties_load(actor="bench")
        if args.fillfactor and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"ALTER TABLE {Member._meta.db_table} SET (fillfactor = {int(args.fillfactor)})")
            print(f"listing table fillfactor {args.fillfactor}")
        started = time.perf_counter()
        fill(n)
        print(f"{engine}: {n:,} listings, register and officer list written in {time.perf_counter() - started:.0f} s")
        election = Election.objects.get(slug="pemilu-2024")
        on = date(2023, 6, 1)
        timings = {}
        party = Party.objects.get(election=election, number=5)
        size = Member.objects.filter(party=party).count()
        runs = (
            ("first full check", None),
            ("second full check (nothing changed)", None),
            (f"one party's re-check after its upload ({size:,} listings)", party),
        )
        for label, scope in runs:
            statements = []
            started = time.perf_counter()
            with connection.execute_wrapper(_timed(statements)):
                result = members_check(election=election, party=scope, on_date=on)
            timings[label] = time.perf_counter() - started
            print(
                f"{label}: {timings[label]:.1f} s ({result.listings:,} listings counted, {result.eligible:,} MS, "
                f"{result.double:,} double, {result.changed:,} changed)"
            )
            for seconds, sql in sorted(statements, reverse=True)[:5]:
                print(f"    {seconds:6.1f} s  {sql}")
            if connection.vendor == "postgresql":
                # Between runs, as autovacuum would: the first run rewrote every listing.
                with connection.cursor() as cursor:
                    cursor.execute(f"VACUUM ANALYZE {Member._meta.db_table}")
        connection.close()
    first = timings["first full check"]
    print(f"reference loop: {reference_seconds():.2f} s (10M additions; machine speed now)")
    if n >= 20_000_000:
        print(f"target 20M <= 300 s: {'met' if first <= 300 else 'NOT met'} ({first:.0f} s)")
    else:
        print(f"extrapolated linearly to 20M: {first * 20_000_000 / n:.0f} s (target 300 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
