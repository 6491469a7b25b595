"""The engine over several people considering stem cell treatment."""

from __future__ import annotations

from pathlib import Path

from decisionaid.config import DefaultConfig
from decisionaid.content.loader import load_library
from decisionaid.engine import OptionSheet, build_option_sheet
from tests.patients import flat

LIBRARY = load_library(Path(DefaultConfig.CONTENT_DIR))
STEM_CELLS = LIBRARY.pathways["stem-cells"]
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


def sheet_for(**changes: object) -> OptionSheet:
    return build_option_sheet(LIBRARY, STEM_CELLS, {**BASE, **changes})


def warning_notes(sheet: OptionSheet) -> str:
    [view] = [view for view in sheet.sections if view.section.id == "warning_signs"]
    return " ".join(note.text.source for note in view.notes).lower()


def test_paying_up_front_makes_the_clinic_product_usually_not_suitable() -> None:
    sheet = sheet_for(cost="yes", pay_when="up_front")
    fit = sheet.fit_of("SC-03")
    assert fit.level == "not"
    assert any("fda-2021" in reason.cite for reason in fit.reasons)
    assert "before_you_pay" in [alert.id for alert in sheet.alerts]


def test_a_free_place_in_a_registered_trial_is_often_considered() -> None:
    sheet = sheet_for(trial_offer="registered_trial", cost="no", trial_number="NCT01234567")
    assert sheet.fit_of("SC-02").level == "often"


def test_a_transplant_is_discussed_only_where_trials_exist() -> None:
    assert sheet_for(condition="multiple_sclerosis").fit_of("SC-04").level == "may"
    assert sheet_for(condition="systemic_sclerosis").fit_of("SC-04").level == "may"
    for condition in ("vitiligo", "psoriasis", "lupus"):
        assert sheet_for(condition=condition).fit_of("SC-04").level == "not", condition


def test_each_warning_sign_the_answers_raise_is_named() -> None:
    quiet = warning_notes(sheet_for())
    assert "cure" not in quiet and "testimon" not in quiet
    loud = warning_notes(sheet_for(clinic_said=["cure", "testimonials", "registered"]))
    assert "cure" in loud
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
