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

from suara.people.eligibility import eligibility_problem
from suara.people.names import PREFIX_TITLES, name_key
from suara.people.nik import nik_problems
from suara.voters.importing.source import COLUMNS, NUMBER_TOO_LONG

SEXES = frozenset("LP")
MARITAL = frozenset("BSP")
MAX_LENGTH = {"nama": 150, "tempat_lahir": 100, "alamat": 250, "disabilitas": 60}
TOO_LONG = {"nama": "name_too_long", "tempat_lahir": "birth_place_too_long", "alamat": "address_too_long",
            "disabilitas": "disability_too_long"}  # fmt: skip

REASONS = {
    "row_broken": "Baris rusak: {found} kolom, seharusnya 12.",
    "row_unreadable": "Baris rusak: tanda kutip tidak tertutup, baris ini terbawa ke dalam satu isian.",
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
    "outside_scope": "Desa berada di luar wilayah impor ini ({scope}).",
    "registered_outside_scope": "NIK terdaftar di luar wilayah impor ini; hanya operator wilayah itu yang dapat "
    "mengubahnya.",
}


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int
    code: str
    column: str  # "" when the whole row is at fault
    reason: str


FIELD_COUNT = len(COLUMNS)
NAME_CACHE = 300_000
# Every way of writing an RT or RW (1 to 3 digits, or nothing) and how it is stored: three digits.
RT_RW = {"": "", **{f"{n}": f"{n:03d}" for n in range(1000)}, **{f"{n:02d}": f"{n:03d}" for n in range(100)},
         **{f"{n:03d}": f"{n:03d}" for n in range(1000)}}  # fmt: skip


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
        scope: str = "",
    ):
        self.known_kecamatan = known_kecamatan
        self.known_desa = known_desa
        self.electoral_desa = electoral_desa  # Kemendagri desa code -> KPU desa code
        self.today = today
        self.voting_day = voting_day
        self.locked_kabkota = locked_kabkota  # kab/kota whose signed DPB period covers today
        self.scope = scope  # a KPU region code: rows of desa outside it are refused ("" everywhere)
        self.problems: list[RowProblem] = []
        self.rejected = 0
        self.first_line: dict[str, int] = {}  # accepted NIK -> its line
        self.rejected_niks: set[str] = set()  # well-formed NIKs of refused rows (delta: not "missing")
        self._dates: dict[str, date | None] = {}
        self._good_dates: dict[str, tuple] = {}
        self._keys: dict[str, str] = {}

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

    def birth_date(self, text: str) -> date:
        """The date of an accepted row's ``tanggal_lahir`` (parsed when it was checked)."""
        born = self._dates.get(text) or self._date(text)
        if born is None:
            raise ValueError("not a date of an accepted row")
        return born

    def check(self, line: int, fields: list[str] | None) -> tuple | None:
        """The staging record of a valid row, or None (the row's problems recorded)."""
        if fields is not None and len(fields) == FIELD_COUNT:
            record = self._fast(line, fields)
            if record is not None:
                return record
        return self._slow(line, fields)

    def _fast(self, line: int, fields: list[str]) -> tuple | None:
        """The usual row, fully valid and written plainly (ASCII, no stray spaces), in as few steps as
        possible; None sends the row to ``_slow``, which applies every rule and names each problem. Both
        give the same record for a row _fast accepts (property-tested)."""
        nik, kk, name, birth_place, birth_text, sex, marital, address, rt, rw, desa, disability = fields
        entry = self._good_dates.get(birth_text) or self._date_entry(birth_text)
        if not entry:
            return None
        joined = "".join(fields)
        # Printable ASCII (no NUL, tab or line break) without runs of spaces: nothing to clean.
        if not (joined.isascii() and joined.isprintable()) or "  " in joined:
            return None
        if not (
            len(nik) == 16
            and nik.isdigit()
            and nik[6:12] == (entry[0] if sex == "L" else entry[1] if sex == "P" else None)
            and nik[:6] in self.known_kecamatan
            and nik[12:] != "0000"
            and len(kk) == 16
            and kk.isdigit()
            and marital in MARITAL
            and (entry[2] or marital != "B")
            and desa in self.known_desa
            and len(name) <= 150
            and len(birth_place) <= 100
            and len(address) <= 250
            and len(disability) <= 60
        ):
            return None
        rt3, rw3 = RT_RW.get(rt), RT_RW.get(rw)
        electoral = self.electoral_desa.get(desa)
        if rt3 is None or rw3 is None or (self.locked_kabkota and (electoral or desa)[:4] in self.locked_kabkota):
            return None
        if self.scope and not (electoral or desa).startswith(self.scope):
            return None
        if name != name.strip() or birth_place != birth_place.strip() or address != address.strip():
            return None
        if disability != disability.strip() or nik in self.first_line:
            return None
        key = self._keys.get(name)
        if key is None:
            key = fast_name_key(name)
            if len(self._keys) < NAME_CACHE:  # names repeat (Siti Aminah, Agus Salim): key each once
                self._keys[name] = key
        if not key:
            return None
        self.first_line[nik] = line
        return (line, nik, kk, name, birth_place, birth_text, sex, marital, address, rt3, rw3, desa, electoral,
                disability, key)  # fmt: skip

    def _date_entry(self, text: str) -> tuple | None:
        """For a valid birth date not after today: the NIK's date digits for a man and for a woman, and
        whether the unmarried may vote (17 by voting day). Cached: a file has a few thousand dates."""
        born = self._date(text)
        if born is None or born > self.today:
            return None
        adult = not (
            self.voting_day
            and eligibility_problem(birth_date=born, marital="B", tni_polri=False, voting_day=self.voting_day)
        )
        tail = f"{born.month:02d}{born.year % 100:02d}"
        entry = (f"{born.day:02d}{tail}", f"{born.day + 40:02d}{tail}", adult)
        if len(self._good_dates) < 200_000:
            self._good_dates[text] = entry
        return entry

    def _slow(self, line: int, fields: list[str] | None) -> tuple | None:
        found: list[RowProblem] = []
        if fields is None:
            found.append(problem(line, "row_unreadable"))
        elif len(fields) != FIELD_COUNT:
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
        texts = (name, birth_place, address, disability)
        name, birth_place, address, disability = (" ".join(text.split()) for text in texts)
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
        rt, rw = RT_RW.get(rt), RT_RW.get(rw)
        for column, value in (("rt", rt), ("rw", rw)):
            if value is None:
                found.append(problem(line, f"invalid_{column}", column))
        electoral = self.electoral_desa.get(desa)
        if desa not in self.known_desa or not _is_digits(desa, 10):
            found.append(problem(line, "unknown_desa", "kode_desa"))
        elif self.locked_kabkota and (electoral or desa)[:4] in self.locked_kabkota:
            found.append(problem(line, "dpb_period_locked", "kode_desa"))
        elif self.scope and not (electoral or desa).startswith(self.scope):
            found.append(problem(line, "outside_scope", "kode_desa", scope=self.scope))
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
