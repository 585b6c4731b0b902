"""The pure rules of the city view: small-cell suppression and the city count's checks."""

from hypothesis import given
from hypothesis import strategies as st

from suara.officers.city import suppression
from suara.officers.city.rules import count_problems, differences, tally_of


def test_a_cell_under_five_is_shown_as_under_five():
    assert [suppression.cell(n) for n in (0, 1, 4, 5, 120)] == ["0", "<5", "<5", "5", "120"]


def test_a_lone_suppressed_cell_takes_the_smallest_other_with_it():
    assert suppression.row([10, 3, 8, 20]) == ["10", "<5", "<5", "20"]
    assert suppression.row([10, 0, 4]) == ["10", "<5", "<5"]  # the zero too: else 14 - 10 - 0 = 4
    assert suppression.row([10, 3, 2]) == ["10", "<5", "<5"]
    assert suppression.row([10, 12]) == ["10", "12"]


@given(st.lists(st.integers(min_value=0, max_value=60), min_size=2, max_size=6))
def test_no_small_count_can_be_read_from_a_row_and_its_total(counts):
    shown = suppression.row(counts)
    hidden = [n for n, s in zip(counts, shown, strict=True) if s == suppression.SUPPRESSED]
    # Every count from 1 to 4 is hidden; what is shown is the count itself.
    assert all(s == suppression.SUPPRESSED for n, s in zip(counts, shown, strict=True) if 0 < n < 5)
    assert all(s == str(n) for n, s in zip(counts, shown, strict=True) if s != suppression.SUPPRESSED)
    # With the total shown, the hidden cells are never one alone (whose value the total would give away).
    assert len(hidden) != 1


PAIRS = [1, 2, 3]


def test_a_consistent_entry_passes():
    assert count_problems(tally_of({1: 40, 2: 35, 3: 25}, 100, 5, 105), ballot_numbers=PAIRS, tps_max=612) == []


def test_each_broken_rule_is_named():
    codes = [
        b.code for b in count_problems(tally_of({1: 40, 2: 35, 3: 25}, 99, 5, 105), ballot_numbers=PAIRS, tps_max=612)
    ]
    assert codes == ["R1", "R2"]
    huge = count_problems(tally_of({1: 10**12, 2: 0, 3: 0}, 10**12, 0, 10**12), ballot_numbers=PAIRS, tps_max=612)
    assert [b.code for b in huge] == ["R10"]
    missing = count_problems({"votes.1": 1, "valid": 1, "invalid": 0, "total": 1}, ballot_numbers=PAIRS, tps_max=612)
    assert missing[0].code == "R0" and missing[0].fields == ("votes.2", "votes.3")


@given(
    st.lists(st.integers(min_value=0, max_value=200), min_size=3, max_size=3),
    st.integers(min_value=0, max_value=50),
)
def test_every_consistent_bounded_entry_passes(votes, invalid):
    valid = sum(votes)
    tally = tally_of(dict(zip(PAIRS, votes, strict=True)), valid, invalid, valid + invalid)
    assert count_problems(tally, ballot_numbers=PAIRS, tps_max=1224) == []


def test_differences_name_the_fields_that_differ():
    assert differences({"votes.1": 1, "valid": 2}, {"votes.1": 1, "valid": 3}) == ["valid"]
