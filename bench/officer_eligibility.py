"""Benchmark: eligibility of every open application of an election (officers.recruitment.assessment),
set-based SQL including the party-membership join against the parties' member listings.

    .venv/bin/python bench/officer_eligibility.py --database-url postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/officer_eligibility.py --size tiny     # 5,000 applicants, 100,000 listings (CI)
    .venv/bin/python bench/officer_eligibility.py --size large    # 1,000,000 applicants, 20,000,000 listings

Default: 100,000 applicants against 2,000,000 listings. The applicants (KPPS, Pantarlih, Linmas of the
TPS of Kota Depok and Kota Bekasi) and the listings are COPYed straight into their tables (not timed):
2% of the applicants are listed now, 1% were taken off less than five years before the appointment
day, 1% more than five years before; some are below SMA (half of them with the village head's letter),
some live elsewhere, a few are too young, a few are married to an appointed officer of the same TPS,
and some have a high-risk screening. The assessment is timed end to end through the service (one
transaction, the statuses moved with their history, one audit event). Target (issue 15): 1,000,000
applicants against 20,000,000 listings within 2 minutes. The reference loop's time is printed beside.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from support import backend_cpu_seconds, django_setup, reference_seconds, scratch_database, write_geography_slice

BENCH_DATABASE = "suara_bench_eligibility"
SLICE = ("3275", "3276")
SIZES = {"tiny": (5_000, 100_000), "default": (100_000, 2_000_000), "large": (1_000_000, 20_000_000)}
APPOINTMENT = date(2024, 1, 25)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--size", choices=tuple(SIZES), default="default")
    args = parser.parse_args()
    with scratch_database(BENCH_DATABASE, args.database_url) as (url, engine, workdir):
        django_setup(url, workdir)
        return _measure(*SIZES[args.size], engine, workdir)


def _load(applicants: int, listings: int, seed: int = 15) -> dict[str, int]:
    """The applicants, their applications, screenings and the listings, by COPY; returns what was planted."""
    from django.db import connection
    from django.utils import timezone

    from suara.core.db import bulk_insert
    from suara.elections.models import Election
    from suara.officers.models import Application, Officer, RecruitmentSchedule, Screening
    from suara.parties.models import Member, Party
    from suara.regions.models import Tps

    rng = random.Random(seed)
    election = Election.objects.get(slug="pemilu-2024")
    for body in ("kpps", "pantarlih", "linmas"):
        RecruitmentSchedule.objects.create(election=election, body=body, opens_on=date(2023, 12, 11),
                                           closes_on=date(2023, 12, 20), appointment_on=APPOINTMENT)  # fmt: skip
    tps = list(Tps.objects.filter(kind="reguler").order_by("code").values_list("code", flat=True))
    parties = list(Party.objects.filter(election=election).values_list("pk", flat=True))
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [Officer._meta.db_table])
        first_id = cursor.fetchone()[0] + 1
    planted = {"listed": 0, "recent": 0, "old": 0, "spouse": 0, "health": 0}
    niks: list[str] = []
    officers, applications, screenings = [], [], []
    for n in range(applicants):
        posting = tps[n % len(tps)]
        body = ("kpps", "pantarlih", "linmas")[n % 3]
        if n % 500 == 1:  # at the same TPS and body as the one made just before
            body, posting = officers[-1][2], officers[-1][3]
        born = date(1965, 1, 1) + timedelta(days=rng.randint(0, 15_000))
        nik = f"{posting[:4]}{n:012d}"  # unique; the assessment reads the birth date, not the NIK's digits
        niks.append(nik)
        domicile = posting[:10] if rng.random() > 0.03 else "3276011001"
        education = rng.choice(("sma", "sma", "sma", "s1", "d3", "smp"))
        kk, marital, status = "", "B", "pendaftar"
        if n % 500 == 1:  # married to the appointed officer made just before, at the same TPS
            kk, marital = f"3276{n:012d}", "S"
            officers[-1][6], officers[-1][10], officers[-1][17] = kk, "S", "dilantik"
            planted["spouse"] += 1
        officers.append([first_id + n, election.pk, body, posting, "", nik, kk, "Sintetis", "L", born, marital,
                         "", "", "", domicile, education, "", status, 0, 0, None, None, None, "import", now,
                         now])  # fmt: skip
        applications.append((first_id + n, 31, education == "smp" and n % 2 == 0, ""))
        if rng.random() < 0.01:
            screenings.append((first_id + n, date(2023, 12, 1), "tinggi", 0, 0, "", "", "bench", now))
            planted["health"] += 1
    columns = ("id", "election_id", "body", "posting_code", "position", "nik", "kk", "name", "sex", "birth_date",
               "marital", "phone", "email", "address", "domicile_code", "education", "occupation", "status",
               "reasons", "flags", "term_start", "term_end", "user_id", "source", "applied_at",
               "updated_at")  # fmt: skip
    bulk_insert(Officer, columns, officers)
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [Officer._meta.db_table,
                                                                                 first_id + applicants])  # fmt: skip
    bulk_insert(Application, ("officer_id", "documents", "education_letter", "code_hash"), applications)
    bulk_insert(Screening, ("officer_id", "screened_on", "risk", "conditions", "risk_reasons", "bpjs_result",
                            "cleared_by_doctor", "recorded_by", "recorded_at"), screenings)  # fmt: skip

    def member_rows():
        tz = timezone.get_current_timezone()
        recent = datetime(2021, 6, 1, tzinfo=tz)
        old = datetime(2017, 6, 1, tzinfo=tz)
        for m in range(listings):
            removed = None
            if m < applicants and m % 500 != 0:  # (every 500th was appointed: not assessed)
                r = rng.random()
                nik = niks[m]
                if r < 0.02:
                    planted["listed"] += 1
                elif r < 0.03:
                    removed = recent
                    planted["recent"] += 1
                elif r < 0.04:
                    removed = old
                    planted["old"] += 1
                else:
                    nik = f"99{m:014d}"  # someone who never applies
            else:
                nik = f"{3200 + m % 99:04d}{m:012d}"[:16]
                removed = old if m % 10 == 0 else None
            yield (parties[m % len(parties)], nik, "Anggota", "anggota", "P", date(1980, 1, 1), "3276011001", "3276",
                   "", "", "", 1, now, 2 if removed else None, removed, "upload" if removed else "", "", 0)  # fmt: skip

    bulk_insert(Member, ("party_id", "nik", "name", "name_key", "sex", "birth_date", "desa_code", "kabkota_code",
                         "address", "occupation", "kta", "added_version", "added_at", "removed_version", "removed_at",
                         "removed_reason", "status", "reasons"), member_rows())  # fmt: skip
    with connection.cursor() as cursor:
        for model in (Officer, Application, Member, Screening):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return planted


def _measure(applicants: int, listings: int, engine: str, workdir: Path) -> int:
    from django.conf import settings
    from django.core.management import call_command

    from suara.elections.models import Election
    from suara.elections.services import elections_load
    from suara.officers.recruitment.assessment import eligibility_assess
    from suara.parties.services import parties_load
    from suara.regions.services import geography_import, regions_load_kemendagri

    if engine != "PostgreSQL":
        print("the eligibility benchmark loads its data by COPY: give a PostgreSQL --database-url", file=sys.stderr)
        return 2
    call_command("migrate", verbosity=0)
    regions_load_kemendagri(actor="bench")
    wilayah, tps_path, _ = write_geography_slice(Path(settings.DATA_DIR), workdir, SLICE)
    geography_import(wilayah_path=wilayah, tps_path=tps_path, overseas_path=None, actor="bench")
    elections_load(actor="bench")
    parties_load(actor="bench")
    started = time.perf_counter()
    planted = _load(applicants, listings)
    loaded = time.perf_counter() - started
    election = Election.objects.get(slug="pemilu-2024")
    backend_before = backend_cpu_seconds()
    started, cpu_started = time.perf_counter(), time.process_time()
    result = eligibility_assess(election=election, actor="bench")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    backend_cpu = backend_cpu_seconds() - backend_before
    print(f"database: {engine}, {applicants:,} applicants, {listings:,} listings, loaded in {loaded:.0f} s (not timed)")
    print(f"planted: {', '.join(f'{k} {v}' for k, v in planted.items())}")
    print(f"assessed: {result.assessed:,}: {result.eligible:,} eligible, {result.ineligible:,} not, "
          f"moved {result.moved:,}")  # fmt: skip
    print("  by reason: " + ", ".join(f"{k} {v}" for k, v in sorted(result.by_reason.items())))
    print("  " + ", ".join(f"{phase}: {t:.1f} s" for phase, t in result.timings.items()))
    problems = []
    if result.by_reason.get("party_member") != planted["listed"]:
        problems.append(f"listed now: planted {planted['listed']}, found {result.by_reason.get('party_member')}")
    if result.by_reason.get("party_recent") != planted["recent"]:
        problems.append(f"taken off lately: planted {planted['recent']}, found {result.by_reason.get('party_recent')}")
    if result.by_reason.get("spouse_officer") != planted["spouse"]:
        problems.append(f"spouses: planted {planted['spouse']}, found {result.by_reason.get('spouse_officer')}")
    if result.by_reason.get("health_uncleared", 0) > planted["health"]:
        problems.append("more high risks than planted")
    if problems:
        print("FAILED: " + "; ".join(problems), file=sys.stderr)
        return 1
    print(f"CPU: Python {cpu:.1f} s, PostgreSQL backend {backend_cpu:.1f} s, wall {seconds:.1f} s")
    print(f"reference loop: {reference_seconds():.2f} s (bench/support.py)")
    print(f"officer eligibility: {seconds:.1f} s for {result.assessed:,} applicants against {listings:,} listings "
          f"({result.assessed / seconds:,.0f} applicants/s)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
