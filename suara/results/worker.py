"""The recap worker: seals the audit events written since its last round into the hash chain, and folds
pending deltas for every contest that has some, over and over, until told to stop. ``suara recap
worker`` runs it; ``suara serve`` runs that beside gunicorn."""

from __future__ import annotations

import logging
import threading
import time

from django.db import DatabaseError, close_old_connections, connection

from suara.audit.services import audit_seal
from suara.results.recap import pending_contest_ids, recap_fold

logger = logging.getLogger(__name__)


def worker_run(*, stop: threading.Event, interval: float = 0.5, limit: int = 20000, gather: float = 0.25) -> int:
    """Folds until ``stop`` is set, resting ``interval`` seconds whenever nothing was pending, and
    ``gather`` seconds after a fold: a fold's cost is mostly per region touched, not per delta, so under
    load letting deltas gather a moment makes each fold serve many more of them (the national total still
    moves within a second). A database error is logged and retried after a rest: the deltas wait safely
    in their table. Returns the number of deltas folded."""
    folded_total = 0
    while not stop.is_set():
        if not connection.in_atomic_block:  # (a test's transaction)
            close_old_connections()  # a restarted database or an expired connection is replaced here
        folded = 0
        try:
            audit_seal()
            for contest_id in pending_contest_ids():
                if stop.is_set():
                    break
                started = time.monotonic()
                count = recap_fold(contest_id=contest_id, limit=limit)
                if count:
                    logger.info(
                        "folded %d deltas of contest %d in %.3f s", count, contest_id, time.monotonic() - started
                    )
                folded += count
        except DatabaseError:
            logger.exception("fold failed; retrying")
            folded = 0
        folded_total += folded
        stop.wait(gather if folded else interval)
    if not connection.in_atomic_block:
        close_old_connections()
    return folded_total
