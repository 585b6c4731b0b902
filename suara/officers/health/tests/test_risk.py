"""The risk rules (pure): categories with their reasons, thresholds as data, the physiological ranges,
and the property that a worse value never lowers the category."""

from hypothesis import given
from hypothesis import strategies as st

from suara.officers.health.aggregates import age_band, suppress, suppressed_text
from suara.officers.health.risk import (
    DIASTOLIC_NOT_BELOW,
    OUT_OF_RANGE,
    RANGES,
    RISK_ORDER,
    Condition,
    Measurements,
    Reason,
    Risk,
    Thresholds,
    assess,
    range_problems,
)
from suara.officers.health.slots import counting_slots, slot_names


def test_categories_with_their_reasons():
    assert assess(Measurements(120, 80, 90, 180), 40) == (Risk.LOW, Reason(0))
    risk, reasons = assess(Measurements(145, 85), 40)
    assert (risk, reasons) == (Risk.MEDIUM, Reason.BLOOD_PRESSURE)
    risk, reasons = assess(Measurements(145, 85), 51)  # over 50 with a factor
    assert risk == Risk.HIGH and reasons & Reason.AGE_OVER_50
    assert assess(Measurements(120, 80), 60)[0] == Risk.LOW  # age alone is no factor
    assert assess(Measurements(185, 100), 30) == (Risk.HIGH, Reason.BLOOD_PRESSURE | Reason.BLOOD_PRESSURE_SEVERE)
    assert assess(Measurements(fasting_glucose=126, total_cholesterol=240), 30)[0] == Risk.HIGH  # two factors
    assert assess(Measurements(conditions=Condition.HEART_DISEASE), 25) == (Risk.HIGH, Reason.KNOWN_HEART_DISEASE)
    assert assess(Measurements(conditions=Condition.KIDNEY_DISEASE), 25)[0] == Risk.HIGH
    assert assess(Measurements(conditions=Condition.DIABETES), 25)[0] == Risk.MEDIUM
    assert assess(Measurements(bpjs_at_risk=True), 25) == (Risk.MEDIUM, Reason.BPJS_AT_RISK)


def test_thresholds_are_configurable():
    loose = Thresholds.with_overrides({"systolic": 150})
    assert assess(Measurements(145, 85), 40, loose)[0] == Risk.LOW
    try:
        Thresholds.with_overrides({"sistolik": 150})
    except ValueError as exc:
        assert "sistolik" in str(exc)
    else:
        raise AssertionError("an unknown threshold must be refused")


def test_range_problems_name_the_field():
    assert [(p.field, p.problem) for p in range_problems(Measurements(900, 80))] == [("systolic", OUT_OF_RANGE)]
    problems = range_problems(Measurements(120, 80, fasting_glucose=5, total_cholesterol=2000))
    assert [(p.field, p.problem) for p in problems] == [
        ("fasting_glucose", OUT_OF_RANGE),
        ("total_cholesterol", OUT_OF_RANGE),
    ]
    assert [(p.field, p.problem) for p in range_problems(Measurements(120, 130))] == [
        ("diastolic", DIASTOLIC_NOT_BELOW)
    ]
    assert range_problems(Measurements(120, None))[0].field == "diastolic"
    assert "50 dan 300" in range_problems(Measurements(900, 80))[0].message()
    for field, (low, high) in RANGES.items():
        values = {"systolic": 300, "diastolic": 30} if field in ("systolic", "diastolic") else {}
        values[field] = low if field != "systolic" else 50
        if field == "systolic":
            values["diastolic"] = 30
        assert not range_problems(Measurements(**values)), field
        values[field] = high + 1
        assert range_problems(Measurements(**values))[0].field == field


values = st.integers(min_value=20, max_value=400)
optional = st.none() | values


@st.composite
def measurement_pairs(draw):
    """A screening and a worse one: each value the same or higher, conditions a superset."""
    base = [draw(optional) for _ in range(4)]
    worse = [None if v is None and draw(st.booleans()) else (v or 0) + draw(st.integers(0, 200)) for v in base]
    worse = [w if b is not None or w else None for b, w in zip(base, worse, strict=True)]
    conditions = draw(st.integers(0, 15))
    more = conditions | draw(st.integers(0, 15))
    bpjs = draw(st.booleans())
    return (
        Measurements(*base, conditions=conditions, bpjs_at_risk=bpjs),
        Measurements(*worse, conditions=more, bpjs_at_risk=bpjs or draw(st.booleans())),
    )


@given(measurement_pairs(), st.integers(17, 80), st.integers(0, 20))
def test_a_worse_screening_never_lowers_the_category(pair, age, older):
    better, worse = pair
    before, reasons_before = assess(better, age)
    after, reasons_after = assess(worse, age + older)
    assert RISK_ORDER[after] >= RISK_ORDER[before]
    assert reasons_after & reasons_before & ~Reason.AGE_OVER_50 == reasons_before & ~Reason.AGE_OVER_50


@given(st.integers(0, 130))
def test_age_bands_cover_every_age(age):
    band = age_band(age)
    assert band in ("<30", "30-39", "40-49", "50-59", ">=60")
    assert (band == "<30") == (age < 30) and (band == ">=60") == (age >= 60)


@given(st.integers(0, 10_000))
def test_suppression_hides_only_one_to_four(count):
    shown = suppress(count)
    assert (shown is None) == (1 <= count <= 4)
    assert suppressed_text(count) == ("<5" if shown is None else str(count))


def test_slots_every_n_hours_until_noon_next_day():
    assert [name for name, _ in counting_slots(3)] == [f"hitung-{n}" for n in range(1, 8)]
    assert counting_slots(3)[-1][1].total_seconds() == 34 * 3600
    assert slot_names(6) == ["buka", "tutup", "hitung-1", "hitung-2", "hitung-3", "selesai"]
