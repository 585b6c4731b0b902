"""The SMS format of a TPS's tally (results/sms/format.py) and its replies (replies.py): pure."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from suara.results.errors import ResultErrorCode
from suara.results.rules import check
from suara.results.sms.format import CONTESTS, TYPED, Refused, SmsTally, sms_format, sms_parse, tally_from
from suara.results.sms.replies import SMS_MAX, reply_accepted, reply_broken_rules, reply_refused
from suara.results.tests.support import TALLY, consistent_tallies

BALLOTS = [1, 2, 3]
TPS = "3276011006001"
CODES = {str(c) for c in ResultErrorCode}


@given(
    tally=consistent_tallies(),
    contest=st.sampled_from(sorted(CONTESTS)),
    check=st.from_regex(r"[0-9]{6}", fullmatch=True),
)
@settings(max_examples=300)
def test_any_valid_tally_formats_to_an_sms_that_parses_back_to_it(tally, contest, check):
    text = sms_format(contest_code=contest, tps=TPS, tally=tally, ballots=BALLOTS, check=check)
    parsed = sms_parse(text)
    assert isinstance(parsed, SmsTally)
    assert (parsed.contest_code, parsed.tps, parsed.check) == (contest, TPS, check)
    assert tally_from(parsed.numbers, BALLOTS) == tally
    assert len(text) <= 160
    # The same with other separators and in lower case.
    assert sms_parse(text.lower().replace(" ", " * ", 3)) == parsed


@given(text=st.text(max_size=300))
@settings(max_examples=500)
def test_any_text_is_read_or_refused_with_a_code_never_an_exception(text):
    parsed = sms_parse(text)
    if isinstance(parsed, Refused):
        assert parsed.code in CODES and len(reply_refused(code=parsed.code, message=parsed.message)) <= SMS_MAX
    else:
        tally = tally_from(parsed.numbers, BALLOTS)
        assert isinstance(tally, (dict, Refused))


@st.composite
def mangled(draw):
    tally = draw(consistent_tallies())
    text = sms_format(contest_code="PPWP", tps=TPS, tally=tally, ballots=BALLOTS, check="123456")
    i = draw(st.integers(0, len(text) - 1))
    how = draw(st.sampled_from(["delete", "insert", "replace", "swap", "truncate"]))
    char = draw(st.sampled_from(string.printable + "≠é"))
    if how == "delete":
        return tally, text[:i] + text[i + 1 :]
    if how == "insert":
        return tally, text[:i] + char + text[i:]
    if how == "replace":
        return tally, text[:i] + char + text[i + 1 :]
    if how == "swap":
        return tally, text[:i] + text[i + 1 : i + 2] + text[i : i + 1] + text[i + 2 :]
    return tally, text[:i]


@given(case=mangled())
@settings(max_examples=500)
def test_a_mangled_sms_is_refused_with_a_code_or_read_as_what_it_says(case):
    tally, text = case
    parsed = sms_parse(text)
    if isinstance(parsed, Refused):
        assert parsed.code in CODES
        return
    read = tally_from(parsed.numbers, BALLOTS)
    if isinstance(read, Refused):
        assert read.code in CODES
    # What it reads, when it reads, is a tally the check code and the rules then judge (tests of the service).


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", ResultErrorCode.SMS_UNKNOWN_COMMAND),
        ("HALO apa kabar", ResultErrorCode.SMS_UNKNOWN_COMMAND),
        ("HASIL XYZ 3276011006001 1 2 3 123456", ResultErrorCode.SMS_UNKNOWN_CONTEST),
        ("HASIL PPWP 327601100600 1 2 3 123456", ResultErrorCode.SMS_BAD_TPS),
        ("HASIL PPWP 3276011006001 1 2 3 12345", ResultErrorCode.SMS_BAD_CHECK_FORMAT),
        ("HASIL PPWP 3276011006001", ResultErrorCode.SMS_BAD_CHECK_FORMAT),
        ("HASIL PPWP 3276011006001 1 2x 3 123456", ResultErrorCode.SMS_BAD_NUMBER),
        ("HASIL PPWP 3276011006001 1 -2 3 123456", ResultErrorCode.SMS_BAD_NUMBER),
        ("HASIL PPWP 3276011006001 1 999999 3 123456", ResultErrorCode.SMS_BAD_NUMBER),
        ("HASIL PPWP 3276011006001 1 ２ 3 123456", ResultErrorCode.SMS_BAD_NUMBER),
    ],
)
def test_what_cannot_be_read_is_named(text, code):
    parsed = sms_parse(text)
    assert isinstance(parsed, Refused) and parsed.code == code


def test_the_count_of_numbers_is_the_contests():
    parsed = sms_parse("HASIL PPWP 3276011006001 1 2 3 123456")
    refused = tally_from(parsed.numbers, BALLOTS)
    assert refused.code == ResultErrorCode.SMS_NUMBER_COUNT and "seharusnya 16" in refused.message


def test_the_sums_are_computed_and_every_typed_number_is_still_checked():
    numbers = (97, 88, 72, 257, 10, 140, 138, 130, 131, 3, 2, 0, 1, 275, 267, 2)
    tally = tally_from(numbers, BALLOTS)
    assert tally["total"] == 267 and tally["voted_total.j"] == 267 and tally["dpt.j"] == 278
    assert tally["ballots.unused"] == 6 and check(tally, ballot_numbers=BALLOTS) == []
    assert len(numbers) == len(BALLOTS) + len(TYPED)
    # A slip in a vote breaks R1; in a voter count, R3; in the ballots used, B1.
    for slipped, rule in ((0, "R1"), (7, "R3"), (14, "B1")):
        wrong = list(numbers)
        wrong[slipped] += 1
        assert [b.code for b in check(tally_from(tuple(wrong), BALLOTS), ballot_numbers=BALLOTS)] == [rule]
    refused = tally_from((*numbers[:-3], 10, 20, 0), BALLOTS)
    assert refused.rule == "B2" and refused.code == ResultErrorCode.RULES_BROKEN


def test_the_example_tally_of_the_tests_fits_one_sms_with_ten_candidates():
    ballots = list(range(1, 11))
    tally = {**{f"votes.{n}": 99 for n in ballots}, **{k: v for k, v in TALLY.items() if not k.startswith("votes.")}}
    text = sms_format(contest_code="DPRDK", tps=TPS, tally=tally, ballots=ballots, check="000123")
    assert len(text) <= 160


def test_replies_fit_one_sms_in_plain_ascii():
    breaches = [{"code": "R1", "message": "Jumlah ... (300 ≠ 295)", "fields": []}] * 3
    for reply in (
        reply_accepted(contest_code="DPRDP", tps=TPS, receipt="ABCD-EFGH", replay=True),
        reply_broken_rules(contest_code="PPWP", tps=TPS, breaches=breaches),
        reply_refused(code="sms_check_code_invalid", message="x" * 300),
    ):
        assert len(reply) <= SMS_MAX and reply.isascii()
    assert "[R1]" in reply_broken_rules(contest_code="PPWP", tps=TPS, breaches=breaches)
    assert "300 != 295" in reply_broken_rules(contest_code="PPWP", tps=TPS, breaches=breaches)
