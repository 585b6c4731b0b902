"""Pure: an officer's health-risk category from a screening, and the physiological range checks. No Django.

The thresholds are data (``Thresholds``; the settings' ``SUARA_HEALTH_THRESHOLDS`` override any of them),
each with its source:

- blood pressure ≥ 140/90 mmHg: hypertension (Kemenkes, PPK Hipertensi / PNPK Tata Laksana Hipertensi
  Dewasa 2021; JNC 7 stage 1 as amended by ESH/ESC 2018 grade 1);
- blood pressure ≥ 180/110 mmHg: severe (ESH/ESC 2018 grade 3; JNC 7 "hypertensive urgency" range);
- fasting plasma glucose ≥ 126 mg/dL: diabetes (PERKENI, Pedoman Pengelolaan DM Tipe 2 2021; ADA
  Standards of Care, Classification and Diagnosis);
- total cholesterol ≥ 240 mg/dL: high (NCEP ATP III, 2002);
- age over 50 with any factor: most officers who died in 2019 were 50–59 (Kemenkes, 2019), and age is the
  first unmodifiable cardiovascular risk factor (WHO/ISH risk charts);
- known heart or kidney disease: high risk on its own (the 2024 Kemenkes deaths: heart disease leading).

Category: ``tinggi`` with a known heart or kidney disease, a severe blood pressure, two factors or more,
or age over 50 with any factor; ``sedang`` with one factor; ``rendah`` otherwise. Every rule only counts
factors that a worse value can add and never remove, so a worse value never lowers the category
(property-tested).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from enum import IntFlag, StrEnum


class Risk(StrEnum):
    LOW = "rendah"
    MEDIUM = "sedang"
    HIGH = "tinggi"


RISK_ORDER = {Risk.LOW: 0, Risk.MEDIUM: 1, Risk.HIGH: 2}


class Condition(IntFlag):
    """Known conditions (declared or diagnosed), as bits in ``Screening.conditions``."""

    HYPERTENSION = 1
    HEART_DISEASE = 2
    KIDNEY_DISEASE = 4
    DIABETES = 8


CONDITION_CODES = {
    Condition.HYPERTENSION: "hipertensi",
    Condition.HEART_DISEASE: "jantung",
    Condition.KIDNEY_DISEASE: "ginjal",
    Condition.DIABETES: "diabetes",
}
CONDITION_LABELS = {
    Condition.HYPERTENSION: "Hipertensi",
    Condition.HEART_DISEASE: "Penyakit jantung",
    Condition.KIDNEY_DISEASE: "Penyakit ginjal",
    Condition.DIABETES: "Diabetes melitus",
}


class Reason(IntFlag):
    """Why a screening got its category, as bits in ``Screening.risk_reasons``."""

    BLOOD_PRESSURE = 1  # ≥ 140/90
    BLOOD_PRESSURE_SEVERE = 2  # ≥ 180/110
    GLUCOSE = 4  # fasting ≥ 126
    CHOLESTEROL = 8  # total ≥ 240
    KNOWN_HYPERTENSION = 16
    KNOWN_HEART_DISEASE = 32
    KNOWN_KIDNEY_DISEASE = 64
    KNOWN_DIABETES = 128
    AGE_OVER_50 = 256  # with another factor
    BPJS_AT_RISK = 512  # the BPJS screening said "berisiko"


REASON_LABELS = {
    Reason.BLOOD_PRESSURE: "Tekanan darah ≥ 140/90 mmHg",
    Reason.BLOOD_PRESSURE_SEVERE: "Tekanan darah ≥ 180/110 mmHg",
    Reason.GLUCOSE: "Gula darah puasa ≥ 126 mg/dL",
    Reason.CHOLESTEROL: "Kolesterol total ≥ 240 mg/dL",
    Reason.KNOWN_HYPERTENSION: "Riwayat hipertensi",
    Reason.KNOWN_HEART_DISEASE: "Riwayat penyakit jantung",
    Reason.KNOWN_KIDNEY_DISEASE: "Riwayat penyakit ginjal",
    Reason.KNOWN_DIABETES: "Riwayat diabetes",
    Reason.AGE_OVER_50: "Usia di atas 50 tahun dengan faktor risiko",
    Reason.BPJS_AT_RISK: "Skrining BPJS: berisiko",
}

_FACTORS = (
    Reason.BLOOD_PRESSURE
    | Reason.GLUCOSE
    | Reason.CHOLESTEROL
    | Reason.KNOWN_HYPERTENSION
    | Reason.KNOWN_HEART_DISEASE
    | Reason.KNOWN_KIDNEY_DISEASE
    | Reason.KNOWN_DIABETES
    | Reason.BPJS_AT_RISK
)
_HIGH_ON_ITS_OWN = Reason.BLOOD_PRESSURE_SEVERE | Reason.KNOWN_HEART_DISEASE | Reason.KNOWN_KIDNEY_DISEASE
_CONDITION_REASONS = {
    Condition.HYPERTENSION: Reason.KNOWN_HYPERTENSION,
    Condition.HEART_DISEASE: Reason.KNOWN_HEART_DISEASE,
    Condition.KIDNEY_DISEASE: Reason.KNOWN_KIDNEY_DISEASE,
    Condition.DIABETES: Reason.KNOWN_DIABETES,
}


@dataclass(frozen=True)
class Thresholds:
    systolic: int = 140
    diastolic: int = 90
    systolic_severe: int = 180
    diastolic_severe: int = 110
    fasting_glucose: int = 126
    total_cholesterol: int = 240
    age_over: int = 50

    @classmethod
    def with_overrides(cls, overrides: dict | None) -> Thresholds:
        """The defaults with ``overrides`` (field name → integer) applied; an unknown name is an error."""
        if not overrides:
            return cls()
        names = {f.name for f in fields(cls)}
        unknown = set(overrides) - names
        if unknown:
            raise ValueError(f"unknown health thresholds: {', '.join(sorted(unknown))}")
        return replace(cls(), **{k: int(v) for k, v in overrides.items()})


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Measurements:
    """A screening's values; None where not measured."""

    systolic: int | None = None
    diastolic: int | None = None
    fasting_glucose: int | None = None
    total_cholesterol: int | None = None
    conditions: int = 0  # Condition bits
    bpjs_at_risk: bool = False


# The physiological ranges a measured value must lie in (inclusive): outside them it is a typing error.
RANGES = {
    "systolic": (50, 300),
    "diastolic": (30, 200),
    "fasting_glucose": (20, 1000),
    "total_cholesterol": (50, 1000),
}
UNITS = {"systolic": "mmHg", "diastolic": "mmHg", "fasting_glucose": "mg/dL", "total_cholesterol": "mg/dL"}
FIELD_LABELS = {
    "systolic": "tekanan darah sistolik",
    "diastolic": "tekanan darah diastolik",
    "fasting_glucose": "gula darah puasa",
    "total_cholesterol": "kolesterol total",
}

OUT_OF_RANGE = "out_of_range"
DIASTOLIC_NOT_BELOW = "diastolic_not_below_systolic"
PRESSURE_HALF = "pressure_incomplete"


@dataclass(frozen=True)
class RangeProblem:
    field: str
    problem: str  # OUT_OF_RANGE, DIASTOLIC_NOT_BELOW, PRESSURE_HALF

    def message(self) -> str:
        if self.problem == OUT_OF_RANGE:
            low, high = RANGES[self.field]
            return f"Nilai {FIELD_LABELS[self.field]} harus antara {low} dan {high} {UNITS[self.field]}."
        if self.problem == PRESSURE_HALF:
            return "Tekanan darah diisi sistolik dan diastolik sekaligus."
        return "Tekanan darah diastolik harus lebih rendah dari sistolik."


def range_problems(m: Measurements) -> list[RangeProblem]:
    """Every value outside its physiological range, in the fields' order; then a diastolic not below the
    systolic, or a blood pressure with only one of its two numbers."""
    problems = []
    for name, (low, high) in RANGES.items():
        value = getattr(m, name)
        if value is not None and not low <= value <= high:
            problems.append(RangeProblem(name, OUT_OF_RANGE))
    if problems:
        return problems
    if (m.systolic is None) != (m.diastolic is None):
        problems.append(RangeProblem("diastolic" if m.diastolic is None else "systolic", PRESSURE_HALF))
    elif m.systolic is not None and m.diastolic >= m.systolic:
        problems.append(RangeProblem("diastolic", DIASTOLIC_NOT_BELOW))
    return problems


def assess(m: Measurements, age: int, t: Thresholds = DEFAULT_THRESHOLDS) -> tuple[Risk, Reason]:
    """The category and its reason bits. Call ``range_problems`` first: values are taken as they come."""
    reasons = Reason(0)
    if (m.systolic is not None and m.systolic >= t.systolic) or (
        m.diastolic is not None and m.diastolic >= t.diastolic
    ):
        reasons |= Reason.BLOOD_PRESSURE
    if (m.systolic is not None and m.systolic >= t.systolic_severe) or (
        m.diastolic is not None and m.diastolic >= t.diastolic_severe
    ):
        reasons |= Reason.BLOOD_PRESSURE_SEVERE
    if m.fasting_glucose is not None and m.fasting_glucose >= t.fasting_glucose:
        reasons |= Reason.GLUCOSE
    if m.total_cholesterol is not None and m.total_cholesterol >= t.total_cholesterol:
        reasons |= Reason.CHOLESTEROL
    for condition, reason in _CONDITION_REASONS.items():
        if m.conditions & condition:
            reasons |= reason
    if m.bpjs_at_risk:
        reasons |= Reason.BPJS_AT_RISK
    factors = bin(reasons & _FACTORS).count("1")
    if factors and age > t.age_over:
        reasons |= Reason.AGE_OVER_50
    if reasons & _HIGH_ON_ITS_OWN or factors >= 2 or reasons & Reason.AGE_OVER_50:
        return Risk.HIGH, reasons
    if factors:
        return Risk.MEDIUM, reasons
    return Risk.LOW, reasons


def reason_labels(bits: int) -> list[str]:
    return [label for reason, label in REASON_LABELS.items() if bits & reason]


def condition_labels(bits: int) -> list[str]:
    return [label for condition, label in CONDITION_LABELS.items() if bits & condition]
