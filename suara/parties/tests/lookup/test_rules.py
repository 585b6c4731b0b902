"""The complaint's pure rules: steps only in order, clocks, case codes and phone numbers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from suara.parties.complaints import rules
from suara.parties.complaints.rules import FINAL, STEPS, State, Step


@given(st.lists(st.sampled_from(list(Step)), max_size=12))
def test_any_sequence_of_steps_moves_only_along_the_diagram(steps):
    state = State.RECEIVED
    path = [state]
    for step in steps:
        following = rules.next_state(state, step)
        if following is None:
            assert STEPS[step][0] != state
            continue
        assert state not in FINAL
        state = following
        path.append(state)
    # Removal only after clarification, a decision and the party's notice, in that order.
    if State.REMOVED in path:
        assert path == [State.RECEIVED, State.CLARIFICATION, State.DECIDED, State.PARTY_NOTIFIED, State.REMOVED]
    assert not (State.REMOVED in path and State.REJECTED in path)


def test_the_steps_from_each_state():
    assert rules.steps_from(State.RECEIVED) == [Step.CLARIFY]
    assert rules.steps_from(State.CLARIFICATION) == [Step.DECIDE, Step.REJECT]
    assert rules.steps_from(State.REMOVED) == [] and rules.steps_from(State.REJECTED) == []


def test_clocks():
    since = datetime(2026, 1, 1, tzinfo=UTC)
    sla = {"received": 72, "clarification": 0}
    assert rules.due("received", since, sla) == since + timedelta(hours=72)
    assert rules.due("clarification", since, sla) is None and rules.due("removed", since, sla) is None
    assert rules.overdue(since, since + timedelta(seconds=1)) and not rules.overdue(since, since)
    assert not rules.overdue(None, since)


@given(st.integers(min_value=0, max_value=50))
def test_case_codes_are_random_base32_and_read_back_as_typed(_):
    code = rules.case_code_new()
    assert len(code) == 10 and set(code) <= set(rules.CODE_ALPHABET)
    assert rules.case_code_clean(f" {code.lower()[:5]}-{code.lower()[5:]} ") == code


def test_misread_letters_and_bad_codes():
    assert rules.case_code_clean("OOOOOIIIII") == "0000011111"
    assert rules.case_code_clean("ABCDEFGHJ") is None and rules.case_code_clean("ABCDEFGHJKU") is None
    assert rules.case_code_clean("") is None


def test_phone_numbers():
    for typed in ("0812-3456-7890", "+62 812 3456 7890", "6281234567890", "(0812) 3456.7890"):
        assert rules.phone_clean(typed) == "+6281234567890"
    for typed in ("021 555 1234", "0812", "+1 812 3456 7890", "08123456789012345", "abc"):
        assert rules.phone_clean(typed) is None
