"""Pure: how a published quick count compares with the official result, per institution and election.

The signed error of a candidate is the institution's share minus the official share, in points; the mean
absolute error averages their absolute values over the candidates; the winner is called right when the
institution's leader is the official one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Score:
    signed_errors: dict[str, float]  # candidate -> points (institution − official)
    mean_absolute_error: float
    winner_right: bool | None  # None: the published shares do not say who leads


def score(published: Mapping[str, float], official: Mapping[str, float]) -> Score:
    """``published`` and ``official`` map candidates to a share in percent (0–100). ``published`` may name
    only some candidates (a release quoted for the leader only): the errors are of those; the winner is
    known when every candidate is named or one has a majority."""
    if not published or not set(published) <= set(official):
        raise ValueError("the published shares name candidates the official result does not")
    errors = {name: round(published[name] - official[name], 4) for name in sorted(published)}
    mae = sum(abs(e) for e in errors.values()) / len(errors)
    winner = max(official, key=lambda name: official[name])
    called: str | None = None
    if set(published) == set(official):
        called = max(published, key=lambda name: published[name])
    else:
        called = next((name for name, share in published.items() if share > 50), None)
    return Score(
        signed_errors=errors,
        mean_absolute_error=round(mae, 4),
        winner_right=None if called is None else called == winner,
    )
