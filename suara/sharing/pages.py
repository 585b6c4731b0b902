"""What the sharing pages share: the catalogue's fields, the legal bases, the aggregation levels and the
states with their labels in the page's language, and an agreement list's rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

from suara.core import clock
from suara.sharing.models import Agreement
from suara.sharing.rules import (
    AGGREGATION_LABELS,
    FIELDS,
    LEGAL_BASIS_LABELS,
    STATE_LABELS,
    State,
    agreement_state,
)


def field_choices(names: Sequence[str] | None = None) -> list[tuple[str, str, bool]]:
    """(name, label, sensitive) of the catalogue's fields, or of ``names`` only."""
    return [(f.name, _(f.label), f.sensitive) for f in FIELDS if names is None or f.name in names]


def legal_bases() -> list[tuple[str, str]]:
    return [(basis.value, _(label)) for basis, label in LEGAL_BASIS_LABELS.items()]


def levels() -> list[tuple[str, str]]:
    return [(level.value, _(label)) for level, label in AGGREGATION_LABELS.items()]


def state_label(state: State) -> str:
    return _(STATE_LABELS[state])


def agreement_rows(agreements: Iterable[Agreement]) -> list[dict]:
    today = clock.today()
    rows = []
    for agreement in agreements:
        state = agreement_state(
            status=agreement.status, start=agreement.period_start, end=agreement.period_end, today=today
        )
        rows.append({"a": agreement, "state": state, "label": state_label(state)})
    return rows
