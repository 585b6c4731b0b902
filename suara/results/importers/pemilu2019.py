"""The 2019 presidential result per TPS, from KawalPemilu's public extract (``pemilu2019_ppwp_tps.csv.gz``):
reading and checking the file, and turning each row into tallies. Pure: no Django.

One row per TPS: the place names, the source's desa id, the TPS number, the register (DPT) and two sets of
numbers: ``kp_*`` as the volunteers digitised them from photos of the form (our count) and ``kpu_*`` as KPU
published them during counting (an external source). The file has no separate "jumlah suara": the total is
valid + invalid, and ``*_pengguna`` (voters who voted) is what R3 holds it against.

Overseas rows (provinsi "Luar Negeri") number their posts as the source does: TPS from 1, postal posts (Pos)
from 1001 and mobile ballot boxes (KSK) from 2001. As in the 2024 geography, each kind becomes its own
desa-level group under the mission, so every post keeps a 3-digit number.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import operator
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from suara.core.text import place_key
from suara.results import anomalies
from suara.results.rules import check

NAMES = ("provinsi", "kabkota", "kecamatan", "desa")
KPU = ("kpu_paslon1", "kpu_paslon2", "kpu_sah", "kpu_tidak_sah", "kpu_pengguna")
KP = ("kp_paslon1", "kp_paslon2", "kp_sah", "kp_tidak_sah", "kp_pengguna")
COUNTS = ("dpt_l", "dpt_p", *KPU, *KP, "kp_janggal", "kp_jumlah_foto")
COLUMNS = (*NAMES, "desa_id", "no_tps", *COUNTS)
BALLOT_NUMBERS = [1, 2]

UNKNOWN_DPT = -1  # the source's mark for "no register count" (every overseas post)
OVERSEAS_KEY = place_key("Luar Negeri")
OVERSEAS_KINDS = ("TPS", "POS", "KSK")  # no_tps // 1000
NAME_MAX_LENGTH = 120 - len(" - KSK")  # CountRegion.name, with room for an overseas group's kind
MAX_PROBLEMS = 200
READ_CHUNK = 1 << 20
_PLAIN_COUNTS = re.compile(rf"(?:-?[0-9]*,){{{len(COUNTS) - 1}}}-?[0-9]*")


@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"baris {self.line}: {self.reason}"


class Row(NamedTuple):
    """One TPS of the file. ``kpu`` and ``kp`` hold paslon1, paslon2, sah, tidak_sah, pengguna (None: empty).
    A named tuple: the national file has 813,336 of them."""

    line: int
    provinsi: str
    kabkota: str
    kecamatan: str
    desa: str
    desa_id: str
    no_tps: int  # as the source numbers it (1001 for an overseas Pos)
    dpt_l: int | None
    dpt_p: int | None
    kpu: tuple[int | None, ...]
    kp: tuple[int | None, ...]
    overseas: bool

    @property
    def number(self) -> int:
        """The post's 3-digit number (overseas: within its kind)."""
        return self.no_tps % 1000

    @property
    def post_kind(self) -> str:
        """'' for a domestic TPS; TPS, POS or KSK overseas."""
        return OVERSEAS_KINDS[self.no_tps // 1000] if self.overseas else ""


@dataclass
class ParsedFile:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _open_text(path: Path) -> io.TextIOBase:
    """The CSV as text, gzip-compressed or not (told by its first bytes, not its name)."""
    with open(path, "rb") as raw:
        compressed = raw.read(2) == b"\x1f\x8b"
    if compressed:
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")  # noqa: SIM115 - closed by the caller's with


def file_digest(path: str | Path) -> str:
    """SHA-256 of the file's content (decompressed), so the same data recompressed is the same import."""
    digest = hashlib.sha256()
    with open(path, "rb") as raw:
        compressed = raw.read(2) == b"\x1f\x8b"
    opener = gzip.open if compressed else open
    try:
        with opener(path, "rb") as f:
            while chunk := f.read(READ_CHUNK):
                digest.update(chunk)
    except (OSError, EOFError):
        pass  # an unreadable file is reported, with its line, by read_file
    return digest.hexdigest()


def _whole(text: str) -> int | None:
    """A whole number written in ASCII digits (a leading minus allowed), None when not one."""
    if text.isdigit() and text.isascii():
        return int(text)
    if text[:1] == "-" and text[1:].isdigit() and text.isascii():
        return -int(text[1:])
    return None


def _names(values: list[str], reasons: list[str], intern=sys.intern) -> list[str]:
    names = [intern(" ".join(v.split())) for v in values]
    for column, name in zip(NAMES, names, strict=True):
        if not name:
            reasons.append(f"{column} kosong")
        elif len(name) > NAME_MAX_LENGTH:
            reasons.append(f"{column} lebih dari {NAME_MAX_LENGTH} karakter")
    return names


def _counts(values: Sequence[str], reasons: list[str]) -> list[int | None]:
    if _PLAIN_COUNTS.fullmatch(",".join(values)):  # the common case, without a check per column
        return [int(v) if v else None for v in values]
    numbers: list[int | None] = []
    for column, text in zip(COUNTS, values, strict=True):
        text = text.strip()
        if not text:
            numbers.append(None)
            continue
        number = _whole(text)
        if number is None:
            reasons.append(f"{column} bukan bilangan bulat: '{text[:20]}'")
        numbers.append(number)
    return numbers


def _tps_number(text: str, overseas: bool, reasons: list[str]) -> int:
    number = _whole(text.strip())
    if number is None:
        reasons.append(f"no_tps bukan bilangan bulat: '{text[:20]}'")
        return 0
    if overseas:
        if not (number // 1000 < len(OVERSEAS_KINDS) and 1 <= number % 1000 <= 999):
            reasons.append(f"no_tps luar negeri {number} tidak dikenal (TPS 1-999, Pos 1001-1999, KSK 2001-2999)")
    elif not 1 <= number <= 999:
        reasons.append(f"no_tps {number} di luar 1-999")
    return number


def _place(values: Sequence[str], overseas_names: dict[str, bool]) -> tuple[list[str], str, bool, list[str]]:
    """The four names (normalised), the desa id, whether overseas, and what is wrong with them."""
    reasons: list[str] = []
    names = _names(list(values[:4]), reasons)
    desa_id = values[4].strip()
    if _whole(desa_id) is None:
        reasons.append(f"desa_id bukan bilangan bulat: '{desa_id[:20]}'")
    overseas = overseas_names.get(names[0])
    if overseas is None:
        overseas = overseas_names[names[0]] = place_key(names[0]) == OVERSEAS_KEY
    return names, desa_id, overseas, reasons


def _row(line: int, values: tuple[str, ...], places: dict, overseas_names: dict, reasons: list[str]) -> Row | None:
    # The TPS of a desa follow one another: their place columns are checked once (``places``).
    key = values[:5]
    place = places.get(key)
    if place is None:
        place = places[key] = _place(key, overseas_names)
    names, desa_id, overseas, place_reasons = place
    reasons.extend(place_reasons)
    no_tps = _tps_number(values[5], overseas, reasons)
    counts = _counts(values[6:], reasons)
    if reasons:
        return None
    dpt_l, dpt_p = (None if n == UNKNOWN_DPT else n for n in counts[:2])
    return Row(line, *names, desa_id, no_tps, dpt_l, dpt_p, tuple(counts[2:7]), tuple(counts[7:12]), overseas)


def read_file(path: str | Path, *, max_problems: int = MAX_PROBLEMS) -> ParsedFile:
    """Every row of the file, or the problems that refuse it (line and reason), stopping after
    ``max_problems``. A file with any problem must not be imported at all."""
    result = ParsedFile()
    problems = result.problems
    seen_tps: dict[tuple[str, int], int] = {}
    desa_places: dict[str, tuple[tuple[str, ...], int]] = {}
    line = 1
    try:
        with _open_text(Path(path)) as f:
            reader = csv.reader(f)
            header = next(reader, None)
            if header is None:
                problems.append(Problem(1, "berkas kosong"))
                return result
            position = {name.strip(): i for i, name in enumerate(header)}
            missing = [c for c in COLUMNS if c not in position]
            if missing:
                problems.append(Problem(1, f"kolom tidak ada: {', '.join(missing)}"))
                return result
            width, pick = len(header), operator.itemgetter(*(position[c] for c in COLUMNS))
            overseas_names: dict[str, bool] = {}
            places: dict[tuple[str, ...], tuple] = {}
            for record in reader:
                line = reader.line_num
                if len(record) != width:
                    problems.append(Problem(line, f"{len(record)} kolom, seharusnya {width}"))
                else:
                    reasons: list[str] = []
                    row = _row(line, pick(record), places, overseas_names, reasons)
                    if row is not None:
                        _check_identity(row, seen_tps, desa_places, reasons)
                    if reasons:
                        problems.extend(Problem(line, r) for r in reasons)
                    else:
                        result.rows.append(row)
                if len(problems) >= max_problems:
                    problems.append(Problem(line, f"berhenti membaca setelah {max_problems} masalah"))
                    break
    except (UnicodeDecodeError, csv.Error, EOFError, OSError) as exc:
        problems.append(Problem(line + 1, f"berkas tidak dapat dibaca ({type(exc).__name__})"))
    if not result.rows and not problems:
        problems.append(Problem(2, "tidak ada baris TPS"))
    return result


def _check_identity(row: Row, seen_tps: dict, desa_places: dict, reasons: list[str]) -> None:
    """One desa id names one place, and each TPS appears once."""
    place = (row.provinsi, row.kabkota, row.kecamatan, row.desa)
    known = desa_places.setdefault(row.desa_id, (place, row.line))
    if known[0] != place:
        reasons.append(f"desa_id {row.desa_id} bernama lain di baris {known[1]} ({' / '.join(known[0])})")
        return
    earlier = seen_tps.setdefault((row.desa_id, row.no_tps), row.line)
    if earlier != row.line:
        reasons.append(f"TPS {row.no_tps} desa_id {row.desa_id} ganda (sudah ada di baris {earlier})")


# Tallies -------------------------------------------------------------------------------------------------


def _tally(numbers: tuple[int | None, ...], row: Row) -> dict[str, int]:
    paslon1, paslon2, valid, invalid, voted = numbers
    tally: dict[str, int] = {}
    for key, value in (("votes.1", paslon1), ("votes.2", paslon2), ("valid", valid), ("invalid", invalid)):
        if value is not None:
            tally[key] = value
    if valid is not None and invalid is not None:
        tally["total"] = valid + invalid
    if voted is not None:
        tally["voted_total.j"] = voted
    if row.dpt_l is not None and row.dpt_p is not None:
        tally.update({"dpt.l": row.dpt_l, "dpt.p": row.dpt_p, "dpt.j": row.dpt_l + row.dpt_p})
    return tally


def kp_tally(row: Row) -> dict[str, int] | None:
    """The volunteers' count, our result for the TPS; None while any of its numbers is empty (not reported)."""
    if None in row.kp:
        return None
    return _tally(row.kp, row)


def kpu_tally(row: Row) -> dict[str, int] | None:
    """What KPU published for the TPS; None when it published nothing."""
    if all(n is None for n in row.kpu):
        return None
    return _tally(row.kpu, row)


# The two shapes ``_tally`` gives a row with all five numbers: with the register, and without (overseas).
_FULL_SHAPE = frozenset(("votes.1", "votes.2", "valid", "invalid", "total", "voted_total.j"))
_FULL_SHAPES = (_FULL_SHAPE, _FULL_SHAPE | {"dpt.l", "dpt.p", "dpt.j"})


def _plainly_fine(tally: dict[str, int]) -> bool:
    """Whether a tally of this file's full shape breaks no rule, without the general check (a second of
    CPU per 100,000 rows). In that shape total = valid + invalid and dpt.j = dpt.l + dpt.p by
    construction and the fields of R4 and R6..B2 are absent, so only R0, R1 and R3 can break."""
    if tally.keys() not in _FULL_SHAPES:
        return False
    valid, invalid, voted = tally["valid"], tally["invalid"], tally["voted_total.j"]
    return min(tally.values()) >= 0 and tally["votes.1"] + tally["votes.2"] == valid and voted == valid + invalid


def broken_rules(tally: dict[str, int]) -> tuple[str, ...]:
    """The codes of the rules a tally breaks, each once, in rule order (``rules.check`` decides every
    tally that is not plainly fine)."""
    if _plainly_fine(tally):
        return ()
    return tuple(dict.fromkeys(b.code for b in check(tally, ballot_numbers=BALLOT_NUMBERS)))


def own_flags(tally: dict[str, int]) -> list[str]:
    """``anomalies.tps_flags`` of a counted tally (no rule broken), decided directly in the file's full
    shape: J1 (more votes than the register), J2 (one pair has every valid vote at a large TPS)."""
    if tally.keys() not in _FULL_SHAPES:
        return anomalies.tps_flags(tally, contest_ballots=BALLOT_NUMBERS)
    flags = []
    dpt = tally.get("dpt.j")
    if dpt is not None and tally["total"] > dpt:
        flags.append("J1")
    valid = tally["valid"]
    if valid >= anomalies.LARGE_TPS and max(tally["votes.1"], tally["votes.2"]) == valid:
        flags.append("J2")
    return flags


class Evaluated(NamedTuple):
    """What a row becomes: our result (counted when ``tally`` is set and ``breaches`` empty) and KPU's.
    ``external`` is ``tally`` itself (the same object) when both sources give the same numbers."""

    tally: dict[str, int] | None  # None: not reported yet
    breaches: tuple[str, ...]
    flags: list[str]
    external: dict[str, int] | None
    external_status: str  # ok, breach, incomplete; '' without external numbers
    external_rules: tuple[str, ...]

    @property
    def counted(self) -> bool:
        return self.tally is not None and not self.breaches


def evaluate(row: Row) -> Evaluated:
    ours = kp_tally(row)
    same = ours is not None and row.kp == row.kpu  # most TPS: one tally, checked once
    theirs = ours if same else kpu_tally(row)
    breaches = broken_rules(ours) if ours is not None else ()
    status, external_rules = "", ()
    if theirs is not None:
        if None in row.kpu:
            status = "incomplete"
        else:
            external_rules = breaches if same else broken_rules(theirs)
            status = "breach" if external_rules else "ok"
    flags: list[str] = []
    if ours is not None and not breaches:
        flags = own_flags(ours)
        if theirs is not None and not same and anomalies.sources_disagree(ours, theirs):
            flags.append("J5")
    return Evaluated(ours, breaches, flags, theirs, status, external_rules)
