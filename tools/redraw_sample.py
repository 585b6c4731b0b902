#!/usr/bin/env python3
"""Redraws a factual-verification sample of Suara from the list export and the published seed.

Standard library only: no Django, no database. Anyone — the party, Bawaslu, an observer — runs it on the
export of the sample's list (the "Unduh daftar (CSV)" link of the sample's page) and the seed published
on that page, and gets the same members the application drew:

    python3 tools/redraw_sample.py daftar.csv --seed 0123456789abcdef0123456789abcdef
    python3 tools/redraw_sample.py daftar.csv --seed ... --replacements 5    # and the first 5 replacements

The export is UTF-8 CSV with a header; this script reads only the columns ``id_listing`` and ``nik``
(others are ignored, and rows may come in any order: the script orders them itself). It prints the
frame's digest first: if it differs from the one published with the sample, the export is not the
sample's frame.

Algorithm ``suara-sistematik-v1`` (the application's suara/parties/verification/sampling.py; a test
keeps the two equal):

1. Frame: the rows ordered by NIK (16-digit text), then listing id (integer). Positions from 0. N rows.
2. n = Krejcie & Morgan (1970): s = X²NP(1−P) / (d²(N−1) + X²P(1−P)), X² = 3.841, P = 0.5, d = 0.05,
   rounded to the nearest integer (half up; exact fractions), at most N.
3. Start t = SHA-256("<seed>:mulai") as a big-endian integer, modulo N.
4. Sample positions p_i = floor((t + i·N) / n), i = 0 … n−1.
5. Reserve: the other positions ordered by SHA-256("<seed>:cadangan:<position>") (big-endian integer),
   position breaking a tie; the m-th replacement drawn is the m-th reserve row.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
from fractions import Fraction

ALGORITHM = "suara-sistematik-v1"


def sample_size(population: int) -> int:
    if population <= 0:
        return 0
    chi, p, d = Fraction(3841, 1000), Fraction(1, 2), Fraction(5, 100)
    value = chi * population * p * (1 - p) / (d * d * (population - 1) + chi * p * (1 - p))
    return min(population, max(1, int(value + Fraction(1, 2))))


def hash_int(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("ascii")).digest(), "big")


def read_frame(path: str) -> list[tuple[int, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = {"id_listing", "nik"} - set(reader.fieldnames or ())
        if missing:
            raise SystemExit(f"the export lacks the column(s): {', '.join(sorted(missing))}")
        rows = [(int(row["id_listing"]), row["nik"].strip()) for row in reader]
    return sorted(rows, key=lambda pair: (pair[1], pair[0]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("export", help="the sample's list export (CSV)")
    parser.add_argument("--seed", required=True, help="the seed published with the sample (32 hex digits)")
    parser.add_argument("--size", type=int, help="the sample size, when not Krejcie–Morgan's for the frame")
    parser.add_argument("--replacements", type=int, default=0, help="how many replacements to print")
    args = parser.parse_args(argv)
    seed = args.seed.strip().lower()
    if len(seed) != 32 or any(c not in "0123456789abcdef" for c in seed):
        parser.error("the seed is 32 hex digits")

    frame = read_frame(args.export)
    population = len(frame)
    size = sample_size(population) if args.size is None else args.size
    if not 0 <= size <= population:
        parser.error("the sample size is between 0 and the number of rows")
    digest = hashlib.sha256("".join(f"{i},{nik}\n" for i, nik in frame).encode("ascii")).hexdigest()
    t = hash_int(f"{seed}:mulai") % population if population else 0
    positions = [(t + i * population) // size for i in range(size)]
    taken = set(positions)
    reserve = sorted(
        (q for q in range(population) if q not in taken), key=lambda q: (hash_int(f"{seed}:cadangan:{q}"), q)
    )

    out = csv.writer(sys.stdout, lineterminator="\n")
    print(f"algoritma: {ALGORITHM}")
    print(f"benih: {seed}")
    print(f"populasi: {population}")
    print(f"ukuran_sampel: {size}")
    print(f"awal: {t}")
    print(f"sidik_daftar: {digest}")
    print("sampel:")
    out.writerow(["urutan", "posisi", "id_listing", "nik"])
    for number, position in enumerate(positions, start=1):
        out.writerow([number, position, *frame[position]])
    if args.replacements:
        print("pengganti:")
        out.writerow(["urutan", "posisi", "id_listing", "nik"])
        for number, position in enumerate(reserve[: args.replacements], start=1):
            out.writerow([number, position, *frame[position]])
    return 0


if __name__ == "__main__":
    sys.exit(main())
