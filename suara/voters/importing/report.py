"""The error report of an import: one line per problem, in the order of the file. Pure: no Django.

It names the line, the column and the rule, never the value: a NIK or a name must not leave the register
through a report that gets mailed around.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from suara.voters.importing.rows import RowProblem

REPORT_COLUMNS = ("baris", "kode", "kolom", "keterangan")


def write_report(problems: Iterable[RowProblem], path: str | Path) -> int:
    """Writes the report (UTF-8 CSV, sorted by line); returns how many problems it holds."""
    ordered = sorted(problems, key=lambda p: p.line)
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(REPORT_COLUMNS)
        writer.writerows((p.line, p.code, p.column, p.reason) for p in ordered)
    return len(ordered)


def count_by_code(problems: Iterable[RowProblem]) -> dict[str, int]:
    return dict(Counter(p.code for p in problems).most_common())
