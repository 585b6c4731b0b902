"""A running job's live state: its progress, message and heartbeat, in a small file in its private folder.

Why a file and not the job's row: an import runs in one transaction, and on SQLite no other connection may
write while it is open, so a row written mid-way would wait for the job itself. The file is replaced
whole (written beside, then renamed), so a reader sees the old state or the new, never half of one. The
web process reads it for the job's page; the periodic check reads its heartbeat (``jobs.services``)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

LIVE_FILE = "live.json"


def job_dir(job_id: int) -> Path:
    return Path(settings.PRIVATE_DIR) / "jobs" / str(int(job_id))


@dataclass(frozen=True)
class Live:
    done: int
    total: int | None
    message: str
    beat: float  # time.time() of the last heartbeat


def live_write(job_id: int, live: Live) -> None:
    path = job_dir(job_id) / LIVE_FILE
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps([live.done, live.total, live.message, live.beat]))
    os.replace(partial, path)


def live_read(job_id: int) -> Live | None:
    try:
        done, total, message, beat = json.loads((job_dir(job_id) / LIVE_FILE).read_text())
        return Live(int(done), None if total is None else int(total), str(message), float(beat))
    except (OSError, ValueError, TypeError):
        return None


def live_clear(job_id: int) -> None:
    (job_dir(job_id) / LIVE_FILE).unlink(missing_ok=True)
