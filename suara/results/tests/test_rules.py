"""The C.Hasil arithmetic: consistent tallies pass, and each kind of impossible number is named."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from suara.results.rules import RULES, check, known_fields

PAIRS = [1, 2, 3]


@st.composite
def consistent_tallies(draw):
    """A tally a careful KPPS would write: every rule holds."""
    dpt_l, dpt_p = draw(st.integers(0, 400)), draw(st.integers(0, 400))
    voted_dpt_l, voted_dpt_p = draw(st.integers(0, dpt_l)), draw(st.integers(0, dpt_p))
    dptb_l, dptb_p, dpk_l, dpk_p = (draw(st.integers(0, 20)) for _ in range(4))
    total = voted_dpt_l + voted_dpt_p + dptb_l + dptb_p + dpk_l + dpk_p
    invalid = draw(st.integers(0, total))
    valid = total - invalid
    cut1 = draw(st.integers(0, valid))
    cut2 = draw(st.integers(cut1, valid))
    received = total + draw(st.integers(0, 50))
    damaged = draw(st.integers(0, received - total))
    tally = {
        "votes.1": cut1,
        "votes.2": cut2 - cut1,
        "votes.3": valid - cut2,
        "valid": valid,
        "invalid": invalid,
        "total": total,
        "ballots.received": received,
        "ballots.used": total,
        "ballots.unused": received - total - damaged,
        "ballots.damaged": damaged,
    }
    groups = {
        "dpt": (dpt_l, dpt_p),
        "voted_dpt": (voted_dpt_l, voted_dpt_p),
        "voted_dptb": (dptb_l, dptb_p),
        "voted_dpk": (dpk_l, dpk_p),
        "voted_total": (voted_dpt_l + dptb_l + dpk_l, voted_dpt_p + dptb_p + dpk_p),
    }
    for group, (men, women) in groups.items():
        tally.update({f"{group}.l": men, f"{group}.p": women, f"{group}.j": men + women})
    return tally


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
