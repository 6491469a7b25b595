"""The engine over several psoriasis patients."""

from __future__ import annotations

from pathlib import Path

import pytest

from decisionaid.config import DefaultConfig
from decisionaid.content.loader import load_library
from decisionaid.engine import OptionSheet, build_option_sheet
from tests.patients import flat

LIBRARY = load_library(Path(DefaultConfig.CONTENT_DIR))
PSORIASIS = LIBRARY.pathways["psoriasis"]
TABLETS = ["PSO-07", "PSO-08", "PSO-09", "PSO-10", "PSO-11"]
INJECTIONS = ["PSO-12", "PSO-13", "PSO-14"]

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


def sheet_for(**changes: object) -> OptionSheet:
    return build_option_sheet(LIBRARY, PSORIASIS, {**MILD, **changes})


def reasons(sheet: OptionSheet, option_id: str) -> str:
    return " ".join(reason.text.source for reason in sheet.fit_of(option_id).reasons).lower()


@pytest.mark.parametrize(
    "pregnancy", [{"pregnancy_now": "pregnant"}, {"pregnancy_future": "yes", "pregnancy_now": "no"}]
)
def test_a_possible_pregnancy_rules_out_methotrexate_and_acitretin(pregnancy: dict) -> None:
    sheet = sheet_for(**pregnancy)
    for option_id in ("PSO-07", "PSO-09"):
        assert sheet.fit_of(option_id).level == "not"
        assert "pregnan" in reasons(sheet, option_id)


def test_liver_disease_and_alcohol_flag_methotrexate() -> None:
    liver = sheet_for(other_conditions=["liver"])
    assert liver.fit_of("PSO-07").level == "not"
    assert "liver" in reasons(liver, "PSO-07")
    alcohol = sheet_for(other_conditions=["alcohol"])
    assert "alcohol" in reasons(alcohol, "PSO-07")


def test_small_areas_of_mild_disease_put_creams_first() -> None:
    sheet = sheet_for()
    assert sheet.fit_of("PSO-01").level == "often"
    assert sheet.fit_of("PSO-02").level == "often"
    for option_id in TABLETS + INJECTIONS:
        assert sheet.fit_of(option_id).level == "may", option_id
        assert "cream" in reasons(sheet, option_id)


@pytest.mark.parametrize("changes", [{"extent": "over_10"}, {"sites": ["body", "palms_soles"]}])
def test_severity_and_special_sites_bring_tablets_injections_and_light_in(changes: dict) -> None:
    sheet = sheet_for(**changes)
    for option_id in ["PSO-06", *TABLETS, *INJECTIONS]:
        fit = sheet.fit_of(option_id)
        assert fit.level == "often", option_id
        assert any(reason.effect == "favour" for reason in fit.reasons)


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
    scalp = sheet_for(
        sites=["scalp"],
        scalp_scale="thick",
        hair_type="straight_wavy",
        hair_washing="most_days",
        scalp_tried=["none"],
    )
    [group] = [group for group in scalp.groups if group.group.id == "scalp"]
    assert [fit.option.id for fit in group.fits] == ["PSO-01S", "PSO-04S", "PSO-03S"]
    assert scalp.fit_of("PSO-04S").level == "often"  # thick scale: soften it first
    assert group.group.intro is not None


def test_an_offer_of_stem_cells_is_answered_with_the_evidence() -> None:
    sheet = sheet_for(stem_cell_offer="yes", clinic_said=["cure"])
    assert "stem_cells" in [alert.id for alert in sheet.alerts]
    [section] = sheet.sections
    assert "CELL-02" in [caveat.id for caveat in section.caveats]


def test_no_option_is_hidden() -> None:
    ids = [fit.option.id for fit in sheet_for().fits]
    assert ids == [o.id for o in PSORIASIS.options if o.group != "scalp"]
