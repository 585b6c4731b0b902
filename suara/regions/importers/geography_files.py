"""Reading and checking KPU's 2024 electoral geography files. Pure: no Django.

Three CSV files (see ../shared/data/README.md):

- wilayah: ``kode,nama,tingkat``, the domestic region tree (provinsi, kabkota, kecamatan, desa);
- tps: ``kode_desa,jumlah_tps_reguler,tps_khusus_dari,tps_khusus_sampai``, how many TPS each desa has;
- luar negeri: one row per overseas post: country, mission, the post group and its kind (TPS/POS/KSK).

``read_geography`` streams them and returns every row it could read together with every problem it
found (file, line, reason in Indonesian), so a caller can refuse the whole import before writing.
"""

from __future__ import annotations

import codecs
import csv
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from suara.core.region_codes import (
    DESA_LENGTH,
    KABKOTA_LENGTH,
    KECAMATAN_LENGTH,
    OVERSEAS_PROVINCE,
    PROVINSI,
    PROVINSI_LENGTH,
    ancestor_codes,
    code_at,
    is_overseas,
    level_length,
    tps_code_of,
)

WILAYAH_COLUMNS = ("kode", "nama", "tingkat")
TPS_COLUMNS = ("kode_desa", "jumlah_tps_reguler", "tps_khusus_dari", "tps_khusus_sampai")
OVERSEAS_COLUMNS = (
    "kode_wilayah",
    "nama",
    "kode_negara",
    "negara",
    "kode_kota",
    "kota",
    "kode_tps",
    "tps/pos/ksk",
    "no_tps",
)

TINGKAT = {"provinsi": 1, "kabkota": 2, "kecamatan": 3, "desa": 4}
NAME_MAX_LENGTH = 120  # Region.name

# TPS numbers are 3 digits. Special-location TPS take 900..999 (KPU numbers them from 901), so regular TPS,
# numbered 001..N, must stay below 900 for the two ranges never to collide.
SPECIAL_FIRST, SPECIAL_LAST = 900, 999
REGULAR_MAX = SPECIAL_FIRST - 1

# The values of regions.models.Tps.Kind (kept in step by a test).
REGULAR, SPECIAL = "reguler", "khusus"
OVERSEAS_KINDS = {"TPS": "ln_tps", "POS": "ln_pos", "KSK": "ln_ksk"}


@dataclass(frozen=True, slots=True)
class FileProblem:
    file: str
    line: int  # 1-based; 0 when the problem concerns the whole file
    reason: str

    def __str__(self) -> str:
        where = f"baris {self.line}" if self.line else "seluruh berkas"
        return f"{self.file}, {where}: {self.reason}"


@dataclass(frozen=True, slots=True)
class RegionRow:
    code: str
    name: str
    level: int
    line: int

    @property
    def parent_code(self) -> str | None:
        return code_at(self.code, self.level - 1) if self.level > PROVINSI else None


@dataclass(frozen=True, slots=True)
class DesaTps:
    desa_code: str
    regular: int
    special_from: int | None
    special_to: int | None
    line: int

    @property
    def count(self) -> int:
        special = self.special_to - self.special_from + 1 if self.special_from is not None else 0
        return self.regular + special

    def numbers(self) -> Iterator[tuple[int, str]]:
        for number in range(1, self.regular + 1):
            yield number, REGULAR
        if self.special_from is not None:
            for number in range(self.special_from, self.special_to + 1):
                yield number, SPECIAL


@dataclass(frozen=True, slots=True)
class OverseasPost:
    group_code: str  # the 10-digit level-4 region the post sits under
    number: int
    kind: str  # ln_tps, ln_pos or ln_ksk
    line: int

    @property
    def code(self) -> str:
        return tps_code_of(self.group_code, self.number)


@dataclass
class GeographyFiles:
    regions: dict[str, RegionRow] = field(default_factory=dict)  # domestic and overseas, by code
    desa_tps: dict[str, DesaTps] = field(default_factory=dict)
    overseas_posts: list[OverseasPost] = field(default_factory=list)
    problems: list[FileProblem] = field(default_factory=list)

    def tps(self) -> Iterator[tuple[str, str, int, str]]:
        """Every TPS as (code, desa code, number, kind): the domestic ones, then the overseas posts."""
        for desa in self.desa_tps.values():
            for number, kind in desa.numbers():
                yield tps_code_of(desa.desa_code, number), desa.desa_code, number, kind
        for post in self.overseas_posts:
            yield post.code, post.group_code, post.number, post.kind

    def tps_counts(self) -> dict[str, int]:
        """The number of TPS beneath every region (0 for a region without any), at every level."""
        counts = dict.fromkeys(self.regions, 0)
        per_desa = Counter({d.desa_code: d.count for d in self.desa_tps.values()})
        per_desa.update(post.group_code for post in self.overseas_posts)
        for desa_code, n in per_desa.items():
            for code in (*ancestor_codes(desa_code), desa_code):
                counts[code] += n
        return counts

    def tps_by_kind(self) -> Counter:
        kinds: Counter = Counter()
        for desa in self.desa_tps.values():
            kinds[REGULAR] += desa.regular
            kinds[SPECIAL] += desa.count - desa.regular
        kinds.update(post.kind for post in self.overseas_posts)
        return kinds


# Reading CSV ----------------------------------------------------------------------------------------------


def _is_digits(value: str) -> bool:
    return value.isascii() and value.isdigit()


def _decoded_lines(handle: BinaryIO, name: str, problems: list[FileProblem]) -> Iterator[str]:
    """Lines decoded one by one, so that an encoding error is reported with its line number; the bad
    line is still handed on (with replacement characters) to keep the line count right."""
    for number, raw in enumerate(handle, start=1):
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(FileProblem(name, number, f"bukan teks UTF-8 yang sah (bita ke-{exc.start + 1})"))
            yield raw.decode("utf-8", errors="replace")


_NUL_REASON = "baris CSV rusak: berisi karakter NUL (berkas biner atau bukan UTF-8?)"


def _csv_error_reason(exc: csv.Error) -> str:
    text = str(exc)
    if "NUL" in text:
        return _NUL_REASON
    if "field larger" in text:
        return "baris CSV rusak: kolom terlalu panjang"
    return "baris CSV rusak: tanda kutip tidak seimbang atau salah tempat"


def _records(path: Path, columns: tuple[str, ...], problems: list[FileProblem]) -> Iterator[tuple[int, list[str]]]:
    """(line number, values of ``columns`` in that order) for every data row of a CSV file with a header.

    A row with the wrong number of columns or broken quoting becomes a problem and is skipped; a file
    without the expected header yields nothing."""
    name = path.name
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the with below, after the header check
    except OSError as exc:
        problems.append(FileProblem(name, 0, f"berkas tidak dapat dibuka ({exc.strerror})"))
        return
    with handle:
        reader = csv.reader(_decoded_lines(handle, name, problems), strict=True)
        index: list[int] | None = None
        width = 0
        while True:
            start = reader.line_num + 1  # a quoted field may span lines: report where the row began
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                problems.append(FileProblem(name, start, _csv_error_reason(exc)))
                continue
            if not record or (len(record) == 1 and not record[0].strip()):
                continue  # blank line
            if index is None:
                header = [h.strip().lower() for h in record]
                missing = [c for c in columns if c not in header]
                if missing:
                    problems.append(
                        FileProblem(
                            name,
                            start,
                            f"baris judul tidak ada atau tidak lengkap: kolom {', '.join(missing)} tidak ditemukan "
                            f"(diharapkan: {','.join(columns)})",
                        )
                    )
                    return
                index = [header.index(c) for c in columns]
                width = len(header)
                continue
            if any("\x00" in value for value in record):  # PostgreSQL refuses NUL in text, so say it here
                problems.append(FileProblem(name, start, _NUL_REASON))
                continue
            if len(record) != width:
                problems.append(FileProblem(name, start, f"jumlah kolom {len(record)}, seharusnya {width}"))
                continue
            yield start, [record[i].strip() for i in index]
        if index is None:
            problems.append(FileProblem(name, 0, "berkas kosong: baris judul tidak ada"))


def _count(value: str, column: str) -> tuple[int | None, str | None]:
    """A non-negative integer, or the reason it is not one."""
    if _is_digits(value):
        return int(value), None
    if value.startswith("-") and _is_digits(value[1:]):
        return None, f"{column} tidak boleh negatif ({value})"
    return None, f"{column} bukan bilangan bulat ('{value}')"


# The three files ------------------------------------------------------------------------------------------


def _read_wilayah(path: Path, result: GeographyFiles, seen: set[str]) -> None:
    problems, regions, name = result.problems, result.regions, path.name
    for line, (code, region_name, tingkat) in _records(path, WILAYAH_COLUMNS, problems):
        seen.add(code)
        level = TINGKAT.get(tingkat.lower())
        if level is None:
            known = ", ".join(TINGKAT)
            problems.append(FileProblem(name, line, f"tingkat '{tingkat}' tidak dikenal (yang sah: {known})"))
            continue
        if not _is_digits(code):
            problems.append(FileProblem(name, line, f"kode '{code}' harus berupa angka"))
            continue
        if len(code) != level_length(level):
            problems.append(
                FileProblem(
                    name,
                    line,
                    f"kode {code} untuk tingkat {tingkat} harus {level_length(level)} digit, bukan {len(code)}",
                )
            )
            continue
        if is_overseas(code):
            problems.append(
                FileProblem(name, line, f"kode {code}: awalan 99 dipakai untuk luar negeri, bukan wilayah dalam negeri")
            )
            continue
        if not region_name:
            problems.append(FileProblem(name, line, f"nama wilayah {code} kosong"))
            continue
        if len(region_name) > NAME_MAX_LENGTH:
            problems.append(FileProblem(name, line, f"nama wilayah {code} lebih dari {NAME_MAX_LENGTH} karakter"))
            continue
        if code in regions:
            problems.append(FileProblem(name, line, f"kode {code} ganda (sudah ada di baris {regions[code].line})"))
            continue
        regions[code] = RegionRow(code, region_name, level, line)
    for row in regions.values():
        parent = row.parent_code
        if parent is not None and parent not in seen:
            problems.append(FileProblem(name, row.line, f"induk {parent} dari wilayah {row.code} tidak ada di berkas"))


def _read_tps(path: Path, wilayah_name: str, result: GeographyFiles, seen: set[str]) -> None:
    problems, name = result.problems, path.name
    for line, (desa, regular_text, from_text, to_text) in _records(path, TPS_COLUMNS, problems):
        reasons = []
        if not (_is_digits(desa) and len(desa) == DESA_LENGTH):
            reasons.append(f"kode_desa '{desa}' harus 10 digit angka")
        elif desa not in seen:  # a desa listed but refused is reported at its own row
            reasons.append(f"desa {desa} tidak ada di {wilayah_name}")
        regular, reason = _count(regular_text, "jumlah_tps_reguler")
        if reason:
            reasons.append(reason)
        elif regular > REGULAR_MAX:
            reasons.append(
                f"jumlah_tps_reguler {regular} lebih dari {REGULAR_MAX} (nomor 900 ke atas untuk TPS khusus)"
            )
        special_from = special_to = None
        if from_text or to_text:
            if not (from_text and to_text):
                reasons.append("tps_khusus_dari dan tps_khusus_sampai harus diisi keduanya atau dikosongkan keduanya")
            else:
                special_from, reason_from = _count(from_text, "tps_khusus_dari")
                special_to, reason_to = _count(to_text, "tps_khusus_sampai")
                reasons += [r for r in (reason_from, reason_to) if r]
                if special_from is not None and special_to is not None:
                    if not (
                        SPECIAL_FIRST <= special_from <= SPECIAL_LAST and SPECIAL_FIRST <= special_to <= SPECIAL_LAST
                    ):
                        reasons.append(
                            f"nomor TPS khusus {special_from}..{special_to} harus di antara {SPECIAL_FIRST} "
                            f"dan {SPECIAL_LAST}"
                        )
                    elif special_from > special_to:
                        reasons.append(f"rentang TPS khusus terbalik ({special_from} > {special_to})")
        if desa in result.desa_tps:
            reasons.append(f"desa {desa} ganda (sudah ada di baris {result.desa_tps[desa].line})")
        if reasons:
            problems.extend(FileProblem(name, line, r) for r in reasons)
            continue
        if desa not in result.regions:
            continue  # its wilayah row was refused
        result.desa_tps[desa] = DesaTps(desa, regular, special_from, special_to, line)


def _read_overseas(path: Path, result: GeographyFiles) -> None:
    problems, name = result.problems, path.name
    group_kind: dict[str, tuple[str, int]] = {}
    posts: dict[str, int] = {}
    for line, values in _records(path, OVERSEAS_COLUMNS, problems):
        province, province_name, country, country_name, mission, mission_name, group, kind_text, number_text = values
        reasons = []
        shapes = (
            (province, "kode_wilayah", PROVINSI_LENGTH, ""),
            (country, "kode_negara", KABKOTA_LENGTH, province),
            (mission, "kode_kota", KECAMATAN_LENGTH, country),
            (group, "kode_tps", DESA_LENGTH, mission),
        )
        for code, column, length, prefix in shapes:
            if not (_is_digits(code) and len(code) == length):
                reasons.append(f"{column} '{code}' harus {length} digit angka")
            elif not code.startswith(prefix):
                reasons.append(f"{column} {code} tidak berawalan {prefix}")
        if province != OVERSEAS_PROVINCE and _is_digits(province):
            reasons.append(f"kode_wilayah luar negeri harus {OVERSEAS_PROVINCE}, bukan {province}")
        kind = OVERSEAS_KINDS.get(kind_text.upper())
        if kind is None:
            reasons.append(f"jenis '{kind_text}' tidak dikenal (yang sah: TPS, POS, KSK)")
        number, reason = _count(number_text, "no_tps")
        if reason:
            reasons.append(reason)
        elif not 1 <= number <= 999:
            reasons.append(f"no_tps {number} harus di antara 1 dan 999")
        names = ((province_name, "nama"), (country_name, "negara"), (mission_name, "kota"))
        for value, column in names:
            if not value:
                reasons.append(f"{column} kosong")
            elif len(value) > NAME_MAX_LENGTH - 6:  # room for the " - KSK" of the group name
                reasons.append(f"{column} lebih dari {NAME_MAX_LENGTH - 6} karakter")
        if reasons:
            problems.extend(FileProblem(name, line, r) for r in reasons)
            continue
        if group in group_kind and group_kind[group][0] != kind_text.upper():
            earlier, earlier_line = group_kind[group]
            problems.append(
                FileProblem(
                    name, line, f"kode_tps {group} berisi {earlier} (baris {earlier_line}), di sini {kind_text}"
                )
            )
            continue
        group_kind.setdefault(group, (kind_text.upper(), line))
        code = tps_code_of(group, number)
        if code in posts:
            problems.append(FileProblem(name, line, f"TPS luar negeri {code} ganda (sudah ada di baris {posts[code]})"))
            continue
        posts[code] = line
        levels = (
            (province, province_name, 1),
            (country, country_name, 2),
            (mission, mission_name, 3),
            (group, f"{mission_name} - {kind_text.upper()}", 4),
        )
        for level_code, level_name, level in levels:
            known = result.regions.get(level_code)
            if known is None:
                result.regions[level_code] = RegionRow(level_code, level_name, level, line)
            elif known.name != level_name:
                problems.append(
                    FileProblem(
                        name,
                        line,
                        f"kode {level_code} bernama '{known.name}' di baris {known.line}, di sini '{level_name}'",
                    )
                )
        result.overseas_posts.append(OverseasPost(group, number, kind, line))


def read_geography(
    wilayah_path: str | Path, tps_path: str | Path, overseas_path: str | Path | None = None
) -> GeographyFiles:
    """Parses and checks the three files. The result's ``problems`` is empty when they can be imported."""
    wilayah_path, tps_path = Path(wilayah_path), Path(tps_path)
    result = GeographyFiles()
    seen: set[str] = set()  # every code the wilayah file lists, valid or not
    _read_wilayah(wilayah_path, result, seen)
    _read_tps(tps_path, wilayah_path.name, result, seen)
    if overseas_path is not None:
        _read_overseas(Path(overseas_path), result)
    order = {p: i for i, p in enumerate(_names(wilayah_path, tps_path, overseas_path))}
    result.problems.sort(key=lambda p: (order.get(p.file, len(order)), p.line))
    return result


def _names(*paths: Path | str | None) -> Iterable[str]:
    return [Path(p).name for p in paths if p is not None]
