"""The browser's rules (static/results/rules.js) are the server's (rules.py): for every tally hypothesis
can think of (consistent, mutated, with fields missing, with bad values) Chromium's ``check()`` breaks
exactly the rules Python's does, with the same fields and messages; and both read typed text alike."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from suara.results.entry.forms import parse_number
from suara.results.rules import RULES, check, known_fields
from suara.results.tests.support import consistent_tallies

pytest.importorskip("playwright.sync_api")

PAIRS = [1, 2, 3]
FIELDS = sorted(known_fields(PAIRS))
BAD_VALUES = st.one_of(
    st.integers(-1000, -1),
    st.floats(-1e6, 1e6, allow_nan=False).filter(lambda x: not float(x).is_integer()),
    st.text(max_size=4),
    st.booleans(),
    st.none(),
)
BALLOTS = st.sampled_from([PAIRS, None, [1, 2, 3, 4], [2, 3], []])
# The hard maximum per TPS (R10): none, the Pemilu's, the Pilkada's, or a small one that many tallies pass.
TPS_MAX = st.sampled_from([None, 612, 1224, 150])
# Hypothesis draws its examples in the test's own thread, and one browser page serves them all.
BROWSER = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@st.composite
def tallies(draw):
    """A consistent tally, then perhaps some numbers changed, some fields dropped, some values spoilt,
    an extra candidate added."""
    tally = draw(consistent_tallies())
    for field in draw(st.lists(st.sampled_from(FIELDS), max_size=4)):
        tally[field] = draw(st.integers(0, 2000) | st.integers(0, 999_999_999))  # 9 digits: the form's most
    for field in draw(st.lists(st.sampled_from(FIELDS), max_size=12)):
        tally.pop(field, None)
    for field in draw(st.lists(st.sampled_from(FIELDS), max_size=3)):
        tally[field] = draw(BAD_VALUES)
    if draw(st.booleans()):
        tally["votes.4"] = draw(st.one_of(st.integers(0, 900), BAD_VALUES))
    return tally


@pytest.fixture
def rules_page(live_server, page):
    """A page of the live server with rules.js loaded from static, as the entry form loads it."""
    page.goto(live_server.url + "/static/results/rules.js")
    page.add_script_tag(url=live_server.url + "/static/results/rules.js")
    assert page.evaluate("typeof window.SuaraRules.check") == "function"
    return page


def js_check(page, cases):
    """``cases``: (tally, ballots) or (tally, ballots, tps_max)."""
    return page.evaluate(
        "cases => cases.map(([tally, ballots, max]) => window.SuaraRules.check(tally, ballots, max))",
        [[case[0], case[1], case[2] if len(case) > 2 else None] for case in cases],
    )


def py_check(cases):
    return [
        [b.as_dict() for b in check(case[0], ballot_numbers=case[1], tps_max=case[2] if len(case) > 2 else None)]
        for case in cases
    ]


@pytest.mark.browser
@BROWSER
@given(st.lists(st.tuples(tallies(), BALLOTS, TPS_MAX), min_size=1, max_size=25))
def test_js_and_python_break_the_same_rules(rules_page, cases):
    assert js_check(rules_page, cases) == py_check(cases)


@pytest.mark.browser
@BROWSER
@given(st.lists(st.tuples(consistent_tallies(), st.just(PAIRS)), min_size=1, max_size=25))
def test_consistent_tallies_pass_in_both(rules_page, cases):
    assert js_check(rules_page, cases) == [[] for _ in cases]


@pytest.mark.browser
def test_every_rule_has_the_same_message_in_both(rules_page):
    assert rules_page.evaluate("window.SuaraRules.RULES") == RULES
    # Each rule broken once, so every code and detail format is compared at least once.
    samples = [
        {"valid": "12a"},
        {"votes.1": 1, "votes.2": 2, "valid": 4},
        {"valid": 1, "invalid": 1, "total": 3},
        {"voted_total.j": 2, "total": 3},
        {"voted_dpt.j": 1, "voted_dptb.j": 1, "voted_dpk.j": 1, "voted_total.j": 2},
        {"dpt.l": 1, "dpt.p": 1, "dpt.j": 3},
        {"voted_dpt.j": 5, "dpt.j": 4},
        {"votes.1": 9, "dpt.j": 4, "voted_dptb.j": 1, "voted_dpk.j": 1, "total": 9},
        {"ballots.used": 4, "total": 5},
        {"ballots.received": 10, "ballots.used": 4, "ballots.unused": 4, "ballots.damaged": 1},
        {"valid": 9, "dpt.j": 4, "voted_dptb.j": 1, "voted_dpk.j": 1},
        {"ballots.received": 613, "votes.1": 999_999_999},
    ]
    cases = [(tally, None, 612) for tally in samples]
    found = {b["code"] for breaches in js_check(rules_page, cases) for b in breaches}
    assert found == set(RULES)
    assert js_check(rules_page, cases) == py_check(cases)


@pytest.mark.browser
@BROWSER
@given(
    st.lists(
        st.one_of(
            st.text(max_size=12),
            st.from_regex(r"\A[ \t]*[0-9]{1,12}[ \t]*\Z"),
            st.sampled_from(["12a", "-3", "2.5", " 7 ", "007", "\u00a012", "\u0663", "1e3", "123456789", "1234567890"]),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_typed_text_is_read_alike(rules_page, typed):
    from_js = rules_page.evaluate("values => values.map(v => window.SuaraRules.parse(v) ?? null)", typed)
    assert from_js == [parse_number(t) for t in typed]
