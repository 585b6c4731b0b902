"""What an audit event records: each app's actions are a ``AuditActions`` enum in its
``audit_actions.py``, whose values (``<app>.<verb>``) are what the log stores; docs/audit.md lists them,
generated from the enums (``suara docs-vocabulary``). Pure: no Django."""

from __future__ import annotations

import enum


class AuditActions(enum.StrEnum):
    """Base of the audit-action enums. A member is declared as ``NAME = "app.verb", "meaning"``:
    ``meaning`` one line of English for docs/audit.md (what happened; what ``object_code`` names)."""

    meaning: str

    def __new__(cls, value: str, meaning: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.meaning = meaning
        return member
