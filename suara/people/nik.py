"""The NIK (Nomor Induk Kependudukan) rules. Pure: no Django.

A NIK is 16 digits: PP KK CC DDMMYY SSSS, the Kemendagri kecamatan code where it was issued, the birth
date (40 added to the day for women) and a serial that is not 0000. A NIK keeps the kecamatan code it was
issued with, so codes from before a region split stay valid: the caller passes the set of codes it
accepts (current and former ones).

Errors never carry the NIK or any part of it: they end up in API answers, import reports and logs.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from datetime import date

NIK_LENGTH = 16
WOMEN_DAY_OFFSET = 40
SEXES = ("L", "P")

MESSAGES = {
    "nik_length": "NIK harus terdiri dari 16 digit.",
    "nik_not_digits": "NIK hanya boleh berisi angka.",
    "nik_unknown_kecamatan": "Enam digit pertama NIK bukan kode kecamatan Kemendagri yang dikenal.",
    "nik_bad_date": "Digit 7-12 NIK bukan tanggal lahir yang sah (DDMMYY, tanggal ditambah 40 untuk perempuan).",
    "nik_future_date": "Tanggal lahir dalam NIK berada di masa depan.",
    "nik_zero_serial": "Nomor urut NIK (4 digit terakhir) tidak boleh 0000.",
    "nik_birth_date_mismatch": "Tanggal lahir tidak sesuai dengan tanggal lahir yang tertera dalam NIK.",
    "nik_sex_mismatch": "Jenis kelamin tidak sesuai dengan NIK (tanggal perempuan ditambah 40).",
}


class NikInvalid(ValueError):
    """One violated NIK rule: a stable ``code`` and an Indonesian ``message`` without the NIK in it."""

    def __init__(self, code: str):
        self.code = code
        self.message = MESSAGES[code]
        super().__init__(self.message)

    def __repr__(self) -> str:
        return f"NikInvalid({self.code!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NikInvalid) and other.code == self.code

    def __hash__(self) -> int:
        return hash(self.code)


@dataclass(frozen=True)
class NikParts:
    kecamatan_code: str  # 6 digits, as issued (possibly a code from before a split)
    birth_date: date
    sex: str  # "L" or "P"
    serial: str  # 4 digits


def _birth_date(day: int, month: int, yy: int, today: date) -> date | None:
    """The latest real date with these digits not after ``today``: this century, else the last one."""
    for century in (2000, 1900):
        try:
            candidate = date(century + yy, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    return None


def _structure(nik: str) -> None:
    if not isinstance(nik, str) or len(nik) != NIK_LENGTH:
        raise NikInvalid("nik_length")
    if not (nik.isascii() and nik.isdigit()):
        raise NikInvalid("nik_not_digits")


def _date_and_sex(nik: str, today: date) -> tuple[date, str]:
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = "L"
    if day > WOMEN_DAY_OFFSET:
        day -= WOMEN_DAY_OFFSET
        sex = "P"
    if not 1 <= day <= 31 or not 1 <= month <= 12:
        raise NikInvalid("nik_bad_date")
    born = _birth_date(day, month, yy, today)
    if born is None:
        # Real in neither century (31 April), or a date that exists only after today (29 Feb of a coming
        # leap year whose 1900s twin was no leap year).
        raise NikInvalid("nik_bad_date")
    return born, sex


def nik_parse(nik: str, *, known_kecamatan: Container[str], today: date) -> NikParts:
    """The parts of a valid NIK; NikInvalid naming the first rule it breaks."""
    _structure(nik)
    if nik[:6] not in known_kecamatan:
        raise NikInvalid("nik_unknown_kecamatan")
    born, sex = _date_and_sex(nik, today)
    if nik[12:] == "0000":
        raise NikInvalid("nik_zero_serial")
    return NikParts(kecamatan_code=nik[:6], birth_date=born, sex=sex, serial=nik[12:])


def nik_problems(
    nik: str,
    *,
    birth_date: date | None,
    sex: str | None,
    known_kecamatan: Container[str],
    today: date,
) -> list[NikInvalid]:
    """Every rule the NIK breaks, alone and against the stated birth date and sex (empty when valid).

    The birth date is compared by its digits (day, month, two-digit year): a NIK cannot tell 1920 from
    2020, and a centenarian's NIK is not wrong for that.
    """
    try:
        _structure(nik)
    except NikInvalid as problem:
        return [problem]
    problems: list[NikInvalid] = []
    if nik[:6] not in known_kecamatan:
        problems.append(NikInvalid("nik_unknown_kecamatan"))
    parsed_sex: str | None = None
    try:
        _, parsed_sex = _date_and_sex(nik, today)
    except NikInvalid as problem:
        problems.append(problem)
    if nik[12:] == "0000":
        problems.append(NikInvalid("nik_zero_serial"))
    if birth_date is not None:
        day = int(nik[6:8])
        day = day - WOMEN_DAY_OFFSET if day > WOMEN_DAY_OFFSET else day
        if (day, int(nik[8:10]), int(nik[10:12])) != (birth_date.day, birth_date.month, birth_date.year % 100):
            problems.append(NikInvalid("nik_birth_date_mismatch"))
        if birth_date > today:
            problems.append(NikInvalid("nik_future_date"))
    if sex is not None and parsed_sex is not None and sex != parsed_sex:
        problems.append(NikInvalid("nik_sex_mismatch"))
    return problems


def nik_make(kecamatan_code: str, birth_date: date, sex: str, serial: int) -> str:
    """The NIK for these parts (synthetic data, tests). ValueError on parts no NIK can hold."""
    if len(kecamatan_code) != 6 or not (kecamatan_code.isascii() and kecamatan_code.isdigit()):
        raise ValueError("kecamatan_code must be 6 digits")
    if sex not in SEXES:
        raise ValueError("sex must be 'L' or 'P'")
    if not 1 <= serial <= 9999:
        raise ValueError("serial must be 1..9999")
    day = birth_date.day + (WOMEN_DAY_OFFSET if sex == "P" else 0)
    return f"{kecamatan_code}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"


def mask_number(value: str) -> str:
    """A NIK or KK as lists show it: the region code and the serial, the middle (a birth date or an issue
    date) hidden."""
    return f"{value[:6]}······{value[-4:]}" if len(value) == 16 else "·" * len(value)
