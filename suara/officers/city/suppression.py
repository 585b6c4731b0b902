"""Pure: small-cell suppression of health aggregates shown outside the health officers' own pages.

A count from 1 to 4 is shown as "<5" (UU PDP 27/2022: health is specific personal data, and a count of a
few officers in a body of a TPS or desa points at persons). A row whose total is shown must not give a
suppressed cell back by subtraction: when exactly one cell of a row is suppressed, the smallest other cell
is suppressed with it (secondary suppression). Zero is shown: it says nothing about any person.
"""

from __future__ import annotations

from collections.abc import Sequence

SUPPRESS_BELOW = 5
SUPPRESSED = "<5"


def cell(count: int) -> str:
    """One count as shown on its own (no total beside it)."""
    return SUPPRESSED if 0 < count < SUPPRESS_BELOW else str(count)


def row(counts: Sequence[int]) -> list[str]:
    """A row of counts shown beside its total: primary suppression, then secondary when only one cell
    was suppressed, so that the total minus the shown cells never equals a single hidden cell."""
    hidden = {i for i, n in enumerate(counts) if 0 < n < SUPPRESS_BELOW}
    if len(hidden) == 1 and len(counts) > 1:
        others = sorted((n, i) for i, n in enumerate(counts) if i not in hidden)
        hidden.add(others[0][1])
    return [SUPPRESSED if i in hidden else str(n) for i, n in enumerate(counts)]
