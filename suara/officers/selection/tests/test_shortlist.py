"""The interview shortlist: the top three times the seats by score, ties at the cut kept (selection.rules)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from suara.accounts.roles import Role
from suara.officers.bodies import Body, Position
from suara.officers.selection.rules import APPOINTERS, WRITTEN_TEST, shortlist, signs_in

scores = st.dictionaries(
    st.integers(min_value=1, max_value=10_000),
    st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False),
    max_size=60,
)


def test_the_top_three_times_the_seats():
    board = {n: Decimal(100 - n) for n in range(1, 21)}
    assert shortlist(board, 5) == set(range(1, 16))


def test_a_tie_at_the_cut_is_kept_whole():
    board = {"a": 90, "b": 80, "c": 70, "d": 70, "e": 70, "f": 60}
    assert shortlist(board, 1) == {"a", "b", "c", "d", "e"}


def test_fewer_applicants_than_places_all_go_through():
    assert shortlist({"a": 10, "b": 5}, 3) == {"a", "b"}
    assert shortlist({}, 3) == set() and shortlist({"a": 1}, 0) == set()


@given(scores, st.integers(min_value=1, max_value=7))
def test_shortlist_properties(board, seats):
    chosen = shortlist(board, seats)
    wanted = 3 * seats
    assert chosen <= set(board)
    # At least the places (or everyone), and more only through a tie at the cut.
    assert len(chosen) >= min(wanted, len(board))
    if len(chosen) > wanted:
        cut = min(board[k] for k in chosen)
        assert sum(1 for k in chosen if board[k] > cut) < wanted
    # Nobody left out scores above, or equal to, anyone chosen.
    if chosen:
        lowest_in = min(board[k] for k in chosen)
        assert all(board[k] < lowest_in for k in set(board) - chosen)


@given(scores, st.integers(min_value=1, max_value=7))
def test_the_order_of_the_file_does_not_matter(board, seats):
    assert shortlist(dict(reversed(list(board.items()))), seats) == shortlist(board, seats)


def test_who_takes_a_written_test_and_who_appoints():
    assert {Body.PPK, Body.PPS} == WRITTEN_TEST
    assert APPOINTERS[Body.KPPS] == {Role.PPS} and APPOINTERS[Body.PPK] == {Role.KPU_KABKOTA}
    assert APPOINTERS[Body.PPS] == {Role.KPU_KABKOTA}


def test_who_signs_in():
    assert signs_in(Body.KPPS, Position.CHAIR) and not signs_in(Body.KPPS, Position.MEMBER)
    assert signs_in(Body.PPS, Position.MEMBER) and signs_in(Body.PPK, Position.MEMBER)
    assert not signs_in(Body.LINMAS, Position.MEMBER) and not signs_in(Body.PANTARLIH, Position.MEMBER)
