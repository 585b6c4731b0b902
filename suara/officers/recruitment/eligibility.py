"""Who may be an ad-hoc officer: one reason bit per requirement, and the flags that are noted but bar
no one. Pure: no Django.

The requirements (UU 7/2017 art. 72 as amended, PKPU 8/2022 art. 35, KPU's KPPS decision), each read
on the appointment day of the body (``RecruitmentSchedule.appointment_on``):

- 17 or older, by the birth date the NIK and the stated birth date agree on (a NIK whose date or sex
  digits disagree with the stated ones is ``NIK_MISMATCH``; the form and the import refuse such rows, so
  the set-based assessment does not repeat that check);
- not a member of a political party: listed now (``PARTY_MEMBER``), or taken off a list less than five
  years before the appointment day (``PARTY_RECENT``); five whole years or more is fine;
- living in the working area ("berdomisili dalam wilayah kerja"), read as: a PPK member in the
  kecamatan, a PPS member in the desa, a KPPS, Pantarlih or Linmas member in the desa of the TPS
  (the domicile is a KPU desa code; ``AREA_LENGTH``). KPU may widen the area where too few apply (a
  neighbouring desa or kecamatan): that decision is not modelled, the reason is then set aside by hand;
- at least upper-secondary education (SMA, SMK, MA, Paket C); where no graduate applies, a letter
  ("surat keterangan") from the village head admits lower education: ``EDUCATION_LETTER`` flags it;
- not married to an officer of the same body (the same posting: one KPPS is the seven of one TPS):
  a shared KK and both married (``SPOUSE_OFFICER``, when the spouse is selected, a reserve or
  appointed); two spouses both applying are flagged (``SPOUSE_APPLIED``) so selection takes one.

Health: a high risk on the latest screening without a doctor's clearance is ``HEALTH_UNCLEARED``, a
reason that bars the chair only (``CHAIR_BLOCKING``): the officer stays eligible as a member and is
flagged, and is not made chair (the health section of the issue: "flagged, not made TPS chair unless
cleared by a doctor").

For KPPS a preferred maximum age of 55: older applicants are flagged (``OVER_55``), never refused.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from suara.core.translatable import gettext_noop
from suara.officers.bodies import EDUCATION_RANK, Body, Education
from suara.people.eligibility import age_on

MIN_AGE = 17
KPPS_PREFERRED_MAX_AGE = 55
PARTY_GAP_YEARS = 5
WOMEN_DAY_OFFSET = 40

# The length of the code of the area an applicant must live in: the kecamatan (6) or the desa (10) of
# the posting (a TPS code begins with its desa's).
AREA_LENGTH = {Body.PPK: 6, Body.PPS: 10, Body.KPPS: 10, Body.PANTARLIH: 10, Body.LINMAS: 10}


class Reason(enum.IntFlag):
    NIK_MISMATCH = 1  # the NIK's date or sex digits disagree with the stated birth date or sex
    UNDERAGE = 2  # under 17 on the appointment day
    PARTY_MEMBER = 4  # on a party's member list now
    PARTY_RECENT = 8  # taken off a party's list less than five years before the appointment day
    OUTSIDE_AREA = 16  # does not live in the posting's working area
    EDUCATION = 32  # below upper-secondary, without the village head's letter
    SPOUSE_OFFICER = 64  # married (shared KK) to an officer of the same body
    HEALTH_UNCLEARED = 128  # high risk on the latest screening, no doctor's clearance: not the chair


class Flag(enum.IntFlag):
    OVER_55 = 1  # KPPS over the preferred maximum age of 55
    EDUCATION_LETTER = 2  # admitted below SMA on the village head's letter
    SPOUSE_APPLIED = 4  # the spouse (shared KK, both married) applies to the same body too
    HIGH_HEALTH_RISK = 8  # high risk on the latest screening, not cleared (the chair is barred)


CHAIR_BLOCKING = Reason.HEALTH_UNCLEARED
BLOCKING = Reason(sum(Reason) & ~CHAIR_BLOCKING)

# What the applicant reads (the public status page and the API never name the party: only an officer's
# signed-in page does).
REASON_LABELS = {
    Reason.NIK_MISMATCH: gettext_noop("NIK tidak sesuai dengan tanggal lahir atau jenis kelamin"),
    Reason.UNDERAGE: gettext_noop("Belum berusia 17 tahun pada hari pelantikan"),
    Reason.PARTY_MEMBER: gettext_noop("Tercatat sebagai anggota partai politik"),
    Reason.PARTY_RECENT: gettext_noop(
        "Keluar dari keanggotaan partai politik kurang dari 5 tahun sebelum hari pelantikan"
    ),
    Reason.OUTSIDE_AREA: gettext_noop("Tidak berdomisili di wilayah kerja badan yang dilamar"),
    Reason.EDUCATION: gettext_noop("Pendidikan di bawah SMA/sederajat tanpa surat keterangan"),
    Reason.SPOUSE_OFFICER: gettext_noop("Terikat perkawinan dengan anggota badan yang sama"),
    Reason.HEALTH_UNCLEARED: gettext_noop(
        "Risiko kesehatan tinggi tanpa surat keterangan dokter: tidak dapat menjadi ketua"
    ),
}
FLAG_LABELS = {
    Flag.OVER_55: gettext_noop("Berusia di atas 55 tahun (batas yang diutamakan untuk KPPS)"),
    Flag.EDUCATION_LETTER: gettext_noop("Pendidikan di bawah SMA dengan surat keterangan"),
    Flag.SPOUSE_APPLIED: gettext_noop("Suami/istri juga mendaftar pada badan yang sama"),
    Flag.HIGH_HEALTH_RISK: gettext_noop("Risiko kesehatan tinggi, belum ada surat keterangan dokter"),
}


@dataclass(frozen=True)
class Applicant:
    """What the requirements read of one application (and of the registers around it)."""

    nik: str
    sex: str  # "L" or "P"
    birth_date: date
    body: Body
    posting_code: str
    domicile_code: str  # a KPU desa code
    education: str  # an Education value, or "" when not stated
    education_letter: bool = False
    party_listed_now: bool = False
    party_removed_on: date | None = None  # the latest day a listing of the NIK was taken off
    spouse_officer: bool = False
    spouse_applied: bool = False
    health_high_uncleared: bool = False


@dataclass(frozen=True)
class Verdict:
    reasons: Reason
    flags: Flag

    @property
    def eligible(self) -> bool:
        return not self.reasons & BLOCKING

    @property
    def may_chair(self) -> bool:
        return self.eligible and not self.reasons & CHAIR_BLOCKING


def years_before(day: date, years: int) -> date:
    """The latest date ``d`` with ``age_on(d, day) >= years``: the same day ``years`` earlier (29 February
    becomes the 28th when that year has none)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def nik_agrees(nik: str, birth_date: date, sex: str) -> bool:
    """The NIK's date digits (DDMMYY, the day plus 40 for women) are the stated birth date and sex."""
    day = birth_date.day + (WOMEN_DAY_OFFSET if sex == "P" else 0)
    return len(nik) == 16 and nik[6:12] == f"{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}"


def lives_in_area(body: Body, posting_code: str, domicile_code: str) -> bool:
    length = AREA_LENGTH[body]
    return len(domicile_code) >= length and domicile_code[:length] == posting_code[:length]


def meets_education(education: str) -> bool:
    return education in EDUCATION_RANK and EDUCATION_RANK[Education(education)] >= EDUCATION_RANK[Education.SMA]


def assess(applicant: Applicant, *, appointment_on: date) -> Verdict:
    """Every requirement ``applicant`` fails on ``appointment_on``, and what is noted about them."""
    reasons, flags = Reason(0), Flag(0)
    if not nik_agrees(applicant.nik, applicant.birth_date, applicant.sex):
        reasons |= Reason.NIK_MISMATCH
    age = age_on(applicant.birth_date, appointment_on)
    if age < MIN_AGE:
        reasons |= Reason.UNDERAGE
    if applicant.body == Body.KPPS and age > KPPS_PREFERRED_MAX_AGE:
        flags |= Flag.OVER_55
    if applicant.party_listed_now:
        reasons |= Reason.PARTY_MEMBER
    if applicant.party_removed_on is not None and age_on(applicant.party_removed_on, appointment_on) < PARTY_GAP_YEARS:
        reasons |= Reason.PARTY_RECENT
    if not lives_in_area(applicant.body, applicant.posting_code, applicant.domicile_code):
        reasons |= Reason.OUTSIDE_AREA
    if not meets_education(applicant.education):
        if applicant.education_letter:
            flags |= Flag.EDUCATION_LETTER
        else:
            reasons |= Reason.EDUCATION
    if applicant.spouse_officer:
        reasons |= Reason.SPOUSE_OFFICER
    if applicant.spouse_applied:
        flags |= Flag.SPOUSE_APPLIED
    if applicant.health_high_uncleared:
        reasons |= Reason.HEALTH_UNCLEARED
        flags |= Flag.HIGH_HEALTH_RISK
    return Verdict(reasons, flags)


def reasons_of(bits: int) -> list[Reason]:
    return [reason for reason in Reason if bits & reason]


def flags_of(bits: int) -> list[Flag]:
    return [flag for flag in Flag if bits & flag]
