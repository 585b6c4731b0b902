"""One rounding rule for shares and percentages, wherever a number is shown."""

from fractions import Fraction

from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from suara.results.public.shares import percent_value, share
from suara.results.templatetags.public_results import percent


def half_up(value: Fraction, places: int) -> Fraction:
    scaled = value * 10**places
    return Fraction(int(scaled + Fraction(1, 2)), 10**places)


def test_120_of_220_reads_54_55_everywhere():
    assert share(120, 220) == 0.5455
    with translation.override("id"):
        assert percent(share(120, 220)) == "54,55%"
        assert percent(Fraction(120, 220).__float__()) == "54,55%"  # an exact share rounds the same way
    with translation.override("en"):
        assert percent(share(120, 220)) == "54.55%"


@given(st.integers(0, 10**9), st.integers(1, 10**9))
def test_a_share_is_the_exact_fraction_rounded_half_up_once(part, whole):
    exact = Fraction(part, whole)
    assert Fraction(str(share(part, whole))) == half_up(exact, 4)
    # The percentage shows the share's own digits: no second rounding can move them.
    assert percent_value(share(part, whole)) * 1 == half_up(exact * 100, 2)


@given(st.integers(0, 10**6), st.integers(1, 10**6))
def test_the_percent_of_an_exact_share_equals_the_percent_of_the_kept_share(part, whole):
    assert percent(part / whole) == percent(share(part, whole))


def test_no_whole_is_no_share():
    assert share(0, 0) == 0.0 and share(5, 0) == 0.0
    assert percent(None) == "0,00%" or percent(None) == "0.00%"
    assert percent("not a number") == ""
