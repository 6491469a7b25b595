"""Render the option sheet's HTML to a tagged PDF with WeasyPrint, fetching nothing but
the app's own static files, and refusing to produce a PDF that is missing one."""

from __future__ import annotations

import gc
import hashlib
import mimetypes
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import Flask
from markupsafe import Markup
from weasyprint import HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse
from werkzeug.security import safe_join

# An RFC 2606 name: it never resolves, so nothing can be fetched from it by accident.
PDF_BASE_URL = "https://decisionaid.invalid/"
PDF_VARIANT = "pdf/ua-1"


class RefusedURLError(ValueError):
    """The PDF asked for something other than one of our static files."""


class PdfResourceError(RuntimeError):
    """A file the PDF needs (its stylesheet, a font, an image) could not be fetched.

    WeasyPrint would otherwise log a warning and print the sheet without it: unstyled,
    with its page numbers and footers gone."""


class StaticOnlyFetcher(URLFetcher):
    """Serve files below the static folder; refuse every other URL (file://, http(s),
    other hosts, paths that climb out with ``..``)."""

    def __init__(self, static_folder: Path, static_url_path: str) -> None:
        # fail_on_errors: a refused or missing file stops the render (see PdfRenderer).
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=True)
        self._root = static_folder.resolve()
        self._prefix = static_url_path.rstrip("/") + "/"

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}/"
        if origin == PDF_BASE_URL and parts.path.startswith(self._prefix) and not parts.query:
            relative = unquote(parts.path.removeprefix(self._prefix))
            path = safe_join(str(self._root), relative)
            if path is not None and Path(path).is_file():
                mime_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
                return URLFetcherResponse(url, Path(path).read_bytes(), {"Content-Type": mime_type})
        raise RefusedURLError(f"the PDF may only use the app's static files, not {url!r}")


class PdfRenderer:
    """Renders PDFs in a long-lived process, sharing one font configuration.

    A document that is the same for everyone (the details of a pathway) is laid out once
    and its pages kept, keyed by its HTML, so that the PDF of "summary and all details"
    only lays out the person's own pages."""

    SHARED_LAYOUTS = 16
    """Laid-out shared documents kept per process: pathways x languages x papers in use."""

    def __init__(self, static_folder: Path, static_url_path: str) -> None:
        self._fetcher = StaticOnlyFetcher(static_folder, static_url_path)
        self._fonts = FontConfiguration()
        # WeasyPrint's font configuration is not documented as thread-safe.
        self._lock = threading.Lock()
        self._shared: OrderedDict[str, Document] = OrderedDict()
        self.layouts = 0
        """How many documents this renderer has laid out (for tests and benchmarks)."""

    def render(self, html: str, *, followed_by: str | None = None) -> bytes:
        """Render trusted HTML (our own templates) to a tagged PDF/UA-1 document;
        ``followed_by``: a shared document whose pages come after it, laid out once."""
        with self._lock, _collector_paused():
            try:
                # The shared part first: what it leaves behind is collected before it is
                # frozen, and the person's own document is not frozen with it.
                shared = None if followed_by is None else self._shared_layout(followed_by)
                document = self._layout(html)
                if shared is not None:
                    document = document.copy([*document.pages, *shared.pages])
                return document.write_pdf(pdf_variant=PDF_VARIANT)
            except FatalURLFetchingError as error:
                # A BaseException in WeasyPrint: turn it into an ordinary error, so that
                # the app answers with its error page instead of losing the worker.
                cause = error.__cause__ or error
                raise PdfResourceError(f"the PDF could not be made: {cause}") from error

    def _layout(self, html: str) -> Document:
        self.layouts += 1
        document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=self._fetcher)
        return document.render(font_config=self._fonts, pdf_variant=PDF_VARIANT)

    def _shared_layout(self, html: str) -> Document:
        key = hashlib.sha256(html.encode()).hexdigest()
        if key in self._shared:
            self._shared.move_to_end(key)
        else:
            self._shared[key] = self._layout(html)
            while len(self._shared) > self.SHARED_LAYOUTS:
                self._shared.popitem(last=False)
            # Kept for the life of the process: keep the collector from walking them at
            # every collection (about a tenth of a second each time). Unfrozen first, so
            # that a layout just dropped and the garbage of this one are freed, not kept.
            gc.unfreeze()
            gc.collect()
            gc.freeze()
        return self._shared[key]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Keep Python's cycle collector still while WeasyPrint works.

    A render allocates hundreds of thousands of objects that live until it ends, and the
    collector would walk them over and over. Its reference cycles (font data among them)
    are left to the collections that follow, not to a full one after each render, which
    cost as much again. Measured on psoriasis's two pages (80 renders in one process):
    0.9 CPU s a PDF instead of 1.1 s; the process levels off at about 175 MB instead of
    130 MB."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_SAFE_IN_CSS_STRING = frozenset(" .,:;·-()/'")
PAGE_MARKER = "\ue000"
PAGES_MARKER = "\ue001"


def css_string(text: str) -> Markup:
    """``text`` as a CSS string literal, safe inside a ``<style>`` element."""
    escaped = "".join(
        character
        if character.isalnum() or character in _SAFE_IN_CSS_STRING
        else f"\\{ord(character):x} "
        for character in str(text)
    )
    return Markup(f'"{escaped}"')  # noqa: S704 - every risky character is escaped above


def css_page_counter(label: str) -> Markup:
    """A translated "Page N of M" as a CSS ``content`` value, where the label holds
    PAGE_MARKER and PAGES_MARKER in place of the two numbers."""
    parts = re.split(f"([{PAGE_MARKER}{PAGES_MARKER}])", str(label))
    values = {PAGE_MARKER: "counter(page)", PAGES_MARKER: "counter(pages)"}
    content = " ".join(values.get(part) or css_string(part) for part in parts if part)
    return Markup(content)  # noqa: S704 - built only from css_string() and fixed counters


def init_app(app: Flask) -> None:
    """The helpers the PDF templates use (the renderers are render_pool's)."""
    app.add_template_filter(css_string)
    app.add_template_filter(css_page_counter)
    app.jinja_env.globals.update(PAGE_MARKER=PAGE_MARKER, PAGES_MARKER=PAGES_MARKER)
