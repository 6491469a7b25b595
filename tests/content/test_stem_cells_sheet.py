"""The stem cell sheet as a whole: the warning signs the answers raise, the condition's
own pathway, the evidence sections, the questions to ask, the answers to the clinics'
claims (on screen and on paper), and the harms that apply to the offer."""

from __future__ import annotations

import pytest
from flask import Flask

from decisionaid.engine import OptionSheet, build_option_sheet
from tests.conftest import Patient, page
from tests.content.helpers import LIBRARY
from tests.content.stem_cells import STEM_CELLS, TRANSPLANT, sheet_for
from tests.pdfs import SheetPdfs


def warning_notes(sheet: OptionSheet) -> str:
    [view] = [view for view in sheet.sections if view.section.id == "warning_signs"]
    return " ".join(note.text.source for note in view.notes).lower()


# ---------------------------------------------------------------- sections and claims


def test_each_warning_sign_the_answers_raise_is_named() -> None:
    quiet = warning_notes(sheet_for())
    assert "cure" not in quiet and "testimon" not in quiet
    loud = warning_notes(sheet_for(clinic_said=["cure", "testimonials", "registered"]))
    assert "cure" in loud and "no study we found has shown" in loud
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


def test_the_pregnancy_questions_to_ask_follow_the_answer() -> None:
    def asked(**changes: object) -> str:
        return " ".join(q.text.source for q in sheet_for(**changes).questions_to_ask)

    assert "pregnant or breastfeeding" not in asked()
    assert "pregnant or breastfeeding" in asked(pregnancy=["breastfeeding"])
    assert "affect a pregnancy later" in asked(pregnancy=["planning"])


def claim(claim_id: str) -> str:
    [found] = [c for c in LIBRARY.claims if c.id == claim_id]
    return " ".join(found.evidence.source.split())


def test_the_cure_claim_is_answered_first_with_no_study_has_shown_a_cure() -> None:
    assert claim("complete_recovery").startswith("No study has shown a cure.")


def test_the_case_report_is_answered_with_its_small_change_and_microneedling() -> None:
    answer = claim("one_case_proves")
    assert "7.6 to 5.6" in answer and "small change" in answer
    assert "microneedling helps colour come back, mostly alongside other treatments" in answer
    assert "stopping is not the same as getting colour back" in answer
    [found] = [c for c in LIBRARY.claims if c.id == "one_case_proves"]
    assert "roohaninasab-2020" in found.cite


def test_every_claim_the_clinics_make_has_an_answer() -> None:
    ids = {c.id for c in LIBRARY.claims}
    assert {
        "complete_recovery",
        "root_cause",
        "non_invasive",
        "immediate_relief",
        "scalp_psoriasis",
        "usual_care_short_lived",
        "one_case_proves",
    } <= ids
    assert "invasive" in claim("non_invasive")
    assert "no study of stem cells in scalp psoriasis" in claim("scalp_psoriasis")
    assert "IL-17 or IL-23" in claim("root_cause")
    for found in LIBRARY.claims:
        assert found.cite, found.id


def test_the_approvals_are_up_to_date() -> None:
    points = " ".join(p.text.source for p in LIBRARY.caveats["CELL-05"].points)
    points = " ".join(points.split())
    assert "Until 2024" not in points
    for product in ("Zynteglo", "Casgevy", "Lyfgenia", "Omisirge", "Ryoncil"):
        assert product in points, product
    assert "None is for the skin." in points
    assert "approved only as blood-forming transplants" in points


# ---------------------------------------------------------------- on screen and on paper


@pytest.fixture(scope="module")
def sheet_pages(app: Flask, sheet_pdfs: SheetPdfs) -> tuple[str, str]:
    patient = Patient(app.test_client())
    patient.complete("stem-cells")
    html = page(patient.client.get("/en/stem-cells/sheet"))
    return " ".join(html.split()), sheet_pdfs(patient, "stem-cells", details=True).text


@pytest.mark.parametrize(
    "text",
    [
        "No study has shown a cure.",
        "It is non-invasive, because it is only small injections or a drip.",
        "That is invasive.",
        "It gives immediate relief.",
        "We found no study of stem cells in scalp psoriasis.",
        "Usual treatments only work for a short time.",
        "microneedling helps colour come back",
        "stopping is not the same as getting colour back",
        "serious, sometimes fatal, side effects including infections",
        "loss of vision and bleeding in the brain",
        "isscr.org/patients",
        "Zynteglo",
    ],
)
def test_the_claim_answers_and_the_ema_warning_are_on_the_sheet_and_the_details_pdf(
    sheet_pages: tuple[str, str], text: str
) -> None:
    html, pdf = sheet_pages
    assert text in html
    assert text in pdf


def test_the_sheet_cites_the_ema_and_isscr_not_the_2008_handbook(
    sheet_pages: tuple[str, str],
) -> None:
    html, pdf = sheet_pages
    # The PDF may break the line after a slash.
    assert "EMA/CAT/94295/2020" in html and "EMA/CAT/94295/2020" in pdf.replace("/ ", "/")
    assert "Patient Handbook" not in html


def harms_notes(sheet: OptionSheet) -> str:
    [view] = [view for view in sheet.sections if view.section.id == "harms"]
    return " ".join(note.text.source for note in view.notes)


def test_the_short_fever_after_a_drip_is_not_told_to_someone_offered_only_a_transplant() -> None:
    transplant = build_option_sheet(LIBRARY, STEM_CELLS, TRANSPLANT)
    assert TRANSPLANT["how_given"] == ["infusion"]
    assert "short fever" not in harms_notes(transplant)
    # A clinic product by drip, or a transplant offered with one, keeps the note.
    assert "short fever" in harms_notes(sheet_for())
    both = {**TRANSPLANT, "cell_source": ["blood_stem_cell_transplant", "cord"]}
    assert "short fever" in harms_notes(build_option_sheet(LIBRARY, STEM_CELLS, both))
