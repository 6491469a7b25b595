"""The engine over several people considering stem cell treatment."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest
from flask import Flask

from decisionaid.conditions import enabled_answers, evaluate_variables
from decisionaid.config import DefaultConfig
from decisionaid.content.loader import load_library
from decisionaid.content.model import Option
from decisionaid.engine import OptionFit, OptionSheet, assess_option, build_option_sheet
from tests.conftest import Patient
from tests.patients import flat
from tests.test_standards import pdf_text

LIBRARY = load_library(Path(DefaultConfig.CONTENT_DIR))
STEM_CELLS = LIBRARY.pathways["stem-cells"]
OPTIONS = {option.id: option for option in STEM_CELLS.options}
# Someone with lupus offered cord cells by a private clinic, with no claims noted.
BASE = {
    **flat("stem-cells"),
    "condition": "lupus",
    "cell_source": ["cord"],
    "how_given": ["infusion"],
    "trial_offer": "no",
    "clinic_said": ["none"],
    "cost": "not_told",
}
BASE.pop("pay_when")
BASE.pop("price")
# An adult with MS offered a blood stem cell transplant by a hospital, at no charge.
TRANSPLANT = {
    **BASE,
    "condition": "multiple_sclerosis",
    "offer": "hospital",
    "cell_source": ["blood_stem_cell_transplant"],
    "trial_offer": "no",
    "cost": "no",
}
# Each answer to the pregnancy question that raises a safety concern, and its concern.
PREGNANCY_CONCERNS = {
    "pregnant": "pregnancy",
    "breastfeeding": "breastfeeding",
    "planning": "pregnancy_plans",
}


def sheet_for(**changes: object) -> OptionSheet:
    return build_option_sheet(LIBRARY, STEM_CELLS, {**BASE, **changes})


def fit(option: Option | str, answers: dict) -> OptionFit:
    """One option's fit for ``answers``, as the engine computes it on the sheet."""
    option = OPTIONS[option] if isinstance(option, str) else option
    shown = enabled_answers(STEM_CELLS, answers)
    return assess_option(option, shown, evaluate_variables(STEM_CELLS, shown), ())


def concerns(result: OptionFit) -> set[str]:
    """The safety concerns of the contraindications and cautions that hold."""
    rules = {rule.reason: rule for rule in result.option.fit.rules}
    return {
        rules[reason.text].concern
        for reason in result.reasons
        if reason.effect in ("contraindication", "caution") and rules[reason.text].concern
    }


def warning_notes(sheet: OptionSheet) -> str:
    [view] = [view for view in sheet.sections if view.section.id == "warning_signs"]
    return " ".join(note.text.source for note in view.notes).lower()


def grid() -> list[dict]:
    """Every combination of the answers that decide the fit, each as a whole person."""
    conditions = [option.code for option in STEM_CELLS.items_by_id["condition"].answer_options]
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
# Each person with the answers the engine sees and the facts derived from them, worked
# out once for all the options.
GRID_STATES = [
    (person, shown, evaluate_variables(STEM_CELLS, shown))
    for person, shown in ((person, enabled_answers(STEM_CELLS, person)) for person in GRID)
]


def grid_fits(option_id: str):
    """The option's fit for each person in the grid, with that person."""
    for person, shown, variables in GRID_STATES:
        yield person, assess_option(OPTIONS[option_id], shown, variables, ())


def test_the_grid_covers_every_condition_age_pregnancy_offer_and_payment() -> None:
    assert len(GRID) == 9 * 2 * 5 * 4 * 4 * 4 * 2 * 5
    assert {person["condition"] for person in GRID} >= {"vitiligo", "psoriasis", "other"}


# ---------------------------------------------------------------- SC-03: the clinic product


def test_no_rule_can_raise_paying_a_clinic_outside_a_trial() -> None:
    sc03 = OPTIONS["SC-03"]
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
    sc04 = OPTIONS["SC-04"]
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
    sc04 = OPTIONS["SC-04"]
    favoured = dataclasses.replace(
        sc04,
        fit=dataclasses.replace(
            sc04.fit,
            rules=tuple(
                dataclasses.replace(rule, effect="favour")
                if rule.effect == "note" and "multiple sclerosis" in rule.reason.source
                else rule
                for rule in sc04.fit.rules
            ),
        ),
    )
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


# ---------------------------------------------------------------- sections and claims


def test_each_warning_sign_the_answers_raise_is_named() -> None:
    quiet = warning_notes(sheet_for())
    assert "cure" not in quiet and "testimon" not in quiet
    loud = warning_notes(sheet_for(clinic_said=["cure", "testimonials", "registered"]))
    assert "cure" in loud and "no study we found has shown" in loud
    assert "stories" in loud or "testimon" in loud
    assert "approv" in loud


def test_the_condition_s_own_pathway_is_pointed_to() -> None:
    assert [a.pathway for a in sheet_for(condition="vitiligo").alerts if a.pathway] == ["vitiligo"]
    assert [a.pathway for a in sheet_for(condition="psoriasis").alerts if a.pathway] == [
        "psoriasis"
    ]
    assert not [a for a in sheet_for().alerts if a.pathway]


def test_the_evidence_sections_are_always_there() -> None:
    ids = [view.section.id for view in sheet_for().sections]
    assert ids == [
        "established",
        "experimental",
        "approved",
        "harms",
        "warning_signs",
        "checking_a_trial",
    ]
    caveats = {c.id for view in sheet_for().sections for c in view.caveats}
    assert {"CELL-01", "CELL-02", "CELL-04", "CELL-05", "CELL-06", "CELL-07", "REG-01"} <= caveats


def test_the_pregnancy_questions_to_ask_follow_the_answer() -> None:
    def asked(**changes: object) -> str:
        return " ".join(q.source for q in sheet_for(**changes).questions_to_ask)

    assert "pregnant or breastfeeding" not in asked()
    assert "pregnant or breastfeeding" in asked(pregnancy=["breastfeeding"])
    assert "affect a pregnancy later" in asked(pregnancy=["planning"])


def claim(claim_id: str) -> str:
    [found] = [c for c in LIBRARY.claims if c.id == claim_id]
    return " ".join(found.evidence.source.split())


def test_the_cure_claim_is_answered_first_with_no_study_has_shown_a_cure() -> None:
    assert claim("complete_recovery").startswith("No study has shown a cure.")


def test_the_case_report_is_answered_with_its_small_change_and_microneedling() -> None:
    answer = claim("one_case_proves")
    assert "7.6 to 5.6" in answer and "small change" in answer
    assert "microneedling helps colour come back, mostly alongside other treatments" in answer
    assert "stopping is not the same as getting colour back" in answer
    [found] = [c for c in LIBRARY.claims if c.id == "one_case_proves"]
    assert "roohaninasab-2020" in found.cite


def test_every_claim_the_clinics_make_has_an_answer() -> None:
    ids = {c.id for c in LIBRARY.claims}
    assert {
        "complete_recovery",
        "root_cause",
        "non_invasive",
        "immediate_relief",
        "scalp_psoriasis",
        "usual_care_short_lived",
        "one_case_proves",
    } <= ids
    assert "invasive" in claim("non_invasive")
    assert "no study of stem cells in scalp psoriasis" in claim("scalp_psoriasis")
    assert "IL-17 or IL-23" in claim("root_cause")
    for found in LIBRARY.claims:
        assert found.cite, found.id


def test_the_approvals_are_up_to_date() -> None:
    points = " ".join(p.text.source for p in LIBRARY.caveats["CELL-05"].points)
    points = " ".join(points.split())
    assert "Until 2024" not in points
    for product in ("Zynteglo", "Casgevy", "Lyfgenia", "Omisirge", "Ryoncil"):
        assert product in points, product
    assert "None is for the skin." in points
    assert "approved only as blood-forming transplants" in points


# ---------------------------------------------------------------- on screen and on paper


@pytest.fixture(scope="module")
def sheet_pages(app: Flask) -> tuple[str, str]:
    patient = Patient(app.test_client())
    patient.complete("stem-cells")
    html = patient.client.get("/en/stem-cells/sheet").get_data(as_text=True)
    return " ".join(html.split()), pdf_text(patient, "stem-cells")


@pytest.mark.parametrize(
    "text",
    [
        "No study has shown a cure.",
        "It is non-invasive, because it is only small injections or a drip.",
        "That is invasive.",
        "It gives immediate relief.",
        "We found no study of stem cells in scalp psoriasis.",
        "Usual treatments only work for a short time.",
        "microneedling helps colour come back, mostly alongside other treatments",
        "stopping is not the same as getting colour back",
        "serious, sometimes fatal, side effects including infections",
        "loss of vision and bleeding in the brain",
        "isscr.org/patients",
        "Zynteglo",
    ],
)
def test_the_claim_answers_and_the_ema_warning_are_on_the_sheet_and_the_pdf(
    sheet_pages: tuple[str, str], text: str
) -> None:
    html, pdf = sheet_pages
    assert text in html
    assert text in pdf


def test_the_sheet_cites_the_ema_and_isscr_not_the_2008_handbook(
    sheet_pages: tuple[str, str],
) -> None:
    html, pdf = sheet_pages
    assert "EMA/CAT/94295/2020" in html and "EMA/CAT/94295/2020" in pdf
    assert "Patient Handbook" not in html


def harms_notes(sheet: OptionSheet) -> str:
    [view] = [view for view in sheet.sections if view.section.id == "harms"]
    return " ".join(note.text.source for note in view.notes)


def test_the_short_fever_after_a_drip_is_not_told_to_someone_offered_only_a_transplant() -> None:
    transplant = build_option_sheet(LIBRARY, STEM_CELLS, TRANSPLANT)
    assert TRANSPLANT["how_given"] == ["infusion"]
    assert "short fever" not in harms_notes(transplant)
    # A clinic product by drip, or a transplant offered with one, keeps the note.
    assert "short fever" in harms_notes(sheet_for())
    both = {**TRANSPLANT, "cell_source": ["blood_stem_cell_transplant", "cord"]}
    assert "short fever" in harms_notes(build_option_sheet(LIBRARY, STEM_CELLS, both))
