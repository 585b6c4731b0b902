"""Pure rules of a complaint: its states and the steps between them, the service level of each state, case
codes and phone numbers. No Django.

    received ──clarify──▶ clarification ──decide──▶ decided ──notify_party──▶ party_notified ──remove──▶ removed
                               └──reject──▶ rejected

Only the KPU kab/kota takes these steps; the party answers (its answer is recorded, the state stays) at any
state before the end. A step from any other state is out of order: refused, nothing changed.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta
from enum import StrEnum


class State(StrEnum):
    RECEIVED = "received"
    CLARIFICATION = "clarification"
    DECIDED = "decided"
    PARTY_NOTIFIED = "party_notified"
    REMOVED = "removed"
    REJECTED = "rejected"


class Step(StrEnum):
    CLARIFY = "clarify"
    DECIDE = "decide"
    REJECT = "reject"
    NOTIFY_PARTY = "notify_party"
    REMOVE = "remove"


# step -> (the state it must start from, the state it leads to)
STEPS: dict[Step, tuple[State, State]] = {
    Step.CLARIFY: (State.RECEIVED, State.CLARIFICATION),
    Step.DECIDE: (State.CLARIFICATION, State.DECIDED),
    Step.REJECT: (State.CLARIFICATION, State.REJECTED),
    Step.NOTIFY_PARTY: (State.DECIDED, State.PARTY_NOTIFIED),
    Step.REMOVE: (State.PARTY_NOTIFIED, State.REMOVED),
}
FINAL = frozenset({State.REMOVED, State.REJECTED})
OPEN = frozenset(State) - FINAL


def next_state(state: str, step: Step) -> State | None:
    """The state ``step`` leads to from ``state``, or None when it is out of order."""
    start, end = STEPS[step]
    return end if state == start else None


def steps_from(state: str) -> list[Step]:
    """The steps that may follow ``state``, in the order of the diagram."""
    return [step for step, (start, _) in STEPS.items() if start == state]


def due(state: str, since: datetime, sla_hours: dict[str, int]) -> datetime | None:
    """When a state entered at ``since`` is due to end, from the service level (hours per state); None for a
    final state or one without a level."""
    hours = sla_hours.get(state)
    if state in FINAL or not hours:
        return None
    return since + timedelta(hours=hours)


def overdue(due_at: datetime | None, now: datetime) -> bool:
    return due_at is not None and now > due_at


# Case codes: Crockford's base32 (no I, L, O, U: nothing to misread on a phone), 10 characters, 50 random bits.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10
_CODE = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")
_MISREAD = str.maketrans({"I": "1", "L": "1", "O": "0"})


def case_code_new() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def case_code_clean(text: str) -> str | None:
    """A case code as typed (any case, spaces or hyphens, I/L for 1 and O for 0), or None when it cannot be one."""
    code = re.sub(r"[\s-]", "", text or "").upper().translate(_MISREAD)
    return code if _CODE.fullmatch(code) else None


# An Indonesian mobile number: 08..., 628... or +628..., 9 to 12 digits after the 8.
_PHONE = re.compile(r"(?:\+?62|0)(8\d{8,11})")


def phone_clean(text: str) -> str | None:
    """The number as +628..., or None when it is not an Indonesian mobile number (spaces, dots, hyphens and
    brackets are ignored)."""
    digits = re.sub(r"[\s.()-]", "", text or "")
    match = _PHONE.fullmatch(digits)
    return f"+62{match.group(1)}" if match else None
