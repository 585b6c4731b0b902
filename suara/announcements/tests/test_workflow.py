"""The workflow's table as a pure rule: table-tested, and under hypothesis over any sequence of steps by
any officers, nothing is published that a second person did not approve after its last edit, and no
schedule lies in the past."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from suara.announcements.workflow import TRANSITIONS, Phase, State, Step, allowed_steps, phase_of, transition
from suara.core.errors import DomainError

NOW = datetime(2024, 1, 10, 9, 0, tzinfo=UTC)


def test_phase_of():
    assert phase_of("scheduled", NOW, NOW) == Phase.PUBLISHED
    assert phase_of("scheduled", NOW + timedelta(seconds=1), NOW) == Phase.SCHEDULED
    assert phase_of("approved", NOW - timedelta(days=1), NOW) == Phase.APPROVED
    assert phase_of("withdrawn", NOW - timedelta(days=1), NOW) == Phase.WITHDRAWN


@pytest.mark.parametrize(
    ("phase", "steps"),
    [
        (Phase.DRAFT, {Step.EDIT, Step.SUBMIT, Step.WITHDRAW}),
        (Phase.SUBMITTED, {Step.EDIT, Step.APPROVE, Step.REJECT, Step.WITHDRAW}),
        (Phase.APPROVED, {Step.EDIT, Step.SCHEDULE, Step.WITHDRAW}),
        (Phase.SCHEDULED, {Step.EDIT, Step.SCHEDULE, Step.WITHDRAW}),
        (Phase.PUBLISHED, {Step.CORRECT, Step.WITHDRAW}),
        (Phase.WITHDRAWN, set()),
    ],
)
def test_the_steps_of_each_phase(phase, steps):
    assert set(allowed_steps(phase)) == steps


def test_refusals_carry_their_codes():
    def code(**kwargs):
        with pytest.raises(DomainError) as caught:
            transition(**kwargs)
        return caught.value.code, caught.value.status

    assert code(phase=Phase.DRAFT, step=Step.APPROVE, actor_wrote=False) == ("announcement_wrong_state", 409)
    assert code(phase=Phase.SUBMITTED, step=Step.APPROVE, actor_wrote=True) == ("second_person_required", 403)
    assert code(phase=Phase.SUBMITTED, step=Step.REJECT, actor_wrote=True) == ("second_person_required", 403)
    past = {"publish_at": NOW, "now": NOW}
    assert code(phase=Phase.APPROVED, step=Step.SCHEDULE, actor_wrote=True, **past) == ("publish_at_past", 400)
    assert transition(Phase.APPROVED, Step.SCHEDULE, actor_wrote=True, publish_at=NOW + timedelta(seconds=1), now=NOW)


OFFICERS = ("a", "b", "c")
ACTIONS = st.tuples(
    st.sampled_from(list(Step)),
    st.sampled_from(OFFICERS),
    st.integers(min_value=-3600, max_value=3600),  # a schedule's offset from now, in seconds
    st.integers(min_value=0, max_value=7200),  # time passing before the step
)


@given(st.lists(ACTIONS, max_size=25))
def test_nothing_is_published_without_a_second_persons_approval_after_its_last_edit(actions):
    now = NOW
    state, publish_at = State.DRAFT, None
    writers, approved_by = {"a"}, None  # "a" drafted it
    for step, officer, offset, wait in actions:
        now += timedelta(seconds=wait)
        phase = phase_of(state, publish_at, now)
        when = now + timedelta(seconds=offset)
        try:
            new = transition(phase, step, actor_wrote=officer in writers, publish_at=when, now=now)
        except DomainError as refusal:
            assert (phase, step) not in TRANSITIONS or refusal.code in ("second_person_required", "publish_at_past")
            if refusal.code == "publish_at_past":
                assert when <= now
            continue
        assert TRANSITIONS[(phase, step)] == new
        if step == Step.EDIT:
            writers, approved_by, publish_at = writers | {officer}, None, None
        elif step == Step.APPROVE:
            assert officer not in writers
            approved_by = officer
        elif step == Step.SCHEDULE:
            assert when > now
            publish_at = when
        state = new
        if phase_of(state, publish_at, now) == Phase.PUBLISHED or state == State.SCHEDULED:
            assert approved_by is not None and approved_by not in writers
        if state == State.WITHDRAWN:
            assert allowed_steps(phase_of(state, publish_at, now)) == []
