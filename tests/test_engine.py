"""The engine over several patients: answers + the vitiligo pathway -> option sheet."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from decisionaid.config import DefaultConfig
from decisionaid.content.loader import load_library
from decisionaid.content.model import Answers
from decisionaid.engine import OptionSheet, build_option_sheet

LIBRARY = load_library(Path(DefaultConfig.CONTENT_DIR))
VITILIGO = LIBRARY.pathways["vitiligo"]
ALL_OPTIONS = [f"VIT-{n:02d}" for n in range(1, 14)]

# An adult with small, stable, segmental vitiligo on the face for a few years.
STABLE_SEGMENTAL_FACE: Answers = {
    "age": "18_plus",
    "pregnancy": "no",
    "skin_type": "brown",
    "pattern": "segmental",
    "sites": ["face_neck"],
    "extent": "under_1",
    "new_or_growing": "no",
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


def sheet_for(**changes: object) -> OptionSheet:
    return build_option_sheet(LIBRARY, VITILIGO, {**STABLE_SEGMENTAL_FACE, **changes})


def reasons(sheet: OptionSheet, option_id: str) -> str:
    return " ".join(reason.text.source for reason in sheet.fit_of(option_id).reasons)


def test_stable_segmental_vitiligo_on_the_face_makes_grafting_often_considered() -> None:
    sheet = sheet_for()
    assert sheet.fit_of("VIT-11").level == "often"
    assert sheet.fit_of("VIT-12").level == "often"
    assert "segmental" in reasons(sheet, "VIT-11").lower()


def test_new_patches_make_grafting_usually_not_suitable_and_say_why() -> None:
    sheet = sheet_for(new_or_growing="yes")
    for option_id in ("VIT-11", "VIT-12"):
        fit = sheet.fit_of(option_id)
        assert fit.level == "not"
        assert "12 months" in reasons(sheet, option_id)
        assert any(reason.effect == "contraindication" for reason in fit.reasons)


def test_signs_of_activity_count_as_active_too() -> None:
    assert sheet_for(activity_signs=["koebner"]).fit_of("VIT-11").level == "not"


def test_under_12_ruxolitinib_cream_is_not_approved_at_this_age() -> None:
    sheet = sheet_for(age="under_12")
    fit = sheet.fit_of("VIT-06")
    assert fit.level == "not"
    assert "12" in reasons(sheet, "VIT-06")
    assert "approved" in reasons(sheet, "VIT-06").lower()


def test_widespread_vitiligo_and_an_even_tone_mattering_most_depigmentation_may_be_considered() -> (
    None
):
    sheet = sheet_for(
        extent="over_50",
        goal_even_tone="very",
        pattern="non_segmental",
        sites=["face_neck", "hands_feet", "body"],
    )
    assert sheet.fit_of("VIT-13").level == "may"
    assert sheet.fit_of("VIT-13").reasons
    # Ruxolitinib cream is for up to a tenth of the skin at a time.
    assert sheet.fit_of("VIT-06").level == "not"


def test_depigmentation_is_usually_not_suitable_for_small_areas() -> None:
    assert sheet_for(goal_even_tone="very").fit_of("VIT-13").level == "not"


def test_fast_spreading_vitiligo_brings_steroid_tablets_into_the_discussion() -> None:
    assert sheet_for(new_or_growing="yes").fit_of("VIT-09").level == "often"
    assert sheet_for().fit_of("VIT-09").level == "not"


def test_pregnancy_is_a_reason_against_ruxolitinib_cream() -> None:
    sheet = sheet_for(pregnancy="yes", pattern="non_segmental")
    assert sheet.fit_of("VIT-06").level == "not"
    assert "pregnan" in reasons(sheet, "VIT-06").lower()


def test_the_face_makes_tacrolimus_often_considered() -> None:
    assert sheet_for().fit_of("VIT-05").level == "often"


@pytest.mark.parametrize(
    "changes",
    [{}, {"age": "under_12"}, {"new_or_growing": "yes"}, {"extent": "over_50"}],
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
    sheet = sheet_for(age="under_12", pregnancy="yes")
    assert "Are you pregnant" not in " ".join(
        row.item.text.source for step in sheet.answers for row in step.rows
    )


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
