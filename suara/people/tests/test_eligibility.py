"""Who may be on the voter list by age, marriage and service: the pure rule."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from suara.people.eligibility import age_on, eligibility_problem


def test_age_turns_on_the_birthday_and_leap_day_babies_on_1_march():
    assert age_on(date(2008, 2, 14), date(2025, 2, 13)) == 16
    assert age_on(date(2008, 2, 14), date(2025, 2, 14)) == 17
    assert age_on(date(2008, 2, 29), date(2025, 2, 28)) == 16
    assert age_on(date(2008, 2, 29), date(2025, 3, 1)) == 17


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2030, 12, 31)), st.sampled_from("BSP"), st.booleans())
def test_eligibility_is_age_or_marriage_and_never_tni_polri(born, marital, tni_polri):
    day = date(2029, 2, 14)
    problem = eligibility_problem(birth_date=born, marital=marital, tni_polri=tni_polri, voting_day=day)
    if tni_polri:
        assert problem == "not_eligible_tni_polri"
    elif age_on(born, day) >= 17 or marital in "SP":
        assert problem is None
    else:
        assert problem == "not_eligible_age"
