"""Benchmark: surveys of TPS signal (network readiness) posted by KPPS over HTTP against `suara serve`, from
the open-loop load generator on loopback (bench/loadgen.py, as bench/officer_checkins.py does).

    .venv/bin/python bench/network_survey.py                 # 320/s for 60 s on PostgreSQL (DATABASE_URL)
    .venv/bin/python bench/network_survey.py --size tiny     # 20/s for 5 s (CI)
    .venv/bin/python bench/network_survey.py --in-process    # one thread through the WSGI handler, no server

``--in-process`` sends the same requests one after the other through Django's WSGI handler (every
middleware, the API, the service, PostgreSQL) in this process, without gunicorn or the network: its CPU per
submission is what a server worker spends, and 1 / that is one core's ceiling; for a loaded machine where
the server's workers cannot even boot within the bench's minute.

Target (issue 16): ≥ 300 survey submissions/s. Kota Depok's and Kota Bekasi's geography is imported and each
of their TPS gets a KPPS account with an API token (fixtures, not measured); each request is one KPPS's
survey of its TPS (one to three operators, the browser's effective type and a probe time), with a fresh
survey id; about 2% more requests resend an earlier survey, which must answer 200 and record nothing.
Afterwards the table holds exactly the observations of the surveys sent. Printed: the rate sustained, the
latency, and the server's CPU per submission (gunicorn, without PostgreSQL). The last line is the headline.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import secrets
import sys
import uuid

import loadgen
import support
from support import django_setup, reference_seconds, scratch_database, served, write_geography_slice

SLICE = ("3275", "3276")
OPERATORS = ("telkomsel", "indosat", "xl", "smartfren")
KINDS = ("4g", "4g", "3g", "voice", "none")


def _prepare(workdir) -> list[tuple[str, str]]:
    """The geography slice and one KPPS account with a token per TPS; returns (tps, token) pairs."""
    from pathlib import Path

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    from suara.accounts.models import ApiToken, RoleAssignment, User
    from suara.audit.actors import Actor
    from suara.regions.models import Tps
    from suara.regions.services import geography_import, regions_load_kemendagri

    Path(os.environ["SUARA_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    regions_load_kemendagri(actor=Actor.named("bench"))
    wilayah, tps_path, _ = write_geography_slice(Path(settings.DATA_DIR), workdir, SLICE)
    geography_import(wilayah_path=wilayah, tps_path=tps_path, overseas_path=None, actor=Actor.named("bench"))
    codes = list(Tps.objects.order_by("code").values_list("code", flat=True))
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
    connections.close_all()
    return tokens


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--size", choices=("tiny", "full"), default="full")
    parser.add_argument("--rate", type=float, default=None, help="new surveys a second (default 320; tiny 20)")
    parser.add_argument("--duration", type=float, default=None, help="seconds (default 60; tiny 5)")
    parser.add_argument("--workers", type=int, default=None, help="server processes (serve's default)")
    parser.add_argument("--threads", type=int, default=None, help="threads per gunicorn worker (serve's default)")
    parser.add_argument("--connections", type=int, default=512)
    parser.add_argument("--in-process", action="store_true", help="no server: the WSGI handler in this process")
    args = parser.parse_args()
    tiny = args.size == "tiny"
    rate = args.rate or (20.0 if tiny else 320.0)
    duration = args.duration or (5.0 if tiny else 60.0)
    fresh = int(rate * duration)
    with scratch_database("suara_bench_survey", args.database_url) as (url, engine, workdir):
        django_setup(url, workdir)
        tokens = _prepare(workdir)
        rng = random.Random(2024)  # noqa: S311 - test data
        plan: list[tuple[str, dict]] = []
        for i in range(fresh):
            code, token = tokens[i % len(tokens)]
            readings = [{"operator": op, "jenis": rng.choice(KINDS)} for op in rng.sample(OPERATORS, rng.randint(1, 3))]
            body = {"tps": code, "id": str(uuid.UUID(int=rng.getrandbits(128))), "sinyal": readings,
                    "jenis_koneksi": rng.choice(("4g", "3g", "2g", "")), "uji_ms": rng.randint(80, 4000)}  # fmt: skip
            plan.append((token, body))
            if rng.random() < 0.02:
                plan.append(rng.choice(plan))  # a resend: the same survey id and contents
        requests = [
            ("POST", "/api/v1/jaringan/survei",
             {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}, json.dumps(body).encode())
            for token, body in plan
        ]  # fmt: skip
        sent = {b["id"]: len(b["sinyal"]) for _, b in plan}
        if args.in_process:
            return _in_process(plan, sent, engine, len(tokens))
        with served(args.workers, threads=args.threads, background=False) as port:
            cpu_before = support.session_cpu_seconds(support.server_session) if support.server_session else 0.0
            outcome = loadgen.run(
                "127.0.0.1", port, lambda i: requests[i], rate=len(plan) / duration, duration=duration,
                connections=args.connections, keep_bodies=True,
            )  # fmt: skip
            server_cpu = (
                support.session_cpu_seconds(support.server_session) if support.server_session else 0.0
            ) - cpu_before
            shed = sorted(i for i, status in outcome.status_of.items() if status == 503)
            for _ in range(20):  # what was shed past capacity is sent again after the load, as a phone retries
                if not shed:
                    break
                again = loadgen.run(
                    "127.0.0.1", port, lambda k, pending=shed: requests[pending[k]], rate=min(100.0, len(shed)),
                    duration=len(shed) / min(100.0, len(shed)), connections=16,
                )  # fmt: skip
                shed = [shed[k] for k, status in again.status_of.items() if status == 503]
        from django.db.models import Count

        from suara.network.models import Observation

        stored = dict(Observation.objects.values_list("submission").annotate(n=Count("id")))
        created, resent = outcome.statuses.get(201, 0), outcome.statuses.get(200, 0)
        shed_count = outcome.statuses.get(503, 0)
    consistent = {str(k): v for k, v in stored.items()} == sent
    served_ok = {200, 201}
    print(f"database: {engine}; offered {rate:.0f} new surveys/s and the resends on top for {duration:.0f} s")
    print(f"machine speed: the reference loop took {reference_seconds():.2f} s (bench/support.py)")
    print(f"requests: {outcome.sent} sent, {len(outcome.latencies)} answered, {outcome.errors} failed")
    print(f"statuses: {dict(sorted(outcome.statuses.items()))} (201 recorded, 200 a resend recorded nothing)")
    print(f"latency: p50 {outcome.percentile(50) * 1000:.0f} ms, p99 {outcome.percentile(99) * 1000:.0f} ms")
    if created + resent:
        per = server_cpu / (created + resent) * 1000
        print(f"server CPU per submission: {per:.1f} ms (gunicorn, without PostgreSQL)")
    print(f"stored: {len(stored)} surveys for {len(sent)} sent: {'each once' if consistent else 'MISMATCH'}")
    print(
        f"survey submissions: {outcome.count_of(served_ok) / outcome.elapsed:.0f}/s sustained, "
        f"p99 {outcome.percentile_of(served_ok, 99) * 1000:.0f} ms, shed {shed_count / outcome.elapsed:.0f}/s "
        f"({engine}, {len(tokens)} TPS)"
    )
    ok = consistent and outcome.errors == 0 and set(outcome.statuses) <= served_ok | {503}
    return 0 if ok else 1


WARM_UP = 20


def _post(client, token: str, body: dict) -> int:
    answer = client.post("/api/v1/jaringan/survei", json.dumps(body), content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {token}")  # fmt: skip
    return answer.status_code


def _in_process(plan: list[tuple[str, dict]], sent: dict, engine: str, tps: int) -> int:
    import time
    from collections import Counter

    from django.db.models import Count
    from django.test import Client

    from suara.network.models import Observation

    client = Client(HTTP_HOST="127.0.0.1")
    statuses: Counter = Counter()
    for token, body in plan[:WARM_UP]:  # the first requests load the URL table and the code: not timed
        statuses[_post(client, token, body)] += 1
    plan = plan[WARM_UP:]
    backend_before = support.backend_cpu_seconds()
    started, cpu_started = time.perf_counter(), time.process_time()
    for token, body in plan:
        statuses[_post(client, token, body)] += 1
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    backend = support.backend_cpu_seconds() - backend_before if backend_before >= 0 else -1.0
    stored = dict(Observation.objects.values_list("submission").annotate(n=Count("id")))
    consistent = {str(k): v for k, v in stored.items()} == sent
    print(f"database: {engine}; {len(plan)} requests timed one after the other through the WSGI handler "
          f"(Django's test client, after {WARM_UP} not timed), {tps} TPS")  # fmt: skip
    print(f"machine speed: the reference loop took {reference_seconds():.2f} s (bench/support.py)")
    print(f"statuses: {dict(sorted(statuses.items()))} (201 recorded, 200 a resend recorded nothing)")
    print(f"stored: {len(stored)} surveys for {len(sent)} sent: {'each once' if consistent else 'MISMATCH'}")
    print(f"CPU per submission: {cpu / len(plan) * 1000:.2f} ms in Django (one core: {len(plan) / cpu:.0f}/s)"
          + (f", PostgreSQL {backend / len(plan) * 1000:.2f} ms" if backend >= 0 else ""))  # fmt: skip
    print(f"survey submissions (in process): {len(plan) / seconds:.0f}/s wall, one thread ({engine})")
    return 0 if consistent and set(statuses) <= {200, 201} else 1


if __name__ == "__main__":
    sys.exit(main())
