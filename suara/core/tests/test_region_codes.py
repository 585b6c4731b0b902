"""The region-code hierarchy: the levels by length, the codes above, covering, the nation's word."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from suara.core import region_codes as rc

digits = st.text(alphabet="0123456789", min_size=13, max_size=13)
levels = st.sampled_from(rc.ALL_LEVELS)


@st.composite
def codes(draw, levels=levels):
    """A well-formed code at a drawn level ('' the nation, 13 digits a TPS)."""
    return draw(digits)[: rc.level_length(draw(levels))]


@pytest.mark.parametrize(
    ("code", "level"),
    [("", 0), ("32", 1), ("3276", 2), ("327601", 3), ("3276011006", 4), ("3276011006001", 5), ("327", None)],
)
def test_the_level_is_the_length(code, level):
    assert rc.code_level(code) == level


def test_the_codes_above_a_tps():
    assert rc.codes_above("3276011006001") == ["", "32", "3276", "327601", "3276011006"]
    assert rc.ancestor_codes("3276011006001") == ["32", "3276", "327601", "3276011006"]
    assert rc.codes_above("3276011006001", "3276") == ["3276", "327601", "3276011006"]
    assert rc.ancestor_codes("327601", "32") == ["32", "3276"]
    assert rc.codes_above("") == [] and rc.ancestor_codes("32") == []


@given(codes())
def test_the_codes_above_are_the_prefixes_at_the_shorter_levels(code):
    above = rc.codes_above(code)
    assert [rc.code_level(c) for c in above] == list(range(rc.code_level(code)))
    assert all(rc.covers(c, code) and c != code for c in above)
    assert rc.ancestor_codes(code) == [c for c in above if c != rc.NATIONAL]


@given(codes(), codes(st.sampled_from(rc.COUNTED_LEVELS)))
def test_the_codes_above_within_a_top_are_those_the_top_covers(code, top):
    code = top + code[len(top) :]  # a code in the top's area: callers ask only about those
    assert rc.codes_above(code, top) == [c for c in rc.codes_above(code) if rc.covers(top, c)]
    assert rc.ancestor_codes(code, top) == [c for c in rc.ancestor_codes(code) if rc.covers(top, c)]


@given(codes(), codes())
def test_a_code_covers_exactly_what_lies_beneath_it(scope, code):
    beneath = scope == code or scope in rc.codes_above(code)
    assert rc.covers(scope, code) == beneath


@given(codes(), codes())
def test_the_covered_range_holds_exactly_the_covered_codes(scope, code):
    lower, upper = rc.covered_range(scope)
    assert rc.covers(scope, code) == (lower <= code and (upper is None or code < upper))


@given(codes(), levels)
def test_code_at_a_level_is_the_ancestor_there(code, level):
    assume(level <= rc.code_level(code))
    at = rc.code_at(code, level)
    assert rc.code_level(at) == level and rc.covers(at, code)
    assert at in [*rc.codes_above(code), code]


@given(codes(st.sampled_from(rc.COUNTED_LEVELS)), digits)
def test_a_child_is_one_level_down(code, tail):
    child = (code + tail)[: rc.child_length(code)]
    assert rc.code_level(child) == rc.code_level(code) + 1
    assert rc.codes_above(child)[-1] == code


@given(codes())
def test_the_named_levels_cut_the_code(code):
    assert rc.provinsi_of(code) == rc.code_at(code, rc.PROVINSI)[: len(code)]
    assert rc.desa_of(code) + rc.tps_number(code) == code
    if rc.is_tps_code(code):
        assert rc.tps_code_of(rc.desa_of(code), int(rc.tps_number(code))) == code
    assert rc.kecamatan_of(code) == code[: rc.KECAMATAN_LENGTH] and rc.kabkota_of(code) == code[:4]


@given(st.text(max_size=14), st.sets(levels))
def test_is_code_is_digits_at_a_listed_length(text, wanted):
    well_formed = (text == "" or (text.isascii() and text.isdigit())) and len(text) in rc.LENGTHS
    assert rc.is_code(text, wanted) == (well_formed and rc.LENGTHS.index(len(text)) in wanted)
    assert rc.is_tps_code(text) == rc.is_code(text, {rc.TPS})
    assert (rc.region_level(text) is not None) == rc.is_code(text, rc.REGION_LEVELS)


def test_is_code_refuses_what_only_looks_like_digits():
    assert not rc.is_code("٣٢")  # Arabic-Indic digits: isdigit() alone would take them
    assert not rc.is_code("3a")
    assert rc.region_level("3276") == rc.KABKOTA and rc.region_level("") is None


@given(codes())
def test_the_nation_has_a_word_in_urls(code):
    assert rc.from_url_word(rc.url_word(code)) == code
    assert (rc.url_word(code) == rc.NATIONAL_WORD) == (code == rc.NATIONAL)


def test_overseas_is_province_99():
    assert rc.is_overseas("9901") and rc.is_overseas("99") and not rc.is_overseas("") and not rc.is_overseas("3299")
