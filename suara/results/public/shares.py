"""Shares and percentages: one rounding rule for every page, CSV, API answer and PDF. Pure: no Django.

A share is part / whole rounded half up to four decimals, once, from the exact counts; a percentage
shows exactly those digits (two decimals of a percent). So 120 of 220 (54.5454…%) reads 54.55% in the
headline, the table, the CSV and the PDF alike: rounding a rounded share again, or cutting decimals off
instead of rounding, is what made two places disagree.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

SHARE_PLACES = Decimal("0.0001")
PERCENT_PLACES = Decimal("0.01")


def share(part: int, whole: int) -> float:
    """part / whole rounded half up to four decimals; 0 when there is no whole."""
    if not whole:
        return 0.0
    return float((Decimal(part) / Decimal(whole)).quantize(SHARE_PLACES, rounding=ROUND_HALF_UP))


def percent_value(value: float) -> Decimal:
    """The percentage a share shows, with two decimals (a share already has four: this only moves them)."""
    return (Decimal(repr(float(value))) * 100).quantize(PERCENT_PLACES, rounding=ROUND_HALF_UP)
