"""The ad-hoc bodies, their seats, positions and an officer's statuses. Pure: no Django.

PPK: 5 members per kecamatan; PPS: 3 per desa; KPPS: 7 per TPS; Pantarlih (voter-list updaters): 1 per
TPS, 2 where a TPS has over 400 voters at a Pilkada; Linmas guards: 2 per TPS, proposed by the city's
Satpol PP (UU 7/2017 arts. 52, 53 and 59 as amended; PKPU 8/2022; KPU's KPPS and Pantarlih decisions).
"""

from __future__ import annotations

from enum import StrEnum

from suara.core.region_codes import TPS_LENGTH


class Body(StrEnum):
    PPK = "ppk"
    PPS = "pps"
    KPPS = "kpps"
    PANTARLIH = "pantarlih"
    LINMAS = "linmas"


BODY_LABELS = {
    Body.PPK: "PPK (kecamatan)",
    Body.PPS: "PPS (desa/kelurahan)",
    Body.KPPS: "KPPS (TPS)",
    Body.PANTARLIH: "Pantarlih (pemutakhiran data pemilih)",
    Body.LINMAS: "Linmas (ketertiban TPS)",
}

# The length of the code an officer of each body is posted to: a kecamatan, a desa or a TPS.
POSTING_LENGTH = {Body.PPK: 6, Body.PPS: 10, Body.KPPS: TPS_LENGTH, Body.PANTARLIH: TPS_LENGTH, Body.LINMAS: TPS_LENGTH}

BASE_SEATS = {Body.PPK: 5, Body.PPS: 3, Body.KPPS: 7, Body.PANTARLIH: 1, Body.LINMAS: 2}
PANTARLIH_LARGE_TPS = 400  # more voters than this at a Pilkada TPS: two Pantarlih


def seats(body: Body, *, tps_voters: int | None = None, pilkada: bool = False) -> int:
    """The seats of one posting of ``body``."""
    if body == Body.PANTARLIH and pilkada and tps_voters is not None and tps_voters > PANTARLIH_LARGE_TPS:
        return 2
    return BASE_SEATS[body]


def seats_of(body: Body, postings: int, *, large_tps: int = 0, pilkada: bool = False) -> int:
    """The seats of ``postings`` postings of ``body``, ``large_tps`` of them TPS with more than 400 voters on
    the register: the sum of ``seats`` over them, counted without visiting each (the openings, the rosters'
    completeness and the city's view count alike)."""
    extra = large_tps if body == Body.PANTARLIH and pilkada else 0
    return BASE_SEATS[body] * postings + extra


class Position(StrEnum):
    CHAIR = "ketua"
    MEMBER = "anggota"


# Linmas and Pantarlih have no chair; the three election bodies each have one.
HAS_CHAIR = frozenset({Body.PPK, Body.PPS, Body.KPPS})


class Status(StrEnum):
    APPLICANT = "pendaftar"
    ELIGIBLE = "memenuhi_syarat"
    INELIGIBLE = "tidak_memenuhi_syarat"
    SHORTLISTED = "masuk_wawancara"
    SELECTED = "terpilih"
    APPOINTED = "dilantik"
    RESERVE = "cadangan"
    REPLACED = "diganti"
    RESIGNED = "mengundurkan_diri"
    DECEASED = "meninggal"


STATUS_LABELS = {
    Status.APPLICANT: "Pendaftar",
    Status.ELIGIBLE: "Memenuhi syarat",
    Status.INELIGIBLE: "Tidak memenuhi syarat",
    Status.SHORTLISTED: "Masuk wawancara",
    Status.SELECTED: "Terpilih",
    Status.APPOINTED: "Dilantik",
    Status.RESERVE: "Cadangan",
    Status.REPLACED: "Diganti",
    Status.RESIGNED: "Mengundurkan diri",
    Status.DECEASED: "Meninggal dunia",
}

# Which status may follow which. Eligibility is re-checked while an application is open; a reserve is
# promoted to appointed when a seat opens; an appointed officer leaves by resigning, dying or being replaced.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.APPLICANT: frozenset({Status.ELIGIBLE, Status.INELIGIBLE}),
    Status.ELIGIBLE: frozenset({Status.INELIGIBLE, Status.SHORTLISTED, Status.SELECTED, Status.RESERVE}),
    Status.INELIGIBLE: frozenset({Status.ELIGIBLE}),
    Status.SHORTLISTED: frozenset({Status.SELECTED, Status.RESERVE, Status.INELIGIBLE}),
    Status.SELECTED: frozenset({Status.APPOINTED, Status.RESERVE, Status.INELIGIBLE}),
    Status.RESERVE: frozenset({Status.APPOINTED, Status.INELIGIBLE}),
    Status.APPOINTED: frozenset({Status.REPLACED, Status.RESIGNED, Status.DECEASED}),
    Status.REPLACED: frozenset(),
    Status.RESIGNED: frozenset(),
    Status.DECEASED: frozenset(),
}

# Those who hold (or wait for) a seat: counted against the seats of their posting.
SEATED = frozenset({Status.APPOINTED})
LEFT = frozenset({Status.REPLACED, Status.RESIGNED, Status.DECEASED})


def may_move(current: Status, to: Status) -> bool:
    return to in TRANSITIONS[current]


class Education(StrEnum):
    SD = "sd"
    SMP = "smp"
    SMA = "sma"  # upper secondary (SMA, SMK, MA, Paket C): the requirement
    D3 = "d3"
    S1 = "s1"
    S2 = "s2"
    S3 = "s3"


EDUCATION_RANK = {level: rank for rank, level in enumerate(Education)}
