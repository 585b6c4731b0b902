"""Benchmark: the CPU one request costs in the server process, per kind of request, through the WSGI
application in process (no HTTP server, no client on the machine): what the middleware, the fast paths
and the full stack cost, without the load generator's noise.

    .venv/bin/python bench/fastpath_cpu.py --prepare --database-url postgres://…/postgres
    .venv/bin/python bench/fastpath_cpu.py --round 0 --database-url postgres://…/postgres
    .venv/bin/python bench/fastpath_cpu.py --size tiny --database-url postgres://…/postgres  # all at once

``--prepare`` creates the database ``suara_bench_fastpath`` (the tiny slice, KPPS tokens, one published
national count) and leaves it for the rounds; ``--drop`` removes it. Each ``--round`` sends its own TPS's
new submissions, so rounds of two versions of the code can be alternated on the same database (run each
with its tree first on PYTHONPATH). Figures: CPU microseconds (``time.process_time``) per request; the
database server's own CPU is not in them. The reference loop's time is printed beside them.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from support import django_setup, migrated_template, reference_seconds

NAME = "suara_bench_fastpath"
WORKDIR = Path(os.environ.get("TMPDIR", "/tmp")) / NAME
PER_ROUND = 250  # new submissions a round
CONTEST = "ppwp-2024"


def _admin(url: str):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(
        urlunsplit(parts._replace(path="/postgres")).replace("postgres://", "postgresql://", 1), autocommit=True
    )


def _db_url(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{NAME}"))


def _photo() -> str:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (160, 120), (230, 230, 220)).save(buffer, "JPEG")
    return base64.b64encode(buffer.getvalue()).decode()


def prepare(url: str, rounds: int) -> None:
    with _admin(url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{NAME}" TEMPLATE "{migrated_template(admin, urlsplit(url))}"')
    django_setup(_db_url(url), WORKDIR)
    from django.core.management import call_command
    from results_load import _prepare, tally_for

    from suara.accounts.models import ApiToken
    from suara.audit.actors import Actor
    from suara.results.recap.fold import recap_fold
    from suara.results.recap.rebuild import recap_publish_all

    tokens = _prepare("tiny", rounds * PER_ROUND + 1)
    ApiToken.objects.update(rate_per_minute=10**9)
    rng = random.Random(7)  # noqa: S311 - test data
    photo = _photo()
    plan = [
        {"token": token, "body": {"submission_id": f"cpu-{code}", "contest": CONTEST, "tps": code, **tally_for(rng)}}
        for code, token in tokens
    ]
    for item in plan:
        item["body"]["photos"] = [{"content_base64": photo}]
    (WORKDIR / "plan.json").write_text(json.dumps(plan))
    recap_publish_all(contest=CONTEST, actor=Actor.named("bench"))
    while recap_fold():
        pass
    call_command("collectstatic", interactive=False, verbosity=0)  # the pages name hashed static files


def measure(url: str, round_index: int, count: int) -> None:
    os.environ["SUARA_CEK_DPT_RATE"] = str(10**9)
    os.environ["SUARA_CEK_DPT_NIK_RATE"] = str(10**9)
    django_setup(_db_url(url), WORKDIR)
    from django.core.wsgi import get_wsgi_application
    from django.test.client import FakePayload, RequestFactory

    import suara

    app = get_wsgi_application()
    factory = RequestFactory()
    plan = json.loads((WORKDIR / "plan.json").read_text())
    retry, fresh = plan[0], plan[1 + round_index * PER_ROUND : 1 + (round_index + 1) * PER_ROUND]

    def environ(method: str, path: str, body: bytes = b"", **headers) -> dict:
        env = factory._base_environ(
            PATH_INFO=path, REQUEST_METHOD=method, HTTP_HOST="127.0.0.1", REMOTE_ADDR="127.0.0.1", **headers
        )
        if body:
            env.update(
                CONTENT_LENGTH=str(len(body)), CONTENT_TYPE="application/json", **{"wsgi.input": FakePayload(body)}
            )
        return env

    statuses: dict[str, dict[str, int]] = {}

    def send(kind: str, env: dict) -> None:
        answer = {}
        chunks = app(env, lambda status, headers: answer.setdefault("status", status[:3]))
        b"".join(chunks)
        chunks.close()
        tally = statuses.setdefault(kind, {})
        tally[answer["status"]] = tally.get(answer["status"], 0) + 1

    def submission(item: dict) -> dict:
        return environ(
            "POST", "/api/v1/results", json.dumps(item["body"]).encode(), HTTP_AUTHORIZATION=f"Bearer {item['token']}"
        )

    kinds = {
        "api read (fast)": lambda i: environ("GET", f"/api/v1/contests/{CONTEST}/recap"),
        "page read (fast)": lambda i: environ("GET", f"/hasil/{CONTEST}/", HTTP_ACCEPT_ENCODING="gzip"),
        "cek DPT (fast)": lambda i: environ(
            "POST",
            "/api/v1/cek-dpt",
            json.dumps({"nik": f"327601150885{i % 10000:04d}", "nama": "Budi Santoso"}).encode(),
        ),
        "retried submission (fast)": lambda i: submission(retry),
        "elections list (full stack)": lambda i: environ("GET", "/api/v1/elections"),
    }
    send("warm-up", submission(retry))
    figures = {}
    for kind, make in kinds.items():
        for i in range(50):  # warm-up: the page is rendered and kept, caches filled
            send("warm-up", make(i))
        envs = [make(i) for i in range(count)]
        started = time.process_time()
        for env in envs:
            send(kind, env)
        figures[kind] = (time.process_time() - started) / count
    envs = [submission(item) for item in fresh]
    started = time.process_time()
    for env in envs:
        send("new submission (fast)", env)
    figures["new submission (fast)"] = (time.process_time() - started) / len(envs)

    print(f"code: {Path(suara.__file__).parent.parent}; round {round_index}; {count} requests of each kind")
    print(f"machine speed: the reference loop took {reference_seconds():.2f} s (bench/support.py)")
    for kind, seconds in figures.items():
        print(f"{kind:30s} {seconds * 1e6:8.0f} µs CPU/request  statuses {statuses[kind]}")


def _whole_run(database_url: str, count: int) -> int:
    """The steps one after another, each in a process of its own (each sets Django up for its database)."""
    me = [sys.executable, __file__, "--database-url", database_url]
    try:
        subprocess.run([*me, "--prepare", "--rounds", "1"], check=True)
        subprocess.run([*me, "--round", "0", "--count", str(count)], check=True)
    finally:
        subprocess.run([*me, "--drop"], check=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--prepare", action="store_true")
    parser.add_argument("--drop", action="store_true")
    parser.add_argument("--rounds", type=int, default=8, help="with --prepare: how many rounds to plan TPS for")
    parser.add_argument("--round", type=int, default=None)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument(
        "--size",
        choices=("tiny", "full"),
        help="prepare, one round (tiny: 100 requests of each kind) and drop, each step in its own process",
    )
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("a PostgreSQL --database-url is needed")
    if args.size:
        return _whole_run(args.database_url, 100 if args.size == "tiny" else args.count)
    if args.prepare:
        prepare(args.database_url, args.rounds)
    if args.round is not None:
        measure(args.database_url, args.round, args.count)
    if args.drop:
        with _admin(args.database_url) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
