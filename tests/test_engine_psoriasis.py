"""The engine over several psoriasis patients: safety decides the level, strong
treatments need the NICE CG153 reason (the first creams were tried and were not enough),
and biologics also need NICE TA146/TA350 (a conventional treatment did not work)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from decisionaid.conditions import enabled_answers, evaluate_variables, gate_holds
from decisionaid.config import DefaultConfig
from decisionaid.content.loader import load_library
from decisionaid.content.model import STRONG_KINDS
from decisionaid.engine import OptionSheet, assess_option, build_option_sheet
from tests.patients import flat

LIBRARY = load_library(Path(DefaultConfig.CONTENT_DIR))
PSORIASIS = LIBRARY.pathways["psoriasis"]
TABLETS = ["PSO-07", "PSO-08", "PSO-09", "PSO-10", "PSO-11", "PSO-15"]
INJECTIONS = ["PSO-12", "PSO-13", "PSO-14"]
STRONG = ["PSO-06", *TABLETS, *INJECTIONS]
# Icotrokinra is never rated above "may" while its label's warnings are not in the fact
# base: the strong options that a reason in favour can make "often".
NEW_AND_UNCHECKED = "PSO-15"
RATED = [option_id for option_id in STRONG if option_id != NEW_AND_UNCHECKED]

# An adult man with small, mild plaques on the body only, no joint symptoms.
MILD: dict = {
    "age": "18_plus",
    "skin_type": "tans_easily",
    "pregnancy_now": "not_applicable",
    "pregnancy_future": "not_applicable",
    "other_conditions": ["none"],
    "extent": "under_3",
    "sites": ["body"],
    "itch": "a_little",
    "impact": "a_little",
    "psa_diagnosed": "no",
    "pest_swollen_joint": "no",
    "pest_arthritis": "no",
    "pest_nail_pits": "no",
    "pest_heel_pain": "no",
    "pest_swollen_digit": "no",
    "tried": ["none"],
    **{key: value for key, value in flat("psoriasis").items() if key.startswith("goal_")},
    "stem_cell_offer": "no",
}
# Only a steroid cream was tried: the NICE first step is not done yet.
STEROID_ONLY: dict = {
    "tried": ["steroid_cream"],
    "steroid_cream_duration": "3_to_6_months",
    "steroid_cream_outcome": "not_enough",
}
# The NICE first step on the body: a steroid and vitamin D, both not enough.
CREAMS_FAILED: dict = {
    "tried": ["steroid_cream", "vitamin_d"],
    "steroid_cream_duration": "3_to_6_months",
    "steroid_cream_outcome": "not_enough",
    "vitamin_d_duration": "3_to_6_months",
    "vitamin_d_outcome": "not_enough",
}
# More than 10 palms, and the first creams were not enough: NICE CG153 holds.
EXTENSIVE: dict = {"extent": "over_10", **CREAMS_FAILED}
# ... and methotrexate did not help enough either: NICE TA146/TA350 holds too.
METHOTREXATE_FAILED: dict = {
    "tried": ["steroid_cream", "vitamin_d", "methotrexate"],
    "methotrexate_duration": "3_to_6_months",
    "methotrexate_outcome": "not_enough",
}
BIOLOGIC_CASE: dict = {**EXTENSIVE, **METHOTREXATE_FAILED}
NOT_BIOLOGIC = ["PSO-06", *(t for t in TABLETS if t != NEW_AND_UNCHECKED)]
SCALP_ONLY: dict = {
    "sites": ["scalp"],
    "scalp_scale": "thin",
    "hair_type": "straight_wavy",
    "hair_washing": "most_days",
    "scalp_tried": ["none"],
}
WOMAN: dict = {"pregnancy_now": "no", "pregnancy_future": "no"}


def sheet_for(**changes: object) -> OptionSheet:
    return build_option_sheet(LIBRARY, PSORIASIS, {**MILD, **changes})


def reasons(sheet: OptionSheet, option_id: str) -> str:
    return " ".join(reason.text.source for reason in sheet.fit_of(option_id).reasons).lower()


def test_extensive_psoriasis_where_the_first_creams_failed_makes_light_and_tablets_often() -> None:
    sheet = sheet_for(**EXTENSIVE)
    for option_id in NOT_BIOLOGIC:
        fit = sheet.fit_of(option_id)
        assert fit.level == "often", option_id
        favour = [r for r in fit.reasons if r.effect == "favour"]
        assert favour and "nice" in favour[0].text.source.lower(), option_id
        assert "10 palms" in favour[0].text.source
        assert "scalp products you tried" in favour[0].text.source
    for option_id in INJECTIONS:  # biologics wait for a conventional treatment (TA146)
        fit = sheet.fit_of(option_id)
        assert fit.level == "may", option_id
        assert not any(reason.effect == "favour" for reason in fit.reasons)
        assert "after methotrexate, ciclosporin or light treatment" in reasons(sheet, option_id)


def test_biologics_are_often_once_a_conventional_treatment_did_not_work() -> None:
    sheet = sheet_for(**BIOLOGIC_CASE)
    for option_id in RATED:
        assert sheet.fit_of(option_id).level == "often", option_id
    for option_id in INJECTIONS:
        fit = sheet.fit_of(option_id)
        [favour] = [r for r in fit.reasons if r.effect == "favour"]
        assert set(favour.cite) == {"nice-ta146", "nice-ta350"}
        assert "clinician measures how severe" in favour.text.source
        assert "after methotrexate" not in reasons(sheet, option_id)


@pytest.mark.parametrize(
    "tried",
    [
        {"tried": ["light"], "light_duration": "3_to_6_months", "light_outcome": "no_change"},
        {"tried": ["ciclosporin"], "ciclosporin_duration": "under_3_months"}
        | {"ciclosporin_outcome": "side_effects"},
        {"tried": ["acitretin"], "acitretin_duration": "over_12_months"}
        | {"acitretin_outcome": "not_enough"},
    ],
)
def test_each_conventional_treatment_counts_for_biologics(tried: dict) -> None:
    answers = {**EXTENSIVE, **tried, "tried": CREAMS_FAILED["tried"] + tried["tried"]}
    assert sheet_for(**answers).fit_of("PSO-14").level == "often"
    helped = {**answers, f"{tried['tried'][0]}_outcome": "helped"}
    assert sheet_for(**helped).fit_of("PSO-14").level == "may"


def test_a_big_effect_on_daily_life_where_creams_failed_also_counts() -> None:
    sheet = sheet_for(impact="very_much", **CREAMS_FAILED)
    for option_id in NOT_BIOLOGIC:
        assert sheet.fit_of(option_id).level == "often", option_id
        assert "affects your life a lot" in reasons(sheet, option_id)
    for option_id in INJECTIONS:
        assert sheet.fit_of(option_id).level == "may", option_id


def test_a_steroid_cream_alone_is_not_the_nice_first_step() -> None:
    sheet = sheet_for(extent="over_10", impact="very_much", **STEROID_ONLY)
    for option_id in STRONG:
        assert sheet.fit_of(option_id).level == "may", option_id
        assert "a steroid and a vitamin d cream" in reasons(sheet, option_id)
    # Stopped for side effects counts as "cannot be used".
    stopped = {**CREAMS_FAILED, "vitamin_d_outcome": "side_effects"}
    assert sheet_for(extent="over_10", **stopped).fit_of("PSO-07").level == "often"


THICK_SCALP: dict = {
    **SCALP_ONLY,
    "scalp_scale": "thick",
    "scalp_tried": ["steroid_scalp"],
    "steroid_scalp_outcome": "not_enough",
    "impact": "very_much",
}


def test_on_the_scalp_the_first_step_is_a_steroid_and_softening_thick_scale() -> None:
    unsoftened = sheet_for(**THICK_SCALP)
    for option_id in STRONG:
        assert unsoftened.fit_of(option_id).level == "may", option_id
    assert unsoftened.fit_of("PSO-04S").level == "often"
    softened = sheet_for(**{**THICK_SCALP, "scalp_tried": ["steroid_scalp", "scale_softener"]})
    thin = sheet_for(**{**THICK_SCALP, "scalp_scale": "thin"})
    for sheet in (softened, thin):
        fit = sheet.fit_of("PSO-07")
        assert fit.level == "often"
        [favour] = [r for r in fit.reasons if r.effect == "favour"]
        assert "scalp products you tried" in favour.text.source
        assert "creams or ointments were not enough" not in favour.text.source


def test_a_cream_that_did_not_work_is_not_favoured_again() -> None:
    body = {"extent": "3_to_10"}
    assert sheet_for(**body).fit_of("PSO-01").level == "often"
    assert sheet_for(**body).fit_of("PSO-02").level == "often"
    steroid = sheet_for(**body, **STEROID_ONLY)
    assert steroid.fit_of("PSO-01").level == "may"
    assert "ask what to try next" in reasons(steroid, "PSO-01")
    assert sheet_for(**body, **STEROID_ONLY, sites=["face"]).fit_of("PSO-01").level == "may"
    assert sheet_for(**body, **STEROID_ONLY, sites=["folds"]).fit_of("PSO-01").level == "may"
    vitamin_d = {"tried": ["vitamin_d"], "vitamin_d_duration": "3_to_6_months"}
    for outcome in ("no_change", "not_enough"):
        sheet = sheet_for(**body, **vitamin_d, vitamin_d_outcome=outcome)
        assert sheet.fit_of("PSO-02").level == "may"
        assert "used it long enough" in reasons(sheet, "PSO-02")


def test_extensive_untreated_psoriasis_gets_the_nice_first_step() -> None:
    sheet = sheet_for(extent="over_10")
    fit = sheet.fit_of("PSO-02")
    assert fit.level == "often"
    [favour] = [r for r in fit.reasons if r.effect == "favour"]
    assert favour.cite == ("nice-cg153",)
    assert "first step" in favour.text.source
    assert sheet_for(extent="over_10", **STEROID_ONLY).fit_of("PSO-02").level == "may"


@pytest.mark.parametrize(
    "changes",
    [
        {"extent": "over_10"},  # extensive, but creams never tried
        {"impact": "very_much"},  # big impact, but creams never tried
        {"sites": ["body", "palms_soles"]},  # a special site alone
        {"sites": ["body", "nails"], **CREAMS_FAILED},  # creams failed, mild, no impact
        {**CREAMS_FAILED, "steroid_cream_outcome": "helped", "extent": "over_10"},
        {**STEROID_ONLY, "extent": "over_10"},  # only a steroid tried
        {**STEROID_ONLY, "impact": "very_much"},
    ],
)
def test_without_the_nice_reason_strong_treatments_are_at_most_may(changes: dict) -> None:
    sheet = sheet_for(**changes)
    for option_id in STRONG:
        fit = sheet.fit_of(option_id)
        assert fit.level == "may", option_id
        assert not any(reason.effect == "favour" for reason in fit.reasons)


def test_mild_untreated_scalp_psoriasis_puts_the_scalp_treatments_first() -> None:
    sheet = sheet_for(**SCALP_ONLY)
    for option_id in STRONG:
        assert sheet.fit_of(option_id).level == "may", option_id
        assert "made for that place first" in reasons(sheet, option_id)
    [scalp] = [group for group in sheet.groups if group.group.id == "scalp"]
    assert [fit.option.id for fit in scalp.fits] == ["PSO-01S", "PSO-05S", "PSO-04S", "PSO-03S"]
    assert sheet.fit_of("PSO-01S").level == "often"
    assert sheet.fit_of("PSO-05S").level == "often"
    assert "66 in 100" in reasons(sheet, "PSO-05S")


@pytest.mark.parametrize("sites", [["scalp"], ["nails"], ["scalp", "nails"]])
def test_light_is_never_often_for_psoriasis_only_on_the_scalp_or_nails(sites: list) -> None:
    scalp = {key: value for key, value in SCALP_ONLY.items() if key != "sites"}
    sheet = sheet_for(sites=sites, impact="very_much", **scalp, **BIOLOGIC_CASE)
    assert sheet.fit_of("PSO-06").level == "may"
    assert "only on your scalp or nails" in reasons(sheet, "PSO-06")
    assert sheet.fit_of("PSO-14").level == "often"  # the NICE reason holds for the others


def test_special_sites_put_their_own_creams_first() -> None:
    assert sheet_for(sites=["face"]).fit_of("PSO-01").level == "often"
    folds = sheet_for(sites=["folds"])
    assert folds.fit_of("PSO-05").level == "often"
    assert "skin folds" in reasons(folds, "PSO-05")


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
    assert "have not checked its label" in reasons(sheet_for(**BIOLOGIC_CASE), "PSO-15")


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


def test_the_2026_options_are_on_the_sheet() -> None:
    sheet = sheet_for(**SCALP_ONLY)
    groups = {group.group.id: [fit.option.id for fit in group.fits] for group in sheet.groups}
    assert {"PSO-05", "PSO-05T"} <= set(groups["creams"])
    assert "PSO-05S" in groups["scalp"]
    assert "PSO-15" in groups["tablets"]
    text = " ".join(
        statement.text.source for statement in sheet.fit_of("PSO-15").option.statements()
    )
    assert "March 2026" in text and "40 kg" in text


def test_every_tablet_and_injection_says_what_happens_before_you_start() -> None:
    for option_id in TABLETS + INJECTIONS:
        option = sheet_for().fit_of(option_id).option
        assert any("Before you start" in c.text.source for c in option.cautions), option_id


def test_the_sheet_says_when_to_get_help_and_what_comes_with_psoriasis() -> None:
    sheet = sheet_for()
    assert "same_day_help" in [alert.id for alert in sheet.alerts]
    [living] = [view for view in sheet.sections if view.section.id == "living_with_psoriasis"]
    notes = " ".join(note.text.source for note in living.notes)
    for words in ("cannot catch it", "strep throat", "lithium", "heart disease", "depression"):
        assert words in notes


def test_small_areas_of_mild_disease_put_creams_first() -> None:
    sheet = sheet_for()
    assert sheet.fit_of("PSO-01").level == "often"
    assert sheet.fit_of("PSO-02").level == "often"
    for option_id in STRONG:
        assert sheet.fit_of(option_id).level == "may", option_id
        assert "cream" in reasons(sheet, option_id)


def test_a_positive_joint_screen_puts_a_referral_at_the_top() -> None:
    three = sheet_for(pest_swollen_joint="yes", pest_nail_pits="yes", pest_heel_pain="yes")
    assert three.alerts[0].id == "rheumatology"
    assert "rheumatolog" in three.alerts[0].title.source.lower()
    assert three.alerts[0].cite  # the reason has its source
    two = sheet_for(pest_swollen_joint="yes", pest_nail_pits="yes")
    assert "rheumatology" not in [alert.id for alert in two.alerts]


def test_scalp_treatments_are_there_when_the_scalp_is_affected() -> None:
    without = sheet_for()
    assert "scalp" not in [group.group.id for group in without.groups]
    scalp = sheet_for(**{**SCALP_ONLY, "scalp_scale": "thick"})
    [group] = [group for group in scalp.groups if group.group.id == "scalp"]
    assert scalp.fit_of("PSO-04S").level == "often"  # thick scale: soften it first
    assert group.group.intro is not None


def test_an_offer_of_stem_cells_is_answered_with_the_evidence() -> None:
    sheet = sheet_for(stem_cell_offer="yes", clinic_said=["cure"])
    assert "stem_cells" in [alert.id for alert in sheet.alerts]
    [section] = [view for view in sheet.sections if view.section.id == "stem_cells"]
    assert "CELL-02" in [caveat.id for caveat in section.caveats]
    assert section.notes[0].text.source.split(". ")[1].startswith("No study has shown a cure")


def test_no_option_is_hidden() -> None:
    ids = [fit.option.id for fit in sheet_for().fits]
    assert ids == [o.id for o in PSORIASIS.options if o.group != "scalp"]


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
