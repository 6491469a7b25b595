"""How each option fits a person considering stem cell treatment, over a grid of every
condition, age, pregnancy, offer and payment: usual care (SC-01) is always "Often
considered", a registered trial (SC-02) only when free and checkable, paying a clinic
outside a trial (SC-03) never, and a transplant (SC-04) only where trials exist."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator

import pytest

from decisionaid.conditions import Variables, enabled_answers, evaluate_variables
from decisionaid.content.model import Answers, Option
from decisionaid.engine import OptionFit, assess_option
from tests.content.helpers import option
from tests.content.stem_cells import BASE, STEM_CELLS, TRANSPLANT, sheet_for

# Each answer to the pregnancy question that raises a safety concern, and its concern.
PREGNANCY_CONCERNS = {
    "pregnant": "pregnancy",
    "breastfeeding": "breastfeeding",
    "planning": "pregnancy_plans",
}


def fit(chosen: Option | str, answers: dict) -> OptionFit:
    """One option's fit for ``answers``, as the engine computes it on the sheet."""
    chosen = option(STEM_CELLS, chosen) if isinstance(chosen, str) else chosen
    shown = enabled_answers(STEM_CELLS, answers)
    return assess_option(chosen, shown, evaluate_variables(STEM_CELLS, shown), ())


def concerns(result: OptionFit) -> set[str]:
    """The safety concerns of the contraindications and cautions that hold."""
    rules = {rule.reason: rule for rule in result.option.fit.rules}
    return {
        rules[reason.text].concern
        for reason in result.reasons
        if reason.effect in ("contraindication", "caution") and rules[reason.text].concern
    }


def grid() -> list[dict]:
    """Every combination of the answers that decide the fit, each as a whole person."""
    conditions = [answer.code for answer in STEM_CELLS.items_by_id["condition"].answer_options]
    payments = [
        {"cost": "no"},
        {"cost": "not_told"},
        *({"cost": "yes", "pay_when": when} for when in ("up_front", "during_after", "not_sure")),
    ]
    people = []
    for condition, age, pregnancy, offer, source, trial, number, payment in itertools.product(
        conditions,
        ["under_18", "18_plus"],
        [["no"], ["not_applicable"], ["pregnant"], ["breastfeeding"], ["planning"]],
        ["private_clinic", "hospital", "online", "not_offered"],
        [["own_cells"], ["cord", "secretome"], ["blood_stem_cell_transplant"], ["unknown"]],
        ["registered_trial", "called_trial", "no", "not_sure"],
        [None, "NCT01234567"],
        payments,
    ):
        person = {
            **BASE,
            "condition": condition,
            "age": age,
            "pregnancy": pregnancy,
            "offer": offer,
            "cell_source": source,
            "trial_offer": trial,
            **payment,
        }
        if number:
            person["trial_number"] = number
        people.append(person)
    return people


GRID = grid()


@functools.cache
def grid_states() -> list[tuple[dict, Answers, Variables]]:
    """Each person with the answers the engine sees and the facts derived from them,
    worked out once for all the options, and only when a test asks (it takes seconds)."""
    return [
        (person, shown, evaluate_variables(STEM_CELLS, shown))
        for person, shown in ((person, enabled_answers(STEM_CELLS, person)) for person in GRID)
    ]


def grid_fits(option_id: str) -> Iterator[tuple[dict, OptionFit]]:
    """The option's fit for each person in the grid, with that person."""
    chosen = option(STEM_CELLS, option_id)
    for person, shown, variables in grid_states():
        yield person, assess_option(chosen, shown, variables, ())


def test_the_grid_covers_every_condition_age_pregnancy_offer_and_payment() -> None:
    assert len(GRID) == 9 * 2 * 5 * 4 * 4 * 4 * 2 * 5
    assert {person["condition"] for person in GRID} >= {"vitiligo", "psoriasis", "other"}


# ---------------------------------------------------------------- SC-03: the clinic product


def test_no_rule_can_raise_paying_a_clinic_outside_a_trial() -> None:
    sc03 = option(STEM_CELLS, "SC-03")
    assert sc03.kind == "unproven"
    assert sc03.fit.default == "not"
    assert [rule for rule in sc03.fit.rules if rule.effect == "favour"] == []


def test_paying_a_clinic_is_usually_not_suitable_for_everyone_in_the_grid() -> None:
    levels = {result.level for _, result in grid_fits("SC-03")}
    assert levels == {"not"}


def test_everyone_is_told_why_paying_a_clinic_is_usually_not_suitable() -> None:
    for person, result in grid_fits("SC-03"):
        first = result.reasons[0]
        assert first.effect == "contraindication", person
        assert "fda-2021" in first.cite, person
    thinking = fit("SC-03", {**BASE, "offer": "not_offered"})
    assert "outside a proper trial" in thinking.reasons[0].text.source
    # The general reason gives way to the one the person's own answers raise.
    paying = fit("SC-03", {**BASE, "cost": "yes", "pay_when": "up_front"})
    assert not any("outside a proper trial" in r.text.source for r in paying.reasons)


def test_paying_up_front_makes_the_clinic_product_usually_not_suitable() -> None:
    sheet = sheet_for(cost="yes", pay_when="up_front")
    result = sheet.fit_of("SC-03")
    assert result.level == "not"
    assert result.reasons[0].effect == "contraindication"
    assert any("fda-2021" in reason.cite for reason in result.reasons)
    assert "before_you_pay" in [alert.id for alert in sheet.alerts]


@pytest.mark.parametrize(("answer", "concern"), PREGNANCY_CONCERNS.items())
def test_pregnancy_and_breastfeeding_are_named_for_the_clinic_product(
    answer: str, concern: str
) -> None:
    result = fit("SC-03", {**BASE, "pregnancy": [answer]})
    assert result.level == "not"
    assert concerns(result) == {concern}
    assert concerns(fit("SC-03", {**BASE, "age": "under_18"})) == {"age"}
    assert concerns(fit("SC-03", BASE)) == set()


# ---------------------------------------------------------------- SC-01: usual care


def test_usual_care_is_often_considered_for_everyone() -> None:
    for person, result in grid_fits("SC-01"):
        assert result.level == "often", person


@pytest.mark.parametrize("answer", PREGNANCY_CONCERNS)
def test_pregnancy_breastfeeding_or_plans_keep_usual_care_and_say_what_changes(
    answer: str,
) -> None:
    """Usual care in pregnancy is the pregnancy-safe care chosen with the clinician: it
    stays "often", and a note says that some usual medicines change."""
    result = fit("SC-01", {**BASE, "pregnancy": [answer]})
    assert result.level == "often"
    [reason] = [r for r in result.reasons if r.effect == "note" and "medicines" in r.text.source]
    assert reason.text.source.startswith("You said you are")


def test_being_under_18_or_having_no_pregnancy_question_leaves_usual_care_often() -> None:
    assert fit("SC-01", {**BASE, "age": "under_18"}).level == "often"
    assert fit("SC-01", {**BASE, "pregnancy": ["not_applicable"]}).level == "often"
    assert sheet_for(offer="not_offered").fit_of("SC-01").level == "often"


def test_advice_to_stop_usual_care_is_named_as_a_warning_sign() -> None:
    result = fit("SC-01", {**BASE, "clinic_said": ["stop_treatment"]})
    assert result.level == "often"
    assert any("warning sign" in reason.text.source for reason in result.reasons)


# ---------------------------------------------------------------- SC-02: a registered trial


FREE_TRIAL = {
    **BASE,
    "trial_offer": "registered_trial",
    "cost": "no",
    "trial_number": "NCT01234567",
}


def test_a_free_place_in_a_registered_trial_is_often_considered() -> None:
    assert fit("SC-02", FREE_TRIAL).level == "often"
    assert fit("SC-02", BASE).level == "may"


def test_a_registered_trial_is_reported_as_what_the_person_was_told() -> None:
    text = " ".join(r.text.source for r in fit("SC-02", FREE_TRIAL).reasons)
    assert "You said you were told the trial is registered" in text
    assert "Look the number up yourself in a registry" in text
    # The sheet never states, on the offerer's word, that the trial is registered.
    assert "a place in a registered trial" not in text


# Answers that raise each safety concern of a trial or a transplant.
SAFETY_ANSWERS = [
    ({"pregnancy": ["pregnant"]}, "pregnancy"),
    ({"pregnancy": ["breastfeeding"]}, "breastfeeding"),
    ({"pregnancy": ["planning"]}, "pregnancy_plans"),
    ({"age": "under_18"}, "age"),
]


@pytest.mark.parametrize(("changes", "concern"), SAFETY_ANSWERS)
def test_a_safety_concern_caps_even_a_free_registered_trial(changes: dict, concern: str) -> None:
    result = fit("SC-02", {**FREE_TRIAL, **changes})
    assert result.level == "may"
    assert concern in concerns(result)


def test_a_trial_with_no_number_to_check_is_not_often_considered() -> None:
    without_number = {key: value for key, value in FREE_TRIAL.items() if key != "trial_number"}
    result = fit("SC-02", without_number)
    assert result.level == "may"
    assert any("trial number" in reason.text.source for reason in result.reasons)


def test_a_trial_is_never_often_considered_while_a_safety_concern_holds() -> None:
    for person, result in grid_fits("SC-02"):
        if concerns(result):
            assert result.level != "often", person


# ---------------------------------------------------------------- SC-04: a transplant


def test_a_transplant_is_discussed_only_where_trials_exist() -> None:
    assert sheet_for(condition="multiple_sclerosis").fit_of("SC-04").level == "may"
    assert sheet_for(condition="systemic_sclerosis").fit_of("SC-04").level == "may"
    for condition in ("vitiligo", "psoriasis", "lupus", "crohns", "other"):
        assert sheet_for(condition=condition).fit_of("SC-04").level == "not", condition


def test_a_transplant_is_never_often_considered() -> None:
    assert {result.level for _, result in grid_fits("SC-04")} == {"may", "not"}


def test_a_transplant_has_a_caution_for_pregnancy_breastfeeding_and_age() -> None:
    sc04 = option(STEM_CELLS, "SC-04")
    assert sc04.kind == "procedure"
    safety = {rule.concern: rule.effect for rule in sc04.fit.rules if rule.concern}
    assert safety == {
        "pregnancy": "contraindication",
        "breastfeeding": "contraindication",
        "pregnancy_plans": "caution",
        "age": "caution",
    }


# Pregnancy and breastfeeding make a transplant "not"; plans and age cap it at "may".
TRANSPLANT_LEVEL = {
    "pregnancy": "not",
    "breastfeeding": "not",
    "pregnancy_plans": "may",
    "age": "may",
}


@pytest.mark.parametrize(("changes", "concern"), SAFETY_ANSWERS)
def test_pregnancy_and_age_rules_hold_and_lower_a_transplant(changes: dict, concern: str) -> None:
    assert concerns(fit("SC-04", TRANSPLANT)) == set()
    result = fit("SC-04", {**TRANSPLANT, **changes})
    assert result.level == TRANSPLANT_LEVEL[concern]
    assert concerns(result) == {concern}
    # Were the MS reason one in favour, the caution would still hold the level at "may":
    # the rule is binding, not a note.
    sc04 = option(STEM_CELLS, "SC-04")
    rules = tuple(
        rule.model_copy(update={"effect": "favour"})
        if rule.effect == "note" and "multiple sclerosis" in rule.reason.source
        else rule
        for rule in sc04.fit.rules
    )
    favoured = sc04.model_copy(update={"fit": sc04.fit.model_copy(update={"rules": rules})})
    assert fit(favoured, TRANSPLANT).level == "often"
    assert fit(favoured, {**TRANSPLANT, **changes}).level == TRANSPLANT_LEVEL[concern]


@pytest.mark.parametrize(
    ("answer", "words"), [("pregnant", "in pregnancy"), ("breastfeeding", "while breastfeeding")]
)
def test_a_transplant_in_pregnancy_or_breastfeeding_says_only_what_is_known(
    answer: str, words: str
) -> None:
    result = fit("SC-04", {**TRANSPLANT, "pregnancy": [answer]})
    assert result.level == "not"
    [reason] = [r for r in result.reasons if r.effect == "contraindication"]
    text = reason.text.source
    assert f"You said you are {answer}" in text
    assert "very strong chemotherapy medicines to wipe out the immune system" in text
    assert f"We found no study of these transplants for immune diseases {words}" in text
    assert "usually not suitable now" in text
    assert "Talk to the specialist" in text
    # Only the reasons against are left: the MS note would read as an argument for it.
    assert all(r.effect in ("contraindication", "caution") for r in result.reasons)
    assert not any("multiple sclerosis" in r.text.source for r in result.reasons)


def test_a_child_is_told_the_transplant_trial_took_adults_only() -> None:
    result = fit("SC-04", {**TRANSPLANT, "age": "under_18"})
    [reason] = [r for r in result.reasons if r.effect == "caution"]
    assert "only adults" in reason.text.source
    assert "sullivan-2018" in reason.cite
