"""Reading import files (pure): CSV and XLSX sniffed by content, line numbers as a spreadsheet shows them."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from suara.voters.importing.source import COLUMNS, HEADER, NUMBER_TOO_LONG, SourceError, open_source

ROW = "3276015705900007,3276010101100001,Sari Wulandari,Depok,1990-05-17,P,S,Jl. Melati,001,002,3276011006,"


def rows_of(data: bytes) -> list[tuple[int, list[str] | None]]:
    return list(open_source(io.BytesIO(data)).rows)


def test_csv_rows_carry_the_line_they_start_on():
    data = (
        f"{HEADER}\r\n{ROW}\r\n\r\n" + ROW.replace(",Jl. Melati,", ',"Jl. Melati\nGg. 2",') + "\r\n" + ROW + "\r\n"
    ).encode()
    found = rows_of(data)
    assert [line for line, _ in found] == [2, 4, 6]
    assert found[1][1][7] == "Jl. Melati\nGg. 2"
    assert all(len(fields) == 12 for _, fields in found)


def test_a_quote_left_open_makes_every_line_it_swallows_unreadable():
    bad = ROW.replace("Sari", '"Sari')
    short = rows_of(f"{HEADER}\n{ROW}\n{bad}\n{ROW}\n{ROW}\n".encode())
    assert [(line, fields is None) for line, fields in short] == [(2, False), (3, True), (4, True), (5, True)]
    # Past the csv module's field limit (128 KiB) it gives up and reading resumes after.
    long = rows_of((f"{HEADER}\n{ROW}\n{bad}\n" + f"{ROW}\n" * 3000).encode())
    unreadable = [line for line, fields in long if fields is None]
    assert unreadable == list(range(3, unreadable[-1] + 1)) and unreadable[-1] > 100
    assert [line for line, fields in long if fields is not None] == [2, *range(unreadable[-1] + 1, 3004)]


def test_a_byte_order_mark_and_a_header_in_capitals_are_accepted():
    source = open_source(io.BytesIO(("\ufeff" + HEADER.upper() + "\n" + ROW + "\n").encode()))
    assert source.kind == "csv"
    assert [fields[0] for _, fields in source.rows] == ["3276015705900007"]


def test_bytes_that_are_not_utf8_stay_on_their_own_line():
    data = f"{HEADER}\n{ROW}\n".encode() + ROW.replace("Sari", "S\xe9ri").encode("latin-1") + f"\n{ROW}\n".encode()
    found = rows_of(data)
    assert [line for line, _ in found] == [2, 3, 4]
    assert "\udce9" in found[1][1][2]
    assert found[2][1][2] == "Sari Wulandari"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "import_empty"),
        (b"nik;kk;nama\n", "import_bad_header"),
        (HEADER.replace("kode_desa", "desa").encode(), "import_bad_header"),
        (b"\xd0\xcf\x11\xe0....", "import_xls_unsupported"),
        (HEADER.replace("nama", "n\xe4ma").encode("latin-1"), "import_not_utf8"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(data, code):
    with pytest.raises(SourceError) as caught:
        open_source(io.BytesIO(data))
    assert caught.value.code == code
    assert caught.value.message


def test_position_follows_the_reading():
    data = (HEADER + "\n" + (ROW + "\n") * 20_000).encode()
    source = open_source(io.BytesIO(data), size=len(data))
    assert source.position() < 0.5
    assert sum(1 for _ in source.rows) == 20_000
    assert source.position() == 1.0


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    for values in rows:
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_is_sniffed_by_content_and_its_cells_read_as_the_csv_would_hold_them():
    data = xlsx(
        [
            list(COLUMNS),
            ["3276015705900007", "3276010101100001", "Sari", "Depok", datetime(1990, 5, 17), "P", "S", "Jl.", 1, 2,
             3276011006, None],
            [],
            ["3276015705900007", "3276010101100001", "Sari", "Depok", date(1990, 5, 17), "P", "S", "Jl.", "001"],
            [3276015705900007.0, 3.2760101011000012e15, "Sari", "Depok", "1990-05-17", "P", "S", "Jl.", 1.0, 2,
             "3276011006", "", None, None],
            [*ROW.split(","), "", "extra"],
        ]
    )  # fmt: skip
    source = open_source(io.BytesIO(data))
    assert source.kind == "xlsx"
    found = list(source.rows)
    assert [line for line, _ in found] == [2, 4, 5, 6]
    assert found[0][1] == [
        "3276015705900007", "3276010101100001", "Sari", "Depok", "1990-05-17", "P", "S", "Jl.", "1", "2",
        "3276011006", "",
    ]  # fmt: skip
    assert found[1][1][4] == "1990-05-17"
    assert found[1][1][9:] == ["", "", ""]  # short rows are padded: empty cells at the end
    # 16-digit numbers are past what Excel keeps exactly: flagged, never guessed.
    assert found[2][1][:2] == [NUMBER_TOO_LONG, NUMBER_TOO_LONG]
    assert found[2][1][8] == "1"
    assert len(found[3][1]) == 14  # a value past the last column: a broken row
    assert source.position() == 1.0


def test_an_xlsx_without_rows_is_empty():
    with pytest.raises(SourceError) as caught:
        open_source(io.BytesIO(xlsx([])))
    assert caught.value.code in ("import_empty", "import_bad_header")
