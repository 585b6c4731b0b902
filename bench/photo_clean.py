"""Benchmark: what checking and stripping one C.Hasil photo costs (`results.photos.clean_photo`).

    .venv/bin/python bench/photo_clean.py                # a 12-megapixel phone JPEG and an A4 scan as PNG
    .venv/bin/python bench/photo_clean.py --size tiny    # small images (for CI)

Every submission's photos pass through this before anything is stored, so on election night its CPU
is paid 820,000 times or more. The images are synthetic (noise and strokes, so that they compress like
photos of a handwritten form, not like flat colour). The last line is the headline.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import time

from PIL import Image, ImageDraw
from support import PROJECT_DIR

SIZES = {"full": ((4000, 3000), (2480, 3508), 10), "tiny": ((320, 240), (200, 280), 5)}


def form_photo(size: tuple[int, int], mode: str) -> Image.Image:
    image = Image.new("RGB", size, (235, 233, 225))
    draw = ImageDraw.Draw(image)
    rng = random.Random(2024)  # noqa: S311 - test data
    for _ in range(size[0] * size[1] // 4000):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        ink = rng.randint(0, 90)
        draw.line((x, y, x + rng.randint(-60, 60), y + rng.randint(-60, 60)), fill=(ink, ink, ink + 30), width=3)
    noise = Image.effect_noise(size, 25).convert("RGB")
    return Image.blend(image, noise, 0.12).convert(mode)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=("tiny", "full"), default="full")
    parser.add_argument("--database-url", help="ignored: no database is involved")
    args = parser.parse_args()
    sys.path.insert(0, str(PROJECT_DIR))
    from django.conf import settings

    if not settings.configured:  # no database, no server: only what a photo's check reads
        settings.configure(SUARA_PHOTO_DECODE_SLOTS=1, SUARA_PHOTO_DECODE_WAIT_SECONDS=60)
    from suara.results.entry.photos import clean_photo

    photo_size, scan_size, rounds = SIZES[args.size]
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {2: (6, 24, 0), 4: (106, 49, 0)}  # where it was taken
    samples = []
    out = io.BytesIO()
    form_photo(photo_size, "RGB").save(out, "JPEG", quality=88, exif=exif.tobytes())
    samples.append((f"phone photo, JPEG {photo_size[0]}x{photo_size[1]}", out.getvalue()))
    out = io.BytesIO()
    form_photo(scan_size, "L").save(out, "PNG", exif=exif.tobytes())
    samples.append((f"A4 scan, greyscale PNG {scan_size[0]}x{scan_size[1]}", out.getvalue()))

    headline = ""
    for label, raw in samples:
        clean = clean_photo(raw, page=1)  # warm up, and the size of what is stored
        started = time.process_time()
        for _ in range(rounds):
            clean_photo(raw, page=1)
        per = (time.process_time() - started) / rounds
        print(
            f"{label}: {len(raw) / 1e6:.1f} MB in, {len(clean.data) / 1e6:.1f} MB stored, "
            f"{per * 1000:.1f} ms CPU a photo ({1 / per:.0f} photos/s per core)"
        )
        headline = headline or f"photo check: {per * 1000:.1f} ms CPU for a {label}"
    print(headline)
    return 0


if __name__ == "__main__":
    sys.exit(main())
