"""The requirements as pure rules (eligibility.py): each reason alone, the boundaries, and properties."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from suara.officers.bodies import Body, Education
from suara.officers.recruitment.eligibility import (
    BLOCKING,
    Applicant,
    Flag,
    Reason,
    assess,
    nik_agrees,
    years_before,
)
from suara.people.eligibility import age_on
from suara.people.nik import nik_make

DAY = date(2024, 1, 25)
BORN = date(1990, 5, 17)
BASE = Applicant(
    nik=nik_make("327601", BORN, "P", 1), sex="P", birth_date=BORN, body=Body.KPPS, posting_code="3276011006001",
    domicile_code="3276011006", education="sma",
)  # fmt: skip


def test_the_base_applicant_is_eligible_and_may_chair():
    verdict = assess(BASE, appointment_on=DAY)
    assert verdict.reasons == 0 and verdict.flags == 0 and verdict.eligible and verdict.may_chair


def young(days: int) -> Applicant:
    born = years_before(DAY, 17) + timedelta(days=days)
    return replace(BASE, birth_date=born, nik=nik_make("327601", born, "P", 1))


@pytest.mark.parametrize(
    ("applicant", "reason"),
    [
        (replace(BASE, sex="L"), Reason.NIK_MISMATCH),
        (replace(BASE, birth_date=date(1990, 5, 18)), Reason.NIK_MISMATCH),
        (young(1), Reason.UNDERAGE),  # 17 the day after the appointment
        (replace(BASE, party_listed_now=True), Reason.PARTY_MEMBER),
        (replace(BASE, party_removed_on=date(2019, 1, 26)), Reason.PARTY_RECENT),  # a day short of five years
        (replace(BASE, domicile_code="3276011007"), Reason.OUTSIDE_AREA),  # the next desa, same kecamatan
        (replace(BASE, education="smp"), Reason.EDUCATION),
        (replace(BASE, education=""), Reason.EDUCATION),
        (replace(BASE, spouse_officer=True), Reason.SPOUSE_OFFICER),
        (replace(BASE, health_high_uncleared=True), Reason.HEALTH_UNCLEARED),
    ],
)
def test_each_requirement_has_its_own_reason(applicant, reason):
    assert assess(applicant, appointment_on=DAY).reasons == reason


def test_the_boundaries_are_inclusive():
    assert assess(young(0), appointment_on=DAY).reasons == 0  # 17 on the day itself
    assert assess(replace(BASE, party_removed_on=date(2019, 1, 25)), appointment_on=DAY).reasons == 0  # five years
    # A PPK lives in the kecamatan: the next desa is fine.
    ppk = replace(BASE, body=Body.PPK, posting_code="327601", domicile_code="3276011007")
    assert assess(ppk, appointment_on=DAY).reasons == 0
    assert assess(replace(ppk, domicile_code="3276021001"), appointment_on=DAY).reasons == Reason.OUTSIDE_AREA


def test_what_is_only_noted():
    senior_born = date(1968, 1, 24)  # 56 on the day
    senior = replace(BASE, birth_date=senior_born, nik=nik_make("327601", senior_born, "P", 1))
    assert assess(senior, appointment_on=DAY).flags == Flag.OVER_55 and assess(senior, appointment_on=DAY).eligible
    assert assess(replace(senior, body=Body.PPS, posting_code="3276011006"), appointment_on=DAY).flags == 0
    letter = assess(replace(BASE, education="sd", education_letter=True), appointment_on=DAY)
    assert letter.reasons == 0 and letter.flags == Flag.EDUCATION_LETTER
    assert assess(replace(BASE, spouse_applied=True), appointment_on=DAY).flags == Flag.SPOUSE_APPLIED
    health = assess(replace(BASE, health_high_uncleared=True), appointment_on=DAY)
    assert health.eligible and not health.may_chair and health.flags == Flag.HIGH_HEALTH_RISK


days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@given(days, days, st.integers(0, 100))
def test_years_before_is_the_age_boundary(d, day, years):
    if day.year - years < 1:
        return
    assert (d <= years_before(day, years)) == (age_on(d, day) >= years)


applicants = st.builds(
    lambda born, sex, body, domicile_same, education, letter, listed, removed, spouse, health: Applicant(
        nik=nik_make("327601", born, sex, 7),
        sex=sex,
        birth_date=born,
        body=body,
        posting_code="3276011006001"[: {Body.PPK: 6, Body.PPS: 10}.get(body, 13)],
        domicile_code="3276011006" if domicile_same else "3276021001",
        education=education,
        education_letter=letter,
        party_listed_now=listed,
        party_removed_on=removed,
        spouse_officer=spouse,
        health_high_uncleared=health,
    ),  # fmt: skip
    st.dates(min_value=date(1940, 1, 1), max_value=date(2015, 12, 31)),
    st.sampled_from("LP"),
    st.sampled_from(list(Body)),
    st.booleans(),
    st.sampled_from(["", *(e.value for e in Education)]),
    st.booleans(),
    st.booleans(),
    st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 1, 1)),
    st.booleans(),
    st.booleans(),
)


@given(applicants, st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
def test_the_verdict_is_the_conjunction_of_the_requirements(applicant, day):
    verdict = assess(applicant, appointment_on=day)
    age = age_on(applicant.birth_date, day)
    assert bool(verdict.reasons & Reason.UNDERAGE) == (age < 17)
    assert bool(verdict.flags & Flag.OVER_55) == (applicant.body == Body.KPPS and age > 55)
    assert bool(verdict.reasons & Reason.PARTY_MEMBER) == applicant.party_listed_now
    recent = applicant.party_removed_on is not None and age_on(applicant.party_removed_on, day) < 5
    assert bool(verdict.reasons & Reason.PARTY_RECENT) == recent
    assert bool(verdict.reasons & Reason.OUTSIDE_AREA) == (applicant.domicile_code != "3276011006")
    low = applicant.education in ("", "sd", "smp")
    assert bool(verdict.reasons & Reason.EDUCATION) == (low and not applicant.education_letter)
    assert bool(verdict.flags & Flag.EDUCATION_LETTER) == (low and applicant.education_letter)
    assert not verdict.reasons & Reason.NIK_MISMATCH
    assert verdict.eligible == (not verdict.reasons & BLOCKING)
    assert verdict.may_chair == (verdict.eligible and not applicant.health_high_uncleared)


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2099, 12, 31)), st.sampled_from("LP"))
def test_a_made_nik_agrees_and_the_other_sex_does_not(born, sex):
    nik = nik_make("327601", born, sex, 1)
    assert nik_agrees(nik, born, sex) and not nik_agrees(nik, born, "L" if sex == "P" else "P")
