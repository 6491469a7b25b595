"""Psoriasis safety: each safety rule lowers its option's level and says why in the
person's terms, and a sweep over many people checks that no option is "Often considered"
while a safety rule holds or without the NICE reason."""

from __future__ import annotations

import itertools

import pytest

from decisionaid.conditions import enabled_answers, evaluate_variables, gate_holds
from decisionaid.content.model import STRONG_KINDS
from decisionaid.engine import assess_option
from tests.content.helpers import reasons
from tests.content.psoriasis import (
    BIOLOGIC_CASE,
    CREAMS_FAILED,
    INJECTIONS,
    METHOTREXATE_FAILED,
    MILD,
    PSORIASIS,
    SCALP_ONLY,
    STEROID_ONLY,
    WOMAN,
    sheet_for,
)

# Each safety rule, on a patient for whom the NICE reasons hold (so every strong option
# would be "often"): the rule lowers the level, and says why in the person's terms.
SAFETY = [
    ("PSO-07", {"pregnancy_now": "pregnant"}, "not", "pregnan"),
    ("PSO-07", {**WOMAN, "pregnancy_future": "yes"}, "may", "pregnan"),
    ("PSO-07", {**WOMAN, "pregnancy_now": "breastfeeding"}, "not", "breastfeeding"),
    ("PSO-07", {"other_conditions": ["liver"]}, "not", "liver"),
    ("PSO-07", {"other_conditions": ["kidney"]}, "may", "kidney"),
    ("PSO-07", {"other_conditions": ["alcohol"]}, "may", "alcohol"),
    ("PSO-07", {"age": "12_to_17"}, "may", "under 18"),
    ("PSO-07", {"other_conditions": ["tb"]}, "may", "tb check"),
    ("PSO-08", {"other_conditions": ["tb"]}, "may", "tb check"),
    ("PSO-08", {"other_conditions": ["kidney"]}, "not", "confirm with your doctor"),
    ("PSO-08", {"other_conditions": ["cancer"]}, "may", "confirm with your doctor"),
    ("PSO-08", {"other_conditions": ["blood_pressure"]}, "not", "confirm with your doctor"),
    ("PSO-08", {"pregnancy_now": "pregnant"}, "may", "rescue"),
    ("PSO-08", {**WOMAN, "pregnancy_now": "breastfeeding"}, "may", "breastfeeding"),
    ("PSO-08", {"age": "under_12"}, "may", "under 18"),
    ("PSO-09", {"pregnancy_now": "pregnant"}, "not", "birth defects"),
    ("PSO-09", {**WOMAN, "pregnancy_future": "yes"}, "not", "3 years"),
    ("PSO-09", {**WOMAN, "pregnancy_future": "not_sure"}, "not", "3 years"),
    ("PSO-09", {"other_conditions": ["liver"]}, "may", "liver"),
    ("PSO-09", {**WOMAN, "pregnancy_now": "breastfeeding"}, "not", "breastfeeding"),
    ("PSO-09", {"other_conditions": ["alcohol"]}, "may", "alcohol"),
    ("PSO-09", {"age": "12_to_17"}, "may", "under 18"),
    ("PSO-10", {"pregnancy_now": "pregnant"}, "not", "european union"),
    ("PSO-10", {**WOMAN, "pregnancy_now": "breastfeeding"}, "not", "breastfeeding"),
    ("PSO-10", {**WOMAN, "pregnancy_future": "yes"}, "may", "birth control"),
    ("PSO-10", {"age": "under_12"}, "may", "20 kg"),
    ("PSO-10", {"other_conditions": ["depression"]}, "may", "depression"),
    ("PSO-11", {"age": "under_12"}, "not", "only for adults"),
    ("PSO-11", {"age": "12_to_17"}, "not", "only for adults"),
    ("PSO-11", {"pregnancy_now": "pregnant"}, "may", "too few"),
    ("PSO-11", {**WOMAN, "pregnancy_now": "breastfeeding"}, "may", "breast milk"),
    ("PSO-11", {"other_conditions": ["tb"]}, "may", "tb"),
    ("PSO-11", {"other_conditions": ["cancer"]}, "may", "cancer"),
    *(
        (option_id, changes, "may", word)
        for option_id in INJECTIONS
        for changes, word in [
            ({"pregnancy_now": "pregnant"}, "live vaccines"),
            ({**WOMAN, "pregnancy_now": "breastfeeding"}, "breastfeeding"),
            ({"age": "under_12"}, "from age"),
            ({"age": "12_to_17"}, "approved at your age"),
            ({"other_conditions": ["tb"]}, "tb"),
            ({"other_conditions": ["cancer"]}, "cancer"),
        ]
    ),
    ("PSO-13", {"other_conditions": ["ibd"]}, "may", "bowel"),
    ("PSO-13", {"other_conditions": ["depression"]}, "may", "boxed warning"),
    ("PSO-06", {"pregnancy_now": "pregnant"}, "may", "puva"),
    ("PSO-06", {**WOMAN, "pregnancy_now": "breastfeeding"}, "may", "puva"),
    ("PSO-06", {"age": "under_12"}, "may", "children"),
    ("PSO-06", {"other_conditions": ["cancer"]}, "may", "skin cancer"),
]


@pytest.mark.parametrize(("option_id", "changes", "level", "word"), SAFETY)
def test_each_safety_rule_lowers_the_level(
    option_id: str, changes: dict, level: str, word: str
) -> None:
    assert sheet_for(**BIOLOGIC_CASE).fit_of(option_id).level == "often"
    sheet = sheet_for(**BIOLOGIC_CASE, **changes)
    fit = sheet.fit_of(option_id)
    assert fit.level == level
    effect = "contraindication" if level == "not" else "caution"
    assert fit.reasons[0].effect == effect
    assert word in fit.reasons[0].text.source.lower()
    if level == "not":  # reasons in its favour are not listed as if they argued for it
        assert {reason.effect for reason in fit.reasons} <= {"contraindication", "caution"}


@pytest.mark.parametrize(
    ("changes", "level", "word"),
    [
        ({"age": "under_12"}, "not", "40 kg"),
        ({"age": "12_to_17"}, "may", "40 kg"),
        ({"pregnancy_now": "pregnant"}, "may", "pregnancy"),
        ({**WOMAN, "pregnancy_now": "breastfeeding"}, "may", "breastfeeding"),
        ({"other_conditions": ["tb"]}, "may", "tb check"),
        ({"other_conditions": ["cancer"]}, "may", "cancer"),
    ],
)
def test_icotrokinra_has_its_safety_rules(changes: dict, level: str, word: str) -> None:
    fit = sheet_for(**BIOLOGIC_CASE, **changes).fit_of("PSO-15")
    assert fit.level == level
    assert fit.reasons[0].effect == ("contraindication" if level == "not" else "caution")
    assert word in fit.reasons[0].text.source.lower()


def test_icotrokinra_is_not_rated_above_may_while_its_label_is_unchecked() -> None:
    fit = sheet_for(**BIOLOGIC_CASE).fit_of("PSO-15")
    assert fit.level == "may"
    assert not any(reason.effect == "favour" for reason in fit.reasons)
    assert "have not checked its label" in reasons(sheet_for(**BIOLOGIC_CASE), "PSO-15").lower()


def test_the_teenage_biologic_caution_names_who_is_licensed() -> None:
    sheet = sheet_for(**BIOLOGIC_CASE, age="12_to_17")
    for option_id, names in [
        ("PSO-12", ("etanercept", "adalimumab", "infliximab")),
        ("PSO-13", ("secukinumab", "ixekizumab", "brodalumab or bimekizumab")),
        ("PSO-14", ("ustekinumab", "guselkumab", "40 kg", "risankizumab")),
    ]:
        [caution] = [r for r in sheet.fit_of(option_id).reasons if r.effect == "caution"]
        for name in names:
            assert name in caution.text.source.lower(), (option_id, name)
    assert not any(
        r.effect == "note" and "brodalumab" in r.text.source for r in sheet.fit_of("PSO-13").reasons
    )


@pytest.mark.parametrize(
    ("option_id", "changes", "level"),
    [
        ("PSO-05S", {**SCALP_ONLY, "age": "under_12"}, "not"),
        ("PSO-05S", {**SCALP_ONLY, "pregnancy_now": "pregnant"}, "may"),
        ("PSO-05S", {**SCALP_ONLY, **WOMAN, "pregnancy_now": "breastfeeding"}, "may"),
        ("PSO-05", {"sites": ["folds"], "age": "under_12"}, "may"),
        ("PSO-05", {"sites": ["folds"], "other_conditions": ["liver"]}, "may"),
        ("PSO-05", {"sites": ["folds"], "pregnancy_now": "pregnant"}, "may"),
        ("PSO-05", {"sites": ["folds"], **WOMAN, "pregnancy_now": "breastfeeding"}, "may"),
    ],
)
def test_the_new_topicals_have_their_own_safety_rules(
    option_id: str, changes: dict, level: str
) -> None:
    favoured = {
        key: value
        for key, value in changes.items()
        if key not in ("age", "other_conditions", "pregnancy_now", "pregnancy_future")
    }
    assert sheet_for(**favoured).fit_of(option_id).level == "often"
    fit = sheet_for(**changes).fit_of(option_id)
    assert fit.level == level
    assert fit.reasons[0].effect == ("contraindication" if level == "not" else "caution")


def test_tapinarof_says_it_is_for_adults_only() -> None:
    fit = sheet_for(age="12_to_17").fit_of("PSO-05T")
    assert fit.reasons[0].effect == "caution"
    assert "only in adults" in fit.reasons[0].text.source


@pytest.mark.parametrize(
    ("changes", "word"),
    [
        ({"pregnancy_now": "pregnant"}, "pregnan"),
        ({**WOMAN, "pregnancy_now": "breastfeeding"}, "breastfeeding"),
    ],
)
def test_tapinarof_in_pregnancy_and_breastfeeding_is_a_caution(changes: dict, word: str) -> None:
    rule = next(
        rule
        for option in PSORIASIS.options
        if option.id == "PSO-05T"
        for rule in option.fit.rules
        if word in rule.reason.source.lower()
    )
    assert rule.effect == "caution"
    shown = enabled_answers(PSORIASIS, {**MILD, **changes})
    assert gate_holds(rule.gate, shown, evaluate_variables(PSORIASIS, shown))


# --- A sweep over many patients: the level always follows the rules that hold ---------

AGES = [{"age": "under_12"}, {"age": "12_to_17"}, {"age": "18_plus"}]
PREGNANCY = [
    {},
    {"pregnancy_now": "pregnant"},
    {**WOMAN, "pregnancy_now": "breastfeeding"},
    {**WOMAN, "pregnancy_future": "yes"},
    {**WOMAN, "pregnancy_future": "not_sure"},
]
EXTENTS = [{"extent": "under_3"}, {"extent": "3_to_10"}, {"extent": "over_10"}]
TRIED = [
    {},
    STEROID_ONLY,
    CREAMS_FAILED,
    {**CREAMS_FAILED, "steroid_cream_outcome": "side_effects"},
    METHOTREXATE_FAILED | {k: v for k, v in CREAMS_FAILED.items() if k != "tried"},
]
IMPACT = [{"impact": "a_little"}, {"impact": "very_much"}]
OTHER = [["none"], ["kidney", "blood_pressure"], ["cancer"], ["liver", "tb"], ["depression", "ibd"]]
SITES = [{}, SCALP_ONLY, {"sites": ["nails"]}]


def test_no_option_is_often_while_a_safety_rule_holds_or_without_the_nice_reason() -> None:
    checked = 0
    levels: dict[str, set[str]] = {}
    for parts in itertools.product(AGES, PREGNANCY, EXTENTS, TRIED, IMPACT, OTHER, SITES):
        answers = {**MILD}
        for part in parts:
            answers.update(part if isinstance(part, dict) else {"other_conditions": part})
        shown = enabled_answers(PSORIASIS, answers)
        variables = evaluate_variables(PSORIASIS, shown)
        for option in PSORIASIS.options:
            fit = assess_option(option, shown, variables, ())
            held = {
                rule.effect for rule in option.fit.rules if gate_holds(rule.gate, shown, variables)
            }
            if "contraindication" in held:
                assert fit.level == "not", (fit.option.id, answers)
            if "caution" in held:
                assert fit.level != "often", (fit.option.id, answers)
            if fit.option.kind in STRONG_KINDS and fit.level == "often":
                assert variables["systemic_candidate"], (fit.option.id, answers)
                if fit.option.kind == "light":
                    assert not variables["scalp_nails_only"], answers
                if fit.option.kind == "injection":
                    assert variables["biologic_candidate"], (fit.option.id, answers)
            if fit.option.id == "PSO-01" and fit.level == "often":
                assert not variables["steroid_cream_not_enough"], answers
            if fit.option.id == "PSO-02" and fit.level == "often":
                assert not variables["vitamin_d_not_enough"], answers
            if fit.level == "not":
                assert {r.effect for r in fit.reasons} <= {"contraindication", "caution"}
            levels.setdefault(fit.option.kind, set()).add(fit.level)
            checked += 1
    assert checked > 100_000
    assert all(levels[kind] >= {"often", "may"} for kind in ("light", "tablet", "injection"))
