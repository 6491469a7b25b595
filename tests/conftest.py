"""Shared fixtures: apps on the real content and on a small fixture pathway, the content
library, a test client that walks a pathway like a patient, the sheets' PDFs (rendered
once each), and guards against network access and against WeasyPrint's warnings."""

from __future__ import annotations

import datetime
import logging
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from decisionaid import create_app
from decisionaid.content.model import Library
from decisionaid.sample_patients import SamplePatient as Patient
from tests.pdfs import SheetPdfs

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_CONTENT = FIXTURES / "content"
CHECK_DATE = datetime.date(2026, 11, 21)
"""The day the content checks run "on": the fixture's review dates never expire the suite."""


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that tries to reach beyond this machine (a PDF fetching a URL, say)."""
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else str(address)
        if self.family == socket.AF_UNIX or host in ("127.0.0.1", "::1", "localhost"):
            return real_connect(self, address)
        pytest.fail(f"test tried to connect to {address!r}")

    monkeypatch.setattr(socket.socket, "connect", connect)


@pytest.fixture(autouse=True)
def no_weasyprint_warnings(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Fail a test whose PDF render logged a WeasyPrint warning or error: WeasyPrint logs
    a CSS rule it ignores or a resource it cannot load, and renders the PDF anyway."""
    yield
    problems = [
        f"{record.levelname}: {record.getMessage()}"
        for phase in ("setup", "call")
        for record in caplog.get_records(phase)
        if record.name.startswith("weasyprint") and record.levelno >= logging.WARNING
    ]
    if problems:
        pytest.fail("WeasyPrint logged:\n" + "\n".join(problems), pytrace=False)


def broken_copy(tmp_path: Path, old: str, new: str, file: str = "mini.yaml") -> Path:
    """A copy of the fixture content with ``old`` replaced by ``new`` in ``file``."""
    folder = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, folder)
    path = folder / file
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))
    return folder


def line_of(folder: Path, text: str, file: str = "mini.yaml") -> int:
    """The last line holding ``text``: where a replacement put it."""
    lines = (folder / file).read_text().splitlines()
    return max(number for number, line in enumerate(lines, 1) if text in line)


def run_content_check(folder: Path) -> subprocess.CompletedProcess:
    """The content check's real command line, as CI and content authors run it."""
    return subprocess.run(
        [
            str(Path(sys.executable).parent / "flask"),
            "--app",
            "wsgi",
            "content",
            "check",
            "--dir",
            str(folder),
            # A fixed date: the fixture's review dates must not expire the suite.
            "--on",
            CHECK_DATE.isoformat(),
        ],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent.parent,
        check=False,
    )


def make_app(**config: object) -> Flask:
    """An app for tests. Every test client comes from 127.0.0.1, so the per-client PDF
    limit is raised out of the way; tests/test_pdf_limits.py tests the real one."""
    settings = {"PDF_RATE_LIMIT": "10000 per minute", **config}
    return create_app({"TESTING": True, "SECRET_KEY": "test-secret", **settings})


@pytest.fixture(scope="session")
def app() -> Flask:
    """The app on the real content in questionnaires/."""
    return make_app()


@pytest.fixture(scope="session")
def mini_app() -> Flask:
    """The app on the small fixture pathway ``mini``."""
    return make_app(CONTENT_DIR=str(FIXTURE_CONTENT))


@pytest.fixture(scope="session")
def library(app: Flask) -> Library:
    """The content the app serves, loaded once."""
    return app.extensions["content"]


@pytest.fixture(scope="session")
def sheet_pdfs() -> SheetPdfs:
    """``sheet_pdfs(patient, pathway, paper)``: the patient's sheet as a PDF, downloaded
    from the app; each distinct document is rendered once in a test run."""
    return SheetPdfs()


def page(response) -> str:
    """A response's body as text: the page the patient sees."""
    return response.get_data(as_text=True)


@pytest.fixture
def patient(app: Flask) -> Patient:
    return Patient(app.test_client())


@pytest.fixture
def mini_patient(mini_app: Flask) -> Patient:
    return Patient(mini_app.test_client())


# --- the real Chromium, for the browser tests ------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
# Without the networking flags Chromium keeps trying to reach Google's servers.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """``app`` served over HTTP on loopback while the block runs; gives its address."""
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()


@pytest.fixture(scope="module")
def server(app: Flask) -> Iterator[str]:
    """The module's ``app`` served over HTTP on loopback."""
    with serving(app) as url:
        yield url


RIGHT_TO_LEFT = "ar"
"""The right-to-left locale the tests walk: Arabic."""


@dataclass(frozen=True)
class Site:
    """The app as a browser test sees it in one locale: the app, served at ``url``."""

    locale: str
    app: Flask
    url: str

    def page(self, path: str = "") -> str:
        """The address of ``path`` in this locale: ``page("vitiligo/review")``."""
        return f"{self.url}/{self.locale}/{path}"


@pytest.fixture(scope="module", params=["en", RIGHT_TO_LEFT])
def site(request: pytest.FixtureRequest) -> Site:
    """The served app in English (left to right), then in Arabic (right to left): a test
    taking it runs once in each (a module's tests in English first)."""
    return Site(request.param, request.getfixturevalue("app"), request.getfixturevalue("server"))


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, started once per test run."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def choose(page, label: str) -> None:
    """Tick the radio button or checkbox with this label."""
    page.get_by_label(label, exact=True).check()
