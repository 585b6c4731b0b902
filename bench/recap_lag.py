"""Benchmark: from an accepted submission to the national total that counts it, under the submission load.

    .venv/bin/python bench/recap_lag.py                  # under 320 submissions/s for 60 s, PostgreSQL
    .venv/bin/python bench/recap_lag.py --size tiny      # 20/s for 5 s (CI)

The national recap is polled every 100 ms while bench/submit_load.py's load runs; a submission's lag is
the time from its answer to the first poll whose TPS count includes it. Target: p99 ≤ 2 s.
"""

import sys

from results_load import parse_args, run_load


def main() -> int:
    args = parse_args(__doc__.split("\n")[0])
    report = run_load(
        database_url=args.database_url, size=args.size, rate=args.rate, duration=args.duration, workers=args.workers
    )
    lags = sorted(report.lags)
    if not lags:
        print("no submission became visible")
        return 1

    def pct(p: float) -> float:
        return lags[min(len(lags) - 1, int(round(p / 100 * (len(lags) - 1))))]

    print(f"database: {report.engine}; load {args.rate:.0f}/s for {args.duration:.0f} s; {report.accepted} accepted")
    print(f"submissions seen in the national total: {len(lags)} of {report.accepted}")
    print(f"lag: p50 {pct(50):.2f} s, p90 {pct(90):.2f} s, max {lags[-1]:.2f} s")
    print(f"recap lag: p99 {pct(99):.2f} s ({report.engine})")
    return 0 if len(lags) == report.accepted and report.totals_match else 1


if __name__ == "__main__":
    sys.exit(main())
