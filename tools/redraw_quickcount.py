#!/usr/bin/env python3
"""Redraws a Suara quick count's sample of TPS from the frame's export and the published design.

Standard library only: no Django, no database, no numpy. Anyone — a rival institution, Bawaslu, a
journalist — runs it and gets the same TPS the institution drew:

    python3 tools/redraw_quickcount.py kerangka.csv desain.json

``kerangka.csv``: UTF-8 CSV with a header and at least the columns ``kode_tps`` and ``strata``, rows in
any order. ``desain.json``: the published design, ``{"algorithm": "suara-acak-strata-v1", "seed": "<32 hex>",
"frame_digest": "<sha256>", "strata": {"<stratum>": {"sample": n_h, "reserve": r_h}, ...}}``.

It prints the frame's digest (it must equal the published ``frame_digest``), then one line per drawn TPS:
``<stratum>,<kode_tps>,sampel|cadangan,<order>``.

Algorithm ``suara-acak-strata-v1`` (the application's suara/quickcount/draw.py; a test keeps the two equal):
1. Frame digest: SHA-256 of the lines "<kode_tps>,<strata>\\n" ordered by kode_tps.
2. In each stratum, each TPS's key is SHA-256("<seed>:<kode_tps>") read as a big-endian integer; the
   stratum's TPS are ordered by key, the code breaking a tie.
3. The first n_h are the sample, the next r_h the reserve, in that order.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys

ALGORITHM = "suara-acak-strata-v1"


def key(seed: str, code: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{seed}:{code}".encode()).digest(), "big")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = {"kode_tps", "strata"} - set(reader.fieldnames or ())
        if missing:
            print(f"the frame lacks the column(s): {', '.join(sorted(missing))}", file=sys.stderr)
            return 2
        rows = sorted((row["kode_tps"].strip(), row["strata"].strip()) for row in reader)
    with open(argv[1], encoding="utf-8") as f:
        design = json.load(f)
    if design.get("algorithm") != ALGORITHM:
        print(f"this script redraws {ALGORITHM}, not {design.get('algorithm')}", file=sys.stderr)
        return 2
    digest = hashlib.sha256()
    for code, stratum in rows:
        digest.update(f"{code},{stratum}\n".encode())
    print(f"frame_digest,{digest.hexdigest()}")
    if design.get("frame_digest") and design["frame_digest"] != digest.hexdigest():
        print("warning: this frame is not the design's frame (the digests differ)", file=sys.stderr)
    by_stratum: dict[str, list[str]] = {}
    for code, stratum in rows:
        by_stratum.setdefault(stratum, []).append(code)
    seed = design["seed"]
    for stratum in sorted(design["strata"]):
        counts = design["strata"][stratum]
        ordered = sorted(by_stratum.get(stratum, []), key=lambda code: (key(seed, code), code))
        n, r = int(counts["sample"]), int(counts.get("reserve", 0))
        for order, code in enumerate(ordered[:n], start=1):
            print(f"{stratum},{code},sampel,{order}")
        for order, code in enumerate(ordered[n : n + r], start=1):
            print(f"{stratum},{code},cadangan,{order}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
