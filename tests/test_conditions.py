"""The condition evaluator behind enableWhen, variables and fit rules."""

from __future__ import annotations

import pytest

from decisionaid.conditions import (
    condition_holds,
    enabled_answers,
    first_unanswered_step,
    gate_holds,
)
from decisionaid.content.loader import load_library
from decisionaid.content.model import Condition, Gate
from tests.conftest import FIXTURE_CONTENT

MINI = load_library(FIXTURE_CONTENT).pathways["mini"]


@pytest.mark.parametrize(
    ("operator", "expected", "answers", "holds"),
    [
        ("=", "cream", {"q": ["cream", "light"]}, True),  # any of several answers
        ("=", "cream", {"q": ["light"]}, False),
        ("=", "cream", {}, False),
        ("!=", "cream", {"q": ["light"]}, True),
        ("!=", "cream", {"q": ["cream", "light"]}, False),  # the opposite of "="
        ("!=", "cream", {}, True),
        ("exists", True, {"q": "x"}, True),
        ("exists", True, {}, False),
        ("exists", False, {}, True),
        (">", 3, {"q": 4}, True),
        (">", 3, {"q": 3}, False),
        (">=", 3, {"q": 3}, True),
        ("<", 3, {"q": 2}, True),
        ("<=", 3, {"q": 4}, False),
        (">", 3, {"q": "4"}, False),  # text is never compared as a number
        ("=", True, {"q": True}, True),
    ],
)
def test_operators(operator: str, expected: object, answers: dict, holds: bool) -> None:
    condition = Condition(operator=operator, answer=expected, question="q")
    assert condition_holds(condition, answers) is holds


def test_variables_and_behaviour() -> None:
    young = Condition(operator="=", answer=True, variable="young")
    adult = Condition(operator="=", answer="adult", question="age")
    assert condition_holds(young, {}, {"young": True})
    assert not condition_holds(young, {}, {"young": False})
    assert gate_holds(Gate((young, adult), "any"), {"age": "adult"}, {"young": False})
    assert not gate_holds(Gate((young, adult), "all"), {"age": "adult"}, {"young": False})
    assert gate_holds(None, {})


def test_answers_to_questions_that_no_longer_apply_are_dropped() -> None:
    # Given someone who said they are an adult, pregnant, and that cream A helped,
    answers = {"age": "adult", "pregnant": "yes", "tried": ["cream"], "cream_outcome": "helped"}
    # when they go back and change their age and what they tried,
    answers.update(age="child", tried=["light"])
    # then the pregnancy and cream answers no longer count.
    assert enabled_answers(MINI, answers) == {"age": "child", "tried": ["light"]}


def test_the_first_unanswered_step() -> None:
    assert first_unanswered_step(MINI, {}).link_id == "about"
    assert first_unanswered_step(MINI, {"age": "adult"}).link_id == "about"  # pregnancy
    assert first_unanswered_step(MINI, {"age": "child"}).link_id == "tried_step"
    done = {"age": "child", "tried": ["light"], "goal_quick": "very"}
    assert first_unanswered_step(MINI, done) is None
    # A follow-up that applies must be answered too.
    assert first_unanswered_step(MINI, {**done, "tried": ["cream"]}).link_id == "tried_step"
