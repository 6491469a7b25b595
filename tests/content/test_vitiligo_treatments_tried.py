"""What a vitiligo treatment tried before does to the sheet: one used for 6 months or more
without help, or stopped for side effects, is a caution for that treatment; a shorter
try only raises the question of using it longer."""

from __future__ import annotations

import pytest

from tests.content.helpers import effects, option, reasons
from tests.content.vitiligo import NOTHING_TRIED, VITILIGO, sheet_for

# ------------------------------------------- a treatment that did not help, or was stopped

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
        for rule in option(VITILIGO, option_id).fit.rules
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
