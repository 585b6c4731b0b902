"""Benchmark: the photo bomb (many large photos at once) against `suara serve` (2 processes of 4 threads).

    .venv/bin/python bench/photo_bomb.py               # 8 requests at once, 10 RGBA PNG of 6300x6300 each
    .venv/bin/python bench/photo_bomb.py --size tiny   # 2 requests of 2 such photos (CI)

One KPPS token sent 10 photos of 6300x6300 RGBA PNG (about 154 KB each: they are blank) per request;
8 such requests at once cost the server 42 CPU seconds and a gigabyte of memory, most of it before the
code noticed that the TPS already had a result. Two rounds, each 8 requests at once from 8 KPPS:

- "TPS with a result": each KPPS's TPS has its result already (the refusal is 409);
- "fresh TPS": none has, so the photos are the only thing to judge.

For each round: the statuses, the CPU seconds the server's processes used, and the peak of their
resident memory (summed over gunicorn's processes, read from /proc every 20 ms) above what they held
before. The last line is the headline.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import os
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import support
from results_load import _photo, _prepare, tally_for
from support import django_setup, reference_seconds, scratch_database, served

SIZES = {"full": (8, 10), "tiny": (2, 2)}  # requests at once, photos per request
SIDE = 6300


def bomb_photo() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGBA", (SIDE, SIDE)).save(out, "PNG")
    return out.getvalue()


def session_rss_bytes(session: int) -> int:
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[3]) != session:
                continue
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def post(port: int, token: str, body: bytes) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/results",
        data=body,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=300) as response:  # noqa: S310 - loopback
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        exc.read()
        return exc.code


def submission(code: str, sid: str, photos: list[str]) -> bytes:
    import random

    body = {"submission_id": sid, "contest": "ppwp-2024", "tps": code, **tally_for(random.Random(code))}
    body["photos"] = [{"content_base64": p} for p in photos]
    return json.dumps(body).encode()


def attack(port: int, bodies: list[tuple[str, bytes]]) -> dict:
    session = support.server_session
    rss_before = session_rss_bytes(session)
    cpu_before = support.session_cpu_seconds(session)
    peak = [rss_before]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], session_rss_bytes(session))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    statuses: list[int] = []
    started = time.perf_counter()
    threads = [threading.Thread(target=lambda t=t, b=b: statuses.append(post(port, t, b))) for t, b in bodies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    time.sleep(0.3)  # let the workers finish what they still hold
    done.set()
    sampler.join()
    return {
        "statuses": {s: statuses.count(s) for s in sorted(set(statuses))},
        "cpu": support.session_cpu_seconds(session) - cpu_before,
        "peak_mb": (peak[0] - rss_before) / 2**20,
        "base_mb": rss_before / 2**20,
        "elapsed": elapsed,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=tuple(SIZES), default="full")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", "sqlite://"))
    args = parser.parse_args()
    requests, per_request = SIZES[args.size]
    with scratch_database("suara_bench_photo_bomb", args.database_url) as (url, engine, workdir):
        django_setup(url, workdir)
        tokens = _prepare("tiny", 2 * requests)
        photo = base64.b64encode(bomb_photo()).decode()
        print(f"database: {engine}; {requests} requests at once, each {per_request} RGBA PNG of {SIDE}x{SIDE} "
              f"({len(photo) * 3 // 4 // 1024} KB each)")  # fmt: skip
        with served(2, threads=4) as port:
            with_result, fresh = tokens[:requests], tokens[requests:]
            for code, token in with_result:  # each of these TPS sends its real result first
                status = post(port, token, submission(code, f"real-{code}", [_photo()]))
                assert status == 201, status
            rounds = {
                "TPS with a result": attack(
                    port, [(t, submission(c, f"bomb-{c}", [photo] * per_request)) for c, t in with_result]
                ),
                "fresh TPS": attack(port, [(t, submission(c, f"bomb-{c}", [photo] * per_request)) for c, t in fresh]),
            }
        print(f"machine speed: the reference loop took {reference_seconds():.2f} s (bench/support.py)")
        for name, r in rounds.items():
            print(
                f"{name}: statuses {r['statuses']}; server CPU {r['cpu']:.1f} s; peak memory +{r['peak_mb']:.0f} MB "
                f"over {r['base_mb']:.0f} MB; answered in {r['elapsed']:.1f} s"
            )
        total_cpu = sum(r["cpu"] for r in rounds.values())
        peak = max(r["peak_mb"] for r in rounds.values())
        print(f"photo bomb: {total_cpu:.1f} CPU-s and at most +{peak:.0f} MB for {2 * requests} requests")
        log = Path(os.environ["SUARA_VAR_DIR"]) / "serve.log"
        if os.environ.get("BENCH_SHOW_SERVER_LOG") and log.exists():
            print(log.read_text()[-2000:])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
