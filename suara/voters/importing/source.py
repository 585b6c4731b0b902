"""Reading an import file into numbered rows of strings. Pure: no Django.

The format is sniffed from the content, never the name: an XLSX file is a ZIP archive; the old binary
XLS is refused; anything else is read as UTF-8 CSV (a byte-order mark, as Excel writes it, is allowed).

Bytes that are not UTF-8 are kept as lone surrogates (``surrogateescape``) so one bad line is reported
on its own instead of stopping the file; the row checks look for them and for NUL characters.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import BinaryIO

from suara.voters.errors import VoterErrorCode

COLUMNS = (
    "nik",
    "kk",
    "nama",
    "tempat_lahir",
    "tanggal_lahir",
    "jenis_kelamin",
    "status_kawin",
    "alamat",
    "rt",
    "rw",
    "kode_desa",
    "disabilitas",
)
HEADER = ",".join(COLUMNS)

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the binary XLS of Excel 97-2003
# Excel keeps 15 significant digits: a 16-digit NIK or KK typed as a number has lost its last digit.
EXACT_FLOAT_LIMIT = 10**15

_UNDECODABLE = re.compile("[\udc80-\udcff]")


class SourceError(ValueError):
    """The file as a whole cannot be read: a stable ``code`` and an Indonesian ``message``."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Source:
    """The rows of a file after its header: ``rows`` yields (line number, fields); ``position`` tells
    how far the reading has come, as a fraction from 0 to 1, for the progress bar."""

    kind: str  # "csv" or "xlsx"
    rows: Iterator[tuple[int, list[str]]]
    position: Callable[[], float]


def sniff(head: bytes) -> str:
    if head.startswith(ZIP_MAGIC):
        return "xlsx"
    if head.startswith(OLE_MAGIC):
        raise SourceError(
            VoterErrorCode.IMPORT_XLS_UNSUPPORTED,
            "Berkas XLS (Excel 97-2003) tidak didukung; simpan sebagai XLSX atau CSV.",
        )
    return "csv"


def open_source(stream: BinaryIO, *, size: int | None = None, columns: tuple[str, ...] = COLUMNS) -> Source:
    """Checks the header and returns the rows after it. ``stream`` must be seekable binary. ``columns``:
    the header the file must have (a voter file's by default; other imports pass their own)."""
    head = stream.read(8)
    stream.seek(0)
    kind = sniff(head)
    if kind == "xlsx":
        return _xlsx_source(stream, columns)
    return _csv_source(stream, size, columns)


def _check_header(fields: list[str] | None, columns: tuple[str, ...]) -> None:
    if fields is None:
        raise SourceError(VoterErrorCode.IMPORT_EMPTY, "Berkas kosong: tidak ada baris judul kolom.")
    found = [f.strip().lower() for f in fields]
    if found and found[0].startswith("\ufeff"):
        found[0] = found[0][1:]
    if tuple(found) != columns:
        raise SourceError(
            VoterErrorCode.IMPORT_BAD_HEADER,
            f"Baris pertama harus berisi judul kolom persis seperti ini: {','.join(columns)}",
        )


def _csv_source(stream: BinaryIO, size: int | None, columns: tuple[str, ...]) -> Source:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
    reader = csv.reader(text, strict=False)
    try:
        header = next(reader)
    except StopIteration:
        header = None
    except csv.Error as exc:
        raise SourceError(VoterErrorCode.IMPORT_BAD_HEADER, f"Baris judul kolom tidak dapat dibaca: {exc}") from None
    if header is not None and _UNDECODABLE.search("".join(header)):
        raise SourceError(VoterErrorCode.IMPORT_NOT_UTF8, "Berkas bukan teks UTF-8: simpan sebagai CSV UTF-8.")
    _check_header(header, columns)

    finished = [False]

    def rows() -> Iterator[tuple[int, list[str] | None]]:
        line = reader.line_num
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                finished[0] = True
                text.detach()  # the caller's stream stays open: it is the caller's to close
                return
            except csv.Error:
                # A quote left open swallowed lines until a field grew past the csv module's limit:
                # every line it took is unreadable (None), so none goes missing from the report.
                for swallowed in range(line + 1, reader.line_num + 1):
                    yield swallowed, None
                line = reader.line_num
                continue
            start, line = line + 1, reader.line_num
            if line > start and len(fields) != len(columns):
                # A record over several lines that is no row (a quote left open): each line it took.
                for swallowed in range(start, line + 1):
                    yield swallowed, None
            elif fields:  # a blank line is no row
                yield start, fields

    def position() -> float:
        if finished[0]:
            return 1.0
        if not size:
            return 0.0
        try:
            return min(stream.tell() / size, 1.0)
        except (OSError, ValueError):
            return 0.0

    return Source("csv", rows(), position)


def _cell_text(value: object) -> str:
    """An XLSX cell as the text the CSV format would hold."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < EXACT_FLOAT_LIMIT:
            return str(int(value))
        if value.is_integer():
            return NUMBER_TOO_LONG
        return repr(value)
    if isinstance(value, int):
        return str(value) if abs(value) < EXACT_FLOAT_LIMIT else NUMBER_TOO_LONG
    return str(value)


# Stands for a number too long for Excel to keep exactly; the row checks explain it.
NUMBER_TOO_LONG = "\x00excel-number"


def _xlsx_source(stream: BinaryIO, columns: tuple[str, ...]) -> Source:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise SourceError(
            VoterErrorCode.IMPORT_BAD_XLSX, f"Berkas XLSX tidak dapat dibuka: {type(exc).__name__}."
        ) from None
    sheet = workbook.worksheets[0]
    total = sheet.max_row or 0
    rows_iter = sheet.iter_rows(values_only=True)
    try:
        header = next(rows_iter)
    except StopIteration:
        header = None
    if header is not None:
        header = [_cell_text(v) for v in header]
        while header and header[-1] == "":
            header.pop()  # padded to the sheet's widest row
    _check_header(header, columns)
    done = [1]

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for line, values in enumerate(rows_iter, start=2):
                done[0] = line
                fields = [_cell_text(v) for v in values]
                # An empty cell at the end of a row is no missing column: openpyxl pads rows to the
                # sheet's widest and leaves a row short when its last cells are empty.
                while len(fields) > len(columns) and fields[-1] == "":
                    fields.pop()
                if any(fields):
                    fields += [""] * (len(columns) - len(fields))
                    yield line, fields
        finally:
            workbook.close()

    def position() -> float:
        return min(done[0] / total, 1.0) if total else 0.0

    return Source("xlsx", rows(), position)
