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
    winner_right: bool


def score(published: Mapping[str, float], official: Mapping[str, float]) -> Score:
    """``published`` and ``official`` map each candidate to a share in percent (0–100)."""
    if set(published) != set(official) or not official:
        raise ValueError("the published and the official shares name different candidates")
    errors = {name: round(published[name] - official[name], 4) for name in sorted(official)}
    mae = sum(abs(e) for e in errors.values()) / len(errors)
    winner = max(official, key=lambda name: official[name])
    called = max(published, key=lambda name: published[name])
    return Score(signed_errors=errors, mean_absolute_error=round(mae, 4), winner_right=called == winner)
