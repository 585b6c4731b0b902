"""The rules for one row of an import file. Pure: no Django.

``RowChecker.check`` turns a row of strings into the record the staging table takes, or records every
problem the row has (line, code, column, Indonesian reason) and returns None. It runs a million times
per file, so the common case takes fast paths that are proven (by property tests) to agree with the
rules they shortcut: ``nik.nik_problems`` and ``names.name_key``.

A NIK met again in the file is refused on every line after the first accepted one; the reason names
that first line (never the NIK).
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from dataclasses import dataclass
from datetime import date

from suara.voters.eligibility import eligibility_problem
from suara.voters.importing.source import COLUMNS, NUMBER_TOO_LONG
from suara.voters.names import PREFIX_TITLES, name_key
from suara.voters.nik import nik_problems

SEXES = frozenset("LP")
MARITAL = frozenset("BSP")
MAX_LENGTH = {"nama": 150, "tempat_lahir": 100, "alamat": 250, "disabilitas": 60}
TOO_LONG = {"nama": "name_too_long", "tempat_lahir": "birth_place_too_long", "alamat": "address_too_long",
            "disabilitas": "disability_too_long"}  # fmt: skip

REASONS = {
    "row_broken": "Baris rusak: {found} kolom, seharusnya 12.",
    "row_unreadable": "Baris rusak: tanda kutip tidak tertutup atau isian terlalu panjang.",
    "row_not_utf8": "Baris mengandung karakter yang bukan UTF-8; simpan berkas sebagai CSV UTF-8.",
    "row_nul": "Baris mengandung karakter NUL.",
    "excel_number": "Angka terlalu panjang untuk Excel (digit terakhir hilang); simpan kolom ini sebagai teks.",
    "invalid_kk": "Nomor KK harus 16 digit angka.",
    "name_required": "Nama lengkap wajib diisi.",
    **{code: "Isian terlalu panjang (paling banyak {limit} karakter)." for code in TOO_LONG.values()},
    "invalid_birth_date": "Tanggal lahir harus tanggal yang sah dengan format YYYY-MM-DD.",
    "birth_date_in_future": "Tanggal lahir berada di masa depan.",
    "not_eligible_age": "Belum berusia 17 tahun pada hari pemungutan suara dan belum pernah kawin.",
    "invalid_sex": "Jenis kelamin harus L atau P.",
    "invalid_marital": "Status kawin harus B (belum kawin), S (kawin) atau P (pernah kawin).",
    "invalid_rt": "RT harus berupa angka, paling banyak 3 digit.",
    "invalid_rw": "RW harus berupa angka, paling banyak 3 digit.",
    "unknown_desa": "Kode desa bukan kode desa/kelurahan Kemendagri yang dikenal (10 digit).",
    "dpb_period_locked": "Periode DPB kabupaten/kota ini sudah ditetapkan dalam rapat pleno; buka kembali dahulu.",
    "nik_duplicate_in_file": "NIK yang sama sudah ada pada baris {first} berkas ini.",
    "nik_registered": "NIK sudah terdaftar dalam daftar pemilih.",
}


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int
    code: str
    column: str  # "" when the whole row is at fault
    reason: str


def problem(line: int, code: str, column: str = "", **values: object) -> RowProblem:
    return RowProblem(line, code, column, REASONS[code].format(**values))


def fast_name_key(name: str) -> str:
    """``names.name_key``, short-cut for the usual name: ASCII letters and spaces only (no dots, so no
    degrees; titles without a dot still go, as name_key drops them)."""
    if name.isascii() and name.replace(" ", "").isalpha():
        words = name.lower().split()
        while len(words) > 1 and words[0] in PREFIX_TITLES:
            del words[0]
        return "".join(words)
    return name_key(name)


def _is_digits(text: str, length: int) -> bool:
    return len(text) == length and text.isascii() and text.isdigit()


class RowChecker:
    """Checks rows one by one, remembering the NIKs accepted so far (a NIK twice in the file)."""

    def __init__(
        self,
        *,
        known_kecamatan: Container[str],
        known_desa: Container[str],
        electoral_desa: Mapping[str, str],
        today: date,
        voting_day: date | None = None,
        locked_kabkota: Container[str] = (),
    ):
        self.known_kecamatan = known_kecamatan
        self.known_desa = known_desa
        self.electoral_desa = electoral_desa  # Kemendagri desa code -> KPU desa code
        self.today = today
        self.voting_day = voting_day
        self.locked_kabkota = locked_kabkota  # kab/kota whose signed DPB period covers today
        self.problems: list[RowProblem] = []
        self.rejected = 0
        self.first_line: dict[str, int] = {}  # accepted NIK -> its line
        self.rejected_niks: set[str] = set()  # well-formed NIKs of refused rows (delta: not "missing")
        self._dates: dict[str, date | None] = {}

    def _date(self, text: str) -> date | None:
        try:
            return self._dates[text]
        except KeyError:
            pass
        parsed = None
        if len(text) == 10 and text[4] == "-" and text[7] == "-" and text[:4].isdigit():
            try:
                parsed = date.fromisoformat(text)
            except ValueError:
                parsed = None
        if len(self._dates) < 200_000:
            self._dates[text] = parsed
        return parsed

    def check(self, line: int, fields: list[str] | None) -> tuple | None:
        found: list[RowProblem] = []
        if fields is None:
            found.append(problem(line, "row_unreadable"))
        elif len(fields) != len(COLUMNS):
            found.append(problem(line, "row_broken", found=len(fields)))
        else:
            joined = "".join(fields)
            if "\x00" in joined:
                for column, value in zip(COLUMNS, fields, strict=True):
                    if value == NUMBER_TOO_LONG:
                        found.append(problem(line, "excel_number", column))
                if not found:
                    found.append(problem(line, "row_nul"))
            elif not joined.isascii() and any("\udc80" <= ch <= "\udcff" for ch in joined):
                found.append(problem(line, "row_not_utf8"))
            else:
                record = self._fields(line, [value.strip() for value in fields], found)
                if not found:
                    return record
        self.rejected += 1
        self.problems += found
        return None

    def _fields(self, line: int, fields: list[str], found: list[RowProblem]) -> tuple | None:
        nik, kk, name, birth_place, birth_text, sex, marital, address, rt, rw, desa, disability = fields
        # Runs of spaces count as one, as the DPB services store them.
        name, birth_place, address = " ".join(name.split()), " ".join(birth_place.split()), " ".join(address.split())
        if not _is_digits(kk, 16):
            found.append(problem(line, "invalid_kk", "kk"))
        key = fast_name_key(name)
        if not key:  # empty, or a title alone
            found.append(problem(line, "name_required", "nama"))
        for column, value in (("nama", name), ("tempat_lahir", birth_place), ("alamat", address)):
            if len(value) > MAX_LENGTH[column]:
                found.append(problem(line, TOO_LONG[column], column, limit=MAX_LENGTH[column]))
        if len(disability) > MAX_LENGTH["disabilitas"]:
            found.append(problem(line, TOO_LONG["disabilitas"], "disabilitas", limit=MAX_LENGTH["disabilitas"]))
        born = self._date(birth_text)
        if born is None:
            found.append(problem(line, "invalid_birth_date", "tanggal_lahir"))
        elif born > self.today:
            found.append(problem(line, "birth_date_in_future", "tanggal_lahir"))
        sex_ok = sex in SEXES
        if not sex_ok:
            found.append(problem(line, "invalid_sex", "jenis_kelamin"))
        marital_ok = marital in MARITAL
        if not marital_ok:
            found.append(problem(line, "invalid_marital", "status_kawin"))
        if self.voting_day and born is not None and born <= self.today and marital == "B":
            ineligible = eligibility_problem(
                birth_date=born, marital=marital, tni_polri=False, voting_day=self.voting_day
            )
            if ineligible:
                found.append(problem(line, ineligible, "tanggal_lahir"))
        rt, rw = _rt_rw(rt), _rt_rw(rw)
        for column, value in (("rt", rt), ("rw", rw)):
            if value is None:
                found.append(problem(line, f"invalid_{column}", column))
        electoral = self.electoral_desa.get(desa)
        if desa not in self.known_desa or not _is_digits(desa, 10):
            found.append(problem(line, "unknown_desa", "kode_desa"))
        elif self.locked_kabkota and (electoral or desa)[:4] in self.locked_kabkota:
            found.append(problem(line, "dpb_period_locked", "kode_desa"))
        if not self._nik_ok(nik, birth_text, born, sex):
            for nik_problem in nik_problems(
                nik,
                birth_date=born,
                sex=sex if sex_ok else None,
                known_kecamatan=self.known_kecamatan,
                today=self.today,
            ):
                if nik_problem.code == "nik_future_date":
                    continue  # reported once, as birth_date_in_future
                found.append(RowProblem(line, nik_problem.code, "nik", nik_problem.message))
        if found:
            if _is_digits(nik, 16):
                self.rejected_niks.add(nik)
            return None
        first = self.first_line.get(nik)
        if first is not None:
            found.append(problem(line, "nik_duplicate_in_file", "nik", first=first))
            return None
        self.first_line[nik] = line
        return (
            line, nik, kk, name, birth_place, birth_text, sex, marital, address, rt, rw, desa,
            electoral, disability, key,
        )  # fmt: skip

    def _nik_ok(self, nik: str, birth_text: str, born: date | None, sex: str) -> bool:
        """The fast path: a well-formed NIK that encodes exactly the stated birth date and sex. When it
        holds, ``nik_problems`` finds nothing (property-tested); when not, nik_problems says why."""
        if born is None or born > self.today or sex not in SEXES or not _is_digits(nik, 16):
            return False
        if nik[:6] not in self.known_kecamatan or nik[12:] == "0000":
            return False
        day = birth_text[8:10] if sex == "L" else str(born.day + 40)
        return nik[6:8] == day and nik[8:10] == birth_text[5:7] and nik[10:12] == birth_text[2:4]


def _rt_rw(value: str) -> str | None:
    """RT and RW as three digits ("3" -> "003"); "" stays empty; None when not 1-3 digits."""
    if not value:
        return ""
    if len(value) <= 3 and value.isascii() and value.isdigit():
        return value.zfill(3)
    return None
