"""Engine mechanics on the small fixture pathway: scores, alerts, option groups that
apply to some people only, and notes from the person's answers."""

from __future__ import annotations

from decisionaid.conditions import evaluate_variables
from decisionaid.content.loader import load_library
from decisionaid.engine import build_option_sheet
from tests.conftest import FIXTURE_CONTENT

LIBRARY = load_library(FIXTURE_CONTENT)
MINI = LIBRARY.pathways["mini"]
ADULT = {"age": "adult", "pregnant": "no", "tried": ["none"], "goal_quick": "very"}


def test_a_score_counts_the_conditions_that_hold() -> None:
    assert evaluate_variables(MINI, {"tried": ["cream", "light"]})["tried_count"] == 2
    assert evaluate_variables(MINI, {"tried": ["light"]})["tried_count"] == 1
    assert evaluate_variables(MINI, {})["tried_count"] == 0


def test_an_alert_shows_when_its_condition_holds() -> None:
    both = {**ADULT, "tried": ["cream", "light"], "cream_outcome": "helped"}
    assert [a.id for a in build_option_sheet(LIBRARY, MINI, both).alerts] == [
        "tried_both",
        "tried_light",
    ]
    assert build_option_sheet(LIBRARY, MINI, ADULT).alerts == ()


def test_a_group_for_some_people_shows_only_for_them() -> None:
    adult = build_option_sheet(LIBRARY, MINI, ADULT)
    child = build_option_sheet(LIBRARY, MINI, {**ADULT, "age": "child"})
    assert [fit.option.id for fit in adult.fits] == ["MINI-01", "MINI-02"]
    assert [fit.option.id for fit in child.fits] == ["MINI-01"]


def test_a_section_carries_the_notes_the_answers_raise() -> None:
    [adult_section] = build_option_sheet(LIBRARY, MINI, ADULT).sections
    [child_section] = build_option_sheet(LIBRARY, MINI, {**ADULT, "age": "child"}).sections
    assert adult_section.notes == ()
    assert [n.text.source for n in child_section.notes] == ["You said you are under 12."]
    assert [c.id for c in child_section.caveats] == ["CELL-01"]


def test_the_sheet_shows_alerts_sections_and_group_intros(mini_patient) -> None:
    mini_patient.answer("mini", "about", {"age": "adult", "pregnant": "no"})
    mini_patient.answer(
        "mini",
        "tried_step",
        {"tried": ["cream", "light"], "cream_outcome": "helped", "goal_quick": "very"},
    )
    html = mini_patient.client.get("/en/mini/sheet").get_data(as_text=True)
    assert 'id="alert-tried_both"' in html and "You tried 2 treatments." in html
    assert 'href="#section-stem_cells"' in html  # the alert links to its section
    assert "Only for adults." in html
    assert 'id="section-stem_cells"' in html and "Some clinics sell stem cell products." in html
