"""The TMS (Tidak Memenuhi Syarat) codes KPU uses to take a voter off the list. Pure: no Django."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TmsCode:
    code: int
    key: str
    label: str  # Indonesian, as the plenary documents write it


TMS_CODES: dict[int, TmsCode] = {
    entry.code: entry
    for entry in (
        TmsCode(1, "meninggal", "Meninggal dunia"),
        TmsCode(2, "ganda", "Ganda"),
        TmsCode(3, "di_bawah_umur", "Di bawah umur"),
        TmsCode(4, "pindah_domisili", "Pindah domisili"),
        TmsCode(5, "tidak_dikenal", "Tidak dikenal"),
        TmsCode(6, "tni", "Anggota TNI"),
        TmsCode(7, "polri", "Anggota POLRI"),
        TmsCode(8, "salah_tps", "Salah penempatan TPS"),
    )
}

DECEASED, DUPLICATE, UNDER_AGE, MOVED, UNKNOWN, TNI, POLRI, WRONG_TPS = range(1, 9)


def tms_label(code: int) -> str:
    """The code's label; KeyError for a code that does not exist (callers check ``code in TMS_CODES``)."""
    return TMS_CODES[code].label
