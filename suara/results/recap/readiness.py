"""Whether a level may sign off its recapitulation now: one rule for the lock service (which refuses) and
the recapitulation page (which says why the button is not there). Pure: no Django."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from suara.core.errors import ErrorCode
from suara.results.errors import ResultErrorCode


class Refusal(enum.StrEnum):
    """Why a lock is refused, in the order they are checked; the values are the API's error codes, declared
    (with their status and meaning) in ``ErrorCode`` and ``ResultErrorCode``."""

    NOT_LOCKABLE = ErrorCode.INVALID_REGION_CODE  # a desa is not signed off on its own: its kecamatan is
    ALREADY_LOCKED = ResultErrorCode.RECAP_ALREADY_LOCKED
    WRONG_LEVEL = ResultErrorCode.LOCK_WRONG_LEVEL
    INCOMPLETE = ResultErrorCode.RECAP_INCOMPLETE
    CORRECTIONS_PENDING = ResultErrorCode.CORRECTIONS_PENDING


@dataclass(frozen=True)
class LockReadiness:
    lockable: bool  # a level that signs off (kecamatan, kab/kota, province, nation)
    locked: bool  # a lock stands
    may_lock: bool  # the user holds the role of exactly this level
    reported: int  # TPS beneath with a result
    expected: int  # TPS beneath
    pending: int  # corrections beneath waiting for the PPK

    def refusal(self) -> Refusal | None:
        """The first reason the lock is refused, or None when it may be signed off."""
        if not self.lockable:
            return Refusal.NOT_LOCKABLE
        if self.locked:
            return Refusal.ALREADY_LOCKED
        if not self.may_lock:
            return Refusal.WRONG_LEVEL
        if self.reported < self.expected:
            return Refusal.INCOMPLETE
        if self.pending:
            return Refusal.CORRECTIONS_PENDING
        return None
