"""The vitiligo sheet as a whole: the questions that decide whether vitiligo is active,
not treating and support, every option and stem cell caveat on every sheet, the alert
for an offer of stem cells, and the content's review dates."""

from __future__ import annotations

import datetime

import pytest

from decisionaid.conditions import enabled_answers, evaluate_variables
from tests.content.helpers import reasons
from tests.content.vitiligo import (
    ALL_OPTIONS,
    PREGNANT,
    STABLE_SEGMENTAL_FACE,
    VITILIGO,
    sheet_for,
)

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


# ------------------------------------------------- not treating and support (VIT-01, 03)


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


# -------------------------------------------------------------------- review dates


def test_the_review_dates_and_version() -> None:
    assert VITILIGO.version == "1.1"
    assert VITILIGO.reviewed == datetime.date(2026, 12, 2)
    assert VITILIGO.next_review == datetime.date(2027, 12, 2)
