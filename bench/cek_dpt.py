"""Benchmark: cek DPT lookups over HTTP against `suara serve`, on a large synthetic register.

    .venv/bin/python bench/cek_dpt.py --database-url postgres://postgres@127.0.0.1:5432/postgres   # 10M voters
    .venv/bin/python bench/cek_dpt.py --size tiny         # ~20,000 voters, 50 lookups/s for 3 s (CI)
    .venv/bin/python bench/cek_dpt.py --voters 1000000 --rates 300,1200   # another size, other rates

Set-up: the geography of Kota Depok and Kota Bekasi; the register filled by one COPY of synthetic rows
made here (valid NIKs from ``nik_make``, invented names; the indexes are dropped for the load and built
after it, as a restore would; then VACUUM and CHECKPOINT, so the lookups meet a register at rest rather
than the autovacuum of a fresh load); an integrator key whose rate (1,000,000 a minute) lifts the limit for the
benchmark while still counting every lookup. The load: open-loop POST /api/v1/cek-dpt at each offered
rate in turn (500, 1,000 and 1,200 a second by default, 20 s each), 80% registered
voters with their name, 10% a wrong name, 10% unknown NIKs; every answer is checked, and the server's log
is searched for every NIK sent (none may appear). Target: ≥ 1,000 lookups/s with p99 ≤ 50 ms on 10M
voters. The last line is the headline.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import loadgen
from support import django_setup, scratch_database, served, write_geography_slice

SLICE = ("3275", "3276")  # Kota Bekasi, Kota Depok
FIRST_NAMES = ("Budi", "Siti", "Agus", "Dewi", "Rina", "Joko", "Ani", "Hendra", "Wati", "Eko", "Nur", "Rudi")
LAST_NAMES = ("Santoso", "Wulandari", "Saputra", "Lestari", "Hidayat", "Rahmawati", "Pratama", "Kusuma")
BIRTH_DAYS = 25_000  # birth dates spread over ~68 years
BASE_BIRTH = date(1940, 1, 1)
KK = "3276010101100001"


def _prepare(workdir: Path) -> None:
    from django.conf import settings
    from django.core.management import call_command

    from suara.audit.actors import Actor
    from suara.regions.services import geography_import, regions_load_kemendagri

    call_command("migrate", verbosity=0)
    Path(os.environ["SUARA_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    wilayah, tps, _ = write_geography_slice(Path(settings.DATA_DIR), workdir, SLICE)
    regions_load_kemendagri(actor=Actor.named("bench"))
    geography_import(wilayah_path=wilayah, tps_path=tps, overseas_path=None, actor=Actor.named("bench"))
    call_command("load_elections", verbosity=0)


def _places() -> tuple[list[str], list[tuple[str, str]]]:
    """The slice's kecamatan codes, and (desa, TPS) pairs to spread voters over."""
    from suara.regions.models import Level, Region, Tps

    kecamatan = sorted(Region.objects.filter(level=Level.KECAMATAN).values_list("code", flat=True))
    posts = sorted(Tps.objects.values_list("desa_id", "code"))
    return kecamatan, posts


def voter_row(index: int, kecamatan: list[str], posts: list[tuple[str, str]]) -> tuple:
    """The i-th synthetic voter's (NIK, name, birth date, sex, (desa, TPS)): unique NIKs by construction
    (kecamatan, then birth date, then sex, then serial), each from nik_make."""
    from suara.people.nik import nik_make

    kec = kecamatan[index % len(kecamatan)]
    rest = index // len(kecamatan)
    born = BASE_BIRTH + timedelta(days=rest % BIRTH_DAYS)
    sex = "LP"[(rest // BIRTH_DAYS) % 2]
    serial = rest // (2 * BIRTH_DAYS) + 1
    nik = nik_make(kec, born, sex, serial)
    name = f"{FIRST_NAMES[index % len(FIRST_NAMES)]} {LAST_NAMES[(index // 7) % len(LAST_NAMES)]}"
    return nik, name, born, sex, posts[index % len(posts)]


def _fill(count: int, kecamatan: list[str], posts: list[tuple[str, str]]) -> float:
    """COPYs ``count`` voters (PostgreSQL; bulk_create on SQLite); returns rows a second."""
    from django.db import connection
    from django.utils import timezone

    from suara.people.names import name_key
    from suara.voters.models import Voter

    started = time.perf_counter()
    now = timezone.now()
    keys = {f"{f} {last}": name_key(f"{f} {last}") for f in FIRST_NAMES for last in LAST_NAMES}
    if connection.vendor != "postgresql":
        batch = []
        for i in range(count):
            nik, name, born, sex, (desa, tps) = voter_row(i, kecamatan, posts)
            batch.append(
                Voter(nik=nik, kk=KK, name=name, birth_date=born, sex=sex, marital="S", kemendagri_desa_code=desa,
                      desa_id=desa, tps_id=tps, name_key=keys[name], created_at=now, updated_at=now)
            )  # fmt: skip
        Voter.objects.bulk_create(batch, batch_size=5000)
        return count / (time.perf_counter() - started)
    table = Voter._meta.db_table
    columns = "nik, kk, name, birth_place, birth_date, sex, marital, address, rt, rw, kemendagri_desa_code, desa_id, "
    columns += "disability, tps_id, status, name_key, created_at, updated_at"
    stamp = now.isoformat()
    with connection.cursor() as cursor:
        # Indexes are built after the load (much faster than maintained row by row), as a restore does.
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'u'",
            [table],
        )
        uniques = cursor.fetchall()
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
            [table, table],
        )
        indexes = cursor.fetchall()
        for name, _ in uniques:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            buffer = io.StringIO()
            for i in range(count):
                nik, name, born, sex, (desa, tps) = voter_row(i, kecamatan, posts)
                buffer.write(
                    f"{nik}\t{KK}\t{name}\t\t{born.isoformat()}\t{sex}\tS\t\t\t\t{desa}\t{desa}\t\t{tps}\taktif\t"
                    f"{keys[name]}\t{stamp}\t{stamp}\n"
                )
                if i % 50_000 == 49_999:
                    copy.write(buffer.getvalue())
                    buffer = io.StringIO()
            copy.write(buffer.getvalue())
        for name, definition in uniques:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for _, definition in indexes:
            cursor.execute(definition)
        # A register at rest, as the lookups meet it in life: vacuumed (or autovacuum would start on the
        # freshly loaded table in the middle of the measurement) and checkpointed.
        cursor.execute(f"VACUUM (ANALYZE) {table}")
        cursor.execute("CHECKPOINT")
    return count / (time.perf_counter() - started)


def _integrator_key() -> str:
    from suara.accounts.services import role_assign, user_create
    from suara.accounts.tokens import MAX_RATE, token_issue
    from suara.audit.actors import Actor

    user = user_create(username="bench_integrator", password="bench-only-password-1234", actor=Actor.named("bench"))
    role_assign(user=user, role="integrator", scope="", actor=Actor.named("bench"))
    _, key = token_issue(user=user, name="bench cek DPT", rate_per_minute=MAX_RATE, actor=Actor.named("bench"))
    return key


def _lookups(count: int, kecamatan, posts, total: int) -> list[tuple[bytes, bool]]:
    """``total`` request bodies with whether each should be answered registered (80/10/10)."""
    import random

    from suara.people.nik import nik_make

    rng = random.Random(11)  # noqa: S311 - test data
    bodies = []
    for n in range(total):
        kind = n % 10
        nik, name, *_ = voter_row(rng.randrange(count), kecamatan, posts)
        if kind == 8:
            name = "Nama Yang Salah"
        elif kind == 9:  # a serial beyond any the register uses: an unknown NIK
            nik = nik_make(nik[:6], date(1999, 9, 9), "L", 9999)
        bodies.append((json.dumps({"nik": nik, "nama": name.upper()}).encode(), kind < 8))
    return bodies


def _cpu_used(pid: int) -> float:
    """CPU seconds a process has used (Linux /proc), 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CpuSampler(threading.Thread):
    """CPU used by the server (every process whose command line binds the port) and by this database's
    PostgreSQL backends while the load runs. Backends come and go (connections are recycled after 60 s),
    so each is sampled every half second and counted from when it was first seen (from zero when it
    started during the run). Unlike the throughput, what a lookup costs in CPU hardly depends on what
    else the machine is running."""

    def __init__(self, port: int):
        super().__init__(daemon=True)
        self.port, self.done = port, threading.Event()
        self.first: dict[tuple[str, int], float] = {}
        self.last: dict[tuple[str, int], float] = {}
        self.started = False

    def _pids(self, cursor) -> list[tuple[str, int]]:
        pids = []
        for entry in Path("/proc").glob("[0-9]*"):
            try:
                if f"127.0.0.1:{self.port}".encode() in (entry / "cmdline").read_bytes():
                    pids.append(("server", int(entry.name)))
            except OSError:
                continue
        if cursor is not None:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            pids += [("database", pid) for (pid,) in cursor.fetchall()]
        return pids

    def _sample(self, cursor) -> None:
        for key in self._pids(cursor):
            used = _cpu_used(key[1])
            self.first.setdefault(key, used if not self.started else 0.0)
            self.last[key] = max(used, self.last.get(key, 0.0))
        self.started = True

    def run(self) -> None:
        from django.db import connection

        cursor = connection.cursor() if connection.vendor == "postgresql" else None
        try:
            while True:
                self._sample(cursor)
                if self.done.wait(0.5):
                    self._sample(cursor)
                    return
        finally:
            connection.close()

    def stop(self) -> tuple[float, float]:
        """(server, database) CPU seconds used since the start."""
        self.done.set()
        self.join()
        totals = {"server": 0.0, "database": 0.0}
        for key, last in self.last.items():
            totals[key[0]] += last - self.first[key]
        return totals["server"], totals["database"]


def _measure(port: int, headers: dict, lookups: list, rate: float, duration: float, offset: int) -> dict:
    """One open-loop run at ``rate``; its figures, every answer checked against what it should say."""
    sampler = CpuSampler(port)
    sampler.start()

    def request(i: int) -> tuple[str, str, dict[str, str], bytes]:
        return "POST", "/api/v1/cek-dpt", headers, lookups[(i + offset) % len(lookups)][0]

    loadgen_cpu = time.process_time()
    outcome = loadgen.run("127.0.0.1", port, request, rate=rate, duration=duration, connections=32, keep_bodies=True)
    loadgen_cpu = time.process_time() - loadgen_cpu
    answered = max(len(outcome.latencies), 1)
    app_ms, db_ms = (seconds * 1000 / answered for seconds in sampler.stop())
    wrong = sum(
        json.loads(body)["terdaftar"] is not lookups[(i + offset) % len(lookups)][1]
        for i, body in outcome.bodies
        if body[:1] == b"{"
    )
    figures = {
        "rate": rate,
        "throughput": outcome.throughput,
        "p50": outcome.percentile(50) * 1000,
        "p99": outcome.percentile(99) * 1000,
        "ok": set(outcome.statuses) == {200} and outcome.errors == 0 and wrong == 0,
        "cpu_ms": app_ms + db_ms,
    }
    print(
        f"offered {rate:.0f}/s: {outcome.throughput:.0f} answered/s, p50 {figures['p50']:.1f} ms, "
        f"p99 {figures['p99']:.1f} ms, statuses {dict(sorted(outcome.statuses.items()))}, "
        f"errors {outcome.errors}, wrong answers {wrong}; CPU a lookup: server {app_ms:.2f} ms + "
        f"PostgreSQL {db_ms:.2f} ms (and this load generator {loadgen_cpu * 1000 / answered:.2f} ms, on the same cores)"
    )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--size", choices=("tiny", "full"), default="full")
    parser.add_argument("--voters", type=int, default=None)
    parser.add_argument("--rates", default=None, help="offered lookups a second, comma-separated (last: headline)")
    parser.add_argument("--duration", type=float, default=None, help="seconds at each rate")
    parser.add_argument("--workers", type=int, default=None, help="server processes (serve's default)")
    parser.add_argument("--threads", type=int, default=None, help="threads per server process (serve's default)")
    args = parser.parse_args()
    tiny = args.size == "tiny"
    count = args.voters or (20_000 if tiny else 10_000_000)
    rates = [float(r) for r in (args.rates or ("50" if tiny else "500,1000,1200")).split(",")]
    duration = args.duration or (3.0 if tiny else 20.0)

    with scratch_database("suara_bench_cekdpt", args.database_url) as (url, engine, workdir):
        django_setup(url, workdir)
        _prepare(workdir)
        kecamatan, posts = _places()
        started = time.perf_counter()
        fill_rate = _fill(count, kecamatan, posts)
        print(
            f"register: {count:,} synthetic voters in {time.perf_counter() - started:.0f} s ({fill_rate:,.0f} rows/s)"
        )
        key = _integrator_key()
        lookups = _lookups(count, kecamatan, posts, int(sum(rates) * duration + max(rates)))
        from django.db import connections

        connections.close_all()
        headers = {"Content-Type": "application/json", "X-API-Key": key}
        runs = []
        with served(args.workers, threads=args.threads, background=False) as port:
            warm = int(sum(rates) * duration)  # warm-up lookups come from beyond the measured ones
            loadgen.run(
                "127.0.0.1",
                port,
                lambda i: ("POST", "/api/v1/cek-dpt", headers, lookups[(warm + i) % len(lookups)][0]),
                rate=max(rates) / 4,
                duration=1,
            )
            offset = 0
            for rate in rates:
                runs.append(_measure(port, headers, lookups, rate, duration, offset))
                offset += int(rate * duration)
        log = (Path(os.environ["SUARA_VAR_DIR"]) / "serve.log").read_text()
        sent = {json.loads(body)["nik"] for body, _ in lookups}
        runs_of_digits = re.findall(r"\d{16,}", log)
        leaked = len(sent & {run[i : i + 16] for run in runs_of_digits for i in range(len(run) - 15)})
    print(f"NIKs found in the server's log: {leaked} of {len(sent):,} sent")
    within = [r["throughput"] for r in runs if r["p99"] <= 50]
    best = f"; best with p99 <= 50 ms: {max(within):.0f}/s" if within else "; no rate kept p99 <= 50 ms"
    ok = all(r["ok"] for r in runs) and leaked == 0
    last = runs[-1]
    cpu_ms = min(r["cpu_ms"] for r in runs)
    print(
        f"cek DPT: {last['throughput']:.0f} lookups/s of {last['rate']:.0f} offered, p99 {last['p99']:.0f} ms"
        f"{best}; {cpu_ms:.2f} CPU ms a lookup (~{1000 / cpu_ms if cpu_ms else 0:.0f}/s per free core), "
        f"on {count:,} voters ({engine}){'' if ok else ' FAILED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
