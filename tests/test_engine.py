"""The engine over several patients: answers + the vitiligo pathway -> option sheet."""

from __future__ import annotations

import datetime
import itertools
import random
from collections import Counter
from pathlib import Path

import pytest

from decisionaid.conditions import enabled_answers, evaluate_variables, gate_holds
from decisionaid.config import DefaultConfig
from decisionaid.content.loader import load_library
from decisionaid.content.model import Answers
from decisionaid.engine import OptionSheet, build_option_sheet

LIBRARY = load_library(Path(DefaultConfig.CONTENT_DIR))
VITILIGO = LIBRARY.pathways["vitiligo"]
ALL_OPTIONS = [f"VIT-{n:02d}" for n in range(1, 14)]
STRONG_KINDS = ("light", "tablet", "injection", "procedure")

# An adult with small segmental vitiligo on the face. It began a few years ago, has not
# changed in the last 12 months, and a steroid cream used for 6 to 12 months did not help.
STABLE_SEGMENTAL_FACE: Answers = {
    "age": "18_plus",
    "pregnancy_now": "no",
    "pregnancy_future": "no",
    "skin_type": "brown",
    "pattern": "segmental",
    "sites": ["face_neck"],
    "extent": "under_1",
    "pace": "no_change",
    "activity_signs": ["none"],
    "duration": "1_to_5_years",
    "tried": ["steroid_cream"],
    "steroid_cream_duration": "6_to_12_months",
    "steroid_cream_outcome": "no_change",
    "goal_colour_back": "very",
    "goal_stop_spread": "somewhat",
    "goal_even_tone": "not",
    "goal_avoid_side_effects": "somewhat",
    "goal_few_visits": "not",
    "goal_low_cost": "somewhat",
    "goal_quick_results": "not",
    "stem_cell_offer": "no",
}

# A teenager whose non-segmental vitiligo has spread a lot this year: many new patches,
# confetti-like spots, on the face, hands and body, over about 1 to 10 palms.
SPREADING_FAST: dict = {
    "age": "12_to_17",
    "pregnancy_now": "not_applicable",
    "pregnancy_future": "not_applicable",
    "pattern": "non_segmental",
    "sites": ["face_neck", "hands_feet", "body"],
    "extent": "1_to_10",
    "pace": "many_new",
    "activity_signs": ["confetti"],
    "duration": "under_1_year",
    "tried": ["none"],
}

PREGNANT = {"pregnancy_now": "pregnant"}
BREASTFEEDING = {"pregnancy_now": "breastfeeding"}
UNDER_12 = {"age": "under_12"}


def sheet_for(**changes: object) -> OptionSheet:
    return build_option_sheet(LIBRARY, VITILIGO, {**STABLE_SEGMENTAL_FACE, **changes})


def reasons(sheet: OptionSheet, option_id: str) -> str:
    return " ".join(reason.text.source for reason in sheet.fit_of(option_id).reasons)


def effects(sheet: OptionSheet, option_id: str) -> set[str]:
    return {reason.effect for reason in sheet.fit_of(option_id).reasons}


def option(option_id: str):
    return next(o for o in VITILIGO.options if o.id == option_id)


# ------------------------------------------------------------------ grafting (VIT-11, 12)


def test_stable_for_a_year_after_a_cream_that_did_not_help_makes_grafting_often() -> None:
    sheet = sheet_for()
    for option_id in ("VIT-11", "VIT-12"):
        assert sheet.fit_of(option_id).level == "often"
        text = reasons(sheet, option_id)
        assert "more than a year ago" in text
        assert "did not help" in text


def test_grafting_is_not_often_before_any_cream_or_light_has_been_tried() -> None:
    sheet = sheet_for(tried=["none"])
    for option_id in ("VIT-11", "VIT-12"):
        assert sheet.fit_of(option_id).level == "may"
        assert "try those first" in reasons(sheet, option_id)


def test_a_cream_stopped_for_side_effects_is_not_a_cream_that_did_not_work() -> None:
    sheet = sheet_for(steroid_cream_outcome="side_effects")
    assert sheet.fit_of("VIT-11").level == "may"


def test_vitiligo_that_began_under_a_year_ago_is_too_early_for_grafting() -> None:
    # No new patches "in the last 12 months", but it only began months ago.
    sheet = sheet_for(duration="under_1_year")
    for option_id in ("VIT-11", "VIT-12"):
        assert sheet.fit_of(option_id).level == "not"
        assert "less than a year ago" in reasons(sheet, option_id)
        assert "favour" not in effects(sheet, option_id)


@pytest.mark.parametrize(
    "changes",
    [
        {"pace": "few_new"},
        {"pace": "many_new"},
        {"activity_signs": ["koebner"]},
        {"activity_signs": ["confetti"]},
        {"activity_signs": ["trichrome"]},
        {"activity_signs": ["inflammatory"]},
    ],
)
def test_new_patches_or_signs_of_activity_make_grafting_usually_not_suitable(
    changes: dict,
) -> None:
    sheet = sheet_for(**changes)
    for option_id in ("VIT-11", "VIT-12"):
        assert sheet.fit_of(option_id).level == "not"
        assert "12 months" in reasons(sheet, option_id)
        assert "contraindication" in effects(sheet, option_id)


@pytest.mark.parametrize("changes", [{"pace": "not_sure"}, {"activity_signs": ["not_sure"]}])
def test_not_knowing_whether_it_is_stable_keeps_grafting_from_often(changes: dict) -> None:
    sheet = sheet_for(**changes)
    for option_id in ("VIT-11", "VIT-12"):
        assert sheet.fit_of(option_id).level == "may"
        assert "not sure" in reasons(sheet, option_id)


def test_more_than_half_the_skin_makes_grafting_usually_not_suitable() -> None:
    sheet = sheet_for(extent="over_50", pattern="non_segmental")
    for option_id in ("VIT-11", "VIT-12"):
        assert sheet.fit_of(option_id).level == "not"
        assert "more than half of your skin" in reasons(sheet, option_id)
    # 11 to 50 palms is not ruled out: it stays a choice to talk through.
    assert sheet_for(extent="11_to_50").fit_of("VIT-12").level == "may"


def test_11_to_50_palms_makes_grafting_a_caution_about_the_donor_site() -> None:
    assert sheet_for(extent="1_to_10").fit_of("VIT-11").level == "often"
    sheet = sheet_for(extent="11_to_50")
    for option_id in ("VIT-11", "VIT-12"):
        assert sheet.fit_of(option_id).level == "may"
        assert "caution" in effects(sheet, option_id)
        text = reasons(sheet, option_id)
        assert "You said 11 to 50 palms of your skin have patches" in text
        assert "4 of 11 people with widespread vitiligo" in text
        assert "in none with vitiligo in one area" in text
        # The favour is for up to 10 palms only.
        assert "favour" not in effects(sheet, option_id)
    assert "small skin grafting study" in reasons(sheet, "VIT-12")


@pytest.mark.parametrize(
    ("duration", "level"),
    [
        ("under_3_months", "may"),
        ("3_to_6_months", "may"),
        ("6_to_12_months", "often"),
        ("over_12_months", "often"),
    ],
)
def test_a_treatment_did_not_help_only_after_6_months_or_more(duration: str, level: str) -> None:
    for tried in ("steroid_cream", "calcineurin", "ruxolitinib", "light", "excimer"):
        sheet = sheet_for(
            tried=[tried], **{f"{tried}_duration": duration, f"{tried}_outcome": "no_change"}
        )
        for option_id in ("VIT-11", "VIT-12"):
            assert sheet.fit_of(option_id).level == level, (tried, option_id)
            text = reasons(sheet, option_id)
            if level == "often":
                assert "a cream or light treatment did not help" in text
            else:
                assert "a cream or light treatment did not help" not in text
                assert "try those first" in text


def test_a_cream_that_did_not_help_after_under_3_months_does_not_make_grafting_often() -> None:
    sheet = sheet_for(steroid_cream_duration="under_3_months")
    for option_id in ("VIT-11", "VIT-12"):
        assert sheet.fit_of(option_id).level == "may"
    # The steroid cream card asks whether it was used long enough, and is not capped.
    assert "less than 6 months" in reasons(sheet, "VIT-04")
    assert "caution" not in effects(sheet, "VIT-04")


def test_a_graft_that_did_not_help_is_a_caution_for_both_kinds_of_grafting() -> None:
    sheet = sheet_for(tried=["steroid_cream", "grafting"], grafting_outcome="no_change")
    for option_id in ("VIT-11", "VIT-12"):
        assert sheet.fit_of(option_id).level == "may"
        assert "caution" in effects(sheet, option_id)
        text = reasons(sheet, option_id)
        assert "You said grafting did not help before" in text
        assert "stable for 12 months or more" in text


def test_cell_grafting_for_a_teenager_is_a_caution_because_the_trial_took_adults() -> None:
    sheet = sheet_for(age="12_to_17", pregnancy_now="not_applicable")
    fit = sheet.fit_of("VIT-12")
    assert fit.level == "may"
    [rule] = [r for r in fit.reasons if r.effect == "caution"]
    assert "You said you are 12 to 17. The ReCell trial was only in adults" in rule.text.source
    assert any(
        r.concern == "age" and r.effect == "caution" and "12 to 17" in r.reason.source
        for r in option("VIT-12").fit.rules
    )


def test_a_child_under_12_is_at_most_may_for_grafting_however_stable() -> None:
    sheet = sheet_for(**UNDER_12)
    for option_id in ("VIT-11", "VIT-12"):
        fit = sheet.fit_of(option_id)
        assert fit.level == "may"
        assert "caution" in effects(sheet, option_id)
        assert "under 12" in reasons(sheet, option_id)
    # The age caution does not argue for grafting.
    assert "younger people" not in reasons(sheet, "VIT-11")
    assert "general anaesthetic" in reasons(sheet, "VIT-11")


# ------------------------------------------------------------- signs of activity asked


def test_the_activity_question_asks_about_the_last_12_months_and_all_four_signs() -> None:
    [item] = [i for i in VITILIGO.questions() if i.link_id == "activity_signs"]
    assert item.text.source == "In the last 12 months, have you noticed any of these?"
    codes = [o.code for o in item.answer_options]
    assert {"confetti", "koebner", "trichrome", "inflammatory"} <= set(codes)
    displays = " ".join(o.display.source for o in item.answer_options)
    assert "three shades" in displays
    assert "pink or red" in displays


@pytest.mark.parametrize("sign", ["trichrome", "inflammatory"])
def test_the_new_signs_count_as_active_and_not_as_stable(sign: str) -> None:
    shown = enabled_answers(VITILIGO, {**STABLE_SEGMENTAL_FACE, "activity_signs": [sign]})
    variables = evaluate_variables(VITILIGO, shown)
    assert variables["active"] is True
    assert not variables["unchanged"]
    assert not variables["stable"]
    # A stable history with no signs is stable, so the change comes from the sign.
    plain = evaluate_variables(VITILIGO, enabled_answers(VITILIGO, STABLE_SEGMENTAL_FACE))
    assert plain["stable"] is True and not plain["active"]


# ------------------------------------------------------------ oral steroid pulses (VIT-09)


def test_one_new_patch_does_not_make_steroid_tablets_often_considered() -> None:
    sheet = sheet_for(pace="few_new")
    assert sheet.fit_of("VIT-09").level == "may"
    text = reasons(sheet, "VIT-09")
    assert "You said some new patches" in text
    assert "how active" in text
    # Nobody is told they said it spreads fast when they did not.
    assert "many new patches" not in text
    assert "spreads fast" not in text
    # Light treatment is not brought in "to stop spreading" either.
    assert sheet.fit_of("VIT-07").level == "may"
    assert "many new patches" not in reasons(sheet, "VIT-07")


def test_signs_of_activity_alone_do_not_make_steroid_tablets_often_considered() -> None:
    assert sheet_for(activity_signs=["confetti"]).fit_of("VIT-09").level == "may"


def test_many_new_patches_make_steroid_tablets_and_light_often_considered() -> None:
    sheet = sheet_for(pace="many_new")
    for option_id in ("VIT-09", "VIT-07"):
        assert sheet.fit_of(option_id).level == "often"
        text = reasons(sheet, option_id)
        assert "You said many new patches have appeared, or patches have grown fast" in text
        assert "clinician judges how active" in text


def test_no_change_in_12_months_makes_steroid_tablets_usually_not_suitable() -> None:
    sheet = sheet_for()
    assert sheet.fit_of("VIT-09").level == "not"
    assert "no new patches" in reasons(sheet, "VIT-09")


def test_a_child_under_12_with_many_new_patches_is_at_most_may_for_steroid_tablets() -> None:
    sheet = sheet_for(**UNDER_12, pace="many_new")
    fit = sheet.fit_of("VIT-09")
    assert fit.level == "may"
    assert any(r.effect == "caution" for r in fit.reasons)
    assert "under 12" in reasons(sheet, "VIT-09")


@pytest.mark.parametrize("pace", ["no_change", "few_new", "many_new", "not_sure"])
@pytest.mark.parametrize("signs", [["none"], ["confetti"], ["not_sure"]])
def test_not_treating_and_steroid_tablets_are_never_both_often_for_a_child_with_one_patch(
    pace: str, signs: list
) -> None:
    sheet = sheet_for(**UNDER_12, extent="under_1", pace=pace, activity_signs=signs)
    levels = {sheet.fit_of("VIT-01").level, sheet.fit_of("VIT-09").level}
    assert levels != {"often"}
    assert sheet.fit_of("VIT-09").level != "often"


def test_not_treating_is_not_favoured_for_someone_who_says_it_spreads_fast() -> None:
    sheet = sheet_for(pace="many_new", skin_type="burns_easily", goal_colour_back="somewhat")
    assert sheet.fit_of("VIT-01").level == "may"
    assert "some treatments aim to stop it" in reasons(sheet, "VIT-01")


# ------------------------------------------------------------------ ruxolitinib (VIT-06)


@pytest.mark.parametrize("extent", ["11_to_50", "over_50"])
def test_more_than_10_palms_makes_ruxolitinib_may_and_says_the_limit_is_per_treatment(
    extent: str,
) -> None:
    sheet = sheet_for(extent=extent, pattern="non_segmental")
    fit = sheet.fit_of("VIT-06")
    assert fit.level == "may"
    assert "caution" in effects(sheet, "VIT-06")
    text = reasons(sheet, "VIT-06")
    assert "at one time" in text
    assert "not a limit on how much vitiligo you have" in text
    statements = " ".join(s.text.source for s in fit.option.statements())
    assert "how much skin you treat at one time" in statements


def test_non_segmental_vitiligo_on_the_face_makes_ruxolitinib_often_considered() -> None:
    assert sheet_for(pattern="non_segmental").fit_of("VIT-06").level == "often"


def test_under_12_ruxolitinib_is_not_approved_and_no_reason_argues_for_it() -> None:
    sheet = sheet_for(**UNDER_12, pattern="non_segmental")
    assert sheet.fit_of("VIT-06").level == "not"
    text = reasons(sheet, "VIT-06")
    assert "approved only for people aged 12 and over" in text
    assert "This is what the cream is approved for" not in text


def test_ruxolitinib_approval_says_where_the_nhs_offers_it() -> None:
    approval = " ".join(s.text.source for s in option("VIT-06").approval)
    assert "NICE recommended it in February 2026" in approval
    assert "aged 12 and over" in approval
    assert "Scottish Medicines Consortium did not recommend it" in approval
    assert "May 2024" in approval


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


# ------------------------------------------------------------------ depigmentation (VIT-13)


WIDESPREAD_EVEN_TONE = {
    "extent": "over_50",
    "goal_even_tone": "very",
    "goal_colour_back": "not",
    "pattern": "non_segmental",
    "sites": ["face_neck", "hands_feet", "body"],
}


def test_widespread_vitiligo_and_an_even_tone_mattering_most_depigmentation_may_be_considered() -> (
    None
):
    sheet = sheet_for(**WIDESPREAD_EVEN_TONE)
    assert sheet.fit_of("VIT-13").level == "may"
    assert "psychological assessment" in reasons(sheet, "VIT-13")


@pytest.mark.parametrize("age", ["12_to_17", "under_12"])
def test_depigmentation_is_usually_not_suitable_under_18_and_says_why(age: str) -> None:
    sheet = sheet_for(**WIDESPREAD_EVEN_TONE, age=age, pregnancy_now="not_applicable")
    fit = sheet.fit_of("VIT-13")
    assert fit.level == "not"
    text = reasons(sheet, "VIT-13")
    assert "permanent" in text and "for life" in text
    assert "no source that supports it for children or teenagers" in text
    # Nothing under "Usually not suitable" reads as an argument for it.
    assert "an option for some people" not in text
    assert "psychological assessment first" not in text


def test_depigmentation_is_usually_not_suitable_for_small_areas() -> None:
    assert sheet_for(goal_even_tone="very").fit_of("VIT-13").level == "not"


@pytest.mark.parametrize("safety", [PREGNANT, BREASTFEEDING])
def test_depigmentation_in_pregnancy_or_breastfeeding_is_a_caution(safety: dict) -> None:
    assert sheet_for(**WIDESPREAD_EVEN_TONE, **safety).fit_of("VIT-13").reasons[0].effect == (
        "caution"
    )


# --------------------------------------------------------------------- other options


def test_the_face_makes_tacrolimus_often_considered_but_not_for_a_child() -> None:
    assert sheet_for().fit_of("VIT-05").level == "often"
    sheet = sheet_for(**UNDER_12)
    assert sheet.fit_of("VIT-05").level == "may"
    assert "under 2" in reasons(sheet, "VIT-05")


def test_a_child_is_at_most_may_for_light_treatment() -> None:
    sheet = sheet_for(**UNDER_12, pace="many_new", extent="11_to_50")
    for option_id in ("VIT-07", "VIT-08"):
        assert sheet.fit_of(option_id).level == "may"
        assert "caution" in effects(sheet, option_id)


def test_the_jak_tablets_are_dated_and_not_approved_for_vitiligo() -> None:
    approval = " ".join(s.text.source for s in option("VIT-10").approval)
    assert "As of December 2026" in approval
    assert "no approval of upadacitinib for vitiligo" in approval
    assert "February 2026" in approval
    assert "Ritlecitinib and povorcitinib are not approved for vitiligo" in approval


def test_safety_facts_are_stated_on_the_sheet() -> None:
    statements = {o.id: " ".join(s.text.source for s in o.statements()) for o in VITILIGO.options}
    assert "thyroid" in statements["VIT-01"]
    assert "folic acid" in statements["VIT-07"]
    assert "PUVA" in statements["VIT-07"] and "pregnancy" in statements["VIT-07"]
    assert "tuberculosis" in statements["VIT-10"]
    assert "Live vaccines" in statements["VIT-10"]


def test_the_review_dates_and_version() -> None:
    assert VITILIGO.version == "1.1"
    assert VITILIGO.reviewed == datetime.date(2026, 12, 2)
    assert VITILIGO.next_review == datetime.date(2027, 12, 2)


# ------------------------------------------- a treatment that did not help, or was stopped

NOTHING_TRIED = {"tried": ["none"]}

# For each cream or light option: answers that make it "often", and the treatment the
# person says they tried for it.
TRIED_FOR = [
    ("VIT-04", {}, "steroid_cream", "a steroid cream"),
    ("VIT-05", {}, "calcineurin", "tacrolimus or pimecrolimus"),
    ("VIT-06", {"pattern": "non_segmental"}, "ruxolitinib", "ruxolitinib cream"),
    ("VIT-07", {"pace": "many_new"}, "light", "light treatment"),
    ("VIT-08", {}, "excimer", "the excimer laser or lamp"),
]


@pytest.mark.parametrize(("option_id", "often_for", "tried", "words"), TRIED_FOR)
@pytest.mark.parametrize("duration", ["6_to_12_months", "over_12_months"])
def test_6_months_or_more_without_help_is_a_caution_for_that_treatment(
    option_id: str, often_for: dict, tried: str, words: str, duration: str
) -> None:
    assert sheet_for(**often_for, **NOTHING_TRIED).fit_of(option_id).level == "often"
    sheet = sheet_for(
        **often_for,
        tried=[tried],
        **{f"{tried}_duration": duration, f"{tried}_outcome": "no_change"},
    )
    fit = sheet.fit_of(option_id)
    assert fit.level == "may"
    [caution] = [r for r in fit.reasons if r.effect == "caution"]
    assert "6 months or more" in caution.text.source
    assert words in caution.text.source
    assert "Ask whether another treatment, or adding one, is more likely to help" in (
        caution.text.source
    )


@pytest.mark.parametrize(("option_id", "often_for", "tried", "words"), TRIED_FOR)
def test_under_6_months_without_help_asks_about_longer_use_and_keeps_the_level(
    option_id: str, often_for: dict, tried: str, words: str
) -> None:
    sheet = sheet_for(
        **often_for,
        tried=[tried],
        **{f"{tried}_duration": "3_to_6_months", f"{tried}_outcome": "no_change"},
    )
    assert sheet.fit_of(option_id).level == "often"
    assert "less than 6 months" in reasons(sheet, option_id)
    assert "caution" not in effects(sheet, option_id)


@pytest.mark.parametrize(("option_id", "often_for", "tried", "words"), TRIED_FOR)
def test_stopping_a_treatment_for_side_effects_is_a_caution_for_it(
    option_id: str, often_for: dict, tried: str, words: str
) -> None:
    sheet = sheet_for(
        **often_for,
        tried=[tried],
        **{f"{tried}_duration": "under_3_months", f"{tried}_outcome": "side_effects"},
    )
    fit = sheet.fit_of(option_id)
    assert fit.level == "may"
    [caution] = [r for r in fit.reasons if r.effect == "caution"]
    assert f"You said you stopped {words} because of side effects" in caution.text.source
    # Not a safety concern of the listed kinds: a plain caution.
    side_effect_rules = [
        rule
        for rule in option(option_id).fit.rules
        if rule.gate
        and any(
            c.question == f"{tried}_outcome" and c.answer == "side_effects"
            for c in rule.gate.conditions
        )
    ]
    assert [(r.effect, r.concern) for r in side_effect_rules] == [("caution", None)]


def test_a_course_of_steroid_tablets_that_did_not_help_is_a_caution() -> None:
    assert sheet_for(pace="many_new").fit_of("VIT-09").level == "often"
    sheet = sheet_for(
        pace="many_new",
        tried=["steroid_tablets"],
        steroid_tablets_duration="3_to_6_months",
        steroid_tablets_outcome="no_change",
    )
    fit = sheet.fit_of("VIT-09")
    assert fit.level == "may"
    [caution] = [r for r in fit.reasons if r.effect == "caution"]
    assert "You said a course of steroid tablets did not help" in caution.text.source
    assert "13 weeks" in caution.text.source


# ------------------------------------------------------------- JAK tablets (VIT-10)


def test_jak_tablets_are_usually_not_suitable_for_segmental_vitiligo() -> None:
    sheet = sheet_for(extent="1_to_10")
    fit = sheet.fit_of("VIT-10")
    assert fit.level == "not"
    assert "studied only in non-segmental vitiligo" in reasons(sheet, "VIT-10")
    assert sheet_for(extent="1_to_10", pattern="non_segmental").fit_of("VIT-10").level == ("may")


def test_jak_tablets_for_under_one_palm_is_a_caution() -> None:
    sheet = sheet_for(pattern="non_segmental", extent="under_1")
    assert sheet.fit_of("VIT-10").level == "may"
    assert "caution" in effects(sheet, "VIT-10")
    assert "a cream as the first treatment to try" in reasons(sheet, "VIT-10")
    wider = sheet_for(pattern="non_segmental", extent="1_to_10")
    assert "caution" not in effects(wider, "VIT-10")


@pytest.mark.parametrize("future", ["yes", "not_sure"])
def test_jak_tablets_contraception_is_a_pregnancy_plans_caution(future: str) -> None:
    sheet = sheet_for(pattern="non_segmental", extent="1_to_10", pregnancy_future=future)
    fit = sheet.fit_of("VIT-10")
    [caution] = [r for r in fit.reasons if "contraception" in r.text.source]
    assert caution.effect == "caution"
    assert any(
        r.concern == "pregnancy_plans" and r.effect == "caution" for r in option("VIT-10").fit.rules
    )
    assert "caution" not in effects(
        sheet_for(pattern="non_segmental", extent="1_to_10", pregnancy_future="no"), "VIT-10"
    )


@pytest.mark.parametrize("option_id", ["VIT-06", "VIT-10"])
def test_a_person_not_sure_about_pregnancy_is_not_told_they_said_they_could(
    option_id: str,
) -> None:
    unsure = reasons(sheet_for(pattern="non_segmental", pregnancy_future="not_sure"), option_id)
    assert "You said you could become pregnant, or you are not sure." in unsure
    sure = reasons(sheet_for(pattern="non_segmental", pregnancy_future="yes"), option_id)
    assert "You said you could become pregnant." in sure
    assert "or you are not sure" not in sure


# ------------------------------------------------- a child with patches on the face only

CHILD_FACE = {**UNDER_12, **NOTHING_TRIED, "sites": ["face_neck"]}


@pytest.mark.parametrize("extent", ["under_1", "1_to_10"])
def test_a_child_with_face_only_patches_gets_a_note_not_a_favour_for_steroid_cream(
    extent: str,
) -> None:
    sheet = sheet_for(**CHILD_FACE, extent=extent)
    assert sheet.fit_of("VIT-04").level == "may"
    assert "favour" not in effects(sheet, "VIT-04")
    text = reasons(sheet, "VIT-04")
    assert "You said you are under 12 and your patches are only on your face or neck" in text
    assert "47 in 100 children" in text
    assert "kept away from the eyes" in text
    # Both creams are then "May be considered" for this child.
    assert sheet.fit_of("VIT-05").level == "may"
    # Patches elsewhere too, or an adult: the favour stays.
    assert sheet_for(**{**CHILD_FACE, "sites": ["face_neck", "body"]}, extent=extent).fit_of(
        "VIT-04"
    ).level == ("often")
    assert sheet_for(**NOTHING_TRIED, extent=extent).fit_of("VIT-04").level == "often"


@pytest.mark.parametrize(
    ("age", "figure"),
    [("under_12", "47 in 100 children"), ("12_to_17", "47 in 100 children"), ("18_plus", "58")],
)
def test_the_tacrolimus_face_reason_gives_the_childrens_figure_to_a_child(
    age: str, figure: str
) -> None:
    text = reasons(sheet_for(age=age, pregnancy_now="not_applicable"), "VIT-05")
    assert figure in text
    assert ("58 in 100" in text) == (age == "18_plus")


# ------------------------------------------------------------------------ wording


def test_not_treating_does_not_say_the_look_does_not_worry_someone_who_wants_an_even_tone() -> None:
    base = {"extent": "1_to_10", "goal_colour_back": "not"}
    sheet = sheet_for(**base)
    assert sheet.fit_of("VIT-01").level == "often"
    assert "does not worry you much" in reasons(sheet, "VIT-01")
    sheet = sheet_for(**base, goal_even_tone="very")
    assert sheet.fit_of("VIT-01").level == "may"
    assert "does not worry you much" not in reasons(sheet, "VIT-01")


@pytest.mark.parametrize("age", ["under_12", "12_to_17"])
def test_support_points_to_removing_colour_only_for_adults(age: str) -> None:
    adult = reasons(sheet_for(goal_even_tone="very"), "VIT-03")
    assert "removing the remaining colour" in adult
    young = reasons(sheet_for(goal_even_tone="very", age=age), "VIT-03")
    assert "removing the remaining colour" not in young
    assert "psychological assessment" not in young


def test_ruxolitinib_large_area_reason_says_have_patches() -> None:
    text = reasons(sheet_for(pattern="non_segmental", extent="11_to_50"), "VIT-06")
    assert "more than 10 palms of your skin have patches" in text
    assert "skin has patches" not in text


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


def test_spreading_fast_for_a_teenager_leaves_grafting_and_depigmentation_out() -> None:
    sheet = build_option_sheet(LIBRARY, VITILIGO, {**STABLE_SEGMENTAL_FACE, **SPREADING_FAST})
    assert sheet.fit_of("VIT-09").level == "often"
    for option_id in ("VIT-11", "VIT-12", "VIT-13"):
        assert sheet.fit_of(option_id).level == "not"


# ---------------------------------------------------------------- the sheet as a whole


@pytest.mark.parametrize(
    "changes",
    [{}, {"age": "under_12"}, {"pace": "many_new"}, {"extent": "over_50"}, PREGNANT],
)
def test_no_option_is_ever_hidden_and_the_stem_cell_caveats_are_always_there(
    changes: dict,
) -> None:
    sheet = sheet_for(**changes)
    assert [fit.option.id for fit in sheet.fits] == ALL_OPTIONS
    [stem_cells] = sheet.sections
    assert [caveat.id for caveat in stem_cells.caveats] == [
        "CELL-01",
        "CELL-03",
        "CELL-05",
        "CELL-06",
        "CELL-07",
    ]
    assert sheet.questions_to_ask


def test_an_offer_of_stem_cells_is_flagged_at_the_top() -> None:
    assert not sheet_for().alerts
    for changes in (
        {"stem_cell_offer": "yes"},
        {"stem_cell_offer": "considering"},
        {
            "tried": ["stem_cells"],
            "stem_cells_duration": "under_3_months",
            "stem_cells_outcome": "no_change",
        },
    ):
        [alert] = sheet_for(**changes).alerts
        assert alert.section == "stem_cells"


def test_what_matters_most_comes_first() -> None:
    priorities = sheet_for().priorities
    assert priorities[0].item.link_id == "goal_colour_back"
    assert [p.importance.code for p in priorities] == sorted(
        (p.importance.code for p in priorities), key=["very", "somewhat", "not"].index
    )
    assert not priorities[-1].matters


def test_sources_are_numbered_in_order_of_first_citation() -> None:
    sheet = sheet_for()
    assert list(sheet.source_numbers.values()) == list(range(1, len(sheet.sources) + 1))
    cited = {s for fit in sheet.fits for st in fit.option.statements() for s in st.cite}
    assert cited <= set(sheet.source_numbers)


def test_an_answer_to_a_question_that_no_longer_applies_is_ignored() -> None:
    # The pregnancy answer is left over from before the person changed their age.
    sheet = sheet_for(age="under_12", pregnancy_now="pregnant", pace="many_new")
    assert "Are you pregnant" not in " ".join(
        row.item.text.source for step in sheet.answers for row in step.rows
    )
    assert sheet.fit_of("VIT-06").level == "not"  # for the age, not the pregnancy
    assert "pregnant" not in reasons(sheet, "VIT-06")


def _random_answers(chooser: random.Random) -> Answers:
    answers: Answers = {}
    for item in VITILIGO.questions():
        codes = [option.code for option in item.answer_options]
        if item.type == "choice" and item.repeats:
            plain = [option.code for option in item.answer_options if not option.exclusive]
            answers[item.link_id] = chooser.sample(plain, chooser.randint(1, len(plain)))
        elif item.type == "choice":
            answers[item.link_id] = chooser.choice(codes)
    return answers


def test_any_combination_of_answers_gives_a_complete_sheet() -> None:
    chooser = random.Random(7)
    for _ in range(300):
        sheet = build_option_sheet(LIBRARY, VITILIGO, _random_answers(chooser))
        assert [fit.option.id for fit in sheet.fits] == ALL_OPTIONS
        for fit in sheet.fits:
            assert fit.level in ("often", "may", "not")


def test_the_engine_is_pure() -> None:
    """No Flask and no I/O in the engine or what it builds on; the same answers give the
    same sheet."""
    import ast

    package = Path(__file__).parent.parent / "decisionaid"
    for module in ("engine.py", "conditions.py", "content/model.py"):
        tree = ast.parse((package / module).read_text())
        imported = {
            name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for name in (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
            )
        }
        assert imported <= {
            "__future__",
            "re",
            "collections",
            "dataclasses",
            "datetime",
            "typing",
            "decisionaid",
        }, (module, imported)
    assert sheet_for() == sheet_for()
