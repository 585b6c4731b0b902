"""Pure: the rows of an organisation's watchlist file. No Django.

A CSV file (UTF-8, comma or semicolon separated) with a header naming its columns: ``nik`` and ``nama``,
and optionally ``keterangan`` (a note such as "staf" or "keluarga"). English headers (``name``, ``note``)
are taken too. Each row is checked at the door; a refused row is reported by its line and a code, never
with its NIK or name. A problem with the whole file (not UTF-8, no header, no rows, too many rows) refuses
the file (``WatchFileRefused``).

A NIK is checked for its shape (16 digits, a real birth date, a serial that is not 0000), not for its
kecamatan: a person may hold a NIK issued anywhere, and a NIK that no list holds only never matches.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from suara.people.nik import NikInvalid, nik_parse

MAX_ROWS = 200_000
NAME_MAX = 150
NOTE_MAX = 100
HEADERS = {
    "nik": "nik",
    "nama": "nama",
    "name": "nama",
    "keterangan": "keterangan",
    "catatan": "keterangan",
    "note": "keterangan",
}

FILE_MESSAGES = {
    "watch_file_not_utf8": "Berkas bukan teks UTF-8: simpan sebagai CSV UTF-8.",
    "watch_file_header": "Baris pertama berkas harus kepala kolom: nik, nama, dan boleh keterangan.",
    "watch_file_empty": "Berkas tidak berisi baris data.",
    "watch_file_too_large": f"Berkas berisi lebih dari {MAX_ROWS:,} baris.".replace(",", "."),
}

ROW_MESSAGES = {
    "row_broken": "Jumlah kolom tidak sesuai kepala berkas, atau baris berisi karakter NUL.",
    "name_missing": "Nama wajib diisi.",
    "name_too_long": f"Nama paling banyak {NAME_MAX} karakter.",
    "note_too_long": f"Keterangan paling banyak {NOTE_MAX} karakter.",
    "nik_duplicate_in_file": "NIK yang sama sudah ada di baris sebelumnya.",
    "nik_length": "NIK harus terdiri dari 16 digit.",
    "nik_not_digits": "NIK hanya boleh berisi angka.",
    "nik_bad_date": "Digit 7-12 NIK bukan tanggal lahir yang sah (DDMMYY, tanggal ditambah 40 untuk perempuan).",
    "nik_zero_serial": "Nomor urut NIK (4 digit terakhir) tidak boleh 0000.",
}


class WatchFileRefused(ValueError):
    def __init__(self, code: str):
        self.code = code
        self.message = FILE_MESSAGES[code]
        super().__init__(self.message)


@dataclass(frozen=True)
class WatchRow:
    line: int
    nik: str
    name: str
    note: str


@dataclass(frozen=True)
class RowProblem:
    """A refused row: its line in the file and why, never its content."""

    line: int
    code: str

    @property
    def message(self) -> str:
        return ROW_MESSAGES[self.code]


class _AnyKecamatan:
    def __contains__(self, code: object) -> bool:
        return True


_ANY_KECAMATAN = _AnyKecamatan()


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise WatchFileRefused("watch_file_not_utf8") from None


def _columns(header: list[str]) -> dict[str, int]:
    names = [HEADERS.get(cell.strip().lower()) for cell in header]
    if "nik" not in names or "nama" not in names or None in names or len(set(names)) != len(names):
        raise WatchFileRefused("watch_file_header")
    return {name: index for index, name in enumerate(names)}


def _row(line: int, cells: list[str], columns: dict[str, int], today: date) -> WatchRow | RowProblem:
    if len(cells) != len(columns) or any("\x00" in cell for cell in cells):
        return RowProblem(line, "row_broken")
    # Spreadsheets show long numbers in exponent form unless typed as text: a leading ' is how.
    nik = cells[columns["nik"]].strip().lstrip("'")
    try:
        nik_parse(nik, known_kecamatan=_ANY_KECAMATAN, today=today)
    except NikInvalid as problem:
        return RowProblem(line, problem.code if problem.code in ROW_MESSAGES else "nik_bad_date")
    name = " ".join(cells[columns["nama"]].split())
    if not name:
        return RowProblem(line, "name_missing")
    if len(name) > NAME_MAX:
        return RowProblem(line, "name_too_long")
    note = " ".join(cells[columns["keterangan"]].split()) if "keterangan" in columns else ""
    if len(note) > NOTE_MAX:
        return RowProblem(line, "note_too_long")
    return WatchRow(line, nik, name, note)


ENTRY_COLUMNS = {"nik": 0, "nama": 1, "keterangan": 2}


def watch_entry_check(nik: str, name: str, note: str, *, today: date) -> WatchRow | RowProblem:
    """One person to watch, typed rather than read from a file: the same rules as a file's row."""
    return _row(0, [nik, name, note], ENTRY_COLUMNS, today)


def watch_rows(data: bytes, *, today: date) -> tuple[list[WatchRow], list[RowProblem]]:
    """The file's valid rows and its refused ones, each with its line (the header is line 1)."""
    text = _text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        header = next(reader)
    except StopIteration:
        raise WatchFileRefused("watch_file_empty") from None
    except csv.Error:
        raise WatchFileRefused("watch_file_header") from None
    columns = _columns(header)
    rows: list[WatchRow] = []
    problems: list[RowProblem] = []
    seen: set[str] = set()
    count = 0
    line = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:  # a field too large, a quote never closed: the rest cannot be read as rows
            problems.append(RowProblem(line + 1, "row_broken"))
            break
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue  # blank lines (a trailing one, most often) are not rows
        count += 1
        if count > MAX_ROWS:
            raise WatchFileRefused("watch_file_too_large")
        outcome = _row(line, cells, columns, today)
        if isinstance(outcome, WatchRow):
            if outcome.nik in seen:
                outcome = RowProblem(line, "nik_duplicate_in_file")
            else:
                seen.add(outcome.nik)
        (rows if isinstance(outcome, WatchRow) else problems).append(outcome)
    if not count:
        raise WatchFileRefused("watch_file_empty")
    return rows, problems
