"""Benchmark: election-day check-ins of KPPS chairs over HTTP against `suara serve`, from the open-loop load
generator on loopback (bench/loadgen.py, as bench/submit_load.py does).

    .venv/bin/python bench/officer_checkins.py                 # 520/s for 60 s on PostgreSQL (DATABASE_URL)
    .venv/bin/python bench/officer_checkins.py --size tiny     # 20/s for 5 s (CI)

Target (issue 15): ≥ 500 check-ins/s sustained with p99 ≤ 200 ms (823k TPS checking in five times over
election day). Each TPS has a KPPS chair with an API token and a roster (chair, a member, a Linmas, set up
with bulk inserts: fixtures, not what is measured); its chair checks in at the opening, the closing, two
counting slots and the finish, in that order across the TPS; 2% of the chairs name a member unwell, and on
top of the load about 2% more requests resend an earlier check-in, which must answer 200 and record
nothing. Afterwards the table holds exactly one check-in per TPS and slot sent. The last line is the
headline.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import secrets
import sys
from datetime import UTC, date, datetime

import loadgen
import support
from support import django_setup, reference_seconds, scratch_database, served

SLOTS = ("buka", "tutup", "hitung-1", "hitung-2", "selesai")


def _prepare(tps_count: int) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """The election, one KPPS chair account with a token per TPS and each TPS's roster; returns (tps, token)
    pairs and a member's id per TPS (whom an unwell check-in names)."""
    from pathlib import Path

    from django.core.management import call_command
    from django.db import connections

    from suara.accounts.models import ApiToken, RoleAssignment, User
    from suara.elections.models import Election
    from suara.officers.models import Officer

    Path(os.environ["SUARA_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    call_command("load_elections", verbosity=0)
    election = Election.objects.get(slug="pemilu-2024")
    # Kota Depok's code space, made-up TPS numbers: authorization compares codes, the geography is not read.
    codes = [f"3276{n:09d}" for n in range(1, tps_count + 1)]
    users = User.objects.bulk_create([User(username=f"bench_kpps_{c}", password="!") for c in codes], batch_size=5000)
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=u, role="kpps", scope=c) for u, c in zip(users, codes, strict=True)], batch_size=5000
    )
    tokens, rows = [], []
    for user, code in zip(users, codes, strict=True):
        token = "suara_" + secrets.token_urlsafe(32)
        tokens.append((code, token))
        digest = hashlib.sha256(token.encode()).hexdigest()
        rows.append(ApiToken(user=user, name="bench", prefix=token[:12], digest=digest, rate_per_minute=1000))
    ApiToken.objects.bulk_create(rows, batch_size=5000)
    now, people, serial = datetime.now(UTC), [], 0
    for code in codes:
        for body, position in (("kpps", "ketua"), ("kpps", "anggota"), ("linmas", "")):
            serial += 1
            people.append(
                Officer(
                    election=election, body=body, posting_code=code, position=position, nik=f"3276{serial:012d}",
                    name=f"Petugas Contoh {serial}", sex="L", birth_date=date(1980, 1, 1), domicile_code=code[:10],
                    status="dilantik", applied_at=now, updated_at=now,
                )
            )  # fmt: skip
    Officer.objects.bulk_create(people, batch_size=5000)
    members = dict(
        Officer.objects.filter(election=election, body="kpps", position="anggota").values_list("posting_code", "pk")
    )
    connections.close_all()
    return tokens, members


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--size", choices=("tiny", "full"), default="full")
    parser.add_argument("--rate", type=float, default=None, help="new check-ins a second (default 520; tiny 20)")
    parser.add_argument("--duration", type=float, default=None, help="seconds (default 60; tiny 5)")
    parser.add_argument("--workers", type=int, default=None, help="server processes (serve's default)")
    parser.add_argument("--threads", type=int, default=None, help="threads per gunicorn worker (serve's default)")
    parser.add_argument("--connections", type=int, default=512)
    args = parser.parse_args()
    tiny = args.size == "tiny"
    rate = args.rate or (20.0 if tiny else 520.0)
    duration = args.duration or (5.0 if tiny else 60.0)
    fresh = int(rate * duration)
    tps_count = -(-fresh // len(SLOTS))
    with scratch_database("suara_bench_checkins", args.database_url) as (url, engine, workdir):
        django_setup(url, workdir)
        tokens, members = _prepare(tps_count)
        rng = random.Random(2024)  # noqa: S311 - test data
        plan: list[tuple[str, dict]] = []
        for slot in SLOTS:
            for code, token in tokens:
                if len(plan) >= fresh:
                    break
                unwell = [members[code]] if rng.random() < 0.02 else []
                body = {
                    "pemilu": "pemilu-2024",
                    "tps": code,
                    "jadwal": slot,
                    "semua_sehat": not unwell,
                    "tidak_sehat": unwell,
                }
                plan.append((token, body))
                if rng.random() < 0.02 and plan:
                    plan.append(rng.choice(plan))  # a resend: same TPS, same slot
        requests = [
            ("POST", "/api/v1/kesehatan/checkin",
             {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}, json.dumps(body).encode())
            for token, body in plan
        ]  # fmt: skip
        sent_pairs = {(b["tps"], b["jadwal"]) for _, b in plan}
        with served(args.workers, threads=args.threads, background=False) as port:
            cpu_before = support.session_cpu_seconds(support.server_session) if support.server_session else 0.0
            outcome = loadgen.run(
                "127.0.0.1", port, lambda i: requests[i], rate=len(plan) / duration, duration=duration,
                connections=args.connections, keep_bodies=True,
            )  # fmt: skip
            server_cpu = (
                support.session_cpu_seconds(support.server_session) if support.server_session else 0.0
            ) - cpu_before
            # What the server shed past capacity (503, Retry-After) is sent again after the load, as the phone
            # page retries: every (TPS, slot) must end with exactly one check-in.
            shed = sorted(i for i, status in outcome.status_of.items() if status == 503)
            shed_answered = 0
            for _ in range(20):
                if not shed:
                    break
                again = loadgen.run(
                    "127.0.0.1", port, lambda k, pending=shed: requests[pending[k]], rate=min(100.0, len(shed)),
                    duration=len(shed) / min(100.0, len(shed)), connections=16,
                )  # fmt: skip
                shed_answered += again.count_of({200, 201})
                shed = [shed[k] for k, status in again.status_of.items() if status == 503]
        from suara.officers.models import CheckIn

        stored = set(CheckIn.objects.values_list("tps_code", "slot"))
        created, resent = outcome.statuses.get(201, 0), outcome.statuses.get(200, 0)
        shed_count = outcome.statuses.get(503, 0)
    served_ok = {200, 201}
    consistent = stored == sent_pairs
    print(f"database: {engine}; offered {rate:.0f} new check-ins/s and the resends on top for {duration:.0f} s")
    print(f"machine speed: the reference loop took {reference_seconds():.2f} s (bench/support.py)")
    print(f"requests: {outcome.sent} sent, {len(outcome.latencies)} answered, {outcome.errors} failed")
    print(f"statuses: {dict(sorted(outcome.statuses.items()))} (201 recorded, 200 a resend recorded nothing)")
    print(f"latency: p50 {outcome.percentile(50) * 1000:.0f} ms, p99 {outcome.percentile(99) * 1000:.0f} ms")
    if created:
        print(
            f"server CPU per check-in: {server_cpu / (created + resent) * 1000:.1f} ms (gunicorn, without PostgreSQL)"
        )
    if shed_count:
        print(f"shed: {shed_count} answered 503 during the load; {shed_answered} accepted when sent again after it")
    print(
        f"stored: {len(stored)} check-ins for {len(sent_pairs)} (TPS, slot) sent: "
        f"{'one each' if consistent else 'MISMATCH'}"
    )
    print(
        f"officer check-ins: {outcome.count_of(served_ok) / outcome.elapsed:.0f}/s sustained, "
        f"p99 {outcome.percentile_of(served_ok, 99) * 1000:.0f} ms, shed {shed_count / outcome.elapsed:.0f}/s, "
        f"{resent} resends answered 200 "
        f"({engine}, {len(tokens)} TPS)"
    )
    ok = consistent and outcome.errors == 0 and set(outcome.statuses) <= served_ok | {503}
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
