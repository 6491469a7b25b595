"""The PDF: rendered for real by WeasyPrint and read back with pypdf."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from pypdf import PdfReader

from tests.conftest import Patient


@pytest.fixture(scope="module")
def pdfs(app: Flask) -> dict[str, bytes]:
    """The same patient's sheet on both paper sizes (rendered once for these tests)."""
    patient = Patient(app.test_client())
    patient.complete("vitiligo")
    return {
        paper: patient.client.get(f"/en/vitiligo/sheet.pdf?paper={paper}").data
        for paper in ("a4", "letter")
    }


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_text_can_be_read_back(pdfs: dict[str, bytes], app: Flask) -> None:
    text = " ".join(text_of(pdfs["a4"]).split())
    vitiligo = app.extensions["content"].pathways["vitiligo"]
    assert "Vitiligo: your treatment options" in text
    for option in vitiligo.options:
        assert " ".join(option.title.source.split()) in text, option.id
    for heading in (
        "Your answers",
        "What matters to you",
        "Stem cell treatments: what is known",
        "Questions to ask your clinician",
        "Sources",
        "How well it works",
        "Serious risks",
    ):
        assert heading in text
    assert "Coconut oil" in text  # the person's own words


def test_every_page_has_its_number_and_the_content_version(pdfs: dict[str, bytes]) -> None:
    reader = PdfReader(io.BytesIO(pdfs["a4"]))
    count = len(reader.pages)
    assert count > 3
    for number, page in enumerate(reader.pages, 1):
        text = " ".join(page.extract_text().split())
        assert f"Page {number} of {count}" in text
        assert re.search(r"Vitiligo option sheet · content version 1\.1 · reviewed", text)


def test_no_navigation_or_buttons_on_paper(pdfs: dict[str, bytes]) -> None:
    text = text_of(pdfs["a4"])
    for screen_only in ("Download the PDF", "Start over", "Change my answers", "Skip to main"):
        assert screen_only not in text


def test_paper_sizes(pdfs: dict[str, bytes]) -> None:
    a4 = PdfReader(io.BytesIO(pdfs["a4"])).pages[0].mediabox
    letter = PdfReader(io.BytesIO(pdfs["letter"])).pages[0].mediabox
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)


def test_it_is_tagged_with_a_title_and_a_language(pdfs: dict[str, bytes]) -> None:
    reader = PdfReader(io.BytesIO(pdfs["a4"]))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"]
    assert reader.metadata.title == "Vitiligo: your treatment options"
    assert b"pdfuaid:part" in catalog["/Metadata"].get_object().get_data()


def test_every_glyph_has_a_font(pdfs: dict[str, bytes]) -> None:
    """WeasyPrint gives a font a custom encoding when a glyph is missing (tofu)."""
    reader = PdfReader(io.BytesIO(pdfs["a4"]))
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            assert font.get_object()["/Encoding"] == "/Identity-H", font.get_object()
