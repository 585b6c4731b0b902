"""Benchmark: the CPU one C.Hasil submission costs, in-process, through the production WSGI application
(every middleware of the production settings, the PostgreSQL backend), with no server and no load
generator: a figure that holds on a machine shared with other work, where a throughput does not.

    .venv/bin/python bench/submit_cpu.py --database-url postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/submit_cpu.py --size tiny                  # 100 submissions (CI)
    .venv/bin/python bench/submit_cpu.py --profile 40                 # and cProfile's 40 dearest functions
    .venv/bin/python bench/submit_cpu.py --callgrind                  # and instructions counted by valgrind

Sends ``--count`` valid submissions (1,000; 100 at ``--size tiny``), each to its own TPS of Kota Depok
with its KPPS's token, after ``--warmup`` more that are not counted, and after every ``--batch`` of them
runs a round of the recap worker (the audit seal and the fold), as the worker does under load (320/s for
half a second by default). Prints, per submission, the Python CPU (``time.process_time``) and the CPU of
this process's PostgreSQL backend (a server on this machine, read from /proc), for the requests and for
the worker's rounds apart, and what the cyclic garbage collector took of the requests' Python CPU.

With ``--callgrind`` more requests are sent in a child process under valgrind's callgrind, which counts
only while they are handled: the instructions one submission costs in Python and the libraries it calls
(not the kernel's work, such as writing files), repeatable to a fraction of a percent however busy the
machine is. The child freezes what its warm-up left (``gc.freeze``), so that a full collection falling
among the counted requests or not does not swing the count; ``--keep-callgrind DIR`` keeps its output
for ``callgrind_annotate``.

Each submission carries one small JPEG (160x120, the same for all, as bench/submit_load.py sends);
``--distinct-photos`` gives each its own, as real submissions have.
"""

from __future__ import annotations

import argparse
import base64
import gc
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import support
from support import django_setup, reference_seconds, scratch_database

CONTEST = "ppwp-2024"
PATH = "/api/v1/results"


def _jpeg(shade: int) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (160, 120), (230, 230, shade % 256)).save(buffer, "JPEG")
    return buffer.getvalue()


def _bodies(tokens: list[tuple[str, str]], *, distinct_photos: bool) -> list[tuple[str, bytes]]:
    """(token, JSON body) of one new submission per TPS, encoded before anything is measured."""
    from results_load import tally_for

    rng = random.Random(2024)  # noqa: S311 - test data
    same = base64.b64encode(_jpeg(220)).decode()
    out = []
    for index, (code, token) in enumerate(tokens):
        photo = base64.b64encode(_jpeg(index)).decode() if distinct_photos else same
        body = {"submission_id": f"cpu-{code}", "contest": CONTEST, "tps": code, **tally_for(rng)}
        body["photos"] = [{"content_base64": photo}]
        out.append((token, json.dumps(body).encode()))
    return out


def _application():
    """What gunicorn runs: suara.wsgi's application, behind the shedding wrapper where there is one."""
    from suara.wsgi import application

    try:
        from suara.core.shedding import shed_after_seconds, shedding
    except ImportError:  # code from before the shedding worker
        return application
    return shedding(application, budget=shed_after_seconds())


def _environ(token: str, body: bytes) -> dict:
    """The WSGI environ gunicorn builds for bench/loadgen.py's request."""
    return {
        "REQUEST_METHOD": "POST",
        "SCRIPT_NAME": "",
        "PATH_INFO": PATH,
        "RAW_URI": PATH,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "REMOTE_PORT": "40000",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_CONNECTION": "keep-alive",
        "HTTP_AUTHORIZATION": f"Bearer {token}",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def _send(app, token: str, body: bytes) -> int:
    status = []
    chunks = app(_environ(token, body), lambda s, headers, exc_info=None: status.append(s))
    try:
        b"".join(chunks)
    finally:
        if hasattr(chunks, "close"):
            chunks.close()
    return int(status[0][:3])


def _worker_round() -> None:
    """One round of the recap worker (suara/results/recap/worker.py) with the deltas pending, and the audit
    seal the scheduler makes. Older code is measured too: its modules had other names."""
    from suara.audit.services import audit_seal

    try:
        from suara.results.recap.fold import pending_contest_ids, recap_fold
    except ImportError:  # before results had sub-packages
        from suara.results.recap import pending_contest_ids, recap_fold

    audit_seal()
    folded = 0
    for contest_id in pending_contest_ids():
        folded += recap_fold(contest_id=contest_id, limit=20000)
    try:
        from suara.results.recap.status import worker_beat
    except ImportError:
        try:
            from suara.results.recap_status import worker_beat
        except ImportError:  # code from before the heartbeat
            return
        worker_beat(folded=folded > 0, sealed=True, seal_error="")  # when the worker sealed too
        return
    worker_beat(folded=folded > 0)


class _Meter:
    """Python CPU and PostgreSQL backend CPU spent inside ``with meter:`` blocks, summed; and of the Python
    CPU, what the cyclic garbage collector took (a full collection of a server's heap costs tens of
    milliseconds and comes every few hundred submissions, so it is counted apart)."""

    def __init__(self):
        self.python = self.database = self.collector = 0.0
        self.full_collections = 0
        self._inside = False
        self._collecting = 0.0
        gc.callbacks.append(self._collected)

    def _collected(self, phase: str, info: dict) -> None:
        if not self._inside:
            return
        if phase == "start":
            self._collecting = time.process_time()
            return
        self.collector += time.process_time() - self._collecting
        self.full_collections += info["generation"] == 2

    def __enter__(self):
        self._python, self._database = time.process_time(), support.backend_cpu_seconds()
        self._inside = True

    def __exit__(self, *exc):
        self._inside = False
        self.python += time.process_time() - self._python
        self.database += support.backend_cpu_seconds() - self._database


def _callgrind(on: bool) -> None:
    if os.environ.get("SUBMIT_CPU_CALLGRIND"):
        subprocess.run(  # noqa: S603 - a fixed command on our own pid
            ["callgrind_control", "--instr=on" if on else "--instr=off", str(os.getpid())],  # noqa: S607
            check=True,
            stdout=subprocess.DEVNULL,
        )


def measure(
    bodies: list[tuple[str, bytes]],
    *,
    warmup: int,
    batch: int,
    profile: int = 0,
    profile_file: str | None = None,
    freeze: bool = False,
) -> tuple[_Meter, _Meter]:
    """Sends the bodies (the first ``warmup`` not counted); returns the requests' and the rounds' meters.
    ``freeze``: what the warm-up left is moved out of the collector's reach (``gc.freeze``), so that
    whether a full collection falls among the counted requests does not swing an instruction count."""
    from django.db import connection

    app = _application()
    requests, rounds = _Meter(), _Meter()
    for token, body in bodies[:warmup]:
        if _send(app, token, body) != 201:
            raise SystemExit(f"a warm-up submission was not accepted: {body[:80]!r}")
    _worker_round()
    connection.ensure_connection()
    if freeze:
        gc.collect()
        gc.freeze()
    profiler = None
    if profile or profile_file:
        import cProfile

        # CPU time, not the wall clock: the waits on PostgreSQL are not this process's cost.
        profiler = cProfile.Profile(time.process_time)
    measured = bodies[warmup:]
    for start in range(0, len(measured), batch):
        _callgrind(True)
        with requests:
            if profiler:
                profiler.enable()
            statuses = [_send(app, token, body) for token, body in measured[start : start + batch]]
            if profiler:
                profiler.disable()
        _callgrind(False)
        if set(statuses) != {201}:
            raise SystemExit(f"submissions not all accepted: {sorted(set(statuses))}")
        with rounds:
            _worker_round()
    if profiler:
        import pstats

        if profile_file:
            profiler.dump_stats(profile_file)
        if profile:
            stats = pstats.Stats(profiler, stream=sys.stdout)
            stats.sort_stats("tottime").print_stats(profile)
            stats.sort_stats("cumulative").print_stats(profile)
    return requests, rounds


def _child(state_file: str) -> int:
    """Under callgrind: the submissions of the state file, against the parent's scratch database."""
    state = json.loads(Path(state_file).read_text())
    django_setup(state["url"], Path(state["workdir"]))
    bodies = [(token, body.encode()) for token, body in state["bodies"]]
    measure(bodies, warmup=state["warmup"], batch=state["batch"], freeze=True)
    return 0


def _instructions(out_file: Path) -> int:
    """Instructions (Ir) a callgrind output file counted."""
    text = out_file.read_text(errors="replace")
    found = re.search(r"^totals:\s+(\d+)", text, re.MULTILINE) or re.search(r"^summary:\s+(\d+)", text, re.MULTILINE)
    if found is None:
        raise SystemExit(f"no totals in {out_file}")
    return int(found.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--size", choices=("tiny", "full"), default="full")
    parser.add_argument("--count", type=int, default=None, help="submissions measured (default 1000; tiny 100)")
    parser.add_argument("--warmup", type=int, default=None, help="submissions sent first (default 100; tiny 20)")
    parser.add_argument("--batch", type=int, default=160, help="submissions between worker rounds (default 160)")
    parser.add_argument("--distinct-photos", action="store_true", help="a photo of its own for each submission")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print cProfile's N dearest functions")
    parser.add_argument("--profile-file", help="write cProfile's statistics to this file (pstats)")
    parser.add_argument("--callgrind", action="store_true", help="count instructions under valgrind too")
    parser.add_argument("--callgrind-count", type=int, default=200, help="submissions counted under callgrind")
    parser.add_argument("--keep-callgrind", metavar="DIR", help="copy callgrind's output file to DIR")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return _child(args.child)
    tiny = args.size == "tiny"
    count = args.count or (100 if tiny else 1000)
    warmup = args.warmup if args.warmup is not None else (20 if tiny else 100)
    grind = (args.callgrind_count + 20) if args.callgrind else 0
    with scratch_database("suara_bench_submit_cpu", args.database_url) as (url, engine, workdir):
        django_setup(url, workdir)
        from results_load import _prepare

        # Kota Depok (the tiny slice) has 5,558 TPS, each sent one submission at most.
        tokens = _prepare("tiny", warmup + count + grind)
        bodies = _bodies(tokens, distinct_photos=args.distinct_photos)
        requests, rounds = measure(
            bodies[: warmup + count],
            warmup=warmup,
            batch=args.batch,
            profile=args.profile,
            profile_file=args.profile_file,
        )
        print(
            f"database: {engine}; {count} submissions measured after {warmup}, a worker round every {args.batch}; "
            f"{'a photo of its own each' if args.distinct_photos else 'the same photo each'}"
        )
        print(f"machine speed: the reference loop took {reference_seconds():.2f} s (bench/support.py)")
        local_backend = support.backend_cpu_seconds() >= 0  # PostgreSQL on this machine

        def database(meter: _Meter) -> str:
            return f", PostgreSQL {meter.database / count * 1000:.2f} ms" if local_backend else ""

        print(
            f"requests: Python {requests.python / count * 1000:.2f} ms{database(requests)} a submission; of the "
            f"Python, the garbage collector {requests.collector / count * 1000:.2f} ms "
            f"({requests.full_collections} full collections)"
        )
        rounds_python = rounds.python / count * 1000
        print(f"worker rounds (seal and fold): Python {rounds_python:.2f} ms{database(rounds)} a submission")
        if args.callgrind:
            instructions = _grind(url, workdir, bodies[warmup + count :], batch=args.batch, keep=args.keep_callgrind)
            print(
                f"instructions (callgrind, {args.callgrind_count} requests, the warm-up's objects frozen): "
                f"{instructions / 1e6:.2f} M a submission"
            )
        total = requests.python + rounds.python + (requests.database + rounds.database if local_backend else 0)
        print(f"submit cpu: {total / count * 1000:.2f} ms a submission in all ({engine})")
    return 0


def _grind(url: str, workdir: Path, bodies: list[tuple[str, bytes]], *, batch: int, keep: str | None) -> float:
    """Instructions per submission, the requests after the first 20 counted by callgrind in a child."""
    from django.db import connections

    connections.close_all()
    state = workdir / "callgrind-state.json"
    state.write_text(
        json.dumps(
            {
                "url": url,
                "workdir": str(workdir),
                "warmup": 20,
                "batch": batch,
                "bodies": [(t, b.decode()) for t, b in bodies],
            }
        )
    )
    out = workdir / "callgrind.out"
    subprocess.run(  # noqa: S603
        ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",  # noqa: S607
         sys.executable, __file__, "--child", str(state)],
        check=True, env={**os.environ, "SUBMIT_CPU_CALLGRIND": "1"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    if keep:
        shutil.copy(out, keep)
    return _instructions(out) / (len(bodies) - 20)


if __name__ == "__main__":
    sys.exit(main())
