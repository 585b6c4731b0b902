"""Benchmark: what tracing a leaked copy costs (suara/sharing/services_trace.py).

    .venv/bin/python bench/sharing_trace.py               # an extract of 1,000,000 rows, a leak of 100,000
    .venv/bin/python bench/sharing_trace.py --size tiny   # 20,000 and 2,000 (for CI)

A trace computes one keyed hash (HMAC-SHA256, truncated to 80 bits) per row of every recorded extract of
individual rows (and of every partner key's reads) when the leaked file holds any cell shaped like a hash,
and reads the file itself. Pure Python over the fingerprint module, no database: the voter ids come from a
range (the service streams them from ``ExtractRow``, 20,000 at a time; its query is not timed here). Timed,
in CPU seconds of this process: the hashes of one extract's rows (the figure a trace pays per row of every
extract); reading a leaked CSV of the leak's size (``leaks.leak_rows`` and ``Leak.of``); the whole
``evidence`` of the matching extract; the same for an extract of the same size that does not match. Printed
with this machine's reference-loop time (``support.reference_seconds``). The last line is the headline: rows
of recorded extracts weighed per CPU second.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from support import reference_seconds  # noqa: E402

from suara.sharing.fingerprint import (  # noqa: E402
    TOKEN_COLUMN,
    Leak,
    Place,
    Source,
    Tokens,
    evidence,
    extract_secret,
    markers,
)
from suara.sharing.leaks import leak_rows  # noqa: E402

SIZES = {"tiny": (20_000, 2_000), "full": (1_000_000, 100_000)}
SERVER_KEY = b"benchmark-sharing-key"
FIELDS = ["nama", "usia", "jenis_kelamin", "alamat", "rt", "rw", "kode_desa"]
PLACES = (Place("3276011006", "327601", ("3276011006001",)),)


def _cpu(run) -> tuple[float, object]:
    started = time.process_time()
    value = run()
    return time.process_time() - started, value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=tuple(SIZES), default="full")
    args = parser.parse_args()
    rows, leaked_rows = SIZES[args.size]
    reference = reference_seconds()
    secret = extract_secret(SERVER_KEY, "0123456789abcdef")
    tokens = Tokens(secret)
    ids = range(1, rows + 1)

    seconds, _ = _cpu(lambda: [tokens.voter(i) for i in ids])
    print(f"keyed hashes of {rows:,} rows: {seconds:.2f} s CPU, {rows / seconds:,.0f} rows/s")

    chosen = markers(secret, 5, PLACES, date(2026, 3, 1))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([TOKEN_COLUMN, *FIELDS])
    for i in range(1, leaked_rows + 1):
        writer.writerow([tokens.voter(i * (rows // leaked_rows)), f"NAMA ORANG {i}", "40", "P", f"JL. X NO. {i}",
                         "001", "002", "3276011006"])  # fmt: skip
    for marker in chosen:
        writer.writerow([marker["token"], *(marker[name] for name in FIELDS)])
    raw = out.getvalue().encode()
    seconds, leak = _cpu(lambda: Leak.of(leak_rows(raw)))
    print(f"reading a leaked CSV of {leaked_rows:,} rows ({len(raw) / 1e6:.1f} MB): {seconds:.2f} s CPU")

    source = Source("extract", 1, secret, tuple(FIELDS), voter_ids=lambda: iter(ids), markers=tuple(chosen))
    seconds, found = _cpu(lambda: evidence(source, leak))
    assert found.hashes_matched == leaked_rows and len(found.markers_found) == len(chosen), found
    print(f"evidence of the extract it came from: {seconds:.2f} s CPU ({found.hashes_matched:,} hashes matched, "
          f"{len(found.markers_found)} markers)")  # fmt: skip
    other = Source("extract", 2, extract_secret(SERVER_KEY, "fedcba9876543210"), tuple(FIELDS),
                   voter_ids=lambda: iter(ids))  # fmt: skip
    seconds, nothing = _cpu(lambda: evidence(other, leak))
    assert nothing.hashes_matched == 0 and not nothing.markers_found
    print(f"evidence of another extract of {rows:,} rows: {seconds:.2f} s CPU (nothing matched)")
    print(f"reference loop: {reference:.2f} s CPU")
    print(f"trace: {rows / seconds:,.0f} rows of recorded extracts weighed per CPU second")
    return 0


if __name__ == "__main__":
    sys.exit(main())
