"""The rules of a TPS's recorded place: its address, its coordinates inside Indonesia, its accessibility
flags, the CSV that carries many of them, and the map links shown to voters. Pure: no Django."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from suara.core.errors import DomainError, ErrorCode
from suara.regions.errors import RegionErrorCode

# Indonesia's bounding box, with a margin: Rote (-11.0) to Weh (6.1), Sabang (95.0) to Merauke (141.0).
LAT_MIN, LAT_MAX = Decimal("-11"), Decimal("6")
LON_MIN, LON_MAX = Decimal("95"), Decimal("141")
ADDRESS_MIN, ADDRESS_MAX = 5, 300
SIX_PLACES = Decimal("0.000001")

# The accessibility flags, in the CSV's column order: step-free access, then help for each disability
# type of UU 8/2016 art. 4.
FLAGS = ("step_free", "help_visual", "help_hearing", "help_physical", "help_intellectual", "help_mental")
CSV_COLUMNS = ("tps", "alamat", "lintang", "bujur", *FLAGS)
YES = frozenset({"1", "ya", "y", "true", "yes"})
NO = frozenset({"0", "tidak", "t", "false", "no", ""})
MAX_CSV_ROWS = 20_000
CSV_MAX_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class Place:
    address: str
    latitude: Decimal
    longitude: Decimal
    flags: dict[str, bool]


def clean_address(address: str) -> str:
    address = " ".join((address or "").split())
    if not ADDRESS_MIN <= len(address) <= ADDRESS_MAX or any(ord(c) < 32 for c in address):
        raise DomainError(
            RegionErrorCode.INVALID_TPS_ADDRESS,
            f"Alamat TPS harus {ADDRESS_MIN} sampai {ADDRESS_MAX} karakter.",
            field="address",
        )
    return address


def _decimal(value, field: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite():
        raise DomainError(ErrorCode.INVALID_INPUT, "Koordinat harus berupa angka desimal.", field=field)
    return number.quantize(SIX_PLACES, rounding=ROUND_HALF_UP)


def clean_coordinates(latitude, longitude) -> tuple[Decimal, Decimal]:
    lat, lon = _decimal(latitude, "latitude"), _decimal(longitude, "longitude")
    for value, low, high, field in ((lat, LAT_MIN, LAT_MAX, "latitude"), (lon, LON_MIN, LON_MAX, "longitude")):
        if not low <= value <= high:
            raise DomainError(
                RegionErrorCode.COORDINATES_OUTSIDE_INDONESIA,
                f"Koordinat di luar wilayah Indonesia (lintang {LAT_MIN}..{LAT_MAX}, bujur {LON_MIN}..{LON_MAX}).",
                field=field,
            )
    return lat, lon


def clean_place(*, address: str, latitude, longitude, **flags: bool) -> Place:
    unknown = set(flags) - set(FLAGS)
    if unknown:
        raise DomainError(ErrorCode.INVALID_INPUT, "Penanda aksesibilitas tidak dikenal.", field=sorted(unknown)[0])
    lat, lon = clean_coordinates(latitude, longitude)
    return Place(clean_address(address), lat, lon, {flag: bool(flags.get(flag, False)) for flag in FLAGS})


@dataclass(frozen=True)
class CsvRow:
    line: int
    tps_code: str
    place: Place


@dataclass(frozen=True)
class CsvProblem:
    line: int
    code: str
    field: str

    def as_dict(self) -> dict:
        return {"line": self.line, "code": self.code, "field": self.field}


def _flag(value: str, field: str) -> bool:
    word = value.strip().lower()
    if word in YES:
        return True
    if word in NO:
        return False
    raise DomainError(ErrorCode.INVALID_INPUT, "Penanda aksesibilitas: 1/0 atau ya/tidak.", field=field)


def read_csv(text: str) -> tuple[list[CsvRow], list[CsvProblem]]:
    """The rows of a TPS locations CSV (header ``CSV_COLUMNS``, comma or semicolon) and each refused line
    with its code. A header that is not ours refuses line 1."""
    sample = text[:2000]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [cell.strip().lower() for cell in next(reader, [])]
    if tuple(header) != CSV_COLUMNS:
        return [], [CsvProblem(1, ErrorCode.INVALID_INPUT, "header")]
    rows: list[CsvRow] = []
    problems: list[CsvProblem] = []
    seen: set[str] = set()
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if line - 1 > MAX_CSV_ROWS:
            problems.append(CsvProblem(line, ErrorCode.PAYLOAD_TOO_LARGE, "tps"))
            break
        if len(cells) != len(CSV_COLUMNS):
            problems.append(CsvProblem(line, ErrorCode.INVALID_INPUT, "columns"))
            continue
        code = cells[0].strip()
        if not (len(code) == 13 and code.isascii() and code.isdigit()):
            problems.append(CsvProblem(line, ErrorCode.INVALID_TPS_CODE, "tps"))
            continue
        if code in seen:
            problems.append(CsvProblem(line, ErrorCode.INVALID_INPUT, "tps"))
            continue
        seen.add(code)
        try:
            flags = {flag: _flag(cells[4 + i], flag) for i, flag in enumerate(FLAGS)}
            place = clean_place(address=cells[1], latitude=cells[2], longitude=cells[3], **flags)
        except DomainError as refused:
            problems.append(CsvProblem(line, str(refused.code), refused.field or ""))
            continue
        rows.append(CsvRow(line, code, place))
    return rows, problems


def geo_uri(latitude: Decimal, longitude: Decimal) -> str:
    return f"geo:{latitude},{longitude}"


def osm_url(latitude: Decimal, longitude: Decimal) -> str:
    return f"https://www.openstreetmap.org/?mlat={latitude}&mlon={longitude}#map=18/{latitude}/{longitude}"
