"""Benchmark: public reads of the national real count, the page and the API, against `suara serve`.

    .venv/bin/python bench/public_read.py                 # 1,200 requests/s offered for 20 s each, PostgreSQL
    .venv/bin/python bench/public_read.py --size tiny     # 50/s for 3 s (CI)

Set-up: the 2024 count of a slice with a few thousand TPS results folded into the snapshots. The load
comes from an open-loop generator on loopback; the figure is answered requests a second (target ≥ 1,000)
with their p99 latency. The last line is the headline.
"""

from __future__ import annotations

import argparse
import base64
import os
import random
import sys

import loadgen
from results_load import _photo, _prepare, tally_for
from support import django_setup, scratch_database, served

PATHS = {"page": "/hasil/ppwp-2024/", "api": "/api/v1/contests/ppwp-2024/recap"}


def _fill(tokens: list[tuple[str, str]], count: int) -> None:
    """``count`` TPS results through the service, then folded: the national snapshot has real numbers."""
    from suara.accounts.models import User
    from suara.audit.actors import Actor
    from suara.results.entry.services import result_submit
    from suara.results.recap.fold import recap_fold
    from suara.results.tally import flatten

    photo = base64.b64decode(_photo())
    rng = random.Random(7)  # noqa: S311 - test data
    users = User.objects.in_bulk([f"bench_kpps_{code}" for code, _ in tokens], field_name="username")
    for code, _ in tokens[:count]:
        result_submit(
            actor=Actor.of(users[f"bench_kpps_{code}"]),
            contest="ppwp-2024",
            tps=code,
            tally=flatten(tally_for(rng)),
            photos=[photo],
            submission_id=f"read-{code}",
        )
    while recap_fold():
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--size", choices=("tiny", "full"), default="full")
    parser.add_argument("--rate", type=float, default=None)
    parser.add_argument("--duration", type=float, default=None)
    parser.add_argument("--workers", type=int, default=None, help="server processes (serve's default)")
    args = parser.parse_args()
    tiny = args.size == "tiny"
    rate = args.rate or (50.0 if tiny else 1200.0)
    duration = args.duration or (3.0 if tiny else 20.0)
    results = 50 if tiny else 3000

    with scratch_database("suara_bench_read", args.database_url) as (url, engine, workdir):
        django_setup(url, workdir)
        _fill(_prepare("tiny" if tiny else "full", results), results)
        from django.db import connections

        connections.close_all()
        figures = {}
        with served(args.workers, background=False) as port:
            for name, path in PATHS.items():
                loadgen.run("127.0.0.1", port, lambda i, p=path: ("GET", p, {}, b""), rate=rate / 4, duration=1)
                outcome = loadgen.run(
                    "127.0.0.1",
                    port,
                    lambda i, p=path: ("GET", p, {}, b""),
                    rate=rate,
                    duration=duration,
                    connections=32,
                )
                figures[name] = outcome
                print(
                    f"{name} {path}: {outcome.throughput:.0f} answered/s of {rate:.0f} offered, "
                    f"p50 {outcome.percentile(50) * 1000:.1f} ms, p99 {outcome.percentile(99) * 1000:.1f} ms, "
                    f"statuses {dict(sorted(outcome.statuses.items()))}, errors {outcome.errors}"
                )
    ok = all(set(o.statuses) == {200} and o.errors == 0 for o in figures.values())
    print(
        f"public read: page {figures['page'].throughput:.0f}/s (p99 {figures['page'].percentile(99) * 1000:.0f} ms), "
        f"API {figures['api'].throughput:.0f}/s (p99 {figures['api'].percentile(99) * 1000:.0f} ms) ({engine})"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
