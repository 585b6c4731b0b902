"""The rules of voter data shared on purpose and on record (UU PDP 27/2022). Pure: no Django.

- The fields a recipient may receive: an allow-list chosen from the register's fields (``FIELDS``); NIK and
  KK only when the agreement allows them explicitly and is flagged as holding sensitive identifiers.
- How much it receives: individual rows, or counts per TPS, desa, kecamatan or kab/kota (``Aggregation``);
  a count never comes from a level above the agreement's region, and breakdown cells of 1 to 4 people are
  suppressed (``suppressed``), so a count cannot single a person out.
- When: an agreement is a draft until KPU RI approves it, works from its first to its last day (WIB), and
  expires after that or when it is revoked (``agreement_state``).
- The breach clock: notice within 3 × 24 hours of the breach being found (art. 46(1)), counted down and
  flagged when overdue (``breach_clock``).
- The legal basis is one of the six grounds of art. 20(2) (``LegalBasis``).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from suara.core.translatable import gettext_noop


class LegalBasis(enum.StrEnum):
    """UU PDP 27/2022 art. 20(2): the grounds for processing personal data."""

    CONSENT = "persetujuan"  # (a) explicit, valid consent of the data subject
    CONTRACT = "perjanjian"  # (b) a contract with the data subject
    LEGAL_OBLIGATION = "kewajiban_hukum"  # (c) the controller's legal obligation
    VITAL_INTEREST = "kepentingan_vital"  # (d) the vital interest of the data subject
    PUBLIC_TASK = "tugas_publik"  # (e) a task in the public interest, public service or lawful authority
    LEGITIMATE_INTEREST = "kepentingan_sah"  # (f) other legitimate interests


LEGAL_BASIS_LABELS = {
    LegalBasis.CONSENT: gettext_noop("Persetujuan yang sah secara eksplisit dari subjek data (Pasal 20 ayat (2) a)"),
    LegalBasis.CONTRACT: gettext_noop("Pemenuhan kewajiban perjanjian dengan subjek data (Pasal 20 ayat (2) b)"),
    LegalBasis.LEGAL_OBLIGATION: gettext_noop("Pemenuhan kewajiban hukum pengendali data (Pasal 20 ayat (2) c)"),
    LegalBasis.VITAL_INTEREST: gettext_noop("Pelindungan kepentingan vital subjek data (Pasal 20 ayat (2) d)"),
    LegalBasis.PUBLIC_TASK: gettext_noop(
        "Tugas kepentingan umum, pelayanan publik atau kewenangan berdasarkan peraturan (Pasal 20 ayat (2) e)"
    ),
    LegalBasis.LEGITIMATE_INTEREST: gettext_noop("Kepentingan sah lainnya (Pasal 20 ayat (2) f)"),
}


@dataclass(frozen=True)
class Field:
    """A field of the register a recipient may be given: its column name in an extract, its label, the
    voter's attribute it is read from, whether it is a sensitive identifier (NIK, KK) and whether it tells
    one person from another (what a marker record is recognised by in a leaked copy)."""

    name: str
    label: str
    source: str
    sensitive: bool = False
    distinctive: bool = False
    countable: bool = False  # a breakdown of a count (aggregated agreements)


# The register's fields, in the voter form's order (the 13 of model A: KK, NIK, name, place and date of birth,
# age, marital status, sex, address, RT, RW, disability), then where the voter votes.
FIELDS: tuple[Field, ...] = (
    Field("kk", gettext_noop("Nomor KK"), "kk", sensitive=True, distinctive=True),
    Field("nik", gettext_noop("NIK"), "nik", sensitive=True, distinctive=True),
    Field("nama", gettext_noop("Nama"), "name", distinctive=True),
    Field("tempat_lahir", gettext_noop("Tempat lahir"), "birth_place"),
    Field("tanggal_lahir", gettext_noop("Tanggal lahir"), "birth_date", distinctive=True),
    Field("usia", gettext_noop("Usia"), "birth_date", countable=True),
    Field("status_kawin", gettext_noop("Status perkawinan"), "marital"),
    Field("jenis_kelamin", gettext_noop("Jenis kelamin"), "sex", countable=True),
    Field("alamat", gettext_noop("Alamat"), "address", distinctive=True),
    Field("rt", gettext_noop("RT"), "rt"),
    Field("rw", gettext_noop("RW"), "rw"),
    Field("disabilitas", gettext_noop("Disabilitas"), "disability", countable=True),
    Field("kode_desa", gettext_noop("Kode desa/kelurahan (KPU)"), "desa_id"),
    Field("tps", gettext_noop("Kode TPS"), "tps_id"),
)
FIELD_BY_NAME = {f.name: f for f in FIELDS}
SENSITIVE = frozenset(f.name for f in FIELDS if f.sensitive)
COUNTABLE = frozenset(f.name for f in FIELDS if f.countable)


class Aggregation(enum.StrEnum):
    INDIVIDUAL = "individu"
    TPS = "tps"
    DESA = "desa"
    KECAMATAN = "kecamatan"
    KABKOTA = "kabkota"


AGGREGATION_LABELS = {
    Aggregation.INDIVIDUAL: gettext_noop("Baris per pemilih"),
    Aggregation.TPS: gettext_noop("Jumlah per TPS"),
    Aggregation.DESA: gettext_noop("Jumlah per desa/kelurahan"),
    Aggregation.KECAMATAN: gettext_noop("Jumlah per kecamatan"),
    Aggregation.KABKOTA: gettext_noop("Jumlah per kabupaten/kota"),
}
# The length of the code of a count's group (a TPS code is 13 digits).
GROUP_LENGTH = {Aggregation.TPS: 13, Aggregation.DESA: 10, Aggregation.KECAMATAN: 6, Aggregation.KABKOTA: 4}
REGION_LENGTHS = (0, 2, 4, 6, 10)
# A breakdown cell of 1..SMALL_CELL-1 people is written as SUPPRESSED: it could single a person out.
SMALL_CELL = 5
SUPPRESSED = "<5"
# Age groups of a count (years on the extract's day): 17-29, 30-44, 45-59, 60 and over.
AGE_BANDS: tuple[tuple[int, int | None], ...] = ((17, 29), (30, 44), (45, 59), (60, None))
MAX_PERIOD_DAYS = 5 * 366


class Problem(enum.StrEnum):
    """What is wrong with an agreement's terms or a request under it; the errors module gives each a code."""

    FIELDS_REQUIRED = "fields_required"
    UNKNOWN_FIELD = "unknown_sharing_field"
    SENSITIVE_NOT_FLAGGED = "sensitive_not_flagged"
    FIELD_NOT_COUNTABLE = "field_not_countable"
    AGGREGATION_INVALID = "aggregation_invalid"
    AGGREGATION_ABOVE_REGION = "aggregation_above_region"
    REGION_INVALID = "invalid_region_code"
    PERIOD_INVALID = "agreement_period_invalid"
    FIELD_NOT_ALLOWED = "field_not_allowed"
    OUTSIDE_REGION = "outside_agreement_region"


@dataclass(frozen=True)
class Refusal:
    problem: Problem
    message: str
    field: str


def _refusal(problem: Problem, message: str, field: str) -> Refusal:
    return Refusal(problem, message, field)


def ordered_fields(names: Iterable[str]) -> list[str]:
    """Known field names in the catalogue's order, each once."""
    wanted = set(names)
    return [f.name for f in FIELDS if f.name in wanted]


def region_ok(code: str) -> bool:
    return code == "" or (code.isascii() and code.isdigit() and len(code) in REGION_LENGTHS)


def terms_problem(
    *, fields: Sequence[str], sensitive: bool, aggregation: str, region_code: str, start: date, end: date, today: date
) -> Refusal | None:
    """The first problem of an agreement's terms, or None. NIK and KK need ``sensitive`` (and a flagged
    agreement names at least one of them); a count takes only the fields that break it down; a count's
    level lies at or below the region's; the period runs forward, ends no earlier than today and lasts at
    most five years."""
    if aggregation not in Aggregation.__members__.values():
        return _refusal(Problem.AGGREGATION_INVALID, "Tingkat agregasi: individu, tps, desa, kecamatan atau kabkota.",
                        "aggregation")  # fmt: skip
    unknown = [name for name in fields if name not in FIELD_BY_NAME]
    if unknown:
        return _refusal(Problem.UNKNOWN_FIELD, "Ada kolom yang tidak dikenal dalam daftar pemilih.", "fields")
    if aggregation == Aggregation.INDIVIDUAL and not fields:
        return _refusal(Problem.FIELDS_REQUIRED, "Pilih paling sedikit satu kolom yang boleh diterima.", "fields")
    chosen_sensitive = SENSITIVE.intersection(fields)
    if chosen_sensitive and not sensitive:
        return _refusal(
            Problem.SENSITIVE_NOT_FLAGGED,
            "NIK dan nomor KK hanya dapat dibagikan bila perjanjian menandainya sebagai data sensitif.",
            "sensitive",
        )
    if sensitive and not chosen_sensitive:
        return _refusal(
            Problem.SENSITIVE_NOT_FLAGGED, "Tanda data sensitif hanya untuk perjanjian yang memuat NIK atau KK.",
            "sensitive",
        )  # fmt: skip
    if aggregation != Aggregation.INDIVIDUAL and set(fields) - COUNTABLE:
        return _refusal(
            Problem.FIELD_NOT_COUNTABLE,
            "Perjanjian agregat hanya memuat rincian jenis kelamin, kelompok usia dan disabilitas.",
            "fields",
        )
    if not region_ok(region_code):
        return _refusal(Problem.REGION_INVALID, "Kode wilayah harus kosong (nasional) atau 2, 4, 6, 10 digit.",
                        "region_code")  # fmt: skip
    if aggregation != Aggregation.INDIVIDUAL and GROUP_LENGTH[Aggregation(aggregation)] < len(region_code):
        return _refusal(
            Problem.AGGREGATION_ABOVE_REGION, "Tingkat agregasi tidak boleh di atas wilayah perjanjian.", "aggregation"
        )
    if end < start or end < today or (end - start).days > MAX_PERIOD_DAYS:
        return _refusal(
            Problem.PERIOD_INVALID,
            "Masa berlaku: tanggal akhir tidak sebelum tanggal mulai maupun hari ini, paling lama lima tahun.",
            "period_end",
        )
    return None


def request_problem(
    *, allowed: Sequence[str], asked: Sequence[str], agreement_region: str, region: str
) -> Refusal | None:
    """Whether a request (an extract, a partner's read) stays inside its agreement: only allowed fields,
    only its region (a region beneath it, or itself)."""
    unknown = [name for name in asked if name not in FIELD_BY_NAME]
    if unknown:
        return _refusal(Problem.UNKNOWN_FIELD, "Ada kolom yang tidak dikenal dalam daftar pemilih.", "fields")
    beyond = [name for name in asked if name not in allowed]
    if beyond:
        return _refusal(Problem.FIELD_NOT_ALLOWED, "Permintaan memuat kolom di luar yang diizinkan perjanjian.",
                        "fields")  # fmt: skip
    if not region_ok(region):
        return _refusal(Problem.REGION_INVALID, "Kode wilayah harus kosong (nasional) atau 2, 4, 6, 10 digit.",
                        "region")  # fmt: skip
    if not region.startswith(agreement_region):
        return _refusal(Problem.OUTSIDE_REGION, "Wilayah yang diminta di luar wilayah perjanjian.", "region")
    return None


class State(enum.StrEnum):
    """An agreement's state on a day: stored draft, approved or revoked, the rest follows from the clock."""

    DRAFT = "draft"
    APPROVED = "approved"  # approved, its period not begun yet
    ACTIVE = "active"  # approved and within its period: extracts and the partner API work
    EXPIRED = "expired"
    REVOKED = "revoked"


STATE_LABELS = {
    State.DRAFT: gettext_noop("Draf (menunggu persetujuan KPU RI)"),
    State.APPROVED: gettext_noop("Disetujui, belum berlaku"),
    State.ACTIVE: gettext_noop("Berlaku"),
    State.EXPIRED: gettext_noop("Kedaluwarsa"),
    State.REVOKED: gettext_noop("Dicabut"),
}


def agreement_state(*, status: str, start: date, end: date, today: date) -> State:
    """``status`` as stored (draft, approved, revoked); ``today`` in WIB. An approved agreement works from
    ``start`` to ``end``, both days included, and is expired from the day after ``end``."""
    if status == State.REVOKED:
        return State.REVOKED
    if status != State.APPROVED:
        return State.DRAFT
    if today > end:
        return State.EXPIRED
    if today < start:
        return State.APPROVED
    return State.ACTIVE


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age_band(age: int) -> str:
    """The column of an age group: usia_17_29 ... usia_60_plus."""
    for low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return f"usia_{low}_{high}" if high is not None else f"usia_{low}_plus"
    return f"usia_{AGE_BANDS[0][0]}_{AGE_BANDS[0][1]}"  # under 17 on the day: the youngest group


def count_columns(fields: Sequence[str]) -> list[str]:
    """The columns of a count beside its group's code: the total, then each allowed breakdown."""
    columns = ["jumlah_pemilih"]
    if "jenis_kelamin" in fields:
        columns += ["laki_laki", "perempuan"]
    if "usia" in fields:
        columns += [age_band(low) for low, _ in AGE_BANDS]
    if "disabilitas" in fields:
        columns.append("disabilitas")
    return columns


def suppressed(value: int) -> str:
    """A breakdown cell as written: 0, the number, or SUPPRESSED for 1..SMALL_CELL-1."""
    return SUPPRESSED if 0 < value < SMALL_CELL else str(value)


def has_control(text: str) -> bool:
    """Whether ``text`` holds a control character other than a line break or a tab (a NUL, which PostgreSQL
    refuses in text, among them): such text is refused, not stored."""
    return any(ord(c) < 32 and c not in "\n\r\t" or c == "\x7f" for c in text)


_PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
DPIA_MAX_BYTES = 10 * 1024 * 1024


def pdf_whole(raw: bytes) -> bool:
    """Whether ``raw`` is shaped like a whole PDF: its header first, a cross-reference and an end-of-file
    marker near its end. (No PDF library is in the lock; the page is not rendered.)"""
    return bool(_PDF_HEADER.match(raw)) and b"startxref" in raw[-2048:] and b"%%EOF" in raw[-1024:]


NOTICE_HOURS = 72  # UU PDP art. 46(1): "paling lambat 3 x 24 (tiga kali dua puluh empat) jam"


@dataclass(frozen=True)
class BreachClock:
    deadline: datetime
    remaining: timedelta  # until the deadline from now (negative once past); frozen at the notice
    overdue: bool  # the deadline passed without a notice, or the notice came after it
    notified: bool

    @property
    def hours_left(self) -> int:
        return max(0, int(self.remaining.total_seconds())) // 3600

    @property
    def minutes_left(self) -> int:
        return max(0, int(self.remaining.total_seconds())) // 60 % 60

    @property
    def hours_late(self) -> int:
        """Whole hours past the deadline (0 while it is not overdue)."""
        return max(0, -int(self.remaining.total_seconds())) // 3600


def breach_clock(*, found_at: datetime, now: datetime, notified_at: datetime | None = None) -> BreachClock:
    """The 3 × 24 hour clock of a breach found at ``found_at``: its deadline, the time left (counted to
    the notice once it is given), and whether it is overdue."""
    deadline = found_at + timedelta(hours=NOTICE_HOURS)
    until = notified_at if notified_at is not None else now
    remaining = deadline - until
    return BreachClock(
        deadline=deadline, remaining=remaining, overdue=until > deadline, notified=notified_at is not None
    )
