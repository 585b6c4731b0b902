"""Benchmark: what a region's announcements cost the origin behind a shared cache (the issue's target: >= 2,000
feed or announcement requests/s from a shared cache's point of view), through the WSGI application in this
process (every middleware, no HTTP server, no client on the machine).

    .venv/bin/python bench/announcements_feed.py --database-url postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/announcements_feed.py --size tiny     # 300 announcements, 30 requests a kind (CI)

It creates, migrates and drops a scratch database ``suara_bench_announcements`` (a temporary SQLite file
without a PostgreSQL URL). Set-up, not timed: the regions of Kota Depok and Kota Bekasi with their
kecamatan, and 20,000 published announcements (national, kab/kota and kecamatan ones, 100 scheduled
later) written with one bulk insert, and a change stamp per region.

Timed, per kind of request: a shared cache's revalidation of a list whose tag still holds (``If-None-Match``:
304 after one small statement) and a cold miss (no tag: one statement and the rendering), for the RSS feed of
Kota Depok, the nation's, the Atom feed, the API's list, the region's page and one announcement's page.
Figures: answers a second in this one process (wall time, one thread), the process's CPU microseconds a
request and the database backend's (PostgreSQL on this machine), and statements a request. The reference
loop's time is printed beside them (bench/support.py). A shared cache answers its hits itself; what reaches
the origin is its revalidations and misses, so the headline is the 304 path's rate per process.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time

from support import backend_cpu_seconds, django_setup, reference_seconds, scratch_database

BENCH_DATABASE = "suara_bench_announcements"
SIZES = {"tiny": (300, 30), "full": (20_000, 1_000)}  # announcements, requests of each kind
TARGET_PER_SECOND = 2_000
REGIONS = {
    "32": ("JAWA BARAT", 1),
    "3275": ("KOTA BEKASI", 2),
    "3276": ("KOTA DEPOK", 2),
    **{f"3276{n:02d}": (f"KECAMATAN DEPOK {n}", 3) for n in range(1, 12)},
    **{f"3275{n:02d}": (f"KECAMATAN BEKASI {n}", 3) for n in range(1, 13)},
}
CATEGORIES = ["tahapan", "rekrutmen", "dpb", "kampanye", "pemungutan", "hasil", "sosialisasi", "lainnya"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--size", choices=tuple(SIZES), default="full")
    args = parser.parse_args()
    with scratch_database(BENCH_DATABASE, args.database_url) as (url, engine, workdir):
        django_setup(url, workdir)
        return _measure(*SIZES[args.size], engine)


def _populate(count: int) -> None:
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    from suara.accounts.models import User
    from suara.announcements.models import Announcement, AnnouncementStamp
    from suara.regions.models import Region

    Region.objects.bulk_create(
        [
            Region(code=code, name=name, level=level, parent_id=code[: {1: 0, 2: 2, 3: 4}[level]] or None)
            for code, (name, level) in sorted(REGIONS.items(), key=lambda item: len(item[0]))
        ]
    )
    author = User.objects.create_user(username="bench_author", password=None)
    rng = random.Random(18)
    codes = ["", *REGIONS]
    now = timezone.now()
    rows = []
    for i in range(count):
        later = i < 100  # the first hundred are scheduled for the coming days
        publish_at = now + timedelta(hours=i + 1) if later else now - timedelta(minutes=i)
        code = rng.choice(codes)
        rows.append(
            Announcement(
                region_code=code,
                category=rng.choice(CATEGORIES),
                title=f"Pengumuman {i}: jadwal dan tata cara tahapan pemilu di wilayah {code or 'nasional'}",
                body="KPU menyampaikan informasi tahapan pemilu kepada masyarakat. " * 6,
                issuer="KPU Kota Depok",
                state="scheduled",
                publish_at=publish_at,
                version=1,
                author=author,
                writer_ids=[author.pk],
                created_at=now,
                updated_at=now,
                event_start=publish_at + timedelta(days=2) if i % 7 == 0 else None,
            )
        )
    Announcement.objects.bulk_create(rows, batch_size=2000)
    AnnouncementStamp.objects.bulk_create([AnnouncementStamp(code=c, own=1, subtree=5) for c in codes])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE announcements_announcement")


def _measure(count: int, requests: int, engine: str) -> int:
    from django.conf import settings
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from django.db import connection
    from django.test import RequestFactory

    from suara.announcements.models import Announcement

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    # The pages name their static files: plain names here (production's manifest would need collectstatic
    # first, and looks a name up in a dict: nothing to measure).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    print(f"database migrated in {time.perf_counter() - started:.1f} s (not timed)")
    started = time.perf_counter()
    _populate(count)
    print(f"{count:,} announcements written on {engine} in {time.perf_counter() - started:.1f} s (not timed)")
    app = get_wsgi_application()
    factory = RequestFactory()
    one = Announcement.objects.order_by("-pk").first()  # published: the first hundred are the later ones

    def environ(path: str, query: str = "", **headers) -> dict:
        return factory._base_environ(
            PATH_INFO=path, QUERY_STRING=query, REQUEST_METHOD="GET", HTTP_HOST="127.0.0.1", **headers
        )

    def send(env: dict) -> tuple[str, dict]:
        answer: dict = {}

        def start(status, headers):
            answer["status"] = status[:3]
            answer["headers"] = dict(headers)

        chunks = app(env, start)
        b"".join(chunks)
        chunks.close()
        return answer["status"], answer["headers"]

    paths = {
        "RSS Kota Depok": ("/pengumuman/3276/rss/", ""),
        "RSS nasional": ("/pengumuman/nasional/rss/", ""),
        "Atom kecamatan": ("/pengumuman/327601/atom/", ""),
        "API list Kota Depok": ("/api/v1/pengumuman", "wilayah=3276"),
        "page Kota Depok": ("/pengumuman/3276/", ""),
        "announcement page": (f"/pengumuman/baca/{one.pk}/", ""),
    }
    rows = []
    for name, (path, query) in paths.items():
        status, headers = send(environ(path, query))
        etag = headers["ETag"]
        for label, env in (
            ("304", environ(path, query, HTTP_IF_NONE_MATCH=etag)),
            ("cold", environ(path, query)),
        ):
            for _ in range(20):  # warm: connection, statements, templates
                send(dict(env))
            statements: list[str] = []

            def counted(execute, sql, *args, seen=statements):
                seen.append(sql)
                return execute(sql, *args)

            with connection.execute_wrapper(counted):
                status, _ = send(dict(env))
            envs = [dict(env) for _ in range(requests)]
            statuses: dict[str, int] = {}
            backend = backend_cpu_seconds()
            cpu, wall = time.process_time(), time.perf_counter()
            for e in envs:
                got, _ = send(e)
                statuses[got] = statuses.get(got, 0) + 1
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            backend = backend_cpu_seconds() - backend if backend >= 0 else -1.0
            rows.append((name, label, requests / wall, cpu / requests, backend / requests, len(statements), statuses))
    shared = _shared_cache(send, environ, requests * 20)
    reference = reference_seconds()
    print(f"machine speed: the reference loop took {reference:.2f} s (bench/support.py); {requests} requests a kind")
    for name, label, rate, cpu, backend, statements, statuses in rows:
        db = f"{backend * 1e6:6.0f} µs db" if backend >= 0 else "   n/a db"
        print(
            f"{name:22s} {label:4s} {rate:7,.0f}/s wall  {1 / cpu:7,.0f}/s a core  {cpu * 1e6:6.0f} µs CPU  {db}  "
            f"{statements} statement(s)  statuses {statuses}"
        )
    revalidations = [1 / cpu for _, label, _, cpu, *_ in rows if label == "304"]
    cold = [1 / cpu for _, label, _, cpu, *_ in rows if label == "cold"]
    slowest = min(revalidations)
    print(
        f"announcements on {engine}, {count:,} of them, origin CPU a core (the application's; this machine is "
        f"shared, wall figures above): 304 revalidations {slowest:,.0f}/s or more, cold misses "
        f"{min(cold):,.0f}-{max(cold):,.0f}/s "
        f"(target >= {TARGET_PER_SECOND:,}/s at the shared cache: "
        f"{'met' if slowest >= TARGET_PER_SECOND else 'NOT met'} by the 304 path alone)"
    )
    served, hits, origin = shared
    print(
        f"through a shared cache (max-age as answered, revalidated with If-None-Match), {requests * 20:,} requests "
        f"over {len(SHARED_PATHS)} addresses: {served:,.0f}/s, {hits:.1%} hits, origin answers {origin}"
    )
    return 0 if all(set(s) <= {"200", "304"} for *_, s in rows) else 1


SHARED_PATHS = [
    *(f"/pengumuman/{code}/rss/" for code in ("nasional", *REGIONS)),
    *(f"/pengumuman/3276/{category}/atom/" for category in CATEGORIES),
    "/pengumuman/3276/acara.ics",
]


def _shared_cache(send, environ, count: int) -> tuple[float, float, dict]:
    """A shared cache in front of the application, as a CDN keeps public answers: fresh for their max-age,
    then asked again with their tag. Readers ask for the addresses by a skewed popularity (the city's
    feed most). Returns (answers a second at the cache, the share answered from it, origin statuses)."""
    rng = random.Random(7)
    weights = [1 / (rank + 1) for rank in range(len(SHARED_PATHS))]
    asked = rng.choices(SHARED_PATHS, weights, k=count)
    kept: dict[str, tuple[str, float]] = {}  # path -> (etag, fresh until)
    origin: dict[str, int] = {}
    hits = 0
    started = time.perf_counter()
    for path in asked:
        now = time.monotonic()
        entry = kept.get(path)
        if entry is not None and entry[1] > now:
            hits += 1
            continue
        headers = {"HTTP_IF_NONE_MATCH": entry[0]} if entry else {}
        status, answer = send(environ(path, **headers))
        origin[status] = origin.get(status, 0) + 1
        max_age = int(answer["Cache-Control"].rsplit("=", 1)[1])
        kept[path] = (answer["ETag"], now + max_age)
    return count / (time.perf_counter() - started), hits / count, origin


if __name__ == "__main__":
    sys.exit(main())
