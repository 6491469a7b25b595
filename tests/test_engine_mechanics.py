"""Engine mechanics on the small fixture pathway: scores, alerts, option groups that
apply to some people only, notes from the person's answers, and what each kind of fit
rule does to an option's level."""

from __future__ import annotations

import re
from dataclasses import replace

from decisionaid.conditions import evaluate_variables
from decisionaid.content.loader import load_library
from decisionaid.engine import OptionFit, assess_option, build_option_sheet
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


def fit_of_cream(**answers: object) -> OptionFit:
    sheet = build_option_sheet(LIBRARY, MINI, {**ADULT, **answers})
    return sheet.fit_of("MINI-01")


def effects(fit: OptionFit) -> list[str]:
    return [reason.effect for reason in fit.reasons]


def test_a_reason_in_favour_makes_an_option_often_considered() -> None:
    fit = fit_of_cream(tried=["cream"], cream_outcome="helped", goal_quick="not")
    assert fit.level == "often" and effects(fit) == ["favour"]


def test_a_note_changes_nothing() -> None:
    assert fit_of_cream().level == "may"  # the default
    assert effects(fit_of_cream()) == ["note"]


def test_a_caution_caps_the_level_at_may_and_says_why() -> None:
    fit = fit_of_cream(tried=["cream"], cream_outcome="helped", pregnant="yes")
    assert fit.level == "may"
    # Cautions come before reasons in favour, and notes come last.
    assert effects(fit) == ["caution", "favour", "note"]


def test_a_caution_also_caps_an_option_that_is_often_considered_by_default() -> None:
    cream = MINI.options[0]
    often_by_default = replace(cream, fit=replace(cream.fit, default="often"))
    answers = {**ADULT, "pregnant": "yes"}
    assert assess_option(often_by_default, answers, {}, ()).level == "may"
    assert assess_option(often_by_default, {**ADULT}, {}, ()).level == "often"


def test_a_contraindication_rules_an_option_out_and_hides_the_reasons_for_it() -> None:
    fit = fit_of_cream(age="child", tried=["cream"], cream_outcome="helped")
    assert fit.level == "not"
    # "It helped you before" would read as an argument for an option ruled out, and so
    # would a note on what it offers, or "Fits what matters to you".
    assert effects(fit) == ["contraindication"]
    assert fit.serves == ()
    assert [p.item.link_id for p in fit_of_cream().serves] == ["goal_quick"]


def test_the_sheet_says_in_words_what_each_reason_does(mini_patient) -> None:
    mini_patient.answer("mini", "about", {"age": "adult", "pregnant": "yes"})
    mini_patient.answer(
        "mini",
        "tried_step",
        {"tried": ["cream"], "cream_outcome": "helped", "goal_quick": "very"},
    )
    html = mini_patient.client.get("/en/mini/sheet").get_data(as_text=True)
    card = html[html.index('id="option-MINI-01"') : html.index('id="option-MINI-02"')]
    assert "May be considered" in card and "Often considered" not in card
    text = " ".join(re.sub(r"<[^>]+>", " ", card).split())
    assert "Take care: You said you are pregnant. Ask if cream A is safe for your baby." in text
    assert "Reason for: You said cream A helped you before." in text
    assert "Note: You said quick results matter to you." in text
