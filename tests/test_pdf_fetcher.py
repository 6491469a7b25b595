"""The PDF renderer may read the app's own static files and nothing else, and a PDF that
misses one of them is never made."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask import Flask

from decisionaid.pdf import (
    PDF_BASE_URL,
    PdfRenderer,
    PdfResourceError,
    RefusedURLError,
    StaticOnlyFetcher,
)
from tests.conftest import Patient
from tests.pdfs import SheetPdfs

STATIC = Path(__file__).parent.parent / "decisionaid" / "static"


@pytest.fixture
def fetcher() -> StaticOnlyFetcher:
    return StaticOnlyFetcher(STATIC, "/static")


def test_it_serves_our_stylesheet(fetcher: StaticOnlyFetcher) -> None:
    response = fetcher.fetch(f"{PDF_BASE_URL}static/css/print.css")
    assert b"@page" in response.read()
    assert response.headers["Content-Type"] == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        f"file://{STATIC}/css/print.css",
        "http://127.0.0.1:8000/static/css/print.css",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.com/static/css/print.css",
        "https://decisionaid.invalid.example.com/static/css/print.css",
        f"{PDF_BASE_URL}static/../../pyproject.toml",
        f"{PDF_BASE_URL}static/%2e%2e/%2e%2e/pyproject.toml",
        f"{PDF_BASE_URL}static/css/../../__init__.py",
        f"{PDF_BASE_URL}static/css/",
        f"{PDF_BASE_URL}static/css/missing.css",
        f"{PDF_BASE_URL}static/css/print.css?x=1",
        f"{PDF_BASE_URL}other/print.css",
        "data:text/css,body{}",
        "ftp://decisionaid.invalid/static/css/print.css",
    ],
)
def test_it_refuses_everything_else(fetcher: StaticOnlyFetcher, url: str) -> None:
    with pytest.raises(RefusedURLError):
        fetcher.fetch(url)


def test_a_pdf_whose_stylesheet_cannot_be_fetched_is_refused(tmp_path: Path) -> None:
    """Without its print stylesheet the sheet would print unstyled, with no page numbers:
    the render fails instead of shipping it."""
    static = tmp_path / "static"
    shutil.copytree(STATIC, static)
    (static / "css" / "print.css").unlink()
    html = (
        "<!doctype html><html lang='en'><head><title>Sheet</title>"
        "<link rel='stylesheet' href='/static/css/print.css'></head>"
        "<body><p>Text</p></body></html>"
    )
    with pytest.raises(PdfResourceError, match=r"static/css/print\.css"):
        PdfRenderer(static, "/static").render(html)
    assert PdfRenderer(STATIC, "/static").render(html).startswith(b"%PDF")


def test_the_real_sheet_fetches_only_what_it_may(app: Flask, sheet_pdfs: SheetPdfs) -> None:
    """Every resource the real sheet's PDF asks for is served: none is silently dropped
    (sheet_pdfs checks that the app answered 200; a refused file would have failed it)."""
    patient = Patient(app.test_client())
    patient.complete("stem-cells")
    assert sheet_pdfs(patient, "stem-cells").data.startswith(b"%PDF")
