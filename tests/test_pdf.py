"""The PDF: rendered for real by WeasyPrint, its text read back with pdftotext and its
structure with pypdf."""

from __future__ import annotations

import html
import re
import subprocess

import pytest
from flask import Flask

from decisionaid.content.model import Library
from decisionaid.engine import build_option_sheet
from decisionaid.sample_patients import NOT_SURE_AND_READY, PATIENTS, flat
from tests.conftest import Patient
from tests.pdfs import RenderedPdf, SheetPdfs


@pytest.fixture(scope="module")
def pdfs(app: Flask, sheet_pdfs: SheetPdfs) -> dict[str, RenderedPdf]:
    """The same patient's sheet on both paper sizes."""
    patient = Patient(app.test_client())
    patient.complete("vitiligo")
    return {paper: sheet_pdfs(patient, "vitiligo", paper) for paper in ("a4", "letter")}


def test_the_text_can_be_read_back(pdfs: dict[str, RenderedPdf]) -> None:
    text = pdfs["a4"].text
    assert "Vitiligo: for your appointment" in text
    for heading in (
        "About you",
        "Treatments you have tried",
        "What matters most to you",
        "Options to discuss",
        "Where you stand",
        "Questions for your clinician",
        "Your options side by side",
        "Sources",
        "Who made it",
    ):
        assert heading in text
    assert "Coconut oil" in text  # the person's own words


def test_the_default_pdf_is_the_two_pages_for_the_appointment(
    pdfs: dict[str, RenderedPdf],
) -> None:
    pages = pdfs["a4"].pages
    assert len(pages) == 2
    assert "Options to discuss" in pages[0]
    assert "Your options side by side" in pages[1]
    assert "How well does it work?" in pages[1]  # a row of the grid


def test_the_pdf_with_all_the_details_adds_every_option_in_full(
    app: Flask, sheet_pdfs: SheetPdfs, library: Library, pdfs: dict[str, RenderedPdf]
) -> None:
    patient = Patient(app.test_client())
    patient.complete("vitiligo")
    full = sheet_pdfs(patient, "vitiligo", "a4", details=True)
    summary_pages = len(pdfs["a4"].pages)
    assert full.pages[:summary_pages] == pdfs["a4"].pages
    details = " ".join(full.pages[summary_pages:])
    for option in library.pathways["vitiligo"].options:
        assert " ".join(option.title.source.split()) in details, option.id
    for heading in ("All the details", "How well it works", "Serious risks", "Sources"):
        assert heading in details
    assert "Stem cell treatments: what is known" in details
    count = len(full.pages) - summary_pages
    assert f"Details, page 1 of {count}" in full.pages[summary_pages]
    assert f"Details, page {count} of {count}" in full.pages[-1]
    assert "Coconut oil" not in details  # nothing personal in the shared part


def test_every_page_has_its_number_and_the_content_version(pdfs: dict[str, RenderedPdf]) -> None:
    pages = pdfs["a4"].pages
    count = len(pages)
    for number, text in enumerate(pages, 1):
        assert f"Page {number} of {count}" in text
        assert re.search(r"Vitiligo option sheet · content version 1\.1 · reviewed", text)


def test_no_navigation_or_buttons_on_paper(pdfs: dict[str, RenderedPdf]) -> None:
    for screen_only in ("Download the PDF", "Start over", "Change my answers", "Skip to main"):
        assert screen_only not in pdfs["a4"].text


def test_paper_sizes(pdfs: dict[str, RenderedPdf]) -> None:
    a4 = pdfs["a4"].reader.pages[0].mediabox
    letter = pdfs["letter"].reader.pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)


def test_it_is_tagged_with_a_title_and_a_language(pdfs: dict[str, RenderedPdf]) -> None:
    reader = pdfs["a4"].reader
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"]
    assert reader.metadata.title == "Vitiligo: for your appointment"
    assert b"pdfuaid:part" in catalog["/Metadata"].get_object().get_data()


def test_every_glyph_has_a_font(pdfs: dict[str, RenderedPdf]) -> None:
    """WeasyPrint gives a font a custom encoding when a glyph is missing (tofu)."""
    for page in pdfs["a4"].reader.pages:
        for font in page["/Resources"]["/Font"].values():
            assert font.get_object()["/Encoding"] == "/Identity-H", font.get_object()


def test_page_1_names_the_alert_reasons_and_each_treatment_tried(
    pdfs: dict[str, RenderedPdf],
) -> None:
    first = pdfs["a4"].pages[0]
    # The alert says why it is there, by name.
    assert "About the stem cell treatment you mentioned" in first
    assert "You said a clinic has offered you stem cell treatment." in first
    # Each treatment tried, with how long and how it went, the typed name included.
    assert "Treatments you have tried" in first
    assert re.search(r"Steroid cream or ointment\s+3 to 6 months\s+I stopped because of", first)
    assert "Something else (Coconut oil)" in first


def test_page_2_holds_the_grid_with_its_figures_and_their_icon_arrays(
    pdfs: dict[str, RenderedPdf], library: Library
) -> None:
    grid_pages = " ".join(pdfs["a4"].pages[1:])
    for question in ("What is it?", "How well does it work?", "Is it approved for me?"):
        assert question in grid_pages
    sheet = build_option_sheet(library, library.pathways["vitiligo"], flat("vitiligo"))
    figures = [
        cell
        for fit in sheet.to_discuss
        for _, cell in fit.option.grid.cells()
        if cell.in_100 is not None
    ]
    assert figures, "the sample patient's options to discuss have no 'N in 100' result"
    alts = _figure_alts(pdfs["a4"].reader)
    for cell in figures:
        assert " ".join(cell.text.source.split()) in grid_pages
        # Its icon array carries the whole sentence as its text alternative.
        assert cell.text.source in alts


def _figure_alts(reader) -> list[str]:
    """The /Alt text of every Figure in the PDF's structure tree."""
    alts, todo = [], [reader.trailer["/Root"]["/StructTreeRoot"]]
    while todo:
        node = todo.pop()
        if hasattr(node, "get_object"):
            node = node.get_object()
        if isinstance(node, list):
            todo.extend(node)
        elif hasattr(node, "get"):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                alts.append(str(node["/Alt"]))
            kids = node.get("/K")
            if kids is not None:
                todo.append(kids)
    return alts


LONG_NAMES = "Humira,Enbrel,Stelara,Cosentyx,Taltz,Skyrizi,Tremfya,Bimzelx,Ilumya"


def test_a_long_unbroken_answer_wraps_within_the_page(app: Flask, sheet_pdfs: SheetPdfs) -> None:
    """The person's own words print in full, however long the word: names typed without
    spaces, or the 120 characters the biologic's name may have."""
    patient = Patient(app.test_client())
    steps = {step: dict(answers) for step, answers in PATIENTS["psoriasis"].items()}
    steps["treatments_tried"] |= {
        "tried": ["steroid_cream", "biologic", "other"],
        "biologic_name": "A" * 120,
        "other_name": LONG_NAMES,
        "other_duration": "under_3_months",
        "other_outcome": "no_change",
    }
    for step, answers in steps.items():
        assert patient.answer("psoriasis", step, answers).status_code == 302
    patient.stand("psoriasis", NOT_SURE_AND_READY)
    pdf = sheet_pdfs(patient, "psoriasis", "a4")

    assert len(pdf.pages) == 2
    words = _words(pdf.data)
    right_edge = 595.28 - 11 / 25.4 * 72  # A4 less print.css's 11 mm margin, in points
    beyond = [(text, x_max) for text, x_max in words if x_max > right_edge + 0.5]
    assert not beyond, f"past the right margin at {right_edge:.1f} pt: {beyond}"
    text = "".join(text for text, _ in words)
    assert "A" * 120 in text
    assert LONG_NAMES in text


def _words(data: bytes) -> list[tuple[str, float]]:
    """Every word pdftotext finds, with the right edge of its box in points."""
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    ).stdout.decode()
    found = re.findall(
        r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', boxes
    )
    return [(html.unescape(text), float(x_max)) for x_max, text in found]
