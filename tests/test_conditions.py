"""The condition evaluator behind enableWhen, variables, fit rules, alerts and notes: the
shared case table (fixtures/conditions.json, also run in Chromium by
test_conditions_browser.py), what a step shows, and what the browser cannot know."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from flask import Flask

from decisionaid.answers import saved_answers
from decisionaid.conditions import (
    enabled_answers,
    first_unanswered_step,
    gate_holds,
    gates_the_browser_cannot_evaluate,
    step_view,
)
from decisionaid.content.loader import load_library
from decisionaid.content.model import Pathway
from tests.conftest import FIXTURE_CONTENT, FIXTURES, Patient, broken_copy, make_app

TABLE = json.loads((FIXTURES / "conditions.json").read_text())
CASES = TABLE["cases"]
CASE_IDS = [case["case"] for case in CASES]

MINI = load_library(FIXTURE_CONTENT).pathways["mini"]


def load_table_pathway(folder: Path) -> Pathway:
    """The fixture pathway with the table's questions and variables on a first step, and
    one optional question per case, gated by the case's condition, on a last step."""
    shutil.copytree(FIXTURE_CONTENT, folder)
    path = folder / "mini.yaml"
    pathway = yaml.safe_load(path.read_text())
    cases = [
        {"linkId": f"case_{number}", "type": "string", "text": case["case"]}
        | {key: case[key] for key in ("enableWhen", "enableBehavior") if key in case}
        for number, case in enumerate(CASES)
    ]
    pathway["item"] = [
        {"linkId": "table", "type": "group", "text": "Table", "item": TABLE["questions"]},
        *pathway["item"],
        {"linkId": "table_cases", "type": "group", "text": "Cases", "item": cases},
    ]
    pathway["variables"] += TABLE["variables"]
    path.write_text(yaml.safe_dump(pathway, sort_keys=False, allow_unicode=True))
    return load_library(folder).pathways["mini"]


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> Pathway:
    return load_table_pathway(tmp_path_factory.mktemp("table") / "content")


@pytest.mark.parametrize("number", range(len(CASES)), ids=CASE_IDS)
def test_each_case_of_the_table(table: Pathway, number: int) -> None:
    # Given what the form holds, read as the server reads it,
    case = CASES[number]
    answers = saved_answers((table.step("table"),), case.get("answers", {}))
    # the case's condition holds exactly when the table says.
    gate = table.items_by_id[f"case_{number}"].enable_when
    assert gate_holds(gate, answers, case.get("variables", {})) is case["holds"]


@pytest.mark.parametrize(
    "number",
    [number for number, case in enumerate(CASES) if "variables" not in case],
    ids=[case["case"] for case in CASES if "variables" not in case],
)
def test_the_server_keeps_an_answer_exactly_when_the_table_shows_its_question(
    table: Pathway, number: int
) -> None:
    case = CASES[number]
    sent = {**case.get("answers", {}), f"case_{number}": "an answer"}
    kept = saved_answers((table.step("table"), table.step("table_cases")), sent, table)
    assert (f"case_{number}" in kept) is case["holds"]


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


# --- an item gate on a variable --------------------------------------------------------

SCHOOL = """\
      - linkId: school_nurse
        type: boolean
        text: Does a school nurse help you with treatment?
        required: true
        enableWhen: [{variable: young, operator: "=", answer: true}]
      - linkId: school_note
        type: string
        text: Anything your school should know?
        enableWhen:
          - {question: age, operator: "=", answer: child}
          - {question: tried, operator: "=", answer: light}
"""
GOAL = "      - {linkId: goal_quick,"


def school_copy(folder: Path) -> Path:
    """The fixture content, in ``folder``, with on the pathway's second step a question for
    children only (the variable ``young``, from the first step) and a note gated on both
    steps' answers."""
    return broken_copy(folder, GOAL, SCHOOL + GOAL)


@pytest.fixture(scope="module")
def school_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return school_copy(tmp_path_factory.mktemp("school"))


@pytest.fixture
def school_patient(school_content: Path) -> Patient:
    return Patient(make_app(CONTENT_DIR=str(school_content)).test_client())


def test_a_question_for_children_only_is_shown_and_required_for_a_child(
    school_patient: Patient,
) -> None:
    school_patient.answer("mini", "about", {"age": "child"})
    assert "Does a school nurse help you" in school_patient.client.get("/en/mini/tried_step").text
    response = school_patient.answer("mini", "tried_step", {"tried": ["none"], "goal_quick": "not"})
    assert response.status_code == 200
    assert 'id="school_nurse-error"' in response.text

    response = school_patient.answer(
        "mini", "tried_step", {"tried": ["none"], "goal_quick": "not", "school_nurse": "yes"}
    )
    assert response.headers["Location"] == "/en/mini/review"


def test_a_question_for_children_only_is_not_shown_nor_kept_for_an_adult(
    school_patient: Patient,
) -> None:
    school_patient.answer("mini", "about", {"age": "adult", "pregnant": "no"})
    assert (
        "Does a school nurse help you" not in school_patient.client.get("/en/mini/tried_step").text
    )
    response = school_patient.answer(
        "mini", "tried_step", {"tried": ["none"], "goal_quick": "not", "school_nurse": "yes"}
    )
    assert response.headers["Location"] == "/en/mini/review"
    assert "Does a school nurse help you" not in school_patient.client.get("/en/mini/review").text


def test_the_step_sends_the_browser_what_it_cannot_see(school_content: Path) -> None:
    pathway = load_library(school_content).pathways["mini"]
    step = pathway.step("tried_step")
    # This step's own answers are left to the page's inputs.
    child = step_view(pathway, step, {"age": "child", "tried": ["light"]})
    assert child.hidden == frozenset()
    assert child.client_data["answers"] == {"age": "child"}
    assert child.client_data["variables"] == {"young": True}
    assert set(child.client_data["questions"]) == {"tried"}
    assert child.client_data["questions"]["tried"]["exclusive"] == ["none"]
    # For an adult the server leaves out what depends only on other steps; the note also
    # depends on this step, so the browser decides it.
    adult = step_view(pathway, step, {"age": "adult", "pregnant": "no"})
    assert adult.hidden == frozenset({"school_nurse"})
    assert adult.client_data["variables"] == {"young": False}
    # Answers that no gate of this step names are not sent.
    assert adult.client_data["answers"] == {"age": "adult"}


def test_gates_the_browser_can_evaluate_are_not_reported(school_content: Path) -> None:
    pathway = load_library(school_content).pathways["mini"]
    assert gates_the_browser_cannot_evaluate(pathway.steps, pathway.variables) == []


def test_gates_that_depend_on_later_steps_are_reported(school_content: Path) -> None:
    pathway = load_library(school_content).pathways["mini"]
    # With the steps the other way round, the first step's gates need the second's answers.
    problems = gates_the_browser_cannot_evaluate(pathway.steps[::-1], pathway.variables)
    assert [(p.item.link_id, p.message) for p in problems] == [
        (
            "school_nurse",
            "the variable 'young' depends on 'age', a question on this step or a later one: "
            "the browser cannot know it",
        ),
        (
            "school_note",
            "the question 'age' is on a later step: the browser cannot know its answer",
        ),
    ]
    assert problems[0].condition == pathway.items_by_id["school_nurse"].enable_when.conditions[0]


def test_a_variable_on_the_same_step_is_reported(school_content: Path) -> None:
    pathway = load_library(school_content).pathways["mini"]
    about, tried = pathway.steps
    merged = about.model_copy(update={"link_id": "both", "items": about.items + tried.items})
    problems = gates_the_browser_cannot_evaluate((merged,), pathway.variables)
    assert [p.item.link_id for p in problems] == ["school_nurse"]


@pytest.mark.parametrize("pathway_id", ["vitiligo", "psoriasis", "stem-cells"])
def test_the_real_content_needs_nothing_the_browser_cannot_know(
    app: Flask, pathway_id: str
) -> None:
    pathway = app.extensions["content"].pathways[pathway_id]
    assert gates_the_browser_cannot_evaluate(pathway.steps, pathway.variables) == []
