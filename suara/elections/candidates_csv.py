"""Reading a contest's candidate list from CSV. Pure: no Django.

The file, UTF-8 (a byte-order mark is allowed), is one header and one row per pair on the ballot::

    # lines beginning with '#' are comments: name the source (the KPU decision) there
    nomor_urut,nama_calon,nama_wakil,partai_pengusung
    1,Imam Budi Hartono,Ririn Farabi Arafiq,Partai Keadilan Sejahtera;Partai Golongan Karya

``partai_pengusung`` lists the supporting parties separated by ';' (empty for an independent pair).
Ballot numbers run 1, 2, ... without a gap, as KPU draws them. Every problem is reported with its line.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

COLUMNS = ("nomor_urut", "nama_calon", "nama_wakil", "partai_pengusung")
NAME_MAX = 120  # Candidate.head_name and deputy_name
PARTY_MAX = 80
MAX_CANDIDATES = 20
MAX_BYTES = 64 * 1024
PAIR_SEPARATOR = " – "


@dataclass(frozen=True)
class CandidateRow:
    number: int
    head_name: str
    deputy_name: str
    parties: tuple[str, ...]

    @property
    def name(self) -> str:
        return f"{self.head_name}{PAIR_SEPARATOR}{self.deputy_name}"


@dataclass(frozen=True)
class LineProblem:
    line: int  # 1-based; 0 for the whole file
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "message": self.message}

    def __str__(self) -> str:
        return f"baris {self.line}: {self.message}" if self.line else self.message


def _clean_text(value: str) -> str | None:
    """The value with its spaces tidied, or None when it holds a control character."""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return None
    return " ".join(value.split())


def _name(value: str, what: str, line: int, problems: list[LineProblem]) -> str:
    name = _clean_text(value)
    if name is None:
        problems.append(LineProblem(line, f"{what} berisi karakter kendali"))
        return ""
    if not name:
        problems.append(LineProblem(line, f"{what} kosong"))
    elif len(name) > NAME_MAX:
        problems.append(LineProblem(line, f"{what} lebih dari {NAME_MAX} karakter"))
    return name


def _parties(value: str, line: int, problems: list[LineProblem]) -> tuple[str, ...]:
    parties: list[str] = []
    for raw in value.split(";") if value.strip() else []:
        party = _clean_text(raw)
        if party is None:
            problems.append(LineProblem(line, "nama partai berisi karakter kendali"))
        elif not party:
            problems.append(LineProblem(line, "nama partai kosong (dua ';' berurutan atau di ujung)"))
        elif len(party) > PARTY_MAX:
            problems.append(LineProblem(line, f"nama partai lebih dari {PARTY_MAX} karakter"))
        elif party in parties:
            problems.append(LineProblem(line, f"partai '{party}' disebut dua kali"))
        else:
            parties.append(party)
    return tuple(parties)


def _number(value: str, line: int, problems: list[LineProblem]) -> int | None:
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_CANDIDATES:
        problems.append(LineProblem(line, f"nomor urut '{text[:10]}' harus bilangan 1 sampai {MAX_CANDIDATES}"))
        return None
    return int(text)


def read_candidates(data: bytes) -> tuple[list[CandidateRow], list[LineProblem]]:
    """The pairs of a candidate file, by ballot number, and every problem found (empty when it is sound)."""
    if len(data) > MAX_BYTES:
        return [], [LineProblem(0, f"berkas lebih dari {MAX_BYTES // 1024} KB")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [LineProblem(0, f"bukan teks UTF-8 yang sah (bita ke-{exc.start + 1})")]
    problems: list[LineProblem] = []
    rows: list[CandidateRow] = []
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if not line.lstrip().startswith("#")]
    lines = [(n, line) for n, line in lines if line.strip()]
    if not lines:
        return [], [LineProblem(0, "berkas kosong: baris judul dan calon tidak ada")]
    try:
        records = [(n, next(csv.reader(io.StringIO(line), strict=True))) for n, line in lines]
    except csv.Error as exc:
        return [], [LineProblem(0, f"CSV tidak dapat dibaca ({exc})")]
    (header_line, header), body = records[0], records[1:]
    if tuple(h.strip().lower() for h in header) != COLUMNS:
        problems.append(LineProblem(header_line, f"baris judul harus: {','.join(COLUMNS)}"))
        return [], problems
    if not body:
        problems.append(LineProblem(0, "tidak ada pasangan calon"))
    if len(body) > MAX_CANDIDATES:
        return [], [LineProblem(0, f"lebih dari {MAX_CANDIDATES} pasangan calon")]
    seen: dict[int, int] = {}
    for line, record in body:
        if len(record) != len(COLUMNS):
            problems.append(LineProblem(line, f"jumlah kolom {len(record)}, seharusnya {len(COLUMNS)}"))
            continue
        number = _number(record[0], line, problems)
        head = _name(record[1], "nama calon", line, problems)
        deputy = _name(record[2], "nama wakil", line, problems)
        parties = _parties(record[3], line, problems)
        if number is None:
            continue
        if number in seen:
            problems.append(LineProblem(line, f"nomor urut {number} ganda (sudah ada di baris {seen[number]})"))
            continue
        seen[number] = line
        rows.append(CandidateRow(number, head, deputy, parties))
    numbers = sorted(seen)
    if numbers and numbers != list(range(1, len(numbers) + 1)):
        problems.append(LineProblem(0, f"nomor urut harus 1 sampai {len(numbers)} tanpa loncatan"))
    return sorted(rows, key=lambda r: r.number), problems
