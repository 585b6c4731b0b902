"""The pure rules: the allow-list of fields, the aggregation's level, an agreement's state on a day, the
72-hour clock, small cells and the PDF's shape; property-tested."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from suara.sharing.rules import (
    COUNTABLE,
    FIELD_BY_NAME,
    FIELDS,
    GROUP_LENGTH,
    SENSITIVE,
    Aggregation,
    Problem,
    State,
    age_band,
    age_on,
    agreement_state,
    breach_clock,
    count_columns,
    ordered_fields,
    pdf_whole,
    request_problem,
    suppressed,
    terms_problem,
)

TODAY = date(2026, 3, 1)
NAMES = [f.name for f in FIELDS]
field_lists = st.lists(st.sampled_from(NAMES), unique=True)
regions = st.sampled_from(["", "32", "3276", "327601", "3276011006", "3275", "31"])


def terms(**overrides):
    values = {
        "fields": ["nama", "usia"],
        "sensitive": False,
        "aggregation": "individu",
        "region_code": "3276",
        "start": TODAY,
        "end": TODAY + timedelta(days=90),
        "today": TODAY,
    }
    return terms_problem(**{**values, **overrides})


def test_the_catalogue_is_the_voter_form_and_where_one_votes():
    assert len(FIELDS) == 14 and len(set(NAMES)) == 14
    assert {"nik", "kk"} == SENSITIVE and {"usia", "jenis_kelamin", "disabilitas"} == COUNTABLE


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({}, None),
        ({"fields": []}, Problem.FIELDS_REQUIRED),
        ({"fields": ["nama", "gaji"]}, Problem.UNKNOWN_FIELD),
        ({"fields": ["nama", "nik"]}, Problem.SENSITIVE_NOT_FLAGGED),
        ({"fields": ["nama", "nik"], "sensitive": True}, None),
        ({"fields": ["nama"], "sensitive": True}, Problem.SENSITIVE_NOT_FLAGGED),
        ({"aggregation": "tps", "fields": ["nama"]}, Problem.FIELD_NOT_COUNTABLE),
        ({"aggregation": "tps", "fields": []}, None),
        ({"aggregation": "desa", "fields": ["jenis_kelamin", "usia", "disabilitas"]}, None),
        ({"aggregation": "kabkota", "region_code": "327601", "fields": []}, Problem.AGGREGATION_ABOVE_REGION),
        ({"aggregation": "per-rt", "fields": []}, Problem.AGGREGATION_INVALID),
        ({"region_code": "32760"}, Problem.REGION_INVALID),
        ({"end": TODAY - timedelta(days=1)}, Problem.PERIOD_INVALID),
        ({"start": TODAY + timedelta(days=10), "end": TODAY + timedelta(days=9)}, Problem.PERIOD_INVALID),
        ({"end": TODAY + timedelta(days=6 * 366)}, Problem.PERIOD_INVALID),
    ],
)
def test_terms(overrides, problem):
    found = terms(**overrides)
    assert (found.problem if found else None) == problem


@given(allowed=field_lists, asked=field_lists, agreement_region=regions, region=regions)
def test_a_request_passes_exactly_inside_its_agreement(allowed, asked, agreement_region, region):
    found = request_problem(allowed=allowed, asked=asked, agreement_region=agreement_region, region=region)
    inside = set(asked) <= set(allowed) and region.startswith(agreement_region)
    assert (found is None) == inside
    if found is not None and not set(asked) <= set(allowed):
        assert found.problem == Problem.FIELD_NOT_ALLOWED


@given(fields=field_lists, sensitive=st.booleans())
def test_nik_and_kk_only_with_the_flag(fields, sensitive):
    found = terms(fields=fields, sensitive=sensitive)
    if SENSITIVE & set(fields) and not sensitive:
        assert found is not None and found.problem == Problem.SENSITIVE_NOT_FLAGGED
    if found is None:
        assert bool(SENSITIVE & set(fields)) == sensitive


@given(level=st.sampled_from([a for a in Aggregation if a != Aggregation.INDIVIDUAL]), region=regions)
def test_a_count_is_never_above_its_region(level, region):
    found = terms(aggregation=level, fields=[], region_code=region)
    assert (found is None) == (GROUP_LENGTH[level] >= len(region))


def test_ordered_fields_keeps_the_catalogue_order_once():
    assert ordered_fields(["usia", "nama", "usia", "x"]) == ["nama", "usia"]


@given(
    status=st.sampled_from(["draft", "approved", "revoked"]),
    start=st.dates(date(2025, 1, 1), date(2027, 1, 1)),
    length=st.integers(0, 400),
    today=st.dates(date(2024, 6, 1), date(2028, 6, 1)),
)
def test_an_agreement_works_only_approved_and_within_its_days(status, start, length, today):
    end = start + timedelta(days=length)
    state = agreement_state(status=status, start=start, end=end, today=today)
    assert (state == State.ACTIVE) == (status == "approved" and start <= today <= end)
    if status == "approved" and today > end:
        assert state == State.EXPIRED
    if status == "revoked":
        assert state == State.REVOKED


def test_expiry_is_the_day_after_the_last():
    start, end = date(2026, 1, 1), date(2026, 1, 31)
    assert agreement_state(status="approved", start=start, end=end, today=end) == State.ACTIVE
    assert agreement_state(status="approved", start=start, end=end, today=end + timedelta(days=1)) == State.EXPIRED
    assert agreement_state(status="approved", start=start, end=end, today=start - timedelta(days=1)) == State.APPROVED


moments = st.datetimes(datetime(2024, 1, 1), datetime(2030, 1, 1), timezones=st.just(UTC))


@given(found=moments, elapsed=st.integers(-3600, 10 * 24 * 3600), notice=st.none() | st.integers(0, 10 * 24 * 3600))
def test_the_72_hour_clock(found, elapsed, notice):
    now = found + timedelta(seconds=elapsed)
    notified = None if notice is None else found + timedelta(seconds=notice)
    clock = breach_clock(found_at=found, now=now, notified_at=notified)
    assert clock.deadline == found + timedelta(hours=72)
    until = notified if notified is not None else now
    assert clock.overdue == (until > clock.deadline)
    assert clock.remaining == clock.deadline - until
    assert (clock.hours_left == 0 and clock.minutes_left == 0) or not clock.overdue
    assert 0 <= clock.hours_left <= 72 + 1


def test_the_clock_counts_down_in_hours_and_minutes():
    found = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    clock = breach_clock(found_at=found, now=found + timedelta(hours=30, minutes=15))
    assert (clock.hours_left, clock.minutes_left, clock.overdue) == (41, 45, False)
    late = breach_clock(found_at=found, now=found + timedelta(hours=73))
    assert late.overdue and late.hours_left == 0


@given(st.integers(0, 10_000))
def test_small_cells_are_suppressed(n):
    assert suppressed(n) == ("<5" if 0 < n < 5 else str(n))


def test_count_columns_and_age_bands():
    assert count_columns([]) == ["jumlah_pemilih"]
    assert count_columns(["usia", "jenis_kelamin", "disabilitas"]) == [
        "jumlah_pemilih", "laki_laki", "perempuan", "usia_17_29", "usia_30_44", "usia_45_59", "usia_60_plus",
        "disabilitas",
    ]  # fmt: skip
    assert [age_band(a) for a in (17, 29, 30, 59, 60, 99)] == [
        "usia_17_29", "usia_17_29", "usia_30_44", "usia_45_59", "usia_60_plus", "usia_60_plus",
    ]  # fmt: skip
    assert age_on(date(2000, 3, 2), date(2026, 3, 1)) == 25 and age_on(date(2000, 3, 1), date(2026, 3, 1)) == 26


def test_pdf_shape():
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\nxref\n0 1\ntrailer<<>>\nstartxref\n9\n%%EOF\n"
    assert pdf_whole(pdf)
    assert not pdf_whole(pdf[:-7]) and not pdf_whole(b"GIF89a" + pdf) and not pdf_whole(b"")


def test_every_field_is_read_from_a_voter_attribute():
    assert {f.source for f in FIELDS} <= {
        "kk", "nik", "name", "birth_place", "birth_date", "marital", "sex", "address", "rt", "rw", "disability",
        "desa_id", "tps_id",
    }  # fmt: skip
    assert FIELD_BY_NAME["usia"].source == "birth_date"
