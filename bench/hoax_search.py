"""Benchmark: searches over 10,000 published hoax clarifications (the issue's target: >= 500 searches/s).

    .venv/bin/python bench/hoax_search.py --database-url postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/hoax_search.py --size tiny      # 500 clarifications (for CI), SQLite or PostgreSQL

It creates, migrates and drops a scratch database ``suara_bench_hoax`` (a temporary SQLite file without a
PostgreSQL URL). The clarifications are synthetic (a fixed seed): a subject, an act, a place and a
platform from small word lists, Indonesian affixed forms among them ("kecurangan", "dicoblos"), with a
two-sentence explanation; written with one bulk insert, not timed. Timed: one process calling the search
selector (``information.selectors.search``, what the page and ``GET /api/v1/hoaks`` call) over 300
correctly spelt queries in a fixed order, one to three words: the headline searches/s, with the median
and p95 latency; then, apart, 30 misspelt short queries (PostgreSQL's typo path: trigram word similarity
after the full-text search found nothing, each word's nearest words in the lexicon). With PostgreSQL on
this machine, the CPU time of each search is printed too: this process's and the database backend's
(read from /proc), which a loaded machine moves far less than the wall clock. Printed with this
machine's reference-loop time (``support.reference_seconds``) to compare runs on
differently loaded machines. The last line printed is the headline figure.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time

from support import backend_cpu_reader, django_setup, reference_seconds, scratch_database

BENCH_DATABASE = "suara_bench_hoax"
SIZES = {"tiny": 500, "full": 10_000}
TARGET_PER_SECOND = 500
SUBJECTS = ["surat suara", "kotak suara", "petugas KPPS", "data DPT", "Sirekap", "TPS", "pemilih", "paslon",
            "caleg", "Bawaslu", "formulir C1", "tinta pemilu"]  # fmt: skip
ACTS = ["sudah dicoblos", "dibakar massa", "hilang di gudang", "kecurangan terstruktur", "dipalsukan",
        "ditukar malam hari", "bocor ke publik", "diretas asing", "dijual di pasar", "dibuang ke sungai",
        "penggelembungan suara", "pemilih siluman"]  # fmt: skip
PLACES = ["Depok", "Bekasi", "Bogor", "Medan", "Makassar", "Surabaya", "Kampar", "Pangkalpinang", "Sleman",
          "Padang", "Kupang", "Jayapura"]  # fmt: skip
PLATFORMS = ["facebook", "x", "tiktok", "instagram", "whatsapp", "youtube", "lainnya"]
VERDICT_ANSWERS = {
    "HOAKS": (False, False, True, False),
    "DISINFORMASI": (False, False, False, True),
    "MISINFORMASI": (False, False, False, False),
    "MENYESATKAN": (True, True, False, False),
    "BENAR": (True, False, False, False),
}
QUERIES = ["surat suara dicoblos", "sirekap diretas", "kecurangan", "curang", "kotak suara dibakar",
           "dpt bocor", "penggelembungan", "pemilih siluman depok", "tinta", "formulir c1 dipalsukan",
           "tps bekasi", "caleg dijual", "bawaslu", "gudang hilang", "sungai"]  # fmt: skip
TYPOS = ["sirekp", "kecurngan", "siluma", "bawasl", "penggelembngan"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--size", choices=tuple(SIZES), default="full")
    args = parser.parse_args()
    with scratch_database(BENCH_DATABASE, args.database_url) as (url, engine, workdir):
        django_setup(url, workdir)
        return _measure(SIZES[args.size], engine)


def _populate(count: int) -> float:
    from django.utils import timezone

    from suara.accounts.models import User
    from suara.information.matching import search_document
    from suara.information.models import Clarification

    started = time.perf_counter()
    rng = random.Random(18)
    author = User.objects.create_user(username="bench_author", password=None)
    now = timezone.now()
    rows = []
    verdicts = list(VERDICT_ANSWERS)
    for i in range(count):
        subject, act, place = rng.choice(SUBJECTS), rng.choice(ACTS), rng.choice(PLACES)
        claim = f"Beredar kabar {subject} {act} di {place} menjelang pemungutan suara (kabar {i})"
        explanation = (
            f"KPU {place} memeriksa kabar tentang {subject.lower()} itu dan tidak menemukan buktinya. "
            f"Laporan resmi dan dokumen pengawasan menunjukkan proses berjalan sesuai aturan ({i})."
        )
        verdict = verdicts[i % len(verdicts)]
        facts_true, misleading, fabricated, intent = VERDICT_ANSWERS[verdict]
        rows.append(
            Clarification(
                claim=claim,
                platform=rng.choice(PLATFORMS),
                verdict=verdict,
                facts_true=facts_true,
                misleading_frame=misleading,
                fabricated=fabricated,
                intent_to_deceive=intent,
                explanation=explanation,
                evidence=[],
                region_code="",
                search_document=search_document(claim, explanation),
                status=Clarification.Status.PUBLISHED,
                author=author,
                created_at=now,
                updated_at=now,
                published_at=now - timezone.timedelta(minutes=i),
            )  # fmt: skip
        )
    Clarification.objects.bulk_create(rows, batch_size=2000)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # A bulk load leaves the GIN indexes' pending lists full until a vacuum merges them (10x slower).
            for table in ("information_clarification", "information_searchentry", "information_searchword"):
                cursor.execute(f"VACUUM ANALYZE {table}")
    return time.perf_counter() - started


def _measure(count: int, engine: str) -> int:
    from django.core.management import call_command

    from suara.information.selectors import search

    call_command("migrate", verbosity=0)
    built = _populate(count)
    print(f"{count:,} clarifications written on {engine} in {built:.1f} s (not timed)")
    rng = random.Random(7)
    queries = [rng.choice(QUERIES) for _ in range(300)]
    for query in QUERIES + TYPOS:  # warm: connection, plans, caches
        search(query)
    found = {query: len(search(query)) for query in ("kecurangan", "curang", "sirekp", "siluman depok")}
    latencies = []
    backend = backend_cpu_reader() or (lambda: 0.0)
    cpu_started, backend_started = time.process_time(), backend()
    started = time.perf_counter()
    for query in queries:
        one = time.perf_counter()
        search(query)
        latencies.append(time.perf_counter() - one)
    elapsed = time.perf_counter() - started
    client_cpu, backend_cpu = time.process_time() - cpu_started, backend() - backend_started
    if backend_started < 0:
        backend_cpu = -1.0
    per_second = len(queries) / elapsed
    latencies.sort()
    reference = reference_seconds()
    print(f"results (of at most 20) for a few queries: {found}")
    median, p95 = statistics.median(latencies) * 1000, latencies[int(len(latencies) * 0.95)] * 1000
    print(f"median {median:.2f} ms, p95 {p95:.2f} ms; reference loop {reference:.2f} s")
    per = 1000 / len(queries)
    if backend_cpu >= 0:
        server = f" + {backend_cpu * per:.2f} ms in the database server" if engine == "PostgreSQL" else ""
        print(
            f"CPU per search: {client_cpu * per:.2f} ms in this process{server} -> "
            f"{len(queries) / (client_cpu + backend_cpu):,.0f} searches per CPU-second"
        )
    typo_latencies = []
    for i in range(30):
        one = time.perf_counter()
        search(TYPOS[i % len(TYPOS)])
        typo_latencies.append(time.perf_counter() - one)
    print(f"misspelt short queries (typo path): median {statistics.median(typo_latencies) * 1000:.1f} ms")
    per_cpu = len(queries) / (client_cpu + backend_cpu) if backend_cpu >= 0 else None
    verdicts = [f"wall clock {'met' if per_second >= TARGET_PER_SECOND else 'NOT met'}"]
    if per_cpu is not None:
        verdicts.append(f"by CPU time {per_cpu:,.0f}/s: {'met' if per_cpu >= TARGET_PER_SECOND else 'NOT met'}")
    print(
        f"hoax search on {engine}, {count:,} clarifications: {per_second:,.0f} searches/s "
        f"(target >= {TARGET_PER_SECOND}/s; {'; '.join(verdicts)})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
