"""Every pathway, end to end, with the same expectations: a patient completes the steps,
checks their answers, sees the sheet and downloads a PDF that holds all of it."""

from __future__ import annotations

import pytest
from flask import Flask

from decisionaid.content.model import Library
from decisionaid.engine import build_option_sheet
from decisionaid.sample_patients import PATIENTS, flat
from tests.conftest import Patient, page
from tests.pdfs import RenderedPdf, SheetPdfs

PATHWAYS = sorted(PATIENTS)


def test_the_home_page_lists_every_pathway(app: Flask) -> None:
    html = page(app.test_client().get("/en/"))
    for pathway in PATHWAYS:
        assert f'href="/en/{pathway}/"' in html


@pytest.fixture(scope="module", params=PATHWAYS)
def completed(request, app: Flask, sheet_pdfs: SheetPdfs) -> tuple[str, Patient, RenderedPdf]:
    """A patient who completed a pathway, with the PDF they download."""
    patient = Patient(app.test_client())
    patient.complete(request.param)
    return request.param, patient, sheet_pdfs(patient, request.param)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_default_pdf_is_two_pages_on_either_paper(
    completed, paper: str, sheet_pdfs: SheetPdfs
) -> None:
    pathway, patient, _ = completed
    pages = sheet_pdfs(patient, pathway, paper).pages
    assert len(pages) == 2, f"{pathway} on {paper}: {len(pages)} pages"
    assert "Options to discuss" in pages[0] and "Your options side by side" in pages[1]


def test_page_one_says_a_few_things_about_the_person_in_a_few_words(
    completed, library: Library
) -> None:
    pathway, _, pdf = completed
    about = pdf.pages[0].split("About you", 1)[1].split("What matters most to you", 1)[0]
    questions = [item for step in library.pathways[pathway].steps for item in step.walk()]
    named = [item for item in questions if item.summary is not None]
    assert any(f"{item.summary.source}:" in about for item in named)
    # Age is asked in every pathway, and named "Age" in a few words, not as its question.
    assert "Age: 18 or older" in about and "How old are you?" not in about
    # A question the content does not name in a few words is left to the review page.
    unnamed = [item for item in questions if item.is_question and item.summary is None]
    assert unnamed and not any(item.text.source in about for item in unnamed)


def test_the_review_lists_every_step_with_change_links(completed) -> None:
    pathway, patient, _ = completed
    html = page(patient.client.get(f"/en/{pathway}/review"))
    steps = list(PATIENTS[pathway])
    assert f"Step {len(steps) + 1} of {len(steps) + 2}" in html
    for step in steps:
        assert f'href="/en/{pathway}/{step}#q-' in html


def test_the_sheet_shows_every_option_and_section(completed, library: Library) -> None:
    pathway, patient, _ = completed
    sheet = build_option_sheet(library, library.pathways[pathway], flat(pathway))
    html = page(patient.client.get(f"/en/{pathway}/sheet"))
    for fit in sheet.fits:
        assert f'id="option-{fit.option.id}"' in html
    for view in sheet.sections:
        assert f'id="section-{view.section.id}"' in html
    for alert in sheet.alerts:
        assert f'id="alert-{alert.id}"' in html
    assert "Questions for your clinician" in html and "Sources" in html


def test_the_pdf_holds_the_sheet(completed, library: Library) -> None:
    pathway, _, pdf = completed
    content = library.pathways[pathway]
    sheet = build_option_sheet(library, content, flat(pathway))
    # pdftotext drops a hyphen at the end of a line ("non-" "steroid": "nonsteroid").
    text = pdf.text.replace("-", "")
    for fit in sheet.fits:  # on page 1: to discuss, also possible, or usually not suitable
        assert " ".join(fit.option.title.source.replace("-", "").split()) in text, fit.option.id
    for alert in sheet.alerts:
        assert " ".join(alert.title.source.split()) in pdf.text, alert.id
    count = len(pdf.pages)
    assert f"Page {count} of {count}" in pdf.text
    assert f"content version {content.version}" in pdf.text
    assert pdf.reader.trailer["/Root"]["/Lang"] == "en"
