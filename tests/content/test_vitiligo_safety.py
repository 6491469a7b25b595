"""Vitiligo safety: what pregnancy, breastfeeding and age do to each option's level, the
safety facts the sheet states, and a sweep over many people checking that no option is
"Often considered" for someone whose answers make it unsafe."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest

from decisionaid.conditions import enabled_answers, evaluate_variables, gate_holds
from decisionaid.content.model import STRONG_KINDS, Answers
from decisionaid.engine import build_option_sheet
from tests.content.helpers import LIBRARY, reasons
from tests.content.vitiligo import (
    BREASTFEEDING,
    PREGNANT,
    STABLE_SEGMENTAL_FACE,
    UNDER_12,
    VITILIGO,
    sheet_for,
)

# ------------------------------------------------------------- pregnancy and breastfeeding


@pytest.mark.parametrize(
    ("option_id", "often_for", "safety", "level"),
    [
        # The EU label: ruxolitinib cream must not be used in pregnancy or breastfeeding.
        ("VIT-06", {"pattern": "non_segmental"}, PREGNANT, "not"),
        ("VIT-06", {"pattern": "non_segmental"}, BREASTFEEDING, "not"),
        # Light: generally safe says a psoriasis charity, but folic acid; a caution.
        ("VIT-07", {"pace": "many_new"}, PREGNANT, "may"),
        ("VIT-07", {"pace": "many_new"}, BREASTFEEDING, "may"),
        ("VIT-08", {}, PREGNANT, "may"),
        ("VIT-08", {}, BREASTFEEDING, "may"),
        # Steroid tablets: no source found, so a caution that says so.
        ("VIT-09", {"pace": "many_new"}, PREGNANT, "may"),
        ("VIT-09", {"pace": "many_new"}, BREASTFEEDING, "may"),
        ("VIT-11", {}, PREGNANT, "may"),
        ("VIT-11", {}, BREASTFEEDING, "may"),
        ("VIT-12", {}, PREGNANT, "may"),
        ("VIT-12", {}, BREASTFEEDING, "may"),
        ("VIT-04", {"tried": ["none"]}, PREGNANT, "may"),
        ("VIT-05", {}, BREASTFEEDING, "may"),
    ],
)
def test_pregnancy_and_breastfeeding_change_the_level(
    option_id: str, often_for: dict, safety: dict, level: str
) -> None:
    assert sheet_for(**often_for).fit_of(option_id).level == "often"
    sheet = sheet_for(**often_for, **safety)
    assert sheet.fit_of(option_id).level == level
    word = "pregnant" if safety is PREGNANT else "breastfeeding"
    assert f"You said you are {word}" in reasons(sheet, option_id)


@pytest.mark.parametrize("safety", [PREGNANT, BREASTFEEDING])
def test_jak_inhibitor_tablets_are_ruled_out_in_pregnancy_and_breastfeeding(safety: dict) -> None:
    sheet = sheet_for(**safety, pattern="non_segmental", extent="11_to_50")
    assert sheet.fit_of("VIT-10").level == "not"
    assert "upadacitinib" in reasons(sheet, "VIT-10")
    assert sheet_for(pattern="non_segmental").fit_of("VIT-10").level == "may"


def test_steroid_tablets_in_pregnancy_say_we_found_no_source_and_to_ask() -> None:
    text = reasons(sheet_for(**PREGNANT, pace="many_new"), "VIT-09")
    assert "We did not find a source" in text
    assert "Ask your clinician" in text


def test_a_possible_pregnancy_brings_the_contraception_rules_but_not_a_ban() -> None:
    sheet = sheet_for(pregnancy_future="yes", pattern="non_segmental")
    assert sheet.fit_of("VIT-06").level == "often"
    assert "contraception" in reasons(sheet, "VIT-06")
    assert "4 weeks" in reasons(sheet, "VIT-10")


def test_the_future_pregnancy_question_is_not_asked_of_someone_pregnant_now() -> None:
    shown = enabled_answers(VITILIGO, {**STABLE_SEGMENTAL_FACE, **PREGNANT})
    assert "pregnancy_future" not in shown
    assert shown["pregnancy_now"] == "pregnant"


def test_safety_facts_are_stated_on_the_sheet() -> None:
    statements = {o.id: " ".join(s.text.source for s in o.statements()) for o in VITILIGO.options}
    assert "thyroid" in statements["VIT-01"]
    assert "folic acid" in statements["VIT-07"]
    assert "PUVA" in statements["VIT-07"] and "pregnancy" in statements["VIT-07"]
    assert "tuberculosis" in statements["VIT-10"]
    assert "Live vaccines" in statements["VIT-10"]


# --------------------------------------------------------------------------- the sweep

AGES = ["under_12", "12_to_17", "18_plus"]
PREGNANCY_STATES = [
    {"pregnancy_now": "pregnant"},
    {"pregnancy_now": "breastfeeding"},
    {"pregnancy_now": "no", "pregnancy_future": "yes"},
    {"pregnancy_now": "no", "pregnancy_future": "no"},
    {"pregnancy_now": "not_applicable", "pregnancy_future": "not_applicable"},
]
PACES = ["no_change", "few_new", "many_new", "not_sure"]
EXTENTS = ["under_1", "1_to_10", "11_to_50", "over_50"]
# Variations that switch on the reasons in favour: a failed cream, a stable history,
# the face, an even tone mattering, and a history that began under a year ago; and a
# cream used under 3 months, which is too short to count as not helping.
HISTORIES = [
    {},
    {"steroid_cream_duration": "under_3_months"},
    {"pattern": "non_segmental", "goal_even_tone": "very", "goal_colour_back": "not"},
    {"duration": "under_1_year", "tried": ["none"], "skin_type": "burns_easily"},
]


def _grid() -> list[Answers]:
    return [
        {
            **STABLE_SEGMENTAL_FACE,
            **history,
            **pregnancy,
            "age": age,
            "pace": pace,
            "extent": extent,
        }
        for age, pregnancy, pace, extent, history in itertools.product(
            AGES, PREGNANCY_STATES, PACES, EXTENTS, HISTORIES
        )
    ]


def test_no_patient_in_the_grid_gets_often_for_an_option_their_answers_make_unsafe() -> None:
    """Every age x pregnancy state x pace x extent: a contraindication that holds makes the
    option "not" and hides its reasons in favour; a caution keeps it from "often". Worked
    out from the rules' own concerns, and counted so the sweep cannot pass by testing
    nothing."""
    held_concerns: Counter = Counter()
    grafting_often: Counter = Counter()
    capped = Counter()
    levels = Counter()
    for answers in _grid():
        sheet = build_option_sheet(LIBRARY, VITILIGO, answers)
        shown = enabled_answers(VITILIGO, answers)
        variables = evaluate_variables(VITILIGO, shown)
        for fit in sheet.fits:
            levels[fit.level] += 1
            held = [r for r in fit.option.fit.rules if gate_holds(r.gate, shown, variables)]
            safety = [r for r in held if r.concern]
            for rule in safety:
                held_concerns[(fit.option.kind in STRONG_KINDS, rule.concern)] += 1
                assert rule.effect in ("contraindication", "caution"), (fit.option.id, rule)
            if any(r.effect == "contraindication" for r in held):
                assert fit.level == "not", (fit.option.id, answers)
                assert all(r.effect in ("contraindication", "caution") for r in fit.reasons)
            if fit.option.id in ("VIT-11", "VIT-12") and fit.level == "often":
                # Grafting is "often" only after 6 months or more of a cream or light
                # that did not help, on up to 10 palms.
                assert answers.get("steroid_cream_duration") in (
                    "6_to_12_months",
                    "over_12_months",
                ), answers
                assert answers["extent"] in ("under_1", "1_to_10"), answers
                grafting_often[answers.get("steroid_cream_duration")] += 1
            if safety or any(r.effect == "caution" for r in held):
                assert fit.level != "often", (fit.option.id, answers)
                if any(r.effect == "favour" for r in held):
                    capped[fit.option.id] += 1
    # The sweep met every kind of safety rule on strong options, and it capped options
    # that would otherwise have been "often".
    for concern in ("pregnancy", "breastfeeding", "age"):
        assert held_concerns[(True, concern)] > 0, concern
    assert {"VIT-06", "VIT-07", "VIT-09", "VIT-11", "VIT-12"} <= set(capped)
    assert grafting_often["6_to_12_months"] > 0
    assert levels["often"] and levels["may"] and levels["not"]


@pytest.mark.parametrize(
    ("changes", "concern"),
    [(PREGNANT, "pregnancy"), (BREASTFEEDING, "breastfeeding"), (UNDER_12, "age")],
)
def test_every_strong_option_has_a_safety_rule_that_holds_for_these_people(
    changes: dict, concern: str
) -> None:
    """Not only that a rule exists (the content check does that), but that it fires."""
    answers = {**STABLE_SEGMENTAL_FACE, **changes}
    shown = enabled_answers(VITILIGO, answers)
    variables = evaluate_variables(VITILIGO, shown)
    strong = [o for o in VITILIGO.options if o.kind in STRONG_KINDS]
    assert strong
    for strong_option in strong:
        assert any(
            rule.concern == concern and gate_holds(rule.gate, shown, variables)
            for rule in strong_option.fit.rules
        ), strong_option.id
