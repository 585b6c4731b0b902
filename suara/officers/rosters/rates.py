"""Pure: the honorarium rates of the ad-hoc bodies, kept as data (``data/honorarium_<year>.json``, each
file naming its source and how its figures were verified). No Django.

A rate is per person for one month of the term, by election kind (pemilu, pilkada), body and position.
Linmas and Pantarlih have no chair: their one rate is the member's.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

from suara.officers.bodies import Body, Position

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class RateTable:
    year: int
    unit: str
    source: str
    verification: str
    rates: dict[str, dict[str, dict[str, int]]]

    def rate(self, kind: str, body: Body, position: str) -> int:
        """The rate for one officer; a body without a chair pays every officer the member's rate."""
        by_position = self.rates[kind][body.value]
        return by_position.get(position or Position.MEMBER.value, by_position[Position.MEMBER.value])


@functools.cache
def rate_table(year: int) -> RateTable | None:
    """The rates kept for an election year, or None."""
    path = DATA_DIR / f"honorarium_{year}.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return RateTable(data["year"], data["unit"], data["source"], data["verification"], data["rates"])
