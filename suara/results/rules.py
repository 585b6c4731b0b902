"""The arithmetic of the TPS tally (form C.Hasil), as pure functions: no Django.

A tally is a flat mapping from field names to numbers, the same shape the API, the entry page, the
importers and the browser-side check use:

    votes.<n>                 votes for the candidate with ballot number n
    valid, invalid, total     suara sah, suara tidak sah, jumlah suara
    <group>.l / .p / .j       men, women, total of a voter group:
        dpt                   registered on the DPT
        voted_dpt             voters who voted from the DPT
        voted_dptb            ... from the DPTb (moved in)
        voted_dpk             ... on no list (DPK)
        voted_total           all voters who voted
    ballots.received / .used / .unused / .damaged

A rule is checked only when all its fields are present. ``check`` returns every broken rule; an entry
that breaks any is refused whole.

Every count is bounded twice: by the TPS's own ceiling (its DPT plus the DPTb and DPK voters who voted:
R7, R8, R9) when those fields are present, and always by the election's hard maximum per TPS (R10,
``tps_maximum``), so that no number a TPS cannot hold (2^64, a slip of ten digits) reaches the totals.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from suara.core.translatable import gettext_noop

VOTER_GROUPS = ("dpt", "voted_dpt", "voted_dptb", "voted_dpk", "voted_total")
BALLOT_FIELDS = ("ballots.received", "ballots.used", "ballots.unused", "ballots.damaged")
TOTAL_FIELDS = ("valid", "invalid", "total")


def voter_fields() -> list[str]:
    return [f"{group}.{part}" for group in VOTER_GROUPS for part in ("l", "p", "j")]


def known_fields(ballot_numbers: list[int]) -> list[str]:
    return [f"votes.{n}" for n in ballot_numbers] + list(TOTAL_FIELDS) + voter_fields() + list(BALLOT_FIELDS)


# Translated where shown (results/labels.py); the API and the PDF say them in Indonesian.
RULES = {
    "R0": gettext_noop("Setiap angka harus bilangan bulat 0 atau lebih."),
    "R1": gettext_noop("Jumlah suara seluruh pasangan calon harus sama dengan jumlah suara sah."),
    "R2": gettext_noop("Suara sah ditambah suara tidak sah harus sama dengan jumlah suara."),
    "R3": gettext_noop("Jumlah pemilih yang menggunakan hak pilih harus sama dengan jumlah suara."),
    "R4": gettext_noop(
        "Pengguna hak pilih dari DPT, DPTb dan DPK harus berjumlah sama dengan seluruh pengguna hak pilih."
    ),
    "R5": gettext_noop("Laki-laki ditambah perempuan harus sama dengan jumlah pada setiap kelompok pemilih."),
    "R6": gettext_noop("Pengguna hak pilih dari DPT tidak boleh melebihi jumlah pemilih terdaftar di DPT."),
    "R7": gettext_noop(
        "Suara seorang pasangan calon tidak boleh melebihi batas TPS (DPT + pengguna DPTb + pengguna DPK)."
    ),
    "R8": gettext_noop("Jumlah suara tidak boleh melebihi batas TPS (DPT + pengguna DPTb + pengguna DPK)."),
    "R9": gettext_noop("Angka suara dan pemilih tidak boleh melebihi batas TPS (DPT + pengguna DPTb + pengguna DPK)."),
    "R10": gettext_noop("Tidak ada angka yang boleh melebihi batas satu TPS dalam pemilihan ini."),
    "B1": gettext_noop("Surat suara yang digunakan harus sama dengan jumlah suara."),
    "B2": gettext_noop(
        "Surat suara yang diterima harus sama dengan yang digunakan, tidak digunakan, dan rusak/keliru dicoblos."
    ),
}


@dataclass(frozen=True)
class Breach:
    code: str
    fields: tuple[str, ...]
    detail: str = ""

    @property
    def message(self) -> str:
        return f"{RULES[self.code]} {self.detail}".strip()

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "fields": list(self.fields)}


# Reserve ballots each TPS receives on top of its DPT, in percent of its DPT (rounded up).
RESERVE_PERCENT = 2
# The ceiling's fields, and the counts R9 holds to it: those R7 (candidates) and R8 (total) leave out,
# except the ceiling's own fields (no part exceeds the sum) and the ballots (received ballots include the
# reserve and any brought from another TPS; R10 bounds them).
CEILING_FIELDS = ("dpt.j", "voted_dptb.j", "voted_dpk.j")
R9_FIELDS = tuple(
    f
    for f in ("valid", "invalid", *(f"{g}.{p}" for g in VOTER_GROUPS for p in ("l", "p", "j")))
    if f not in CEILING_FIELDS
)


def tps_maximum(max_voters: int) -> int:
    """The hard maximum of any count on one TPS's tally, from the election's most voters per regular TPS
    (Pemilu 2024: 300, Pilkada 2024: 600): that list full, with its 2% reserve ballots, twice over. The
    second half is room for the voters from outside the list (DPTb, DPK) and for the special TPS (prisons,
    boarding schools) KPU lets grow beyond the regular maximum. Pemilu 2024: 612; Pilkada 2024: 1224."""
    return 2 * (max_voters + math.ceil(max_voters * RESERVE_PERCENT / 100))


def is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _candidate_fields(tally: Mapping[str, object]) -> list[str]:
    return sorted((k for k in tally if k.startswith("votes.")), key=lambda k: int(k.split(".", 1)[1]))


def check(
    tally: Mapping[str, object], *, ballot_numbers: list[int] | None = None, tps_max: int | None = None
) -> list[Breach]:
    """Every rule the tally breaks, in rule order. ``ballot_numbers``: the contest's candidates (R1 needs
    them all present); without it, the candidates present in the tally are taken as all of them.
    ``tps_max``: the election's hard maximum per TPS (``tps_maximum``; R10); None only for historical
    imports, whose overseas posts count far more than any TPS. A number above it still takes part in the
    other rules (641 votes read for 64 at a TPS of 245 breaks R1 and R7 as well)."""
    breaches: list[Breach] = []
    bad = sorted(k for k, v in tally.items() if v is not None and not is_whole(v))
    if bad:
        breaches.append(Breach("R0", tuple(bad)))
    huge = sorted(k for k, v in tally.items() if tps_max is not None and is_whole(v) and v > tps_max)
    n = {k: v for k, v in tally.items() if is_whole(v)}  # the usable numbers

    def have(*fields: str) -> bool:
        return all(f in n for f in fields)

    candidates = [f"votes.{b}" for b in ballot_numbers] if ballot_numbers is not None else _candidate_fields(tally)

    if candidates and have(*candidates, "valid") and sum(n[c] for c in candidates) != n["valid"]:
        total = sum(n[c] for c in candidates)
        breaches.append(Breach("R1", (*candidates, "valid"), f"({total} ≠ {n['valid']})"))
    if have("valid", "invalid", "total") and n["valid"] + n["invalid"] != n["total"]:
        breaches.append(Breach("R2", ("valid", "invalid", "total"), f"({n['valid']} + {n['invalid']} ≠ {n['total']})"))
    if have("voted_total.j", "total") and n["voted_total.j"] != n["total"]:
        breaches.append(Breach("R3", ("voted_total.j", "total"), f"({n['voted_total.j']} ≠ {n['total']})"))
    parts = ("voted_dpt.j", "voted_dptb.j", "voted_dpk.j")
    if have(*parts, "voted_total.j") and sum(n[p] for p in parts) != n["voted_total.j"]:
        breaches.append(Breach("R4", (*parts, "voted_total.j")))
    for group in VOTER_GROUPS:
        fields = (f"{group}.l", f"{group}.p", f"{group}.j")
        if have(*fields) and n[fields[0]] + n[fields[1]] != n[fields[2]]:
            breaches.append(Breach("R5", fields, f"({group})"))
    if have("voted_dpt.j", "dpt.j") and n["voted_dpt.j"] > n["dpt.j"]:
        breaches.append(Breach("R6", ("voted_dpt.j", "dpt.j"), f"({n['voted_dpt.j']} > {n['dpt.j']})"))
    ceiling_fields = CEILING_FIELDS
    if have(*ceiling_fields):
        ceiling = sum(n[f] for f in ceiling_fields)
        over = tuple(c for c in candidates if c in n and n[c] > ceiling)
        if over:
            breaches.append(Breach("R7", (*over, *ceiling_fields), f"(batas {ceiling})"))
        if "total" in n and n["total"] > ceiling:
            breaches.append(Breach("R8", ("total", *ceiling_fields), f"({n['total']} > {ceiling})"))
        over = tuple(f for f in R9_FIELDS if f in n and n[f] > ceiling)
        if over:
            breaches.append(Breach("R9", (*over, *ceiling_fields), f"(batas {ceiling})"))
    if huge:
        breaches.append(Breach("R10", tuple(huge), f"(paling banyak {tps_max})"))
    if have("ballots.used", "total") and n["ballots.used"] != n["total"]:
        breaches.append(Breach("B1", ("ballots.used", "total"), f"({n['ballots.used']} ≠ {n['total']})"))
    spent = ("ballots.used", "ballots.unused", "ballots.damaged")
    if have("ballots.received", *spent) and n["ballots.received"] != sum(n[f] for f in spent):
        breaches.append(Breach("B2", ("ballots.received", *spent)))
    return breaches


def ceiling(tally: Mapping[str, int]) -> int | None:
    """The most votes a TPS can hold: registered DPT voters plus DPTb and DPK voters who voted."""
    fields = ("dpt.j", "voted_dptb.j", "voted_dpk.j")
    if all(is_whole(tally.get(f)) for f in fields):
        return sum(tally[f] for f in fields)
    return None
