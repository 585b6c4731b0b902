"""The watchlist file's rows (pure): every data row is either taken or refused with its own line, once; a
refusal never carries the row's content; a NIK is taken once per file."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from suara.parties.watch.rows import WatchFileRefused, watch_rows
from suara.people.nik import nik_make

TODAY = date(2026, 3, 2)
VALID = [nik_make("327601", date(1980, 1, 1), "L", n) for n in range(1, 6)]
niks = st.one_of(
    st.sampled_from(VALID),
    st.text(alphabet="0123456789", min_size=0, max_size=17),
    st.sampled_from(["'" + VALID[0], " " + VALID[1] + " ", VALID[2][:12] + "0000", "32760199018500x1"]),
)
names = st.one_of(st.sampled_from(["Budi Santoso", "Sri  Wahyuni", "", "  "]), st.text(max_size=160))
rows = st.lists(st.tuples(niks, names, st.text(max_size=110)), min_size=1, max_size=30)


def as_csv(data: list[tuple[str, str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["nik", "nama", "keterangan"])
    writer.writerows(data)
    return out.getvalue().encode()


@given(rows)
def test_every_row_is_taken_or_refused_once_and_never_quoted(data):
    try:
        taken, refused = watch_rows(as_csv(data), today=TODAY)
    except WatchFileRefused as refusal:  # every row blank: no data rows
        assert refusal.code == "watch_file_empty"
        return
    lines = [r.line for r in taken] + [p.line for p in refused]
    assert len(lines) == len(set(lines))
    assert len({r.nik for r in taken}) == len(taken)
    for row in taken:
        assert len(row.nik) == 16 and row.nik.isdigit() and row.name and len(row.note) <= 100
    for problem in refused:
        # Six digits or more: a shorter value can be a message's own text ("… tidak boleh 0000").
        assert all(nik not in problem.message for nik, _, _ in data if len(nik) >= 6)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"nik,nama,nik\n", "watch_file_header"),
        (b"nik,umur\n", "watch_file_header"),
        ("nik,nama\n" + "\n".join(f"{VALID[0]},A" for _ in range(200_001)), "watch_file_too_large"),
    ],
)
def test_whole_file_refusals(data, code):
    with pytest.raises(WatchFileRefused) as refused:
        watch_rows(data.encode() if isinstance(data, str) else data, today=TODAY)
    assert refused.value.code == code
