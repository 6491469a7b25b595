"""Who the vitiligo procedures fit: skin grafting (VIT-11, VIT-12) needs vitiligo that has
been stable for a year after a cream or light that did not help; depigmentation (VIT-13)
is for widespread vitiligo in adults who want an even tone."""

from __future__ import annotations

import pytest

from decisionaid.engine import build_option_sheet
from tests.content.helpers import LIBRARY, effects, option, reasons
from tests.content.vitiligo import (
    BREASTFEEDING,
    PREGNANT,
    SPREADING_FAST,
    STABLE_SEGMENTAL_FACE,
    UNDER_12,
    VITILIGO,
    sheet_for,
)

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
        for r in option(VITILIGO, "VIT-12").fit.rules
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


def test_spreading_fast_for_a_teenager_leaves_grafting_and_depigmentation_out() -> None:
    sheet = build_option_sheet(LIBRARY, VITILIGO, {**STABLE_SEGMENTAL_FACE, **SPREADING_FAST})
    assert sheet.fit_of("VIT-09").level == "often"
    for option_id in ("VIT-11", "VIT-12", "VIT-13"):
        assert sheet.fit_of(option_id).level == "not"
