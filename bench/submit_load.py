"""Benchmark: C.Hasil submissions over HTTP against `suara serve`, from a load generator on loopback.

    .venv/bin/python bench/submit_load.py                  # 320/s for 60 s on PostgreSQL (DATABASE_URL)
    .venv/bin/python bench/submit_load.py --size tiny      # 20/s for 5 s (CI)

Target: ≥ 300 valid submissions/s sustained for 60 s with p99 latency ≤ 200 ms, and afterwards the
national totals equal the sum of what was accepted. ``--rate`` new submissions a second go to TPS spread
over the slice, and on top of them about 2% more requests are retries of earlier submissions, which must
not count twice. The last line is the headline.

Past capacity (``--rate`` at twice what the machine holds): the server sheds what it cannot serve in time
(503 with Retry-After, suara/core/shedding.py) and the accepted p99 stays ≤ 1 s; what was shed is sent
again after the load, and the totals must still equal everything accepted: nothing is lost.
"""

import os
import re
import sys

from results_load import parse_args, run_load
from support import reference_seconds


def main() -> int:
    args = parse_args(__doc__.split("\n")[0])
    report = run_load(
        database_url=args.database_url,
        size=args.size,
        rate=args.rate,
        duration=args.duration,
        workers=args.workers,
        threads=args.threads,
        connections=args.connections,
    )
    outcome = report.outcome
    layout = f"{args.workers} server processes" if args.workers else "serve's default server processes"
    print(
        f"database: {report.engine}; offered {args.rate:.0f} new submissions/s and the retries on top for "
        f"{args.duration:.0f} s, {layout}"
    )
    print(f"machine speed: the reference loop took {reference_seconds():.2f} s (bench/support.py)")
    print(f"requests: {outcome.sent} sent, {len(outcome.latencies)} answered, {outcome.errors} failed")
    print(f"statuses: {dict(sorted(outcome.statuses.items()))}")
    print(f"accepted submissions: {report.accepted}; retries sent: {report.replays}")
    print(f"latency: p50 {outcome.percentile(50) * 1000:.0f} ms, p99 {outcome.percentile(99) * 1000:.0f} ms")
    served, shed = {200, 201}, {503}
    reasons: dict[str, int] = {}
    for index, body in outcome.bodies:
        if outcome.status_of.get(index) == 503:
            found = re.search(rb'"code":\s*"([^"]{1,40})"', body)
            code = found.group(1).decode() if found else "?"
            reasons[code] = reasons.get(code, 0) + 1
    if reasons:
        print(f"503 answers by code: {dict(sorted(reasons.items()))}")
    print(
        f"served: {outcome.count_of(served) / outcome.elapsed:.0f}/s, "
        f"p99 {outcome.percentile_of(served, 99) * 1000:.0f} ms; "
        f"shed: {outcome.count_of(shed) / outcome.elapsed:.0f}/s (503, Retry-After), "
        f"p99 {outcome.percentile_of(shed, 99) * 1000:.0f} ms; {report.shed_retried} of {report.shed} shed "
        "submissions accepted when sent again after the load"
    )
    print(f"totals: {'equal to what was accepted' if report.totals_match else 'MISMATCH'} ({report.totals_detail})")
    if report.lags:
        lags = sorted(report.lags)
        print(f"recap lag (see bench/recap_lag.py): p99 {lags[min(len(lags) - 1, int(0.99 * (len(lags) - 1)))]:.2f} s")
    ok = report.totals_match and outcome.errors == 0 and set(outcome.statuses) <= {200, 201, 503}
    print(f"the offered load took {outcome.elapsed:.0f} s to be answered")
    if report.accepted:
        # What each submission cost the machine, whatever else ran on it: 2 cores' worth of CPU seconds a
        # second divided by this is the most this machine could sustain.
        per = (report.server_cpu + max(report.database_cpu, 0.0)) / report.accepted * 1000
        database = (
            f", PostgreSQL {report.database_cpu / report.accepted * 1000:.1f} ms" if report.database_cpu >= 0 else ""
        )
        print(
            f"CPU per accepted submission: {per:.1f} ms (gunicorn and recap worker "
            f"{report.server_cpu / report.accepted * 1000:.1f} ms{database}); "
            f"{(os.cpu_count() or 1) * 1000 / per:.0f}/s would fill this machine's {os.cpu_count()} cores"
        )
    print(
        f"submit load: {(report.accepted - report.shed_retried) / outcome.elapsed:.0f} accepted/s sustained, "
        f"accepted p99 {outcome.percentile_of(served, 99) * 1000:.0f} ms, "
        f"shed {outcome.count_of(shed) / outcome.elapsed:.0f}/s, "
        f"totals {'match' if report.totals_match else 'MISMATCH'} ({report.engine})"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
