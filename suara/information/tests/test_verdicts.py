"""The verdict rule: each branch of the questions, and agreement with the chosen verdict."""

import itertools

import pytest

from suara.information.verdicts import Answers, Verdict, verdict_for, verdict_problem


@pytest.mark.parametrize(
    ("answers", "verdict"),
    [
        (Answers(facts_true=True, misleading_frame=False, fabricated=False, intent_to_deceive=False), Verdict.BENAR),
        (
            Answers(facts_true=True, misleading_frame=True, fabricated=False, intent_to_deceive=True),
            Verdict.MENYESATKAN,
        ),
        (Answers(facts_true=False, misleading_frame=False, fabricated=True, intent_to_deceive=False), Verdict.HOAKS),
        (
            Answers(facts_true=False, misleading_frame=True, fabricated=False, intent_to_deceive=True),
            Verdict.DISINFORMASI,
        ),
        (
            Answers(facts_true=False, misleading_frame=False, fabricated=False, intent_to_deceive=False),
            Verdict.MISINFORMASI,
        ),
    ],
)
def test_each_branch(answers, verdict):
    assert verdict_for(answers) == verdict
    assert verdict_problem(verdict, answers) is None


def test_every_combination_agrees_with_exactly_one_verdict():
    reached = set()
    for values in itertools.product([False, True], repeat=4):
        answers = Answers(*values)
        agreeing = [v for v in Verdict if verdict_problem(v, answers) is None]
        assert agreeing == [verdict_for(answers)]
        reached.add(agreeing[0])
    assert reached == set(Verdict)


def test_an_unknown_verdict_is_a_problem():
    assert "salah satu" in verdict_problem("PALSU", Answers(False, False, True, False))
