"""Whom an item reaches: a subscription to a region, or a videotron site in a region, is reached by the
items of every region on its line: the region itself, the regions above it (a national or a provincial
announcement concerns Depok too) and the regions beneath it (a subscriber to Kota Depok hears of
Pancoran Mas). Pure: no Django."""

from __future__ import annotations

from suara.core.region_codes import covers


def reaches(item_region: str, audience_region: str) -> bool:
    """Whether an item about ``item_region`` reaches an audience in ``audience_region`` ('' the nation)."""
    return covers(audience_region, item_region) or covers(item_region, audience_region)


def line_of(item_region: str) -> tuple[list[str], str]:
    """The audience regions an item reaches, as a query would ask: the codes above it and itself (exact
    matches), and the prefix of the codes beneath it."""
    above = [item_region[:n] for n in (0, 2, 4, 6, 10) if n <= len(item_region)]
    return above, item_region
