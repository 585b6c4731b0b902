"""The scheduler of periodic jobs (``jobs.schedule``), on APScheduler 3: interval and cron triggers in
WIB, one run of a job at a time (a run still going when the next is due makes that one wait, coalesced),
and a small thread pool so a slow job does not hold the others. `suara scheduler` runs it until SIGTERM;
`suara serve` starts that beside gunicorn and restarts it if it dies.

Each run is wrapped by ``periodic_run``: the database connection is checked first (a restarted database
is reconnected), a failure is logged (with its traceback the first time, then again only when it changes
or a minute has passed: a job failing twice a second must not flood the log) and kept in its
``PeriodicRun`` row, which is written when the outcome changes and at most every
``SUARA_PERIODIC_RECORD_SECONDS`` otherwise."""

from __future__ import annotations

import logging
import threading
import time
from zoneinfo import ZoneInfo

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from apscheduler.util import undefined
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, close_old_connections, connection, connections
from django.utils import timezone
from django.utils.module_loading import import_string

from suara.jobs.models import PeriodicRun
from suara.jobs.schedule import Periodic, schedule

logger = logging.getLogger(__name__)
WIB = ZoneInfo("Asia/Jakarta")
REPEAT_LOG_SECONDS = 60.0


class _Skips(logging.Filter):
    """APScheduler warns each time a run is skipped because the previous one still runs: with a job due
    twice a second under load, that is expected, not news."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "maximum number of running instances reached" not in record.getMessage()


logging.getLogger("apscheduler.scheduler").addFilter(_Skips())


class _Outcome:
    """What this process last wrote and logged for one periodic job."""

    def __init__(self):
        self.lock = threading.Lock()
        self.written_at = float("-inf")
        self.error = None  # None: nothing written yet
        self.logged_text, self.logged_at = "", float("-inf")


_outcomes: dict[str, _Outcome] = {}
_outcomes_lock = threading.Lock()


def _outcome(name: str) -> _Outcome:
    with _outcomes_lock:
        return _outcomes.setdefault(name, _Outcome())


def periodic_outcomes_clear() -> None:
    with _outcomes_lock:
        _outcomes.clear()


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:500]


def periodic_run(name: str) -> bool:
    """Runs the periodic job ``name`` once and keeps its outcome; True when it succeeded."""
    periodic = next((p for p in schedule() if p.name == name), None)
    if periodic is None:
        raise ValueError(f"no periodic job {name!r}")
    return _run(periodic)


def _run(periodic: Periodic) -> bool:
    if not connection.in_atomic_block:  # (a test's transaction)
        close_old_connections()  # a restarted database or an expired connection is replaced here
    with _used_lock:
        _used.add(connections[DEFAULT_DB_ALIAS])  # this thread's connection, closed at shutdown
    error = ""
    try:
        import_string(periodic.run)()
    except Exception as exc:  # noqa: BLE001 - logged and kept; the next run tries again
        error = _error_text(exc)
        _log_failure(periodic.name, error, exc)
    _keep(periodic.name, error)
    return not error


_used: set = set()
_used_lock = threading.Lock()


def _close_pool_connections() -> None:
    """The pool's threads keep their connections between runs; once the scheduler stopped, they go."""
    with _used_lock:
        used = list(_used)
        _used.clear()
    for wrapper in used:
        wrapper.inc_thread_sharing()
        try:
            if not wrapper.in_atomic_block:
                wrapper.close()
        finally:
            wrapper.dec_thread_sharing()


def _log_failure(name: str, text: str, exc: BaseException) -> None:
    outcome, now = _outcome(name), time.monotonic()
    with outcome.lock:
        if text == outcome.logged_text and now - outcome.logged_at < REPEAT_LOG_SECONDS:
            return
        outcome.logged_text, outcome.logged_at = text, now
    logger.error("periodic job %s failed; retrying next run", name, exc_info=exc)


def _keep(name: str, error: str) -> None:
    outcome, now = _outcome(name), time.monotonic()
    with outcome.lock:
        if error == outcome.error and now - outcome.written_at < settings.SUARA_PERIODIC_RECORD_SECONDS:
            return
        if not error and outcome.logged_text:
            logger.info("periodic job %s works again", name)
            outcome.logged_text = ""
        outcome.error, outcome.written_at = error, now
    at = timezone.now()
    fields = {"failed_at": at, "error": error} if error else {"ok_at": at, "error": ""}
    try:
        if not PeriodicRun.objects.filter(name=name).update(**fields):
            PeriodicRun.objects.create(name=name, **fields)
    except Exception as exc:  # noqa: BLE001 - the outcome is written again next time
        outcome.error = None
        logger.warning("periodic job %s: its outcome could not be kept: %s", name, type(exc).__name__)


def _enqueue(periodic: Periodic) -> None:
    from suara.jobs.tasks import run_periodic

    try:
        run_periodic.enqueue(periodic.name)
    except Exception as exc:  # noqa: BLE001 - the next time it is due, it is handed over again
        _log_failure(periodic.name, _error_text(exc), exc)
        _keep(periodic.name, _error_text(exc))


def _trigger(periodic: Periodic):
    if periodic.every is not None:
        return IntervalTrigger(seconds=periodic.every, timezone=WIB)
    return CronTrigger.from_crontab(periodic.cron, timezone=WIB)


def scheduler_build(entries: tuple[Periodic, ...] | None = None) -> BackgroundScheduler:
    """A scheduler holding every periodic job, not started."""
    scheduler = BackgroundScheduler(
        executors={"default": ThreadPoolExecutor(max_workers=3)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        timezone=WIB,
    )
    for periodic in schedule() if entries is None else entries:
        scheduler.add_job(
            _enqueue if periodic.on_worker else _run,
            _trigger(periodic),
            args=[periodic],
            id=periodic.name,
            name=periodic.name,
            # The interval ones run at once too: a restarted scheduler seals and checks at once.
            next_run_time=timezone.now() if periodic.every is not None else undefined,
        )
    return scheduler


def scheduler_run(*, stop: threading.Event, entries: tuple[Periodic, ...] | None = None) -> None:
    """Runs the periodic jobs until ``stop`` is set."""
    scheduler = scheduler_build(entries)
    scheduler.start()
    try:
        stop.wait()
    finally:
        scheduler.shutdown(wait=True)
        _close_pool_connections()
