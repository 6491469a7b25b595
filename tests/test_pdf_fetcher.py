"""The PDF renderer may read the app's own static files and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from decisionaid.pdf import PDF_BASE_URL, RefusedURLError, StaticOnlyFetcher

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
