"""The C.Hasil arithmetic: consistent tallies pass, and each kind of impossible number is named."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from suara.results.rules import R9_FIELDS, RULES, check, known_fields, tps_maximum
from suara.results.tests.support import consistent_tallies

PAIRS = [1, 2, 3]


def codes(tally, **kwargs):
    return {b.code for b in check(tally, **kwargs)}


@given(consistent_tallies())
def test_a_consistent_tally_breaks_nothing(tally):
    assert check(tally, ballot_numbers=PAIRS) == []
    assert set(tally) == set(known_fields(PAIRS))


@given(consistent_tallies(), st.sampled_from(sorted(known_fields(PAIRS))), st.integers(1, 1000))
def test_raising_any_single_number_breaks_some_rule(tally, field, bump):
    """Every field takes part in an equation, so no number can change alone unnoticed."""
    tally[field] += bump
    assert codes(tally, ballot_numbers=PAIRS)


@given(consistent_tallies(), st.sampled_from(sorted(known_fields(PAIRS))), st.data())
def test_a_missing_field_only_skips_the_rules_that_need_it(tally, field, data):
    del tally[field]
    assert check(tally, ballot_numbers=PAIRS) == []


@pytest.mark.parametrize("bad", [-1, 2.5, 3.0, "12", True, [], {}])
def test_r0_refuses_anything_but_whole_non_negative_numbers(bad):
    breaches = check({"votes.1": bad, "votes.2": 5, "valid": 5})
    assert breaches[0].code == "R0" and breaches[0].fields == ("votes.1",)


def test_sirekap_style_misreading_is_refused():
    """A TPS with 185 valid votes read as 71 / 641 / 511 (KPU 2024): R1 and R7 both name it."""
    tally = {"votes.1": 71, "votes.2": 641, "votes.3": 511, "valid": 185, "invalid": 3, "total": 188}
    tally.update({"dpt.l": 120, "dpt.p": 125, "dpt.j": 245, "voted_dptb.j": 2, "voted_dpk.j": 0})
    found = codes(tally, ballot_numbers=PAIRS)
    assert {"R1", "R7"} <= found
    r7 = next(b for b in check(tally, ballot_numbers=PAIRS) if b.code == "R7")
    assert "votes.2" in r7.fields and "votes.3" in r7.fields and "votes.1" not in r7.fields


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"valid": 101}, "R1"),
        ({"invalid": 9}, "R2"),
        ({"voted_total.j": 150, "voted_total.p": 75}, "R3"),
        ({"voted_dpk.j": 4, "voted_dpk.p": 4}, "R4"),
        ({"dpt.l": 1}, "R5"),
        ({"dpt.j": 50, "dpt.l": 25, "dpt.p": 25}, "R6"),
        ({"ballots.used": 99}, "B1"),
        ({"ballots.received": 1}, "B2"),
    ],
)
def test_each_rule_names_its_breach(changes, code):
    tally = {
        "votes.1": 40, "votes.2": 35, "votes.3": 25, "valid": 100, "invalid": 5, "total": 105,
        "dpt.l": 100, "dpt.p": 100, "dpt.j": 200,
        "voted_dpt.l": 50, "voted_dpt.p": 50, "voted_dpt.j": 100,
        "voted_dptb.l": 2, "voted_dptb.p": 1, "voted_dptb.j": 3,
        "voted_dpk.l": 1, "voted_dpk.p": 1, "voted_dpk.j": 2,
        "voted_total.l": 53, "voted_total.p": 52, "voted_total.j": 105,
        "ballots.received": 210, "ballots.used": 105, "ballots.unused": 103, "ballots.damaged": 2,
    }  # fmt: skip
    assert check(tally, ballot_numbers=PAIRS) == []
    tally.update(changes)
    assert code in codes(tally, ballot_numbers=PAIRS)


def test_r8_total_above_the_ceiling():
    tally = {"total": 260, "dpt.j": 250, "voted_dptb.j": 5, "voted_dpk.j": 4}
    assert codes(tally) == {"R8"}


def test_r1_waits_for_every_candidate_of_the_contest():
    assert codes({"votes.1": 5, "votes.2": 5, "valid": 99}, ballot_numbers=PAIRS) == set()
    assert codes({"votes.1": 5, "votes.2": 5, "valid": 99}) == {"R1"}


def test_every_breach_speaks_indonesian_and_names_its_fields():
    breaches = check({"votes.1": 9, "valid": 1, "invalid": 1, "total": 5})
    assert {b.code for b in breaches} == {"R1", "R2"}
    for breach in breaches:
        assert breach.message.startswith(RULES[breach.code]) and breach.fields
        assert breach.as_dict()["code"] == breach.code


@given(st.dictionaries(st.sampled_from(known_fields(PAIRS)), st.integers(0, 10**6) | st.none()))
def test_check_never_crashes_and_only_uses_known_codes(tally):
    assert codes(tally, ballot_numbers=PAIRS) <= set(RULES)


# -- The bounds of a TPS: its ceiling (R7, R8, R9) and the election's hard maximum (R10) ---------------------

PEMILU_MAX, PILKADA_MAX = tps_maximum(300), tps_maximum(600)
FIELDS = sorted(known_fields(PAIRS))


def test_the_hard_maximum_of_the_2024_elections():
    """300 (Pemilu) or 600 (Pilkada) voters, 2% reserve ballots, twice over."""
    assert (PEMILU_MAX, PILKADA_MAX) == (612, 1224)


@given(st.sampled_from([300, 600]), st.data())
def test_a_consistent_tally_of_a_full_tps_is_within_the_maximum(max_voters, data):
    tally = data.draw(consistent_tallies(max_voters=max_voters))
    assert check(tally, ballot_numbers=PAIRS, tps_max=tps_maximum(max_voters)) == []


@given(
    consistent_tallies(max_voters=300),
    st.lists(st.sampled_from(FIELDS), min_size=1, unique=True),
    st.integers(PEMILU_MAX + 1, 2**80) | st.sampled_from([2**63 - 1, 2**64 - 1, 2**64, 10**4299]),
    st.booleans(),
)
def test_no_count_above_the_maximum_passes_whatever_else_holds(tally, fields, huge, drop_voters):
    """Even without the voter fields, a tally with numbers too large is refused by R10 naming exactly
    the fields too large."""
    if drop_voters:
        tally = {k: v for k, v in tally.items() if k.startswith(("votes.", "valid", "invalid", "total", "ballots"))}
    for field in fields:
        tally[field] = huge
    breaches = check(tally, ballot_numbers=PAIRS, tps_max=PEMILU_MAX)
    r10 = [b for b in breaches if b.code == "R10"]
    assert len(r10) == 1 and set(r10[0].fields) == {f for f in fields if f in tally}
    assert r10[0].message == f"{RULES['R10']} (paling banyak {PEMILU_MAX})"


def test_a_self_consistent_tally_of_2_to_the_64_is_refused_by_r10_alone():
    big = 2**64 - 1
    tally = {f: 0 for f in FIELDS}
    for field in ("votes.1", "valid", "total", "dpt.l", "dpt.j", "voted_dpt.l", "voted_dpt.j"):
        tally[field] = big
    tally.update({"voted_total.l": big, "voted_total.j": big, "ballots.received": big, "ballots.used": big})
    assert check(tally, ballot_numbers=PAIRS) == []  # the arithmetic alone holds
    breaches = check(tally, ballot_numbers=PAIRS, tps_max=PEMILU_MAX)
    assert [b.code for b in breaches] == ["R10"]


@given(consistent_tallies(), st.sampled_from(R9_FIELDS), st.integers(1, 500))
def test_no_count_above_the_tps_ceiling(tally, field, bump):
    """Any voter or vote count above DPT + DPTb + DPK voters is named by R9 (besides the rule it breaks)."""
    ceiling = tally["dpt.j"] + tally["voted_dptb.j"] + tally["voted_dpk.j"]
    tally[field] = ceiling + bump
    r9 = [b for b in check(tally, ballot_numbers=PAIRS) if b.code == "R9"]
    assert len(r9) == 1 and r9[0].fields == (field, "dpt.j", "voted_dptb.j", "voted_dpk.j")


def test_the_ceiling_waits_for_its_fields_but_the_maximum_does_not():
    tally = {"valid": 700, "invalid": 0}
    assert codes(tally) == set()
    assert codes(tally, tps_max=PEMILU_MAX) == {"R10"}
    assert codes({**tally, "dpt.j": 600, "voted_dptb.j": 0, "voted_dpk.j": 0}) == {"R9"}


def test_the_ballots_are_bounded_by_the_maximum_not_the_ceiling():
    """Received ballots include the 2% reserve (and any brought from another TPS): above the voters, below
    the maximum, they pass."""
    tally = {"ballots.received": 306, "dpt.j": 300, "voted_dptb.j": 0, "voted_dpk.j": 0}
    assert codes(tally, tps_max=PEMILU_MAX) == set()
    assert codes({**tally, "ballots.received": PEMILU_MAX + 1}, tps_max=PEMILU_MAX) == {"R10"}
