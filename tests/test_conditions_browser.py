"""The browser's copy of the condition rules (static/js/enable-when.js), in the real
Chromium: against the same case table as the server (fixtures/conditions.json), and on a
step whose follow-ups depend on an earlier step."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import expect

from decisionaid.conditions import answer_format, gate_data
from decisionaid.content.model import Pathway
from tests.conftest import choose, make_app
from tests.test_conditions import CASES, load_table_pathway, school_copy

pytestmark = pytest.mark.browser

# What the page does with each case: read every answer as the form holds it, then test
# the gate with the answers that read and the variables the server sent.
EVALUATE = """([questions, cases]) => cases.map(({gate, answers, variables}) => {
  const {gateHolds, parseAnswer} = window.decisionaidEnableWhen;
  const parsed = {};
  for (const [name, given] of Object.entries(answers)) {
    const answer = parseAnswer(questions[name], given);
    if (answer !== undefined) { parsed[name] = answer; }
  }
  return gateHolds(gate, parsed, variables);
})"""


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """The app that ``server`` runs, here on the fixture pathway with follow-ups that
    depend on its first step."""
    return make_app(CONTENT_DIR=str(school_copy(tmp_path_factory.mktemp("school"))))


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> Pathway:
    return load_table_pathway(tmp_path_factory.mktemp("table") / "content")


def test_the_browser_agrees_with_the_table_on_every_case(
    browser,
    server: str,
    table: Pathway,
) -> None:
    # The script as a step page loads it, given the data the server would send it.
    page = browser.new_page()
    page.goto(f"{server}/en/mini/about")
    questions = {item.link_id: answer_format(item) for item in table.step("table").items}
    cases = [
        {
            "gate": gate_data(table.items_by_id[f"case_{number}"].enable_when),
            "answers": case.get("answers", {}),
            "variables": case.get("variables", {}),
        }
        for number, case in enumerate(CASES)
    ]
    results = page.evaluate(EVALUATE, [questions, cases])
    page.close()
    wrong = [c["case"] for c, holds in zip(CASES, results, strict=True) if holds is not c["holds"]]
    assert wrong == []


@pytest.mark.parametrize(("age", "shown"), [("Under 12", True), ("18 or older", False)])
def test_a_follow_up_on_an_earlier_answer_and_a_ticked_one_appears_as_the_person_ticks(
    browser,
    server: str,
    age: str,
    shown: bool,
) -> None:
    page = browser.new_page()
    page.goto(f"{server}/en/mini/about")
    choose(page, age)
    if not shown:
        page.locator("#q-pregnant").get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Next").click()
    page.wait_for_url("**/en/mini/tried_step")
    note = page.locator("#q-school_note")
    # The question for children only was decided by the server from the first step.
    assert page.locator("#q-school_nurse").count() == (1 if shown else 0)
    expect(note).to_be_hidden()
    choose(page, "Light")
    expect(note).to_be_visible() if shown else expect(note).to_be_hidden()
    choose(page, "Cream A")
    page.get_by_label("Light", exact=True).uncheck()
    expect(note).to_be_hidden()
    page.close()
