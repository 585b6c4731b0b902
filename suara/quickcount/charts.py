"""The chart of a quick count's estimates over time, as inline SVG drawn on the server (no script, no
CDN): one line per candidate, its share in percent against the reports in."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT, PAD = 640, 240, 36
COLOURS = ("#b3261e", "#1f5fa8", "#2e7d32", "#8e5b00", "#6a1b9a", "#00695c")


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    lines: list[dict]  # {"number", "name", "colour", "points"}
    y_ticks: list[tuple[float, int]]  # (y, percent)
    x_label: str


def estimates_chart(snapshots, candidates: list[dict]) -> Chart | None:
    series = [(s.reports, {c["number"]: c.get("share") for c in s.body.get("candidates", [])}) for s in snapshots]
    series = [(n, shares) for n, shares in series if any(v is not None for v in shares.values())]
    if len(series) < 2:
        return None
    values = [v for _, shares in series for v in shares.values() if v is not None]
    low, high = max(0.0, min(values) - 5), min(100.0, max(values) + 5)
    span = max(high - low, 1.0)
    most = max(n for n, _ in series) or 1

    def x(n: int) -> float:
        return round(PAD + (WIDTH - 2 * PAD) * n / most, 1)

    def y(v: float) -> float:
        return round(HEIGHT - PAD - (HEIGHT - 2 * PAD) * (v - low) / span, 1)

    lines = []
    for index, candidate in enumerate(candidates):
        points = " ".join(
            f"{x(n)},{y(shares[candidate['number']])}"
            for n, shares in series
            if shares.get(candidate["number"]) is not None
        )
        lines.append(
            {
                "number": candidate["number"],
                "name": candidate["name"],
                "colour": COLOURS[index % len(COLOURS)],
                "points": points,
            }
        )
    ticks = [(y(v), round(v)) for v in (low, (low + high) / 2, high)]
    return Chart(width=WIDTH, height=HEIGHT, lines=lines, y_ticks=ticks, x_label=f"0 – {most} TPS")
