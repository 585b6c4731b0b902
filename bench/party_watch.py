"""Benchmark: one organisation's daily watch report, 100,000 watched NIKs against the national member lists.

    .venv/bin/python bench/party_watch.py --database-url postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/party_watch.py --size large    # 20,000,000 listings (the issue's target: <= 30 s)
    .venv/bin/python bench/party_watch.py --size tiny     # 20,000 listings, 1,000 watched (for CI)

PostgreSQL only: it creates, migrates and drops a scratch database ``suara_bench_watch``. The listings
(2,000,000 by default) are written by one INSERT ... SELECT over generate_series with the indexes dropped
and rebuilt after, as a national load would leave them: synthetic 16-digit NIKs (never real people) spread
over the 24 parties of 2024, about 2% of people listed by two parties and 3% of listings removed. The
watchlist holds 100,000 NIKs, half of them listed somewhere. Not timed: building all that and ANALYZE.
Timed, through the service (``watch_report_run``, without e-mail): the first report (every listing new),
then, after 1% of the watched listings were removed and 500 watched people newly listed, the next one
(new and gone against the first). The last line printed is the headline figure.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from support import django_setup, reference_seconds, scratch_database

BENCH_DATABASE = "suara_bench_watch"
SIZES = {"tiny": (20_000, 1_000), "full": (2_000_000, 100_000), "large": (20_000_000, 100_000)}
NIK_BASE = 3_100_000_000_000_000  # 16 digits; person p's NIK is NIK_BASE + 37 p
TARGET_SECONDS = 30.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--size", choices=tuple(SIZES), default="full")
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        print("party_watch: PostgreSQL only (--database-url postgres://...)", file=sys.stderr)
        return 2
    listings, watched = SIZES[args.size]
    with scratch_database(BENCH_DATABASE, args.database_url) as (url, _engine, workdir):
        django_setup(url, workdir)
        return _measure(listings, watched)


def _execute(sql: str, params=()) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _listings(count: int) -> float:
    """Writes ``count`` listings; returns the seconds it took (not part of the figure)."""
    from django.db import connection

    from suara.parties.models import Member, Party

    started = time.perf_counter()
    table = Member._meta.db_table
    parties = list(Party.objects.order_by("number").values_list("pk", flat=True))
    people = int(count * 0.98)
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname LIKE %s",
                       [table, "member_current%"])  # fmt: skip
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        # Listing i is person i mod people (the last 2% of listings list people a second time, by the
        # next party); every 33rd listing is removed.
        cursor.execute(
            f"""
            INSERT INTO {table} (party_id, nik, name, name_key, sex, birth_date, desa_code, kabkota_code,
                address, occupation, kta, added_version, added_at, removed_version, removed_at, removed_reason,
                status, reasons)
            SELECT (%s::bigint[])[1 + (i %% %s)], (%s + 37 * (i %% %s))::text, 'ANGGOTA ' || i, 'anggota ' || i,
                CASE WHEN i %% 2 = 0 THEN 'L' ELSE 'P' END, DATE '1980-01-01' + (i %% 12000), '3276011006', '3276',
                '', '', '', 1, now() - interval '30 days',
                CASE WHEN i %% 33 = 0 THEN 2 END, CASE WHEN i %% 33 = 0 THEN now() - interval '1 day' END,
                CASE WHEN i %% 33 = 0 THEN 'upload' ELSE '' END, CASE WHEN i %% 3 = 0 THEN 'MS' ELSE '' END, 0
            FROM generate_series(0, %s - 1) AS i
            """,  # noqa: S608
            [parties, len(parties), NIK_BASE, people, count],
        )
        for _name, definition in indexes:
            cursor.execute(definition)
        cursor.execute(f"ANALYZE {table}")
    return time.perf_counter() - started


def _watchlist(organisation, people: int, watched: int) -> None:
    """``watched`` NIKs: the even ones are people on the lists, the odd ones nobody listed."""
    from django.utils import timezone

    from suara.parties.models import WatchEntry, Watchlist

    now = timezone.now()
    watchlist = Watchlist.objects.create(organisation=organisation, name="Staf", created_at=now, updated_at=now)
    step = max(1, people // watched)
    _execute(
        f"""
        INSERT INTO {WatchEntry._meta.db_table} (watchlist_id, nik, name, note, line)
        SELECT %s, CASE WHEN j %% 2 = 0 THEN (%s + 37 * ((j * %s) %% %s))::text
                        ELSE (%s + 37 * (%s + j) + 1)::text END,
               'Pegawai ' || j, 'staf', j + 2
        FROM generate_series(0, %s - 1) AS j
        """,  # noqa: S608
        [watchlist.pk, NIK_BASE, step, people, NIK_BASE, people, watched],
    )
    _execute(f"ANALYZE {WatchEntry._meta.db_table}")


def _change() -> tuple[int, int]:
    """1% of the watched listings removed (those of every 200th watched person), 500 watched people who
    were on no list newly listed; returns (removed, added)."""
    from django.db import connection

    from suara.parties.models import Member, Party, WatchEntry

    member, entry = Member._meta.db_table, WatchEntry._meta.db_table
    party = Party.objects.order_by("number").values_list("pk", flat=True).first()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {member} SET removed_at = now(), removed_reason = 'withdrawn'
            WHERE removed_at IS NULL AND nik IN (SELECT nik FROM {entry} WHERE (line - 2) % 200 = 0)
            """  # noqa: S608
        )
        removed = cursor.rowcount
        cursor.execute(
            f"""
            INSERT INTO {member} (party_id, nik, name, name_key, sex, birth_date, desa_code, kabkota_code,
                address, occupation, kta, added_version, added_at, removed_reason, status, reasons)
            SELECT %s, nik, 'BARU', 'baru', 'L', DATE '1990-01-01', '3276011006', '3276', '', '', '', 3, now(),
                '', '', 0
            FROM {entry} WHERE (line - 2) %% 2 = 1 ORDER BY line LIMIT 500
            """,  # noqa: S608
            [party],
        )
        added = cursor.rowcount
    return removed, added


def _measure(listings: int, watched: int) -> int:
    from django.core.management import call_command

    from suara.accounts.organisations import OrganisationInput, organisation_save
    from suara.elections.services import elections_load
    from suara.parties.services import parties_load
    from suara.parties.watch.services import watch_report_run

    call_command("migrate", verbosity=0)
    elections_load(actor="bench")
    parties_load(actor="bench")
    organisation, _ = organisation_save(
        actor="bench", data=OrganisationInput(code="kpu-bench", name="KPU (bench)", kind="kpu")
    )
    people = int(listings * 0.98)
    built = _listings(listings)
    _watchlist(organisation, people, watched)
    print(f"listings: {listings:,} written in {built:.1f} s (not timed); watched NIKs: {watched:,}")

    started = time.perf_counter()
    first = watch_report_run(actor="bench", organisation=organisation, send=False)
    first_seconds = time.perf_counter() - started
    print(
        f"first report:  {first_seconds:6.2f} s  watched {first.watched:,}, listed {first.listed:,}, "
        f"new {first.new:,}, gone {first.gone:,}"
    )
    removed, added = _change()
    _execute("ANALYZE")
    started = time.perf_counter()
    second = watch_report_run(actor="bench", organisation=organisation, send=False)
    second_seconds = time.perf_counter() - started
    print(
        f"next report:   {second_seconds:6.2f} s  listed {second.listed:,}, new {second.new:,} "
        f"(added {added:,}), gone {second.gone:,} (removed {removed:,})"
    )
    print(f"reference loop: {reference_seconds():.2f} s (bench/support.py)")
    worst = max(first_seconds, second_seconds)
    verdict = "within" if worst <= TARGET_SECONDS else "OVER"
    print(
        f"watch report: {watched:,} watched NIKs against {listings:,} listings in {worst:.2f} s "
        f"({verdict} the {TARGET_SECONDS:.0f} s target)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
