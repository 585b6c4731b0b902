"""The order of the steps and the result rule, as properties."""

from hypothesis import given
from hypothesis import strategies as st

from suara.parties.verification import rules

attempts = st.lists(st.tuples(st.sampled_from(rules.METHODS), st.sampled_from(rules.FINDINGS)), max_size=4)
places = st.lists(
    st.builds(rules.Place, st.sampled_from(["", "MS", "TMS"]), st.sampled_from([None, "", "MS", "TMS"])), max_size=50
)


@given(attempts, st.sampled_from(rules.METHODS))
def test_an_accepted_attempt_comes_after_every_earlier_one_and_no_conclusive_finding(previous, method):
    if rules.attempt_problem(previous, method, decided=False) is None:
        assert all(rules.METHODS.index(m) < rules.METHODS.index(method) for m, _ in previous)
        assert not any(f in rules.CONCLUSIVE for _, f in previous)


@given(attempts, st.sampled_from(rules.METHODS))
def test_no_attempt_after_a_decision(previous, method):
    assert rules.attempt_problem(previous, method, decided=True) is not None


@given(attempts, st.sampled_from(rules.OUTCOMES))
def test_a_decision_follows_the_last_attempt(previous, outcome):
    if rules.decision_problem(previous, outcome) is None:
        method, finding = previous[-1]
        assert rules.outcome_of(finding) == outcome
        assert outcome != "not_found" or method == "video"


@given(places, st.integers(min_value=0, max_value=60))
def test_the_result_is_ms_exactly_when_enough_places_end_ms(sample_places, required):
    count = sum(1 for p in sample_places if p.final == "MS")
    assert (rules.result(sample_places, required) == "MS") == (count >= required)
    assert rules.ms_places(sample_places) == count


def test_a_replacement_counts_only_for_a_failed_member():
    assert rules.Place("MS", "TMS").final == "MS"
    assert rules.Place("TMS", "MS").final == "MS"
    assert rules.Place("TMS", None).final == "TMS"
    assert rules.required_ms(92) == 47 and rules.required_ms(10) == 6


def test_ids():
    assert rules.id_ok(1) and rules.id_ok(2**63 - 1)
    assert not any(rules.id_ok(v) for v in (0, -1, 2**63, True, "1", 1.0, None))
