"""The rows of an imported list of TPS signal (a Diskominfo's blank-spot list, an operator's coverage
list): their columns and checks. Pure: no Django.

Columns: ``kode_tps,operator,sinyal,tanggal`` (a header row first). ``operator`` is an operator's code
or name as ``data/operators.csv`` has it (any case); ``sinyal`` one of ``none``, ``voice``, ``3g``, ``4g``
(or ``tidak_ada``/``blank_spot`` for none, ``sms`` for voice); ``tanggal`` the survey's day, YYYY-MM-DD,
not in the future and within the readiness rules' age limit. A file names each TPS and operator once.
A refused row is reported by line, code and column, never by value.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from suara.network.rules import Kind

COLUMNS = ("kode_tps", "operator", "sinyal", "tanggal")

SIGNALS = {
    "none": Kind.NONE, "tidak_ada": Kind.NONE, "tidak ada": Kind.NONE, "blank_spot": Kind.NONE,
    "blank spot": Kind.NONE, "voice": Kind.VOICE, "sms": Kind.VOICE, "3g": Kind.G3, "4g": Kind.G4,
}  # fmt: skip

REASONS = {
    "row_broken": "baris tidak berisi 4 kolom",
    "tps_code_invalid": "kode TPS harus 13 digit angka",
    "tps_unknown": "TPS tidak ada dalam geografi",
    "tps_outside_scope": "TPS di luar wilayah impor",
    "operator_unknown": "operator seluler tidak dikenal",
    "signal_kind_unknown": "sinyal harus none, voice, 3g atau 4g",
    "date_invalid": "tanggal harus YYYY-MM-DD",
    "date_future": "tanggal survei di masa depan",
    "date_too_old": "tanggal survei melewati batas umur aturan kesiapan",
    "duplicate_in_file": "TPS dan operator ini sudah ada di baris sebelumnya",
}


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int
    code: str
    column: str
    reason: str


def problem(line: int, code: str, column: str = "") -> RowProblem:
    return RowProblem(line, code, column, REASONS[code])


@dataclass
class RowChecker:
    """Checks rows one by one; ``check`` returns (tps, operator, kind, day) or None (and records why)."""

    known_tps: Collection[str]  # the TPS codes within the import's scope
    operators: Mapping[str, str]  # code or lower-cased name → code
    today: date
    max_age: timedelta
    scope: str = ""
    problems: list[RowProblem] = field(default_factory=list)
    rejected: int = 0
    _seen: set = field(default_factory=set)
    _days: dict = field(default_factory=dict)

    def refuse(self, line: int, code: str, column: str = "") -> None:
        self.problems.append(problem(line, code, column))
        self.rejected += 1

    def _day(self, text: str) -> date | str:
        day = self._days.get(text)
        if day is None:
            try:
                parsed = date.fromisoformat(text)
            except ValueError:
                parsed = None
            if parsed is None or len(text) != 10:
                day = "date_invalid"
            elif parsed > self.today:
                day = "date_future"
            elif parsed < self.today - self.max_age:
                day = "date_too_old"
            else:
                day = parsed
            self._days[text] = day
        return day

    def check(self, line: int, fields: list[str] | None) -> tuple[str, str, str, date] | None:
        if fields is None or len(fields) != 4:
            return self.refuse(line, "row_broken")
        tps, operator, signal, day_text = fields
        tps, operator, signal, day_text = tps.strip(), operator.strip(), signal.strip(), day_text.strip()
        if len(tps) != 13 or not (tps.isascii() and tps.isdigit()):
            return self.refuse(line, "tps_code_invalid", "kode_tps")
        if not tps.startswith(self.scope):
            return self.refuse(line, "tps_outside_scope", "kode_tps")
        if tps not in self.known_tps:
            return self.refuse(line, "tps_unknown", "kode_tps")
        code = self.operators.get(operator) or self.operators.get(operator.lower())
        if code is None:
            return self.refuse(line, "operator_unknown", "operator")
        kind = SIGNALS.get(signal) or SIGNALS.get(signal.lower())
        if kind is None:
            return self.refuse(line, "signal_kind_unknown", "sinyal")
        day = self._day(day_text)
        if isinstance(day, str):
            return self.refuse(line, day, "tanggal")
        key = tps + code
        if key in self._seen:
            return self.refuse(line, "duplicate_in_file", "kode_tps")
        self._seen.add(key)
        return tps, code, kind.value, day
