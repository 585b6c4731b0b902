"""The sign-off rule shared by the lock service and the recapitulation page."""

from hypothesis import given
from hypothesis import strategies as st

from suara.results.recap.readiness import LockReadiness, Refusal

readiness = st.builds(
    LockReadiness,
    lockable=st.booleans(),
    locked=st.booleans(),
    may_lock=st.booleans(),
    reported=st.integers(0, 1000),
    expected=st.integers(0, 1000),
    pending=st.integers(0, 5),
)


@given(readiness)
def test_a_level_may_be_signed_off_exactly_when_nothing_stands_in_the_way(r):
    ready = r.lockable and not r.locked and r.may_lock and r.reported >= r.expected and r.pending == 0
    assert (r.refusal() is None) == ready


@given(readiness)
def test_the_first_reason_is_given_in_a_fixed_order(r):
    reasons = [
        (not r.lockable, Refusal.NOT_LOCKABLE),
        (r.locked, Refusal.ALREADY_LOCKED),
        (not r.may_lock, Refusal.WRONG_LEVEL),
        (r.reported < r.expected, Refusal.INCOMPLETE),
        (r.pending > 0, Refusal.CORRECTIONS_PENDING),
    ]
    assert r.refusal() == next((code for holds, code in reasons if holds), None)


def test_the_refusals_are_the_api_error_codes():
    assert LockReadiness(True, False, True, 3, 4, 0).refusal() == "recap_incomplete"
    assert LockReadiness(True, False, True, 4, 4, 2).refusal() == "corrections_pending"
