"""A patient's whole path through the vitiligo pathway, with the test client."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from decisionaid.config import PROJECT_ROOT
from tests.conftest import Patient, page
from tests.pdfs import SheetPdfs


def test_the_home_page_offers_languages_and_pathways(patient: Patient) -> None:
    html = page(patient.client.get("/"))
    assert '<html lang="en" dir="ltr">' in html
    assert 'href="/en/vitiligo/"' in html and "Vitiligo" in html


def test_the_pathway_starts_with_what_will_happen(patient: Patient) -> None:
    html = page(patient.client.get("/en/vitiligo/"))
    assert "We do not store them on our server" in html
    assert 'href="/en/vitiligo/about_you"' in html


def test_each_step_says_where_you_are(patient: Patient) -> None:
    html = page(patient.client.get("/en/vitiligo/about_you"))
    assert "Step 1 of 6" in html and "About you" in html
    assert 'name="go" value="back">Back</button>' in html


def test_a_patient_goes_from_the_first_step_to_the_pdf(
    patient: Patient, sheet_pdfs: SheetPdfs
) -> None:
    patient.complete("vitiligo")

    review = page(patient.client.get("/en/vitiligo/review"))
    assert "Step 5 of 6" in review and "Check your answers" in review
    assert "Face or neck; Hands or feet" in review
    assert "Coconut oil" in review
    assert 'href="/en/vitiligo/your_vitiligo#q-extent"' in review  # a Change link

    response = patient.post("/en/vitiligo/review")
    assert response.headers["Location"] == "/en/vitiligo/where-you-stand"

    sheet = page(patient.client.get("/en/vitiligo/sheet"))
    assert "Vitiligo: for your appointment" in sheet
    for number in range(1, 14):
        assert f'id="option-VIT-{number:02d}"' in sheet
    assert "About the stem cell treatment you mentioned" in sheet
    assert "Questions for your clinician" in sheet
    assert "Content version 1.1" in sheet
    assert 'href="/en/vitiligo/sheet.pdf?paper=letter"' in sheet

    pdf = sheet_pdfs(patient, "vitiligo", "a4")
    assert pdf.headers["Content-Type"] == "application/pdf"
    today = datetime.date.today().isoformat()
    assert pdf.headers["Content-Disposition"] == (
        f"attachment; filename=vitiligo-option-sheet-a4-{today}.pdf"
    )
    assert pdf.data.startswith(b"%PDF-")


def test_changing_an_earlier_answer_keeps_the_rest(patient: Patient) -> None:
    patient.complete("vitiligo")
    # The patient goes back and says they tried nothing after all.
    response = patient.answer("vitiligo", "treatments_tried", {"tried": ["none"]})
    assert response.headers["Location"] == "/en/vitiligo/what_matters"
    review = page(patient.client.get("/en/vitiligo/review"))
    assert "Coconut oil" not in review
    assert "Very important" in review  # what matters was kept


def test_no_answer_is_written_on_the_server(patient: Patient) -> None:
    """Filling in the whole pathway and making the PDF leaves no file behind."""
    root = PROJECT_ROOT

    def files() -> set:
        found = set()
        for folder, subfolders, names in os.walk(root):
            subfolders[:] = [s for s in subfolders if s not in (".venv", ".git", "__pycache__")]
            found |= {Path(folder) / name for name in names}
        return found

    before = files()
    patient.complete("vitiligo")
    # Rendered here, not taken from sheet_pdfs: the render is what might write a file.
    assert patient.client.get("/en/vitiligo/sheet.pdf").status_code == 200
    assert files() == before
    cookie = patient.client.get_cookie("decisionaid")
    assert cookie.http_only and cookie.same_site == "Lax"
