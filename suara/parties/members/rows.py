"""The rules for one row of a party's member list, checked at the door. Pure: no Django.

``MemberRowChecker.check`` turns a row of strings into the record the upload's staging table takes, or
records every problem the row has (line, code, column, Indonesian reason: never the value) and returns
None. What needs the list already stored (a delta removing a NIK that is not listed, adding one that is)
is the service's, after the file is read.

A whole list has the columns ``COLUMNS``; a delta has ``aksi`` after them: ``tambah`` adds the row,
``hapus`` removes the listing of its NIK (only the NIK is read then; the other cells may be empty).
A NIK met again in the file is refused on every line after the first accepted one, whatever its action.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Container, Iterable
from dataclasses import dataclass
from datetime import date

from suara.people.nik import MESSAGES as NIK_MESSAGES
from suara.people.nik import nik_problems
from suara.voters.importing.rows import fast_name_key
from suara.voters.importing.source import NUMBER_TOO_LONG

COLUMNS = ("nik", "nama", "jenis_kelamin", "tanggal_lahir", "kode_desa", "alamat", "pekerjaan", "no_kta")
ACTION_COLUMN = "aksi"
DELTA_COLUMNS = (*COLUMNS, ACTION_COLUMN)
ADD, REMOVE = "tambah", "hapus"
SEXES = frozenset("LP")
MAX_LENGTH = {"nama": 150, "alamat": 250, "pekerjaan": 100, "no_kta": 40}
TOO_LONG = {"nama": "name_too_long", "alamat": "address_too_long", "pekerjaan": "occupation_too_long",
            "no_kta": "kta_too_long"}  # fmt: skip
# The codes of people.nik that say the NIK itself is not a NIK (the report's "invalid NIK" family).
INVALID_NIK_CODES = frozenset({"nik_length", "nik_not_digits", "nik_unknown_kecamatan", "nik_bad_date",
                               "nik_zero_serial"})  # fmt: skip

REASONS = {
    "row_broken": "Baris rusak: {found} kolom, seharusnya {expected}.",
    "row_unreadable": "Baris rusak: tanda kutip tidak tertutup, baris ini terbawa ke dalam satu isian.",
    "row_not_utf8": "Baris mengandung karakter yang bukan UTF-8; simpan berkas sebagai CSV UTF-8.",
    "row_nul": "Baris mengandung karakter NUL.",
    "excel_number": "Angka terlalu panjang untuk Excel (digit terakhir hilang); simpan kolom ini sebagai teks.",
    "name_required": "Nama lengkap wajib diisi.",
    **{code: "Isian terlalu panjang (paling banyak {limit} karakter)." for code in TOO_LONG.values()},
    "invalid_sex": "Jenis kelamin harus L atau P.",
    "invalid_birth_date": "Tanggal lahir harus tanggal yang sah dengan format YYYY-MM-DD.",
    "birth_date_in_future": "Tanggal lahir berada di masa depan.",
    "unknown_desa": "Kode desa bukan kode desa/kelurahan Kemendagri yang dikenal (10 digit).",
    "desa_outside_party_area": "Desa berada di luar wilayah partai ini (partai lokal: provinsi {province} saja).",
    "invalid_action": "Aksi harus tambah atau hapus.",
    "nik_duplicate_in_file": "NIK yang sama sudah ada pada baris {first} berkas ini.",
    # Found by the service against the stored list (a delta):
    "not_listed": "Tidak dapat dihapus: NIK ini tidak ada dalam daftar anggota partai saat ini.",
    "already_listed": "Tidak dapat ditambahkan: NIK ini sudah ada dalam daftar anggota partai saat ini.",
}


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int
    code: str
    column: str  # "" when the whole row is at fault
    reason: str


REPORT_COLUMNS = ("baris", "kode", "kolom", "keterangan")


def report_csv(problems: Iterable[RowProblem]) -> bytes:
    """The refused rows' report (UTF-8 CSV, in the order given): line, code, column and reason, never a
    value: a NIK or a name must not leave the list through a report that gets mailed around."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REPORT_COLUMNS)
    writer.writerows((p.line, p.code, p.column, p.reason) for p in problems)
    return out.getvalue().encode("utf-8")


def problem(line: int, code: str, column: str = "", **values: object) -> RowProblem:
    return RowProblem(line, code, column, REASONS[code].format(**values))


def _is_digits(text: str, length: int) -> bool:
    return len(text) == length and text.isascii() and text.isdigit()


class MemberRowChecker:
    """Checks rows one by one, remembering the NIKs accepted so far (a NIK twice in the file).

    ``province``: a local party's province code (its members' desa must lie in it), "" for a national
    party. A record is ``(line, nik, name, name_key, sex, birth_date, desa_code, kabkota_code, address,
    occupation, kta, action)``; a removal's record carries only the line, the NIK and the action."""

    def __init__(
        self,
        *,
        known_kecamatan: Container[str],
        known_desa: Container[str],
        today: date,
        province: str = "",
        delta: bool = False,
    ):
        self.known_kecamatan = known_kecamatan
        self.known_desa = known_desa
        self.today = today
        self.province = province
        self.delta = delta
        self.width = len(DELTA_COLUMNS if delta else COLUMNS)
        self.problems: list[RowProblem] = []
        self.rejected = 0
        self.first_line: dict[str, int] = {}  # accepted NIK -> its line
        self._dates: dict[str, tuple | None] = {}
        self._keys: dict[str, str] = {}

    def check(self, line: int, fields: list[str] | None) -> tuple | None:
        """The staging record of a valid row, or None (the row's problems recorded)."""
        if fields is not None and len(fields) == self.width:
            record = self._fast(line, fields)
            if record is not None:
                return record
        found: list[RowProblem] = []
        record = self._slow(line, fields, found)
        if found:
            self.rejected += 1
            self.problems += found
            return None
        return record

    def _date_entry(self, text: str) -> tuple | None:
        """A valid birth date not after today: (the date, its NIK digits for a man, for a woman). Cached:
        a list has a few tens of thousands of distinct dates."""
        try:
            return self._dates[text]
        except KeyError:
            pass
        entry = None
        if len(text) == 10 and text[4] == "-" and text[7] == "-" and text[:4].isdigit():
            try:
                born = date.fromisoformat(text)
            except ValueError:
                born = None
            if born is not None and born <= self.today:
                tail = f"{born.month:02d}{born.year % 100:02d}"
                entry = (born, f"{born.day:02d}{tail}", f"{born.day + 40:02d}{tail}")
        if len(self._dates) < 200_000:
            self._dates[text] = entry
        return entry

    def _key(self, name: str) -> str:
        key = self._keys.get(name)
        if key is None:
            key = fast_name_key(name)
            if len(self._keys) < 300_000:  # names repeat: key each once
                self._keys[name] = key
        return key

    def _fast(self, line: int, fields: list[str]) -> tuple | None:
        """The usual row: an addition, valid and written plainly (printable ASCII, no stray spaces). None
        sends the row to ``_slow``, which applies every rule and names each problem; both give the same
        record for a row this accepts (property-tested)."""
        if self.delta:
            if fields[8] != ADD:
                return None
            fields = fields[:8]
        nik, name, sex, birth_text, desa, address, occupation, kta = fields
        entry = self._date_entry(birth_text)
        if entry is None:
            return None
        joined = "".join(fields)
        if not (joined.isascii() and joined.isprintable()) or "  " in joined:
            return None
        if not (
            len(nik) == 16
            and nik.isdigit()
            and nik[6:12] == (entry[1] if sex == "L" else entry[2] if sex == "P" else None)
            and nik[:6] in self.known_kecamatan
            and nik[12:] != "0000"
            and desa in self.known_desa
            and desa.startswith(self.province)
            and len(name) <= 150
            and len(address) <= 250
            and len(occupation) <= 100
            and len(kta) <= 40
            and nik not in self.first_line
        ):
            return None
        for text in (name, address, occupation, kta):
            if text != text.strip():
                return None
        key = self._key(name)
        if not key:
            return None
        self.first_line[nik] = line
        return (line, nik, name, key, sex, entry[0], desa, desa[:4], address, occupation, kta, ADD)

    def _slow(self, line: int, fields: list[str] | None, found: list[RowProblem]) -> tuple | None:
        if fields is None:
            found.append(problem(line, "row_unreadable"))
            return None
        if len(fields) != self.width:
            found.append(problem(line, "row_broken", found=len(fields), expected=self.width))
            return None
        joined = "".join(fields)
        if "\x00" in joined:
            for column, value in zip(DELTA_COLUMNS, fields, strict=False):
                if value == NUMBER_TOO_LONG:
                    found.append(problem(line, "excel_number", column))
            if not found:
                found.append(problem(line, "row_nul"))
            return None
        if not joined.isascii() and any("\udc80" <= ch <= "\udcff" for ch in joined):
            found.append(problem(line, "row_not_utf8"))
            return None
        fields = [value.strip() for value in fields]
        action = ADD
        if self.delta:
            action = fields.pop().lower()
            if action not in (ADD, REMOVE):
                found.append(problem(line, "invalid_action", ACTION_COLUMN))
                return None
        if action == REMOVE:
            return self._removal(line, fields[0], found)
        return self._addition(line, fields, found)

    def _removal(self, line: int, nik: str, found: list[RowProblem]) -> tuple | None:
        """A delta's ``hapus``: only the NIK counts, and only its form (whether it is listed is the
        service's)."""
        if not _is_digits(nik, 16):
            code = "nik_length" if len(nik) != 16 else "nik_not_digits"
            found.append(RowProblem(line, code, "nik", NIK_MESSAGES[code]))
            return None
        if self._duplicate(line, nik, found):
            return None
        return (line, nik, "", "", "", None, "", "", "", "", "", REMOVE)

    def _duplicate(self, line: int, nik: str, found: list[RowProblem]) -> bool:
        first = self.first_line.get(nik)
        if first is not None:
            found.append(problem(line, "nik_duplicate_in_file", "nik", first=first))
            return True
        self.first_line[nik] = line
        return False

    def _addition(self, line: int, fields: list[str], found: list[RowProblem]) -> tuple | None:
        nik, name, sex, birth_text, desa, address, occupation, kta = fields
        # Runs of spaces count as one.
        name, address, occupation, kta = (" ".join(text.split()) for text in (name, address, occupation, kta))
        key = fast_name_key(name)
        if not key:  # empty, or a title alone
            found.append(problem(line, "name_required", "nama"))
        for column, value in (("nama", name), ("alamat", address), ("pekerjaan", occupation), ("no_kta", kta)):
            if len(value) > MAX_LENGTH[column]:
                found.append(problem(line, TOO_LONG[column], column, limit=MAX_LENGTH[column]))
        sex = sex.upper()
        sex_ok = sex in SEXES
        if not sex_ok:
            found.append(problem(line, "invalid_sex", "jenis_kelamin"))
        entry = self._date_entry(birth_text)
        born = entry[0] if entry else None
        if entry is None:
            try:
                future = date.fromisoformat(birth_text) > self.today if len(birth_text) == 10 else False
            except ValueError:
                future = False
            if future:
                born = date.fromisoformat(birth_text)
                found.append(problem(line, "birth_date_in_future", "tanggal_lahir"))
            else:
                found.append(problem(line, "invalid_birth_date", "tanggal_lahir"))
        if not _is_digits(desa, 10) or desa not in self.known_desa:
            found.append(problem(line, "unknown_desa", "kode_desa"))
        elif not desa.startswith(self.province):
            found.append(problem(line, "desa_outside_party_area", "kode_desa", province=self.province))
        for nik_problem in nik_problems(
            nik,
            birth_date=born,
            sex=sex if sex_ok else None,
            known_kecamatan=self.known_kecamatan,
            today=self.today,
        ):
            if nik_problem.code != "nik_future_date":  # reported once, as birth_date_in_future
                found.append(RowProblem(line, nik_problem.code, "nik", nik_problem.message))
        if found or self._duplicate(line, nik, found):
            return None
        return (line, nik, name, key, sex, born, desa, desa[:4], address, occupation, kta, ADD)
