"""Why a party member is not (yet) eligible: the reason codes of the membership checks, kept as bits of
one integer per listing so that 20 million listings are checked and counted in set-based SQL. Pure.

A listing is eligible (MS, memenuhi syarat) when none of its blocking reasons holds; a flag (the member is
not on the voter register) is shown but does not block."""

from __future__ import annotations

import enum


class MemberReason(enum.IntFlag):
    LISTED_TWICE = 1  # the same party lists the NIK more than once
    OTHER_PARTY = 2  # another party lists the NIK too (double membership)
    UNDERAGE = 4  # under 17 on the check date and never married
    BARRED_OCCUPATION = 8  # TNI, POLRI, ASN, village head or election officer, from the stated occupation
    ELECTION_OFFICER = 16  # on the imported list of election officers and KPU staff
    NOT_ON_REGISTER = 32  # not on the voter register: a flag only
    DECEASED = 64  # on the register as deceased (TMS 1)


# Every reason that makes a listing BMS; NOT_ON_REGISTER only flags.
BLOCKING = (
    MemberReason.LISTED_TWICE
    | MemberReason.OTHER_PARTY
    | MemberReason.UNDERAGE
    | MemberReason.BARRED_OCCUPATION
    | MemberReason.ELECTION_OFFICER
    | MemberReason.DECEASED
)

REASON_LABELS = {
    MemberReason.LISTED_TWICE: "Tercatat lebih dari sekali oleh partai yang sama",
    MemberReason.OTHER_PARTY: "Tercatat juga oleh partai lain (keanggotaan ganda)",
    MemberReason.UNDERAGE: "Belum berusia 17 tahun dan belum pernah kawin",
    MemberReason.BARRED_OCCUPATION: "Pekerjaan TNI, POLRI, ASN, kepala desa atau penyelenggara pemilu",
    MemberReason.ELECTION_OFFICER: "Tercatat sebagai penyelenggara pemilu atau staf KPU",
    MemberReason.NOT_ON_REGISTER: "Tidak ditemukan dalam daftar pemilih (catatan)",
    MemberReason.DECEASED: "Meninggal dunia menurut daftar pemilih (TMS 1)",
}


def reasons_of(bits: int) -> list[MemberReason]:
    """The reasons a listing's bits hold, in code order."""
    return [reason for reason in MemberReason if bits & reason]


def eligible(bits: int) -> bool:
    return not bits & BLOCKING
