"""Files kept by their content's hash (tally photos aside, which have their own hot path): written once,
atomically, and removed again when the write they belong to does not commit."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from pathlib import Path


def write_once(path: Path, data: bytes, *, folder_mode: int = 0o777) -> Path | None:
    """Writes ``data`` to ``path`` under a temporary name, then renames it, so no reader ever sees half a
    file. Returns the path when this call wrote it (for ``discard_written`` should the service's
    transaction fail), None when the file was there already (its name is its content's hash)."""
    if path.exists():
        return None
    path.parent.mkdir(parents=True, exist_ok=True, mode=folder_mode)
    tmp = path.with_name(f"{path.name}.{secrets.token_hex(8)}.part")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def discard_written(paths: Iterable[Path | None]) -> None:
    """Removes the files this request wrote (``write_once``'s answers; None is skipped)."""
    for path in paths:
        if path is not None:
            path.unlink(missing_ok=True)
