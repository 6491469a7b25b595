"""Evaluate ``enableWhen``-style conditions against answers, without ``eval``.

The same evaluator decides which questions are shown, which derived facts (variables)
hold, which fit rules, alerts and notes apply, so none of them can disagree. The browser
copy, ``static/js/enable-when.js``, shows follow-up questions as the person answers; it is
held to the same cases (``tests/fixtures/conditions.json``), and it receives from
``step_view`` everything the server knows that the page does not.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from decisionaid.content.model import (
    Answers,
    Condition,
    Gate,
    Item,
    Pathway,
    Variable,
)

Variables = dict[str, bool | int]


def _is_number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _compare(operator: str, value: str | int | bool, expected: str | int | bool) -> bool:
    if operator == "=":
        # Strict, as JavaScript's ===: the answer "1" is not 1, and true is not 1.
        return type(value) is type(expected) and value == expected
    # Ordered comparisons only make sense between numbers; the loader enforces it.
    if not (_is_number(value) and _is_number(expected)):
        return False
    if operator == ">":
        return value > expected
    if operator == "<":
        return value < expected
    if operator == ">=":
        return value >= expected
    return value <= expected


def condition_holds(
    condition: Condition, answers: Answers, variables: Variables | None = None
) -> bool:
    """Whether one condition holds, on an answer or on a variable.

    ``=`` holds when any answer equals the value (FHIR's rule for repeating answers);
    ``!=`` is exactly the opposite of ``=``, so it also holds when there is no answer.
    """
    # The answer's values and _compare's "=" written out: conditions are evaluated hundreds
    # of times a page, and a function call costs more than the test itself.
    variable = condition.variable
    if variable is not None:
        answer = variables.get(variable) if variables else None
    else:
        answer = answers.get(condition.question or "")
    if answer is None:
        values: Sequence[str | int | bool] = ()
    elif isinstance(answer, list):
        values = answer
    else:
        values = (answer,)
    operator = condition.operator
    expected = condition.answer
    if operator == "exists":
        return bool(values) == expected
    if operator == "=" or operator == "!=":
        kind = type(expected)
        for value in values:
            # Strict, as in _compare.
            if type(value) is kind and value == expected:
                return operator == "="
        return operator == "!="
    return any(_compare(operator, value, expected) for value in values)


def gate_holds(gate: Gate | None, answers: Answers, variables: Variables | None = None) -> bool:
    """Whether ``enableWhen`` holds under its ``enableBehavior``; no gate always holds."""
    if gate is None:
        return True
    # Loops rather than all() and any() over a generator, which costs more than most tests.
    if gate.behavior == "all":
        for condition in gate.conditions:  # noqa: SIM110
            if not condition_holds(condition, answers, variables):
                return False
        return True
    for condition in gate.conditions:  # noqa: SIM110
        if condition_holds(condition, answers, variables):
            return True
    return False


def evaluate_variables(pathway: Pathway, answers: Answers) -> Variables:
    """Each derived fact, in the order it is defined (a variable may use earlier ones):
    yes/no for a gate, or the number of its ``count`` conditions that hold."""
    variables: Variables = {}
    for variable in pathway.variables:
        gate = variable.gate
        if gate is not None:
            variables[variable.name] = gate_holds(gate, answers, variables)
        else:
            held = 0
            for condition in variable.count:
                if condition_holds(condition, answers, variables):
                    held += 1
            variables[variable.name] = held
    return variables


def enabled_answers(pathway: Pathway, answers: Answers) -> Answers:
    """The answers to questions that are shown, given the other answers and the variables.

    An answer left over from a question that no longer applies (the person went back
    and changed an earlier answer) is dropped, so it can never drive a rule. Dropping one
    answer can hide another question, so this repeats until nothing changes.
    """
    return enabled_answers_and_variables(pathway, answers)[0]


def enabled_answers_and_variables(pathway: Pathway, answers: Answers) -> tuple[Answers, Variables]:
    """``enabled_answers``, and the variables they give (computed on the way)."""
    current = dict(answers)
    for _ in range(len(pathway.items_by_id) + 1):
        variables = evaluate_variables(pathway, current)
        kept: Answers = {
            item.link_id: current[item.link_id]
            for item in shown_items(pathway.steps, current, variables)
            if item.is_question and item.link_id in current
        }
        # Only ever fewer answers, each as it was: the same number is the same answers.
        if len(kept) == len(current):
            break
        current = kept
    return current, variables


def shown_items(items: Sequence[Item], answers: Answers, variables: Variables) -> Iterator[Item]:
    """Each of ``items`` and of the items below them that is shown, in document order: its
    ``enableWhen`` holds, and so does that of every group around it."""
    for top in items:
        subtree = top.subtree
        index = 0
        while index < len(subtree):
            item = subtree[index]
            if item.gate is not None and not gate_holds(item.gate, answers, variables):
                index += len(item.subtree)  # nothing below it is shown either
                continue
            yield item
            index += 1


def first_unanswered_step(pathway: Pathway, answers: Answers) -> Item | None:
    """The first step with a shown, required question that has no answer, if any."""
    shown, variables = enabled_answers_and_variables(pathway, answers)
    for step in pathway.steps:
        for item in shown_items(step.items, shown, variables):
            if item.is_question and item.required and item.link_id not in shown:
                return step
    return None


# --- what a step shows ----------------------------------------------------------------


@dataclass(frozen=True)
class StepVisibility:
    """What the server decides about a step's gated items before the page is sent.

    ``hidden``: the items whose gate names no question of this step and fails, so they are
    left out of the page (with or without JavaScript). ``client_data``: for the script, the
    answers of other steps and the variables that this step's gates use, and how to read
    the answers to this step's questions that they name.
    """

    hidden: frozenset[str]
    client_data: dict[str, Any]


def step_view(pathway: Pathway, step: Item, answers: Answers) -> StepVisibility:
    """Which of ``step``'s items the server hides, and what the browser needs for the rest.

    Only answers from other steps count (this step's are about to change); variables come
    from them too, which is exact because an item gate may only use variables of earlier
    steps (``gates_the_browser_cannot_evaluate``).
    """
    on_this_step = {item.link_id for item in step.walk()}
    others = {k: v for k, v in answers.items() if k not in on_this_step}
    known, variables = enabled_answers_and_variables(pathway, others)
    gated = [item for item in step.walk() if item.enable_when is not None]
    hidden = frozenset(
        item.link_id
        for item in gated
        if not any(c.question in on_this_step for c in item.enable_when.conditions)
        and not gate_holds(item.enable_when, known, variables)
    )
    conditions = [condition for item in gated for condition in item.enable_when.conditions]
    questions = {c.question for c in conditions if c.question is not None}
    variable_names = {c.variable for c in conditions if c.variable is not None}
    client_data = {
        "answers": {name: known[name] for name in sorted(questions) if name in known},
        "variables": {
            name: variables[name] for name in sorted(variable_names) if name in variables
        },
        "questions": {
            name: answer_format(pathway.items_by_id[name])
            for name in sorted(questions & on_this_step)
        },
    }
    return StepVisibility(hidden=hidden, client_data=client_data)


def answer_format(item: Item) -> dict[str, Any]:
    """What the browser needs to read an answer to ``item`` as the server does
    (``decisionaid/answers.py``)."""
    return {
        "type": item.type,
        "repeats": item.repeats,
        "codes": [option.code for option in item.answer_options],
        "exclusive": [option.code for option in item.answer_options if option.exclusive],
        "minValue": item.min_value,
        "maxValue": item.max_value,
        "maxLength": item.max_length,
    }


def gate_data(gate: Gate) -> dict[str, Any]:
    """A gate as data for the browser script (the ``data-enable-when`` attribute)."""
    return {
        "behavior": gate.behavior,
        "conditions": [
            {
                "question": condition.question,
                "variable": condition.variable,
                "operator": condition.operator,
                "answer": condition.answer,
            }
            for condition in gate.conditions
        ],
    }


# --- what the browser cannot know -----------------------------------------------------


@dataclass(frozen=True)
class UnevaluableGate:
    """An item's condition that the browser cannot evaluate, and why, in plain words."""

    item: Item
    condition: Condition
    message: str


def gates_the_browser_cannot_evaluate(
    steps: Sequence[Item], variables: Sequence[Variable]
) -> list[UnevaluableGate]:
    """Every item condition whose outcome the page cannot know while the person answers.

    The browser sees this step's inputs and what the server sends (``step_view``): the
    answers of other steps, and variables computed from them. So a condition may name a
    question on the same step or an earlier one, and a variable only if every question it
    depends on is on an earlier step. Unknown names are left to the loader to report.
    """
    step_of = {item.link_id: index for index, step in enumerate(steps) for item in step.walk()}
    depends_on = _questions_behind_variables(variables)
    problems = []
    for index, step in enumerate(steps):
        for item in step.walk():
            for condition in item.enable_when.conditions if item.enable_when else ():
                message = _why_unknowable(condition, index, step_of, depends_on)
                if message:
                    problems.append(UnevaluableGate(item, condition, message))
    return problems


def _why_unknowable(
    condition: Condition,
    index: int,
    step_of: dict[str, int],
    depends_on: dict[str, tuple[str, ...]],
) -> str | None:
    if condition.question is not None:
        if step_of.get(condition.question, index) > index:
            return (
                f"the question '{condition.question}' is on a later step: "
                "the browser cannot know its answer"
            )
        return None
    for question in depends_on.get(condition.variable or "", ()):
        if step_of.get(question, -1) >= index:
            return (
                f"the variable '{condition.variable}' depends on '{question}', a question on "
                "this step or a later one: the browser cannot know it"
            )
    return None


def _questions_behind_variables(variables: Sequence[Variable]) -> dict[str, tuple[str, ...]]:
    """Each variable's questions, directly or through the variables it uses."""
    questions: dict[str, tuple[str, ...]] = {}
    for variable in variables:
        names: list[str] = []
        for condition in _conditions_of(variable):
            if condition.variable is not None:
                names.extend(questions.get(condition.variable, ()))
            elif condition.question is not None:
                names.append(condition.question)
        questions[variable.name] = tuple(dict.fromkeys(names))
    return questions


def _conditions_of(variable: Variable) -> Iterator[Condition]:
    if variable.gate is not None:
        yield from variable.gate.conditions
    yield from variable.count
