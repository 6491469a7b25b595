"""The sheets' PDFs as the tests read them: each distinct document is rendered once per
test run, through the app's PDF route, and its text is read once with pdftotext."""

from __future__ import annotations

import datetime
import io
import json
import subprocess
import weakref
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader
from werkzeug.datastructures import Headers

if TYPE_CHECKING:
    from tests.conftest import Patient


@dataclass(frozen=True)
class RenderedPdf:
    """One PDF the app served: its bytes and headers, its text, and its structure."""

    data: bytes
    headers: Headers

    @cached_property
    def reader(self) -> PdfReader:
        """The PDF's structure (catalog, fonts, page sizes); never used for its text."""
        return PdfReader(io.BytesIO(self.data))

    def pdftotext(self, *options: str) -> str:
        """What poppler's pdftotext makes of the PDF with ``options`` (``-raw`` …)."""
        return subprocess.run(
            ["pdftotext", *options, "-enc", "UTF-8", "-", "-"],
            input=self.data,
            capture_output=True,
            check=True,
        ).stdout.decode()

    @cached_property
    def pages(self) -> list[str]:
        """The text of each page, as pdftotext reads it, with whitespace collapsed."""
        text = self.pdftotext()
        # pdftotext ends every page with a form feed.
        pages = [" ".join(page.split()) for page in text.split("\f")[:-1]]
        assert len(pages) == len(self.reader.pages), "pdftotext and pypdf disagree on pages"
        return pages

    @cached_property
    def text(self) -> str:
        """The whole document's text, pages in order, whitespace collapsed."""
        return " ".join(self.pages)


class SheetPdfs:
    """Download a patient's sheet as a PDF, rendering each distinct document only once.

    A document is set by the app (its content and catalogs), the URL (locale, pathway,
    paper), the day and everything the patient's session holds but its CSRF token (the
    answers and the SURE answers): two patients alike in all of these get the same PDF."""

    def __init__(self) -> None:
        self._by_app: weakref.WeakKeyDictionary[Flask, dict[tuple, RenderedPdf]] = (
            weakref.WeakKeyDictionary()
        )

    def __call__(
        self, patient: Patient, pathway: str, paper: str = "a4", *, details: bool = False
    ) -> RenderedPdf:
        """The two pages for the appointment; with ``details``, followed by all the
        details (the PDF "with all the details")."""
        url = patient.url(pathway, f"sheet.pdf?paper={paper}" + ("&details=all" if details else ""))
        key = (url, datetime.date.today(), _saved_state(patient.client))
        rendered = self._by_app.setdefault(patient.client.application, {})
        if key not in rendered:
            response = patient.client.get(url)
            assert response.status_code == 200, response.get_data(as_text=True)[:2000]
            assert response.mimetype == "application/pdf"
            rendered[key] = RenderedPdf(response.data, response.headers)
        return rendered[key]


def _saved_state(client: FlaskClient) -> str:
    with client.session_transaction() as session:
        state = {name: value for name, value in session.items() if name != "csrf_token"}
    return json.dumps(state, sort_keys=True)
