"""Reading a leaked copy for the trace: a CSV (any of the usual delimiters, UTF-8 or Windows-1252) or an
XLSX workbook (every sheet), into rows of text. Whoever leaked it may have renamed, reordered or dropped
columns and rows, so no header is relied on: the trace looks at every cell. Dates a spreadsheet turned into
dates come back as ISO text, whole numbers without a decimal point. Pure: no Django.

A file that is neither (an old .xls, a PDF, an image, nothing) is refused with its code; never with its
content."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime

from suara.core.errors import DomainError
from suara.sharing.errors import SharingErrorCode

DELIMITERS = ",;\t|"
SNIFF_BYTES = 64 * 1024


def _unreadable() -> DomainError:
    return DomainError(
        SharingErrorCode.TRACE_FILE_INVALID, "Berkas harus CSV atau XLSX (Excel) yang dapat dibaca.", field="file"
    )


def _empty() -> DomainError:
    return DomainError(SharingErrorCode.TRACE_FILE_EMPTY, "Berkas tidak berisi baris data.", field="file")


def _text(raw: bytes) -> str:
    if b"\x00" in raw[:SNIFF_BYTES]:
        raise _unreadable()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _unreadable()


def _delimiter(text: str) -> str:
    head = text[:SNIFF_BYTES].splitlines()[:20]
    counts = {d: sum(line.count(d) for line in head) for d in DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _csv_rows(raw: bytes) -> list[list[str]]:
    text = _text(raw)
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)) if row]
    except csv.Error:
        raise _unreadable() from None


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(raw: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError):
        raise _unreadable() from None
    try:
        rows = []
        for sheet in book.worksheets:
            for values in sheet.iter_rows(values_only=True):
                row = [_cell(v) for v in values]
                if any(row):
                    rows.append(row)
        return rows
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError):
        raise _unreadable() from None
    finally:
        book.close()


def leak_rows(raw: bytes) -> list[list[str]]:
    """The rows of a leaked CSV or XLSX; DomainError when it is neither or holds nothing."""
    if not raw or not raw.strip():
        raise _empty()
    rows = _xlsx_rows(raw) if raw[:4] == b"PK\x03\x04" else _csv_rows(raw)
    if not any(any(cell.strip() for cell in row) for row in rows):
        raise _empty()
    return rows
