"""Who the vitiligo tablets and light treatments fit: steroid pulses (VIT-09) only for
vitiligo that spreads fast, JAK inhibitor tablets (VIT-10) only for non-segmental
vitiligo, and light treatment (VIT-07, VIT-08) with care for children."""

from __future__ import annotations

import pytest

from tests.content.helpers import effects, option, reasons
from tests.content.vitiligo import UNDER_12, VITILIGO, sheet_for

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


# ------------------------------------------------------ light treatment (VIT-07, VIT-08)


def test_a_child_is_at_most_may_for_light_treatment() -> None:
    sheet = sheet_for(**UNDER_12, pace="many_new", extent="11_to_50")
    for option_id in ("VIT-07", "VIT-08"):
        assert sheet.fit_of(option_id).level == "may"
        assert "caution" in effects(sheet, option_id)


# ------------------------------------------------------------- JAK tablets (VIT-10)


def test_the_jak_tablets_are_dated_and_not_approved_for_vitiligo() -> None:
    approval = " ".join(s.text.source for s in option(VITILIGO, "VIT-10").approval)
    assert "As of December 2026" in approval
    assert "no approval of upadacitinib for vitiligo" in approval
    assert "February 2026" in approval
    assert "Ritlecitinib and povorcitinib are not approved for vitiligo" in approval


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
        r.concern == "pregnancy_plans" and r.effect == "caution"
        for r in option(VITILIGO, "VIT-10").fit.rules
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
