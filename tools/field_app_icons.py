"""Draws the field app's icons (suara/results/static/results/app/icon.svg, icon-192.png, icon-512.png):
the site's ballot-box mark on a full square, as a launcher wants it (the mark kept inside the middle 80%,
the "maskable" safe zone). Run after changing the drawing and commit the three files:

    python tools/field_app_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "suara" / "results" / "static" / "results" / "app"
RED, WHITE = "#b3261e", "#ffffff"
# The drawing on a 32-unit grid: (kind, x0, y0, x1, y1) boxes, then the tick as a polyline.
BOX = (7, 14, 25, 26)
BALLOT = (11, 6, 21, 17)
SLOT = (10, 15.5, 22, 17.1)
TICK = [(13.5, 11.5), (15.5, 13.5), (19, 9.5)]

SVG = f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">\
<rect width="32" height="32" fill="{RED}"/>\
<g transform="translate(3.2 3.2) scale(.8)">\
<rect x="7" y="14" width="18" height="12" rx="1.5" fill="{WHITE}"/>\
<rect x="11" y="6" width="10" height="11" rx="1" fill="{WHITE}" stroke="{RED}" stroke-width="1.5"/>\
<path d="M13.5 11.5l2 2 3.5-4" fill="none" stroke="{RED}" stroke-width="1.8" stroke-linecap="round" \
stroke-linejoin="round"/>\
<rect x="10" y="15.5" width="12" height="1.6" rx=".8" fill="{RED}"/></g></svg>
"""


def png(size: int) -> Image.Image:
    scale = 4  # drawn large and shrunk, for smooth edges
    full = size * scale
    unit = full / 32 * 0.8
    offset = full * 0.1

    def at(x: float, y: float) -> tuple[float, float]:
        return offset + x * unit, offset + y * unit

    image = Image.new("RGB", (full, full), RED)
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([*at(*BOX[:2]), *at(*BOX[2:])], radius=1.5 * unit, fill=WHITE)
    draw.rounded_rectangle(
        [*at(*BALLOT[:2]), *at(*BALLOT[2:])], radius=unit, fill=WHITE, outline=RED, width=round(1.5 * unit)
    )
    draw.line([at(*p) for p in TICK], fill=RED, width=round(1.8 * unit), joint="curve")
    draw.rounded_rectangle([*at(*SLOT[:2]), *at(*SLOT[2:])], radius=0.8 * unit, fill=RED)
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "icon.svg").write_text(SVG, encoding="utf-8")
    for size in (192, 512):
        png(size).quantize(colors=32).save(OUT / f"icon-{size}.png", optimize=True)
    print(f"icons written to {OUT}")


if __name__ == "__main__":
    main()
