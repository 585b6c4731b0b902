"""Database writes in a second thread on the transaction's own connection, so that on a server with two
CPUs PostgreSQL writes (heap, indexes, WAL) while Python computes the next rows. A bulk import is bound
by both, one after the other, without it.

``BackgroundWrites`` runs tasks one after another in that thread, each with a psycopg cursor on the
connection of the caller's transaction (Django's connection object belongs to its thread, the psycopg
connection under it does not). The caller must not use the database until ``join``, which re-raises a
task's error as Django's. Elsewhere than on PostgreSQL each task runs at once, in the caller's thread,
with Django's cursor: SQLite's connection is bound to its thread, and it has no second CPU to give.
"""

from __future__ import annotations

import queue
import sys
import threading
import time
from collections.abc import Callable

from django.db import connection

# How long the computing thread keeps the GIL while the writer waits for it (Python's default: 5 ms).
# The writer needs it back each time the server answers (a chunk's end, a query's rows, room in the
# socket); at 5 ms the server sat idle for much of an import, which took 10.6 s instead of 7.2 s.
SWITCH_INTERVAL = 0.0005
# Writers running in this process, and the interval before the first began: the last to end restores it.
_running = {"writers": 0, "interval": 0.0}
_running_lock = threading.Lock()


def _writer_started() -> None:
    with _running_lock:
        if _running["writers"] == 0:
            _running["interval"] = sys.getswitchinterval()
            sys.setswitchinterval(min(SWITCH_INTERVAL, _running["interval"]))
        _running["writers"] += 1


def _writer_ended() -> None:
    with _running_lock:
        _running["writers"] -= 1
        if _running["writers"] == 0:
            sys.setswitchinterval(_running["interval"])


class BackgroundWrites:
    """``submit(phase, task)``: ``task(cursor)`` runs in the writer thread, its seconds added to
    ``timings[phase]``. ``backlog`` bounds the tasks waiting (0: no bound), so a reader faster than the
    database waits instead of holding a whole file in memory."""

    def __init__(self, timings: dict[str, float], *, name: str, backlog: int = 0):
        self.timings = timings
        self.error: BaseException | None = None
        self.thread: threading.Thread | None = None
        self.tasks: queue.Queue = queue.Queue(maxsize=backlog)
        if connection.vendor == "postgresql":
            connection.ensure_connection()
            self.raw = connection.connection
            self.thread = threading.Thread(target=self._run, name=name, daemon=True)
            _writer_started()
            self.thread.start()

    @property
    def failed(self) -> bool:
        """A task has failed: the rest are skipped, and the caller may stop producing them."""
        return self.error is not None

    def submit(self, phase: str, task: Callable) -> None:
        if self.thread is None:
            with connection.cursor() as cursor:
                self._timed(phase, task, cursor)
        else:
            self.tasks.put((phase, task))

    def _timed(self, phase: str, task: Callable, cursor) -> None:
        start = time.perf_counter()
        task(cursor)
        self.timings[phase] = self.timings.get(phase, 0.0) + time.perf_counter() - start

    def _run(self) -> None:
        while (item := self.tasks.get()) is not None:
            if self.error is None:  # after a failure the rest are skipped: the transaction rolls back
                try:
                    with self.raw.cursor() as cursor:
                        self._timed(*item, cursor)
                except BaseException as exc:  # noqa: BLE001 - handed to the caller by join
                    self.error = exc

    def join(self) -> None:
        self._stop()
        if self.error is not None:
            error, self.error = self.error, None
            with connection.wrap_database_errors:
                raise error

    def __enter__(self) -> BackgroundWrites:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        """Waits for the tasks (the transaction must not end under them). The caller's own error wins
        over a task's, which the rollback makes moot."""
        if exc_type is None:
            self.join()
            return
        if self.thread is not None:
            self.error = exc  # the tasks still queued are skipped
        self._stop()
        self.error = None

    def _stop(self) -> None:
        if self.thread is not None:
            self.tasks.put(None)
            self.thread.join()
            self.thread = None
            _writer_ended()
