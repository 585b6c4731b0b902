"""`suara serve`: the production server (gunicorn), static files through whitenoise, and beside it what one
machine needs: the recap worker that folds result deltas into the public totals, the task worker that runs
operators' jobs (`suara db-worker`, django-tasks' database worker) and the scheduler of periodic jobs
(`suara scheduler`: sealing the audit chain, ending jobs whose worker died, ...). Not runserver.

All run as children of this process, which forwards SIGTERM and Ctrl-C to them. gunicorn ending stops
everything; another child ending (a crash) does not: it is started again after a pause that doubles
with each crash in a row (1 s, 2 s, 4 s ... at most 60 s), while gunicorn keeps answering and the public
pages say the count is paused (results.recap_status)."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Collection

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


def default_workers() -> int:
    """One gunicorn process per core, at least two. Each process's threads cover its waits on the
    database, so more processes than cores only add switching between them (measured: docs/deployment.md)."""
    return max(2, os.cpu_count() or 1)


def worker_argv() -> list[str]:
    return [sys.executable, "-m", "suara.cli", "recap", "worker"]


def task_worker_argv() -> list[str]:
    """The operators' jobs (voter import, duplicate detection, TPS allocation, DPB report): the django-tasks
    database worker, polling the queue every second."""
    return [sys.executable, "-m", "suara.cli", "db-worker", "--no-reload", "--interval", "1"]


def scheduler_argv() -> list[str]:
    """The periodic jobs (suara.jobs.schedule): exactly one scheduler per deployment."""
    return [sys.executable, "-m", "suara.cli", "scheduler"]


def gunicorn_argv(*, host: str, port: int, workers: int, threads: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "suara.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "suara.core.shedding.SheddingWorker",  # gthread that sheds past capacity instead of queueing
        "--access-logfile",
        "-",
        # Access lines carry the path only: no query strings, which could hold personal data.
        "--access-logformat",
        '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms',
        "--forwarded-allow-ips",
        "127.0.0.1",
        "--timeout",
        "60",
        "--graceful-timeout",
        "20",
    ]


class Command(BaseCommand):
    help = "Serve Suara with the production server (gunicorn)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("SUARA_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("SUARA_PORT", "8000")))
        parser.add_argument("--workers", type=int, default=default_workers())
        parser.add_argument("--threads", type=int, default=4)
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="serve only; run `suara recap worker`, `suara db-worker` and `suara scheduler` elsewhere",
        )

    def handle(self, *args, host, port, workers, threads, no_worker, **options):
        if settings.DEBUG:
            raise CommandError("SUARA_DEBUG is on: the production server refuses to run in debug mode.")
        if not 0 < port < 65536:
            raise CommandError(f"Port {port} is not a valid TCP port.")
        call_command("collectstatic", interactive=False, verbosity=0)
        argv = gunicorn_argv(host=host, port=port, workers=workers, threads=threads)
        self.stdout.write(f"Serving Suara on http://{host}:{port}/ with {workers} workers (Ctrl-C stops it)")
        self.stdout.flush()
        if no_worker:
            os.execv(sys.executable, argv)  # noqa: S606 - replace this process so signals reach gunicorn
        children = {
            "recap worker": worker_argv(),
            "task worker": task_worker_argv(),
            "scheduler": scheduler_argv(),
            "gunicorn": argv,
        }
        code = supervise(children, self.stderr, restart={"recap worker", "task worker", "scheduler"})
        if code:
            raise CommandError("Suara stopped: a server process ended unexpectedly.", returncode=code)


def supervise(
    commands: dict[str, list[str]],
    err,
    *,
    restart: Collection[str] = (),
    backoff_first: float = 1.0,
    backoff_max: float = 60.0,
    healthy_after: float = 60.0,
    poll: float = 0.2,
) -> int:
    """Runs each command as a child until a signal asks them to stop or one of them ends; then stops the
    rest (SIGTERM, then SIGKILL after 30 s). A child named in ``restart`` that ends is started again
    instead, after ``backoff_first`` seconds, doubled after each crash in a row up to ``backoff_max``
    (a child that ran ``healthy_after`` seconds starts the count again). Returns 0 after a requested
    stop, else the exit status of the first other child that ended (1 when that was 0: a server is not
    meant to end by itself)."""
    stopping = False

    def request_stop(signum, frame):
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    children = {name: subprocess.Popen(argv) for name, argv in commands.items()}
    started = dict.fromkeys(children, time.monotonic())
    delays = dict.fromkeys(restart, backoff_first)
    restart_at: dict[str, float] = {}
    ended = None
    try:
        while not stopping and ended is None:
            now = time.monotonic()
            for name, child in list(children.items()):
                if name in restart_at:  # waiting to be started again
                    if now >= restart_at[name]:
                        del restart_at[name]
                        children[name], started[name] = subprocess.Popen(commands[name]), now
                    continue
                if child.poll() is None:
                    continue
                if name not in delays:
                    ended = name
                    break
                if now - started[name] >= healthy_after:
                    delays[name] = backoff_first
                delay = delays[name]
                err.write(f"{name} ended (exit status {child.returncode}); starting it again in {delay:g} s\n")
                err.flush()
                restart_at[name] = now + delay
                delays[name] = min(delay * 2, backoff_max)
            time.sleep(poll)
    finally:
        for child in children.values():
            if child.poll() is None:
                child.terminate()
        deadline = time.monotonic() + 30
        for child in children.values():
            try:
                child.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if stopping or ended is None:
        return 0
    err.write(f"{ended} ended (exit status {children[ended].returncode}); the others were stopped.")
    return children[ended].returncode or 1
