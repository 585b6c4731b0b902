"""The recap worker: folds pending deltas for every contest that has some, over and over, until told to
stop. ``suara recap worker`` runs it; ``suara serve`` runs that beside gunicorn and restarts it if it ever
dies. (Sealing the audit chain is a periodic job of the scheduler: ``jobs.schedule``.)

A contest whose fold fails leaves the others folding; a delta that makes a fold fail is quarantined
(``recap.recap_fold``). Every round ends with a heartbeat (``recap_status``), from which the public
pages say the count is paused when the worker is gone while deltas wait."""

from __future__ import annotations

import logging
import threading
import time

from django.db import close_old_connections, connection

from suara.results.recap.fold import deltas_may_be_at_fault, pending_contest_ids, recap_fold
from suara.results.recap.quarantine import error_text
from suara.results.recap.status import worker_beat

logger = logging.getLogger(__name__)

# A failure that repeats every round is logged again at most this often.
REPEAT_LOG_SECONDS = 60.0


class _Throttled:
    """Logs a failure with its traceback the first time, then again only when it changes or a minute
    has passed: a fold failing twice a second must not flood the log."""

    def __init__(self, what: str):
        self.what, self.last_text, self.last_at = what, "", 0.0

    def failed(self, exc: BaseException) -> str:
        text = error_text(exc)
        now = time.monotonic()
        if text != self.last_text or now - self.last_at >= REPEAT_LOG_SECONDS:
            logger.error("%s failed; retrying next round", self.what, exc_info=exc)
            self.last_text, self.last_at = text, now
        return text

    def succeeded(self) -> None:
        if self.last_text:
            logger.info("%s works again", self.what)
        self.last_text = ""


def _fold_round(stop: threading.Event, limit: int, log: _Throttled) -> int:
    folded = 0
    for contest_id in pending_contest_ids():
        if stop.is_set():
            break
        started = time.monotonic()
        try:
            count = recap_fold(contest_id=contest_id, limit=limit)
        except Exception as exc:  # noqa: BLE001 - this contest waits; the others fold
            log.failed(exc)
            if not deltas_may_be_at_fault(exc):
                break  # the database is away or busy: every contest would fail alike
            continue
        if count:
            logger.info("folded %d deltas of contest %d in %.3f s", count, contest_id, time.monotonic() - started)
        folded += count
    return folded


def worker_run(*, stop: threading.Event, interval: float = 0.5, limit: int = 20000, gather: float = 0.25) -> int:
    """Folds until ``stop`` is set, resting ``interval`` seconds whenever nothing was pending, and
    ``gather`` seconds after a fold: a fold's cost is mostly per region touched, not per delta, so under
    load letting deltas gather a moment makes each fold serve many more of them (the national total still
    moves within a second). Any failure is logged and retried after a rest: the deltas wait safely in
    their table. Returns the number of deltas folded."""
    folded_total = 0
    fold_log, beat_log = _Throttled("fold"), _Throttled("heartbeat")
    while not stop.is_set():
        if not connection.in_atomic_block:  # (a test's transaction)
            close_old_connections()  # a restarted database or an expired connection is replaced here
        folded = 0
        try:
            folded = _fold_round(stop, limit, fold_log)
        except Exception as exc:  # noqa: BLE001 - e.g. the list of pending contests could not be read
            fold_log.failed(exc)
        try:
            worker_beat(folded=folded > 0)
            beat_log.succeeded()
        except Exception as exc:  # noqa: BLE001 - the next round beats again
            beat_log.failed(exc)
        folded_total += folded
        stop.wait(gather if folded else interval)
    if not connection.in_atomic_block:
        close_old_connections()
    return folded_total
