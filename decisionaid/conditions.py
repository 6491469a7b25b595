"""Evaluate ``enableWhen``-style conditions against answers, without ``eval``.

The same evaluator decides which questions are shown, which derived facts (variables)
hold, and which fit rules apply, so the three can never disagree.
"""

from __future__ import annotations

from decisionaid.content.model import (
    Answers,
    AnswerValue,
    Condition,
    Gate,
    Item,
    Pathway,
)


def _values(answer: AnswerValue | None) -> list[str | int | bool]:
    if answer is None:
        return []
    if isinstance(answer, list):
        return list(answer)
    return [answer]


def _compare(operator: str, value: str | int | bool, expected: str | int | bool) -> bool:
    if operator == "=":
        return value == expected
    # Ordered comparisons only make sense between numbers; the loader enforces it.
    if isinstance(value, bool) or not isinstance(value, int) or not isinstance(expected, int):
        return False
    return {
        ">": value > expected,
        "<": value < expected,
        ">=": value >= expected,
        "<=": value <= expected,
    }[operator]


Variables = dict[str, bool | int]


def condition_holds(
    condition: Condition, answers: Answers, variables: Variables | None = None
) -> bool:
    """Whether one condition holds, on an answer or on a variable.

    ``=`` holds when any answer equals the value (FHIR's rule for repeating answers);
    ``!=`` is exactly the opposite of ``=``, so it also holds when there is no answer.
    """
    if condition.variable is not None:
        known = variables or {}
        values = _values(known.get(condition.variable))
    else:
        values = _values(answers.get(condition.question or ""))
    if condition.operator == "exists":
        return bool(values) == condition.answer
    if condition.operator == "!=":
        return not any(_compare("=", value, condition.answer) for value in values)
    return any(_compare(condition.operator, value, condition.answer) for value in values)


def gate_holds(gate: Gate | None, answers: Answers, variables: Variables | None = None) -> bool:
    """Whether ``enableWhen`` holds under its ``enableBehavior``; no gate always holds."""
    if gate is None:
        return True
    results = (condition_holds(c, answers, variables) for c in gate.conditions)
    return all(results) if gate.behavior == "all" else any(results)


def enabled_answers(pathway: Pathway, answers: Answers) -> Answers:
    """The answers to questions that are shown, given the other answers.

    An answer left over from a question that no longer applies (the person went back
    and changed an earlier answer) is dropped, so it can never drive a rule. Dropping one
    answer can hide another question, so this repeats until nothing changes.
    """
    current = dict(answers)
    for _ in range(len(pathway.items_by_id) + 1):
        kept: Answers = {}
        _keep_enabled(pathway.steps, current, kept)
        if kept == current:
            break
        current = kept
    return current


def _keep_enabled(items: tuple[Item, ...], answers: Answers, kept: Answers) -> None:
    for item in items:
        if not gate_holds(item.enable_when, answers):
            continue
        if item.is_question and item.link_id in answers:
            kept[item.link_id] = answers[item.link_id]
        _keep_enabled(item.items, answers, kept)


def evaluate_variables(pathway: Pathway, answers: Answers) -> Variables:
    """Each derived fact, in the order it is defined (a variable may use earlier ones):
    yes/no for a gate, or the number of its ``count`` conditions that hold."""
    variables: Variables = {}
    for variable in pathway.variables:
        if variable.gate is not None:
            variables[variable.name] = gate_holds(variable.gate, answers, variables)
        else:
            variables[variable.name] = sum(
                condition_holds(condition, answers, variables) for condition in variable.count
            )
    return variables


def first_unanswered_step(pathway: Pathway, answers: Answers) -> Item | None:
    """The first step with a shown, required question that has no answer, if any."""
    shown = enabled_answers(pathway, answers)
    for step in pathway.steps:
        if _has_unanswered(step.items, shown):
            return step
    return None


def _has_unanswered(items: tuple[Item, ...], answers: Answers) -> bool:
    for item in items:
        if not gate_holds(item.enable_when, answers):
            continue
        if item.is_question and item.required and item.link_id not in answers:
            return True
        if _has_unanswered(item.items, answers):
            return True
    return False
