"""Every pathway, end to end, with the same expectations: a patient completes the steps,
checks their answers, sees the sheet and downloads a PDF that holds all of it."""

from __future__ import annotations

import io

import pytest
from flask import Flask
from pypdf import PdfReader

from decisionaid.engine import build_option_sheet
from tests.conftest import Patient
from tests.patients import PATIENTS, flat

PATHWAYS = sorted(PATIENTS)


def test_the_home_page_lists_every_pathway(app: Flask) -> None:
    html = app.test_client().get("/en/").get_data(as_text=True)
    for pathway in PATHWAYS:
        assert f'href="/en/{pathway}/"' in html


@pytest.fixture(scope="module", params=PATHWAYS)
def completed(request, app: Flask) -> tuple[str, Patient, bytes]:
    """A patient who completed a pathway, with their PDF (rendered once per pathway)."""
    patient = Patient(app.test_client())
    patient.complete(request.param)
    pdf = patient.client.get(f"/en/{request.param}/sheet.pdf?paper=a4")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    return request.param, patient, pdf.data


def test_the_review_lists_every_step_with_change_links(completed) -> None:
    pathway, patient, _ = completed
    html = patient.client.get(f"/en/{pathway}/review").get_data(as_text=True)
    steps = list(PATIENTS[pathway])
    assert f"Step {len(steps) + 1} of {len(steps) + 1}" in html
    for step in steps:
        assert f'href="/en/{pathway}/{step}#q-' in html


def test_the_sheet_shows_every_option_and_section(completed, app: Flask) -> None:
    pathway, patient, _ = completed
    library = app.extensions["content"]
    sheet = build_option_sheet(library, library.pathways[pathway], flat(pathway))
    html = patient.client.get(f"/en/{pathway}/sheet").get_data(as_text=True)
    for fit in sheet.fits:
        assert f'id="option-{fit.option.id}"' in html
    for view in sheet.sections:
        assert f'id="section-{view.section.id}"' in html
    for alert in sheet.alerts:
        assert f'id="alert-{alert.id}"' in html
    assert "Questions to ask your clinician" in html and "Sources" in html


def test_the_pdf_holds_the_sheet(completed, app: Flask) -> None:
    pathway, _, pdf = completed
    library = app.extensions["content"]
    content = library.pathways[pathway]
    sheet = build_option_sheet(library, content, flat(pathway))
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for fit in sheet.fits:
        assert " ".join(fit.option.title.source.split()) in text, fit.option.id
    for alert in sheet.alerts:
        assert " ".join(alert.title.source.split()) in text, alert.id
    count = len(reader.pages)
    assert f"Page {count} of {count}" in text
    assert f"content version {content.version}" in text
    assert reader.trailer["/Root"]["/Lang"] == "en"
