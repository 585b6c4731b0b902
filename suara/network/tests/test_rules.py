"""The readiness rules, pure: newest wins per operator, the age limit, the best operator, the classes,
election night's reading of a missing TPS, and where an action's status may go."""

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from suara.network.rules import (
    MOVES,
    WEAK_PROBE_MS,
    Grade,
    Kind,
    Night,
    Observation,
    Readiness,
    Status,
    class_of_grade,
    grade_of,
    may_move,
    night_status,
    readiness_of,
)

NOW = datetime(2024, 2, 1, 12, tzinfo=UTC)
AGE = timedelta(days=180)


def seen(operator="telkomsel", kind=Kind.G4, days_ago=1, effective="", probe=None, order=0):
    return Observation(operator, kind, NOW - timedelta(days=days_ago), effective, probe, order)


def classify(*observations):
    return readiness_of(observations, now=NOW, max_age=AGE).readiness


def test_the_classes():
    assert classify(seen(kind=Kind.G4)) == Readiness.SIAP
    assert classify(seen(kind=Kind.G3)) == Readiness.SIAP
    assert classify(seen(kind=Kind.VOICE)) == Readiness.TERBATAS
    assert classify(seen(kind=Kind.G3, effective="2g")) == Readiness.TERBATAS  # weak 3G, measured
    assert classify(seen(kind=Kind.G4, probe=WEAK_PROBE_MS + 1)) == Readiness.TERBATAS  # a slow probe
    assert classify(seen(kind=Kind.G4, probe=WEAK_PROBE_MS)) == Readiness.SIAP
    assert classify(seen(kind=Kind.NONE), seen("xl", Kind.NONE)) == Readiness.BLANK_SPOT
    assert classify() == Readiness.BELUM


def test_newest_wins_per_operator_even_when_worse():
    assert classify(seen(kind=Kind.G4, days_ago=10), seen(kind=Kind.NONE, days_ago=2)) == Readiness.BLANK_SPOT
    assert classify(seen(kind=Kind.NONE, days_ago=10), seen(kind=Kind.G4, days_ago=2)) == Readiness.SIAP
    # the same instant: the later record
    assert classify(seen(kind=Kind.G4, order=2), seen(kind=Kind.NONE, order=1)) == Readiness.SIAP
    # the same instant and order, in either order: the worse
    assert classify(seen(kind=Kind.G4), seen(kind=Kind.NONE)) == Readiness.BLANK_SPOT
    assert classify(seen(kind=Kind.NONE), seen(kind=Kind.G4)) == Readiness.BLANK_SPOT


def test_the_best_operator_counts():
    assert classify(seen("telkomsel", Kind.NONE), seen("xl", Kind.VOICE)) == Readiness.TERBATAS
    assert classify(seen("telkomsel", Kind.NONE), seen("xl", Kind.G4)) == Readiness.SIAP


def test_an_observation_beyond_the_age_limit_does_not_count():
    assert classify(seen(kind=Kind.G4, days_ago=181)) == Readiness.BELUM
    assert classify(seen(kind=Kind.G4, days_ago=181), seen(kind=Kind.NONE, days_ago=200)) == Readiness.BELUM
    # an old 4G does not rescue a TPS whose newest reading within the limit is a blank spot
    assert classify(seen(kind=Kind.G4, days_ago=181), seen(kind=Kind.NONE, days_ago=5)) == Readiness.BLANK_SPOT


observations = st.lists(
    st.builds(
        seen,
        operator=st.sampled_from(["telkomsel", "indosat", "xl", "smartfren"]),
        kind=st.sampled_from(list(Kind)),
        days_ago=st.integers(0, 400),
        effective=st.sampled_from(["", "slow-2g", "2g", "3g", "4g"]),
        probe=st.none() | st.integers(0, 10_000),
        order=st.integers(0, 10**6),
    ),
    max_size=12,
)


@given(observations)
def test_the_class_is_the_best_grade_among_each_operators_newest_within_the_limit(found):
    within = [o for o in found if NOW - o.observed_at <= AGE]
    newest = {}
    for o in within:
        held = newest.get(o.operator)
        # a full tie (same instant, same order) is settled for the worse grade
        if held is None or (o.observed_at, o.order, -grade_of(o)) > (held.observed_at, held.order, -grade_of(held)):
            newest[o.operator] = o
    best = max((grade_of(o) for o in newest.values()), default=None)
    result = readiness_of(found, now=NOW, max_age=AGE)
    assert result.grade == best
    assert result.readiness == class_of_grade(best)
    # the order in which observations arrive changes nothing
    assert readiness_of(list(reversed(found)), now=NOW, max_age=AGE) == result


@given(observations, st.sampled_from(["telkomsel", "indosat", "xl", "smartfren"]))
def test_a_newer_fast_reading_never_makes_a_tps_worse(found, operator):
    before = readiness_of(found, now=NOW, max_age=AGE)
    after = readiness_of([*found, seen(operator, Kind.G4, days_ago=0, order=10**7)], now=NOW, max_age=AGE)
    assert after.readiness == Readiness.SIAP and after.grade == Grade.FAST
    assert before.grade is None or after.grade >= before.grade


def test_election_night():
    assert night_status(Readiness.SIAP, reported=False) == Night.ALARM
    assert night_status(Readiness.BLANK_SPOT, reported=False) == Night.EXPECTED
    assert night_status(Readiness.TERBATAS, reported=False) == Night.WATCH
    assert night_status(Readiness.BELUM, reported=False) == Night.UNKNOWN
    assert all(night_status(r, reported=True) == Night.REPORTED for r in Readiness)


@given(st.sampled_from(list(Status)), st.sampled_from(list(Status)))
def test_done_and_cancelled_are_final(current, to):
    if current in (Status.DONE, Status.CANCELLED):
        assert may_move(current, to) == (to == current)
    else:
        assert may_move(current, to) == (to == current or to in MOVES[current])
