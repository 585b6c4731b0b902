"""The result-submission load that bench/submit_load.py and bench/recap_lag.py measure.

Sets up a scratch database (the 2024 geography of a slice, the 2024 presidential count prepared, one
KPPS account with an API token per TPS), starts `suara serve` (gunicorn and the recap worker), sends
valid C.Hasil submissions over HTTP at a fixed rate from an open-loop generator on loopback (with a
share of retries of earlier submissions, which must not count twice), polls the national recap while
it runs, then waits for the totals to settle and checks them against what was accepted.

Set-up writes the KPPS accounts with bulk inserts, not through the services: they are the benchmark's
fixtures, not operations it measures.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import io
import json
import os
import random
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import loadgen
import support
from support import PROJECT_DIR, django_setup, scratch_database, served, write_geography_slice

SLICES = {"tiny": ("3276",), "full": ("31", "32")}  # Kota Depok; DKI Jakarta and Jawa Barat (~160,000 TPS)
CONTEST = "ppwp-2024"


def _photo() -> str:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (160, 120), (230, 230, 220)).save(buffer, "JPEG")
    return base64.b64encode(buffer.getvalue()).decode()


def tally_for(rng: random.Random) -> dict:
    """A made-up tally of the three 2024 pairs that keeps every rule (the demo's own; Django set up)."""
    from suara.results.demo import made_up_tally

    return made_up_tally(rng, 3)


@dataclass
class LoadReport:
    engine: str
    rate: float
    duration: float
    outcome: loadgen.Outcome
    accepted: int
    replays: int
    lags: list[float] = field(default_factory=list)
    totals_match: bool = False
    totals_detail: str = ""
    shed: int = 0  # submissions answered 503 (past capacity) during the load, each sent again afterwards
    shed_retried: int = 0  # of those, accepted when sent again after the load
    server_cpu: float = 0.0  # CPU seconds of gunicorn and the recap worker during the load
    database_cpu: float = -1.0  # of the PostgreSQL backends serving them; -1 unknown (SQLite, remote)


def _prepare(size: str, count: int) -> list[tuple[str, str]]:
    """Geography, elections, counting; returns (tps_code, token) for ``count`` TPS."""
    import hashlib
    import secrets

    from django.conf import settings
    from django.core.management import call_command

    from suara.accounts.models import ApiToken, RoleAssignment, User
    from suara.audit.actors import Actor
    from suara.regions.services import geography_import, regions_load_kemendagri
    from suara.results.models import CountTps

    call_command("migrate", verbosity=0)
    workdir = Path(os.environ["SUARA_VAR_DIR"])
    workdir.mkdir(parents=True, exist_ok=True)
    wilayah, tps, _ = write_geography_slice(Path(settings.DATA_DIR), workdir, SLICES[size])
    regions_load_kemendagri(actor=Actor.named("bench"))
    geography_import(wilayah_path=wilayah, tps_path=tps, overseas_path=None, actor=Actor.named("bench"))
    call_command("load_elections", verbosity=0)
    call_command("recap", "prepare", "--election", "pemilu-2024", verbosity=0)
    codes = list(CountTps.objects.filter(election__slug="pemilu-2024").order_by("code").values_list("code", flat=True))
    if len(codes) < count:
        raise SystemExit(f"the {size} slice has {len(codes)} TPS, fewer than the {count} this load needs")
    # Spread over the whole slice, as TPS report on election night: every fold then touches many desa and
    # kecamatan, not a few neighbours.
    codes = random.Random(2019).sample(codes, count)  # noqa: S311 - test data
    users = User.objects.bulk_create(
        [User(username=f"bench_kpps_{code}", password="!") for code in codes], batch_size=5000
    )
    RoleAssignment.objects.bulk_create(
        [RoleAssignment(user=u, role="kpps", scope=code) for u, code in zip(users, codes, strict=True)],
        batch_size=5000,
    )
    tokens, rows = [], []
    for user, code in zip(users, codes, strict=True):
        token = "suara_" + secrets.token_urlsafe(32)
        tokens.append((code, token))
        digest = hashlib.sha256(token.encode()).hexdigest()
        rows.append(ApiToken(user=user, name="bench", prefix=token[:12], digest=digest, rate_per_minute=1000))
    ApiToken.objects.bulk_create(rows, batch_size=5000)
    from django.db import connections

    connections.close_all()
    return tokens


def _national(port: int) -> dict:
    url = f"http://127.0.0.1:{port}/api/v1/contests/{CONTEST}/recap"
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
        return json.loads(response.read())


def run_load(
    *,
    database_url: str,
    size: str,
    rate: float,
    duration: float,
    workers: int | None,
    threads: int | None = None,
    connections: int = 512,
) -> LoadReport:
    replay_share = 0.02
    fresh = int(rate * duration)  # ``rate`` new submissions a second; the retries come on top of them
    with scratch_database("suara_bench_results", database_url) as (url, engine, workdir):
        django_setup(url, workdir)
        tokens = _prepare(size, fresh)
        photo = _photo()
        rng = random.Random(2024)  # noqa: S311 - test data
        sent: list[dict] = []
        plan: list[tuple[str, str, dict]] = []
        for code, token in tokens:
            body = {"submission_id": f"bench-{code}", "contest": CONTEST, "tps": code, **tally_for(rng)}
            body["photos"] = [{"content_base64": photo}]
            body["_token"] = token
            sent.append(body)
            plan.append((len(plan), token, body))
            if rng.random() < replay_share:
                retry = rng.choice(sent)  # a retry: same id, same payload
                plan.append((len(plan), retry["_token"], retry))

        # Encoded before the clock starts: the generator shares the machine's two cores with the server.
        requests = [
            (
                "POST",
                "/api/v1/results",
                {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                json.dumps({k: v for k, v in body.items() if k != "_token"}).encode(),
            )
            for _, token, body in plan
        ]

        def make_request(index: int):
            return requests[index]

        # The scratch database's own name (support names it after the database given).
        scratch_name = urlsplit(url).path.strip("/")
        backends = support.BackendsCpu(scratch_name) if engine == "PostgreSQL" else None
        with served(workers, threads=threads) as port:
            polls: list[tuple[float, int]] = []
            stop = threading.Event()

            def poll() -> None:
                while not stop.is_set():
                    with contextlib.suppress(OSError):
                        polls.append((time.perf_counter(), _national(port)["tps_reported"]))
                    if backends is not None and len(polls) % 10 == 0:  # about once a second
                        backends.sample()
                    stop.wait(0.1)

            if backends is not None:
                backends.sample()
            server_before = _server_cpu()
            poller = threading.Thread(target=poll, daemon=True)
            poller.start()
            # Many connections, as many phones would have: a few keep-alive ones would queue the load in
            # the generator, where the server could neither see nor shed it.
            outcome = loadgen.run(
                "127.0.0.1",
                port,
                make_request,
                rate=len(plan) / duration,
                duration=duration,
                keep_bodies=True,
                connections=connections,
            )
            answered_at: dict[str, float] = {}  # submission id -> when its first accepted answer came
            for index, answer in outcome.bodies:
                try:
                    data = json.loads(answer)
                except ValueError:
                    continue
                sid = plan[index][2]["submission_id"]
                if data.get("status") == "accepted":
                    answered_at[sid] = min(answered_at.get(sid, float("inf")), outcome.answered_at[index])
            # What was shed is sent again once the load is over, as the field app retries: nothing is lost.
            shed = sorted({i for i, status in outcome.status_of.items() if status == 503})
            shed_retried = 0
            for _ in range(20):
                pending = [i for i in shed if plan[i][2]["submission_id"] not in answered_at]
                if not pending:
                    break
                again = loadgen.run(
                    "127.0.0.1",
                    port,
                    lambda k, pending=pending: requests[pending[k]],
                    rate=min(100.0, len(pending)),
                    duration=len(pending) / min(100.0, len(pending)),
                    keep_bodies=True,
                    connections=16,
                )
                for k, answer in again.bodies:
                    with contextlib.suppress(ValueError):
                        if json.loads(answer).get("status") == "accepted":
                            sid = plan[pending[k]][2]["submission_id"]
                            if sid not in answered_at:
                                shed_retried += 1
                            answered_at.setdefault(sid, again.answered_at[k])
            expected_tps = len({b["tps"] for b in sent if b["submission_id"] in answered_at})
            national = _settled(port, expected_tps)
            stop.set()
            poller.join()
            server_cpu = _server_cpu() - server_before
            if backends is not None:
                backends.sample()
                backends.close()
        accepted = [b for b in sent if b["submission_id"] in answered_at]
        want = {str(n): sum(b["votes"][str(n)] for b in accepted) for n in (1, 2, 3)}
        got = {str(c["number"]): c["votes"] for c in national["candidates"]}
        sums_ok = (
            got == want
            and national["valid"] == sum(b["valid"] for b in accepted)
            and national["invalid"] == sum(b["invalid"] for b in accepted)
            and national["tps_reported"] == len(accepted)
        )
        detail = (
            f"national {got} valid {national['valid']} TPS {national['tps_reported']}; "
            f"accepted {want} valid {sum(b['valid'] for b in accepted)} TPS {len(accepted)}"
        )
        report = LoadReport(
            engine, rate, duration, outcome, len(accepted), outcome.sent - len(sent), [], sums_ok, detail
        )
        report.shed, report.shed_retried = len(shed), shed_retried
        report.lags = _lags(polls, sorted(answered_at.values()))
        report.server_cpu = server_cpu
        report.database_cpu = backends.seconds if backends is not None else -1.0
        return report


def _server_cpu() -> float:
    """CPU seconds of gunicorn and the recap worker so far; the load's figure is the difference of two."""
    return support.session_cpu_seconds(support.server_session) if support.server_session else 0.0


def _settled(port: int, expected_tps: int, *, timeout: float = 60.0) -> dict:
    """The national recap once every gunicorn worker serves the folded totals: each worker re-reads the
    snapshot pointer at most every SUARA_RECAP_RECHECK_SECONDS (0.5 s), so one worker can still answer
    with the previous snapshot just after another shows the new one. Settled means the expected count
    was seen on every read for a full second."""
    deadline = time.monotonic() + timeout
    settled_since = None
    national = _national(port)
    while time.monotonic() < deadline:
        national = _national(port)
        if national["tps_reported"] < expected_tps:
            settled_since = None
        elif settled_since is None:
            settled_since = time.monotonic()
        elif time.monotonic() - settled_since >= 1.0:
            break
        time.sleep(0.05)
    return national


def _lags(polls: list[tuple[float, int]], answers: list[float]) -> list[float]:
    """Seconds from each accepted answer to the first national poll that counts it. The k-th answer is
    taken as the k-th in the totals (answers and folds both follow commit order, to within a batch)."""
    lags, j = [], 0
    for k, t in enumerate(answers, start=1):
        while j < len(polls) and (polls[j][1] < k or polls[j][0] < t):
            j += 1
        if j == len(polls):
            break
        lags.append(polls[j][0] - t)
    return lags


def parse_args(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--size", choices=("tiny", "full"), default="full")
    parser.add_argument(
        "--rate", type=float, default=None, help="new submissions a second, retries on top (default 320; tiny 20)"
    )
    parser.add_argument("--duration", type=float, default=None, help="seconds (default 60; tiny 5)")
    parser.add_argument("--workers", type=int, default=None, help="server processes (serve's default)")
    parser.add_argument("--threads", type=int, default=None, help="threads per gunicorn worker (suara serve's default)")
    parser.add_argument("--connections", type=int, default=512, help="client connections (default 512)")
    args = parser.parse_args()
    tiny = args.size == "tiny"
    # A little above the 300/s target by default, so that a run that keeps up shows the target held rather
    # than the offered rate (an open-loop run never answers more than it is offered).
    args.rate = args.rate or (20.0 if tiny else 320.0)
    args.duration = args.duration or (5.0 if tiny else 60.0)
    args.size = "tiny" if tiny else "full"
    return args


__all__ = ["PROJECT_DIR", "LoadReport", "parse_args", "run_load"]
