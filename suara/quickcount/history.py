"""Pure: the published quick counts of past presidential elections and the official shares, shipped as
data (``data/presidential.json``, each with its source), and their scoreboard."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from suara.quickcount.scoreboard import Score, score

DATA = Path(__file__).resolve().parent / "data" / "presidential.json"


@dataclass(frozen=True)
class Scored:
    institution: str
    shares: dict[str, float]
    source: str
    score: Score


@dataclass(frozen=True)
class Election:
    year: int
    candidates: dict[str, str]  # number -> name
    official: dict[str, float]
    official_source: str
    published: tuple[Scored, ...]
    note: str

    @property
    def official_rows(self) -> list[tuple[str, str, float]]:
        return [(number, self.candidates.get(number, number), share) for number, share in self.official.items()]


@cache
def elections() -> tuple[Election, ...]:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    result = []
    for item in raw["elections"]:
        official = {k: float(v) for k, v in item["official"]["shares"].items()}
        published = tuple(
            Scored(
                institution=row["institution"],
                shares={k: float(v) for k, v in row["shares"].items()},
                source=row["source"],
                score=score({k: float(v) for k, v in row["shares"].items()}, official),
            )
            for row in item.get("quick_counts", [])
        )
        result.append(
            Election(
                year=int(item["year"]),
                candidates=dict(item["candidates"]),
                official=official,
                official_source=item["official"]["source"],
                published=tuple(sorted(published, key=lambda s: (s.score.mean_absolute_error, s.institution))),
                note=item.get("note", ""),
            )
        )
    return tuple(sorted(result, key=lambda e: -e.year))
