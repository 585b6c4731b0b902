"""Benchmark: rumour reports taken and grouped while the inbox already holds thousands of groups (issue 18
§2: grouping must not compare a report with every group).

    .venv/bin/python bench/rumour_intake.py --database-url postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/rumour_intake.py --size tiny      # 60 groups first, 40 timed (CI), SQLite or PostgreSQL

It creates, migrates and drops a scratch database ``suara_bench_rumours`` (a temporary SQLite file without
a PostgreSQL URL). Not timed: the inbox filled through the service (``services_rumours.rumour_report``) with
2,000 synthetic rumours (60 at the tiny size) of a fixed seed, each from a subject, an act, a place, a
number and a few details, in a chain message's wrapping, so that many share words as election rumours do.
Timed, in one process: 200 more reports (40) through the same service, half a rumour reported before
(retyped: words dropped, chat spellings, punctuation) and half a new one; printed with the time per report
(wall, and the CPU of this process and of its PostgreSQL backend), how many joined a group, how many groups
the candidates' keys found on average, and the reference-loop time (``support.reference_seconds``). The
last line is the headline figure.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time

from support import backend_cpu_reader, django_setup, reference_seconds, scratch_database

BENCH_DATABASE = "suara_bench_rumours"
SIZES = {"tiny": 60, "full": 2000}  # groups first
TIMED = {"tiny": 40, "full": 200}  # then reports timed
SUBJECTS = ["surat suara", "kotak suara", "petugas KPPS", "data DPT", "Sirekap", "formulir C1", "tinta pemilu",
            "saksi paslon", "logistik pemilu", "kartu pemilih"]  # fmt: skip
ACTS = ["sudah dicoblos", "dibakar massa", "hilang di gudang", "dijual di grup Telegram", "diretas hacker asing",
        "ditukar tengah malam", "dibuang ke sungai", "dipalsukan oknum", "bocor ke publik", "dibawa kabur"]  # fmt: skip
PLACES = ["Depok", "Bekasi", "Bogor", "Medan", "Makassar", "Surabaya", "Kampar", "Sleman", "Padang", "Kupang"]


def rumour(rng: random.Random, number: int) -> str:
    """An election rumour of the usual shape, with its own details (names, things: words of Faker's word
    list, so that two rumours differ as two real ones do), in a chain message's wrapping."""
    from faker.providers.lorem.la import Provider

    details = " ".join(rng.sample(Provider.word_list, 5))
    return (
        f"Beredar kabar {rng.choice(SUBJECTS)} di TPS {number:03d} {rng.choice(PLACES)} {rng.choice(ACTS)} "
        f"oleh {details}, tolong sebarkan ke grup keluarga sebelum dihapus!"
    )


def retyped(rng: random.Random, text: str) -> str:
    words = [w for w in text.replace(",", "").split() if rng.random() > 0.12]
    swaps = {"sudah": "udah", "yang": "yg", "tolong": "tlg", "untuk": "utk"}
    return " ".join(swaps.get(w, w) for w in words).lower()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--size", choices=tuple(SIZES), default="full")
    args = parser.parse_args()
    with scratch_database(BENCH_DATABASE, args.database_url) as (url, engine, workdir):
        django_setup(url, workdir)
        return _measure(SIZES[args.size], TIMED[args.size], engine)


def _measure(count: int, timed_count: int, engine: str) -> int:
    from django.core.management import call_command

    from suara.information import grouping
    from suara.information.models import RumourGroup
    from suara.information.services_rumours import rumour_report

    call_command("migrate", verbosity=0)
    rng = random.Random(18)
    started = time.perf_counter()
    texts = [rumour(rng, i) for i in range(count)]
    for text in texts:
        rumour_report(text=text)
    groups = RumourGroup.objects.count()
    built = time.perf_counter() - started
    print(f"{count:,} reports written on {engine} in {built:.1f} s, {groups:,} groups (not timed)")

    timed = [retyped(rng, rng.choice(texts)) if i % 2 == 0 else rumour(rng, count + i) for i in range(timed_count)]
    latencies, joined = [], 0
    backend = backend_cpu_reader() or (lambda: 0.0)
    backend_started = backend()
    cpu_started, wall_started = time.process_time(), time.perf_counter()
    for text in timed:
        one = time.perf_counter()
        joined += rumour_report(text=text).joined
        latencies.append(time.perf_counter() - one)
    wall, cpu = time.perf_counter() - wall_started, time.process_time() - cpu_started
    server = backend() - backend_started if backend_started >= 0 else -1.0
    reference = reference_seconds()
    candidates = [_candidates(text) for text in timed]  # afterwards, not timed
    print(
        f"{timed_count} reports: {joined} joined a group (of {timed_count // 2} retyped); candidate groups per "
        f"report: {statistics.mean(candidates):.1f} found by their keys, at most {grouping.CANDIDATES} compared"
    )
    median, p95 = statistics.median(latencies) * 1000, sorted(latencies)[int(timed_count * 0.95)] * 1000
    in_server = f" + {server / timed_count * 1000:.1f} ms in the database server" if server >= 0 else ""
    print(
        f"median {median:.1f} ms, p95 {p95:.1f} ms; CPU a report: {cpu / timed_count * 1000:.1f} ms in this process"
        f"{in_server if engine == 'PostgreSQL' else ''}; reference loop {reference:.2f} s"
    )
    print(
        f"rumour intake on {engine}, {groups:,} groups: {timed_count / wall:,.0f} reports/s "
        f"({wall / timed_count * 1000:.1f} ms a report, grouping included)"
    )
    return 0


def _candidates(text: str) -> int:
    """How many groups a report of ``text`` finds under its keys (before the cut to the best few)."""
    from suara.information.models import RumourKey
    from suara.information.similarity import Signs, report_keys

    keys = report_keys(Signs.of(text=text))
    return RumourKey.objects.filter(key__in=keys).values("group_id").distinct().count()


if __name__ == "__main__":
    sys.exit(main())
