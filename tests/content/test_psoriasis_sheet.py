"""The psoriasis sheet as a whole: the 2026 options, what to do before starting a tablet
or injection, when to get help, the joint screen's referral, the scalp treatments, the
answer to an offer of stem cells, and no option hidden."""

from __future__ import annotations

from tests.content.psoriasis import INJECTIONS, PSORIASIS, SCALP_ONLY, TABLETS, sheet_for


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
