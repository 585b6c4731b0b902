"""The rules for one applicant, from the public form or a row of an applicants' file. Pure: no Django.

``RowChecker.check`` turns the fields (strings) into the record the import writes, or records every
problem (line, code, column, Indonesian reason: never the value, so a report can be mailed around) and
returns None. The form checks its one applicant with the same rules (line 0).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container
from datetime import date

from suara.officers.bodies import POSTING_LENGTH, Body, Education
from suara.people.names import name_key
from suara.people.nik import nik_problems
from suara.voters.importing.rows import RowProblem

COLUMNS = (
    "nik",
    "kk",
    "nama",
    "jenis_kelamin",
    "tanggal_lahir",
    "status_kawin",
    "telepon",
    "email",
    "alamat",
    "kode_desa_domisili",
    "pendidikan",
    "pekerjaan",
    "surat_keterangan_pendidikan",
    "badan",
    "kode_penempatan",
)
MAX_LENGTH = {"nama": 150, "alamat": 250, "pekerjaan": 100, "telepon": 20, "email": 254}
EDUCATIONS = frozenset(e.value for e in Education)
BODIES = frozenset(b.value for b in Body)
YES = frozenset({"ya", "y", "1", "true"})
NO = frozenset({"", "tidak", "t", "0", "false"})
PHONE = re.compile(r"\+?[0-9][0-9 -]{6,18}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

REASONS = {
    "row_broken": "Baris rusak: {found} kolom, seharusnya {expected}.",
    "row_unreadable": "Baris rusak: tanda kutip tidak tertutup, baris ini terbawa ke dalam satu isian.",
    "row_not_utf8": "Baris mengandung karakter yang bukan UTF-8; simpan berkas sebagai CSV UTF-8.",
    "row_nul": "Baris mengandung karakter NUL atau angka terlalu panjang untuk Excel (simpan kolom sebagai teks).",
    "invalid_kk": "Nomor KK harus 16 digit angka (atau dikosongkan).",
    "name_required": "Nama lengkap wajib diisi.",
    "too_long": "Isian terlalu panjang (paling banyak {limit} karakter).",
    "invalid_birth_date": "Tanggal lahir harus tanggal yang sah dengan format YYYY-MM-DD.",
    "birth_date_in_future": "Tanggal lahir berada di masa depan.",
    "invalid_sex": "Jenis kelamin harus L atau P.",
    "invalid_marital": "Status kawin harus B (belum kawin), S (kawin) atau P (pernah kawin).",
    "invalid_phone": "Nomor telepon hanya berisi angka (boleh diawali +), 7 sampai 20 karakter.",
    "invalid_email": "Alamat email tidak sah.",
    "contact_required": "Isi nomor telepon atau alamat email.",
    "unknown_desa": "Kode desa domisili bukan kode desa/kelurahan KPU yang dikenal (10 digit).",
    "invalid_education": "Pendidikan harus salah satu dari: sd, smp, sma, d3, s1, s2, s3.",
    "invalid_flag": "Isian surat keterangan pendidikan harus ya atau tidak.",
    "invalid_body": "Badan harus salah satu dari: ppk, pps, kpps, pantarlih, linmas.",
    "unknown_posting": "Kode penempatan bukan kecamatan, desa atau TPS badan ini yang dikenal.",
    "outside_scope": "Penempatan berada di luar wilayah Anda ({scope}).",
    "nik_duplicate_in_file": "NIK yang sama untuk badan yang sama sudah ada pada baris {first} berkas ini.",
    "application_exists": "NIK ini sudah mendaftar pada badan yang sama dalam pemilu ini.",
}


def problem(line: int, code: str, column: str = "", **values: object) -> RowProblem:
    return RowProblem(line, code, column, REASONS[code].format(**values))


def _date(text: str) -> date | None:
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


class RowChecker:
    """Checks applicants one by one; remembers (body, NIK) pairs accepted so far (a NIK twice in a file).

    ``postings(body)`` gives the posting codes of a body the importer may fill (within its scope)."""

    def __init__(
        self,
        *,
        known_kecamatan: Container[str],
        known_desa: Container[str],
        postings: Callable[[Body], Container[str]],
        today: date,
        scope: str = "",
    ):
        self.known_kecamatan = known_kecamatan
        self.known_desa = known_desa
        self.postings = postings
        self.today = today
        self.scope = scope
        self.problems: list[RowProblem] = []
        self.rejected = 0
        self.first_line: dict[tuple[str, str], int] = {}
        self._posting_codes: dict[str, Container[str]] = {}
        self._names: dict[str, bool] = {}

    def _named(self, name: str) -> bool:
        """The name has letters beyond its titles; each name worked out once (names repeat in a file)."""
        named = self._names.get(name)
        if named is None:
            named = bool(name_key(name))
            if len(self._names) < 300_000:
                self._names[name] = named
        return named

    def _postings_of(self, body: str) -> Container[str]:
        codes = self._posting_codes.get(body)
        if codes is None:
            codes = self._posting_codes[body] = self.postings(Body(body))
        return codes

    def check(self, line: int, fields: list[str] | None) -> tuple | None:
        """The record (line, nik, kk, name, sex, birth_date, marital, phone, email, address, domicile,
        education, occupation, education_letter, body, posting) of a valid row, or None."""
        if fields is not None and len(fields) == len(COLUMNS):
            record = self._fast(line, fields)
            if record is not None:
                return record
        found: list[RowProblem] = []
        record = None
        if fields is None:
            found.append(problem(line, "row_unreadable"))
        elif len(fields) != len(COLUMNS):
            found.append(problem(line, "row_broken", found=len(fields), expected=len(COLUMNS)))
        else:
            joined = "".join(fields)
            if "\x00" in joined:
                found.append(problem(line, "row_nul"))
            elif not joined.isascii() and any("\udc80" <= ch <= "\udcff" for ch in joined):
                found.append(problem(line, "row_not_utf8"))
            else:
                record = self.fields(line, fields, found)
        if found:
            self.rejected += 1
            self.problems += found
            return None
        return record

    def _fast(self, line: int, fields: list[str]) -> tuple | None:
        """The usual row, valid and written plainly (printable ASCII, no stray spaces, codes in their own
        case), in one pass without naming problems. None sends the row through every rule (``fields``),
        which gives the same record for any row this accepts (property-tested). A NIK whose date digits
        are a valid birth date's, and the woman's when she is one, breaks none of the NIK rules on dates."""
        nik, kk, name, sex, birth_text, marital, phone, email, address, domicile, education, occupation, letter, \
            body, posting = fields  # fmt: skip
        # A space next to a bar is one at a field's edge (or a bar in a value: the full rules then decide).
        joined = "|".join(fields)
        if not (joined.isascii() and joined.isprintable()) or "  " in joined or " |" in joined or "| " in joined:
            return None
        if joined[0] == " " or joined[-1] == " ":
            return None
        born = _date(birth_text)
        if born is None or born > self.today or body not in BODIES:
            return None
        digits = f"{born.day + (40 if sex == 'P' else 0):02d}{born.month:02d}{born.year % 100:02d}"
        if not (
            len(nik) == 16
            and nik.isdigit()
            and nik[6:12] == digits
            and nik[:6] in self.known_kecamatan
            and nik[12:] != "0000"
            and sex in ("L", "P")
            and marital in ("B", "S", "P")
            and (not kk or (len(kk) == 16 and kk.isdigit()))
            and len(name) <= MAX_LENGTH["nama"]
            and len(address) <= MAX_LENGTH["alamat"]
            and len(occupation) <= MAX_LENGTH["pekerjaan"]
            and (phone or email)
            and (not phone or (len(phone) <= MAX_LENGTH["telepon"] and PHONE.fullmatch(phone)))
            and (not email or (len(email) <= MAX_LENGTH["email"] and EMAIL.fullmatch(email)))
            and domicile in self.known_desa
            and education in EDUCATIONS
            and (letter in YES or letter in NO)
            and posting.startswith(self.scope)
            and len(posting) == POSTING_LENGTH[body]
            and posting in self._postings_of(body)
            and (body, nik) not in self.first_line
            and self._named(name)
        ):
            return None
        self.first_line[(body, nik)] = line
        return (line, nik, kk, name, sex, born, marital, phone, email.lower(), address, domicile, education,
                occupation, letter in YES, body, posting)  # fmt: skip

    def fields(self, line: int, fields: list[str], found: list[RowProblem]) -> tuple | None:
        nik, kk, name, sex, birth_text, marital, phone, email, address, domicile, education, occupation, letter, \
            body, posting = map(str.strip, fields)  # fmt: skip
        name, address, occupation = " ".join(name.split()), " ".join(address.split()), " ".join(occupation.split())
        if kk and not (len(kk) == 16 and kk.isascii() and kk.isdigit()):
            found.append(problem(line, "invalid_kk", "kk"))
        if not name_key(name):
            found.append(problem(line, "name_required", "nama"))
        for column, value in (("nama", name), ("alamat", address), ("pekerjaan", occupation)):
            if len(value) > MAX_LENGTH[column]:
                found.append(problem(line, "too_long", column, limit=MAX_LENGTH[column]))
        sex = sex.upper()
        if sex not in ("L", "P"):
            found.append(problem(line, "invalid_sex", "jenis_kelamin"))
        born = _date(birth_text)
        if born is None:
            found.append(problem(line, "invalid_birth_date", "tanggal_lahir"))
        elif born > self.today:
            found.append(problem(line, "birth_date_in_future", "tanggal_lahir"))
        marital = marital.upper()
        if marital not in ("B", "S", "P"):
            found.append(problem(line, "invalid_marital", "status_kawin"))
        if phone and not (len(phone) <= MAX_LENGTH["telepon"] and PHONE.fullmatch(phone)):
            found.append(problem(line, "invalid_phone", "telepon"))
        if email and not (len(email) <= MAX_LENGTH["email"] and EMAIL.fullmatch(email)):
            found.append(problem(line, "invalid_email", "email"))
        if not phone and not email:
            found.append(problem(line, "contact_required", "telepon"))
        if domicile not in self.known_desa:
            found.append(problem(line, "unknown_desa", "kode_desa_domisili"))
        education = education.lower()
        if education not in EDUCATIONS:
            found.append(problem(line, "invalid_education", "pendidikan"))
        letter = letter.lower()
        if letter not in YES and letter not in NO:
            found.append(problem(line, "invalid_flag", "surat_keterangan_pendidikan"))
        body = body.lower()
        if body not in BODIES:
            found.append(problem(line, "invalid_body", "badan"))
        elif not posting.startswith(self.scope):
            found.append(problem(line, "outside_scope", "kode_penempatan", scope=self.scope))
        elif len(posting) != POSTING_LENGTH[body] or posting not in self._postings_of(body):
            found.append(problem(line, "unknown_posting", "kode_penempatan"))
        for nik_problem in nik_problems(
            nik,
            birth_date=born if born is not None and born <= self.today else None,
            sex=sex if sex in ("L", "P") else None,
            known_kecamatan=self.known_kecamatan,
            today=self.today,
        ):
            found.append(RowProblem(line, nik_problem.code, "nik", nik_problem.message))
        if found:
            return None
        first = self.first_line.get((body, nik))
        if first is not None:
            found.append(problem(line, "nik_duplicate_in_file", "nik", first=first))
            return None
        self.first_line[(body, nik)] = line
        return (line, nik, kk, name, sex, born, marital, phone, email.lower(), address, domicile, education,
                occupation, letter in YES, body, posting)  # fmt: skip
