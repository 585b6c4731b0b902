"""Pure: the health aggregates' vocabulary: age bands as Kemenkes's daily tables of sick and deceased
election officers use them, the symptom codes an incident is recorded with, and small-cell suppression.
No Django."""

from __future__ import annotations

from datetime import date

# Kemenkes's daily tables (2019, 2024) count officers by age band.
AGE_BANDS = ("<30", "30-39", "40-49", "50-59", ">=60")
AGE_BAND_LABELS = {"<30": "< 30", "30-39": "30–39", "40-49": "40–49", "50-59": "50–59", ">=60": "≥ 60"}

# Cells of an aggregate shown beyond the health officers (the city's view, the KPU pages) with a count
# of 1 to 4 are suppressed: with so few, a reader who knows the TPS knows who it is (UU PDP 27/2022, art.
# 4: health data is specific personal data). Zero is shown: it reveals nobody.
SUPPRESS_BELOW = 5


def age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def age_band(age: int) -> str:
    if age < 30:
        return "<30"
    if age >= 60:
        return ">=60"
    return f"{age // 10 * 10}-{age // 10 * 10 + 9}"


def suppress(count: int) -> int | None:
    """The count to show in an aggregate outside the health officers' own pages: None (shown "< 5") for
    1 to 4, the count otherwise."""
    return None if 0 < count < SUPPRESS_BELOW else count


def suppressed_text(count: int) -> str:
    shown = suppress(count)
    return f"<{SUPPRESS_BELOW}" if shown is None else str(shown)


class Symptom:
    """An incident's symptom codes (the complaints Kemenkes's reports of sick officers name most)."""

    CHEST_PAIN = "nyeri_dada"
    BREATHLESS = "sesak_napas"
    FAINTED = "pingsan"
    EXHAUSTION = "kelelahan"
    FEVER = "demam"
    OTHER = "lainnya"


SYMPTOM_LABELS = {
    Symptom.CHEST_PAIN: "Nyeri dada",
    Symptom.BREATHLESS: "Sesak napas",
    Symptom.FAINTED: "Pingsan / tidak sadar",
    Symptom.EXHAUSTION: "Kelelahan",
    Symptom.FEVER: "Demam",
    Symptom.OTHER: "Lainnya",
}
