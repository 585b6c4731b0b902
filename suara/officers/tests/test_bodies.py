"""The bodies' seats and an officer's status moves (officers.bodies)."""

from hypothesis import given
from hypothesis import strategies as st

from suara.officers.bodies import BASE_SEATS, LEFT, TRANSITIONS, Body, Status, may_move, seats


def test_the_seats_of_each_body():
    assert [seats(body) for body in Body] == [5, 3, 7, 1, 2]


def test_a_large_pilkada_tps_gets_two_pantarlih_and_a_pemilu_one_does_not():
    assert seats(Body.PANTARLIH, tps_voters=401, pilkada=True) == 2
    assert seats(Body.PANTARLIH, tps_voters=400, pilkada=True) == 1
    assert seats(Body.PANTARLIH, tps_voters=550, pilkada=False) == 1


@given(st.sampled_from(list(Body)), st.integers(0, 2000), st.booleans())
def test_only_pantarlih_seats_depend_on_the_tps(body, voters, pilkada):
    if body != Body.PANTARLIH:
        assert seats(body, tps_voters=voters, pilkada=pilkada) == BASE_SEATS[body]
    else:
        assert seats(body, tps_voters=voters, pilkada=pilkada) in (1, 2)


@given(st.sampled_from(list(Status)), st.sampled_from(list(Status)))
def test_nobody_comes_back_after_leaving_and_no_status_moves_to_itself(current, to):
    if current in LEFT or current == to:
        assert not may_move(current, to)


def test_every_status_but_those_who_left_can_move_on():
    assert {status for status, moves in TRANSITIONS.items() if not moves} == set(LEFT)
