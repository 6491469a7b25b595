"""No English left behind: every page and PDF, in the pseudo-locale and in each translated
locale, holds no text that did not come through the catalog.

The pseudo-locale (``catalog.pseudo``) is the template with every text accented, about a
third longer and between ⟦ ⟧: letters outside the markers did not come through the
catalog, wherever they are. A real locale must show no English sentence that its catalog
translates. One sweep reads both: the home page, every pathway's intro, each step with the
sample patient's answers and with errors, the review, where you stand, the sheet, the
clinician page, the error pages, and the PDFs. With the pseudo-locale's longer text the
PDFs still render without a WeasyPrint warning (conftest's guard), nothing is cut off at
the paper's edge, and no page scrolls sideways on a phone.
"""

from __future__ import annotations

import datetime
import os
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from babel.dates import format_date
from babel.messages.pofile import read_po
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.http import parse_options_header

from decisionaid.catalog import (
    KEPT_AS_THEY_ARE,
    POT_FILE,
    PSEUDO_CLOSE,
    PSEUDO_GROWTH,
    PSEUDO_LOCALE,
    PSEUDO_OPEN,
    TRANSLATIONS_DIR,
    catalog_paths,
    compile_catalogs,
    entry_differences,
    pseudo,
)
from decisionaid.cli import i18n_cli
from decisionaid.locales import SOURCE_LOCALE, read_registry, shipped_locales
from decisionaid.sample_patients import PATIENTS, flat
from tests.conftest import Patient, make_app, page
from tests.pdfs import RenderedPdf

REAL_LOCALES = tuple(code for code in shipped_locales(read_registry()) if code != SOURCE_LOCALE)
"""Every locale that ships (translations/locales.toml), English aside."""
LOCALES = (PSEUDO_LOCALE, *REAL_LOCALES)
PATHWAYS = tuple(PATIENTS)
PAPER = "a4"
"""One paper size: the other changes the size of the page, not a word on it."""
PDF_KINDS = ("sheet", "sheet with all the details", "handout", "paper questionnaire")
REAL_LOCALE_PDFS = [("stem-cells", "sheet")] + [
    (pathway, "paper questionnaire") for pathway in PATHWAYS
]
"""The PDFs read in each real locale: a sheet, and each paper questionnaire, whose wording
no page shows. The rest is the pages' text, read in full, in PDF templates whose every
string the pseudo-locale shows comes through the catalog; reading every PDF in five
locales takes another minute and a half of rendering. ``SWEEP_ALL_PDFS=1`` does."""
if os.environ.get("SWEEP_ALL_PDFS"):
    REAL_LOCALE_PDFS = [(pathway, kind) for pathway in PATHWAYS for kind in PDF_KINDS]

TYPED = ("Coconut oil", "Adalimumab", "4000 dollars")
"""The sample patients' own words (decisionaid/sample_patients.py), shown back to them as typed."""
NOT_FOR_TRANSLATION = ("doi:",)
"""The label of a source's DOI, as every reference list prints it."""


@dataclass(frozen=True)
class Reading:
    """One text a person reads, and where."""

    where: str
    text: str


# --- the apps -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def apps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Flask]:
    """For each locale the app that offers it: the pseudo-locale's, from a catalog made
    here (never in translations/), and the app as it ships for the others. Each has a
    handout cache of its own, so that its handouts are rendered here."""
    folder = tmp_path_factory.mktemp("translations")
    pseudo(folder)
    compile_catalogs(folder)
    pseudo_app = make_app(
        TRANSLATIONS_DIR=str(folder),
        LOCALES=("en", PSEUDO_LOCALE),
        HANDOUT_CACHE_DIR=str(tmp_path_factory.mktemp("handouts")),
    )
    real_app = make_app(HANDOUT_CACHE_DIR=str(tmp_path_factory.mktemp("handouts")))
    assert pseudo_app.config["LOCALES"] == ["en", PSEUDO_LOCALE]
    assert real_app.config["LOCALES"] == ["en", *REAL_LOCALES]
    return {PSEUDO_LOCALE: pseudo_app} | dict.fromkeys(REAL_LOCALES, real_app)


@pytest.fixture(scope="module")
def strict_apps(apps: dict[str, Flask]) -> dict[str, Flask]:
    """The same catalogs, with one sheet PDF per client and an hour, and a second of CPU
    time a render: to see the 429 and 503 pages."""
    strict = {}
    for app in {id(app): app for app in apps.values()}.values():
        strict[id(app)] = make_app(
            TRANSLATIONS_DIR=app.config["TRANSLATIONS_DIR"],
            LOCALES=tuple(app.config["LOCALES"]),
            PDF_RATE_LIMIT="1 per hour",
            PDF_TIME_LIMIT_SECONDS=1,
        )
    return {locale: strict[id(app)] for locale, app in apps.items()}


# --- what a person reads --------------------------------------------------------------


class _Readable(HTMLParser):
    """A page's text as read: its text (scripts and styles aside) and the attributes a
    browser shows or reads out. SVG titles (the icon arrays' sentences) are text."""

    ATTRIBUTES = frozenset({"alt", "title", "aria-label", "placeholder", "data-label"})
    """data-label: a table cell's heading, shown by the stylesheet on a phone."""
    SHOWN_VALUES = frozenset({"submit", "button", "reset", "text", "number", "search"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.attributes: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        values = dict(attrs)
        for name, value in attrs:
            if value and name in self.ATTRIBUTES:
                self.attributes.append(value)
        if tag == "input" and values.get("type", "text") in self.SHOWN_VALUES:
            self.attributes.append(values.get("value") or "")
        if tag == "meta" and values.get("name") == "description":
            self.attributes.append(values.get("content") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.texts.append(data)


def html_readings(where: str, html: str) -> list[Reading]:
    parser = _Readable()
    parser.feed(html)
    parser.close()
    text = " ".join(" ".join(parser.texts).split())
    attributes = [Reading(f"{where} (attribute)", value) for value in parser.attributes if value]
    return [Reading(where, text), *attributes]


def pdf_readings(where: str, pdf: RenderedPdf) -> list[Reading]:
    """The text of the document, pages in order (a paragraph may go on over a page's
    foot), its title, author and subject, and the name it is saved under."""
    metadata = pdf.reader.metadata or {}
    found = [Reading(where, _text_in_order(pdf))]
    found += [Reading(f"{where} {key}", str(metadata[key])) for key in metadata if key in (
        "/Title", "/Author", "/Subject")]  # fmt: skip
    return [*found, Reading(f"{where} file name", file_name(pdf))]


def _text_in_order(pdf: RenderedPdf) -> str:
    """The document's text in the order it was written (pdftotext -raw): a table's cells
    one after the other, as on the page in HTML, rather than line by line across them."""
    return " ".join(pdf.pdftotext("-raw").split())


def file_name(pdf: RenderedPdf) -> str:
    """The name a browser saves the PDF under, from a header a WSGI server can send."""
    header = pdf.headers["Content-Disposition"]
    header.encode("latin-1")  # what a server sends; any other character fails the response
    _, options = parse_options_header(header)
    return options["filename"]


PDF_URLS = {
    "sheet": "{locale}/{pathway}/sheet.pdf?paper={paper}",
    "sheet with all the details": "{locale}/{pathway}/sheet.pdf?paper={paper}&details=all",
    "handout": "{locale}/clinician/{pathway}/handout.pdf?paper={paper}",
    "paper questionnaire": "{locale}/clinician/{pathway}/questionnaire.pdf?paper={paper}",
}


def pdf_url(locale: str, pathway: str, kind: str) -> str:
    return "/" + PDF_URLS[kind].format(locale=locale, pathway=pathway, paper=PAPER)


class Sweep:
    """Every page and PDF of one locale, each fetched once per test run."""

    def __init__(self, apps: dict[str, Flask], strict_apps: dict[str, Flask]) -> None:
        self.apps, self.strict_apps = apps, strict_apps
        self._pages: dict[str, list[Reading]] = {}
        self._pdfs: dict[tuple[str, str, str], RenderedPdf] = {}
        self._patients: dict[str, Patient] = {}

    def patient(self, locale: str) -> Patient:
        """A patient of this locale who has answered every pathway up to the sheet."""
        if locale not in self._patients:
            patient = Patient(self.apps[locale].test_client(), locale=locale)
            for pathway in PATHWAYS:
                patient.complete(pathway)
            self._patients[locale] = patient
        return self._patients[locale]

    def pdf(self, locale: str, pathway: str, kind: str) -> RenderedPdf:
        key = (locale, pathway, kind)
        if key not in self._pdfs:
            url = pdf_url(locale, pathway, kind)
            response = self.patient(locale).client.get(url)
            assert response.status_code == 200, (url, page(response)[:2000])
            self._pdfs[key] = RenderedPdf(response.data, response.headers)
        return self._pdfs[key]

    def pdfs(self, locale: str) -> list[tuple[str, RenderedPdf]]:
        wanted = (
            [(pathway, kind) for pathway in PATHWAYS for kind in PDF_KINDS]
            if locale == PSEUDO_LOCALE
            else REAL_LOCALE_PDFS
        )
        return [(pdf_url(locale, *key), self.pdf(locale, *key)) for key in wanted]

    def pages(self, locale: str) -> list[Reading]:
        if locale not in self._pages:
            self._pages[locale] = list(self._read_pages(locale))
        return self._pages[locale]

    def _read_pages(self, locale: str):
        patient = self.patient(locale)
        client = patient.client

        def read(url: str, response, status: int = 200) -> list[Reading]:
            assert response.status_code == status, (url, response.status_code)
            return html_readings(f"{response.request.method} {url}", page(response))

        tag = locale.replace("_", "-")
        yield from read("/", client.get("/", headers={"Accept-Language": tag}))
        for url in (f"/{locale}/", f"/{locale}/clinician/"):
            yield from read(url, client.get(url))
        for pathway in PATHWAYS:
            yield from read(patient.url(pathway), client.get(patient.url(pathway)))
            for step, answers in PATIENTS[pathway].items():
                url = patient.url(pathway, step)
                yield from read(url, client.get(url))
                # Every required answer missing: each field's message and the summary.
                yield from read(f"{url} with errors", patient.answer(pathway, step, {}))
                if typed := [name for name, value in answers.items() if value in TYPED]:
                    too_long = {**answers} | dict.fromkeys(typed, "4" * 500)
                    response = patient.answer(pathway, step, too_long)
                    yield from read(f"{url} with text too long", response)
            for name in ("review", "where-you-stand", "sheet"):
                url = patient.url(pathway, name)
                yield from read(url, client.get(url))
            url = patient.url(pathway, "where-you-stand")
            yield from read(f"{url} with errors", patient.post(url, {}))
        yield from self._error_pages(locale, client)

    def _error_pages(self, locale: str, client: FlaskClient):
        def read(what: str, response, status: int) -> list[Reading]:
            assert response.status_code == status, (what, response.status_code)
            return html_readings(f"{status} {what}", page(response))

        step = f"/{locale}/vitiligo/about_you"
        yield from read("no such page", client.get(f"/{locale}/nothing/"), 404)
        yield from read("bad paper", client.get(f"/{locale}/vitiligo/sheet.pdf?paper=b5"), 400)
        yield from read("no form token", client.post(step, data={"age": "18_plus"}), 400)
        yield from read("wrong method", client.get(f"/{locale}/vitiligo/start-over"), 405)
        yield from read("too large", client.post(step, data={"x": "4" * 100_000}), 413)
        # A client of its own on the strict app: its first PDF takes more than a second
        # (503), and its second is over the limit (429).
        strict = Patient(self.strict_apps[locale].test_client(), locale=locale)
        strict.client.environ_base["REMOTE_ADDR"] = f"192.0.2.{LOCALES.index(locale) + 1}"
        strict.complete("psoriasis")
        url = pdf_url(locale, "psoriasis", "sheet with all the details")
        yield from read("renderers busy", strict.client.get(url), 503)
        yield from read("too many PDFs", strict.client.get(url), 429)


@pytest.fixture(scope="module")
def sweep(apps: dict[str, Flask], strict_apps: dict[str, Flask]) -> Sweep:
    return Sweep(apps, strict_apps)


def everything(sweep: Sweep, locale: str) -> list[Reading]:
    found = list(sweep.pages(locale))
    for url, pdf in sweep.pdfs(locale):
        found += pdf_readings(f"PDF {url}", pdf)
    return found


# --- what may be untranslated ---------------------------------------------------------


def allowed(app: Flask, locale: str) -> list[str]:
    """What a page or PDF shows as it is, in any language, longest first: the person's
    own words, the languages' names in the switcher, the content release, the site's own
    addresses, dates (Babel's, for the locale), and the sources' references (author,
    title, journal, DOI, address) as published."""
    library = app.extensions["content"]
    found = [*TYPED, *NOT_FOR_TRANSLATION, app.extensions["release"]]
    # The address of another pathway's sheet, which an alert prints (test client's host).
    found += [f"http://localhost/{locale}/{pathway}/" for pathway in PATHWAYS]
    found += [info.native_name for info in app.extensions["locale_info"].values()]
    days = [datetime.date.today()]
    for pathway in library.pathways.values():
        days += [pathway.reviewed, pathway.next_review]
    found += [format_date(day, form, locale=locale) for day in days for form in ("long", "medium")]
    for source in library.sources.values():
        found += [source.citation, source.short_citation, source.title]
        found += [text for text in (source.doi, source.url) if text]
    answers = [value for pathway in PATHWAYS for value in flat(pathway).values()]
    assert set(TYPED) <= {value for value in answers if isinstance(value, str)}
    return sorted({text for text in found if text}, key=len, reverse=True)


SPACES_AND_HYPHENS = "\\s\\-\u00ad\u2010\u2011"
"""What a PDF's lines may add to or take from a text: a line break, a hyphen at one."""


def _without(text: str, allowed: list[str]) -> str:
    """``text`` with every allowed text blanked out, even where a line break falls in it."""
    positions = [m.start() for m in re.finditer(f"[^{SPACES_AND_HYPHENS}]", text)]
    squashed = "".join(text[position] for position in positions)
    blank = [False] * len(text)
    for kept in allowed:
        kept = re.sub(f"[{SPACES_AND_HYPHENS}]", "", kept)
        start = squashed.find(kept) if kept else -1
        while start != -1:
            end = start + len(kept)
            blank[positions[start] : positions[end - 1] + 1] = [True] * (
                positions[end - 1] + 1 - positions[start]
            )
            start = squashed.find(kept, end)
    return "".join(" " if gone else character for gone, character in zip(blank, text, strict=True))


PLAIN = re.compile(r"[^\W\d_]*[acdeghijklnorstuwyzACDEGHIJKLNORSTUWYZ][^\W\d_]*")
"""A word with a letter the pseudo-locale accents, left plain: not from the catalog."""


def unmarked(text: str) -> list[str]:
    """The plain words of a pseudo-locale text outside the markers, in runs."""
    outside, depth = [], 0
    for character in text:
        if character in (PSEUDO_OPEN, PSEUDO_CLOSE):
            depth = max(0, depth + (1 if character == PSEUDO_OPEN else -1))
            outside.append(" ")
        elif depth == 0:
            outside.append(character)
    runs = re.finditer(r"[^\W\d_]+(?:[^\w\n]{1,3}[^\W\d_]+)*", "".join(outside))
    return [run.group() for run in runs if any(map(PLAIN.fullmatch, run.group().split()))]


def unpaired(text: str) -> list[str]:
    """Markers that do not pair up: part of a text lost (a page's foot, an overflow) or
    cut short."""
    depth, problems = 0, []
    for index, character in enumerate(text):
        if character == PSEUDO_OPEN:
            depth += 1
        elif character == PSEUDO_CLOSE:
            depth -= 1
            if depth < 0:
                problems.append(f"its start is lost: …{text[max(0, index - 100) : index + 1]}")
                depth = 0
    if depth:
        problems.append(f"{depth} text(s) lost their end")
    return problems


@dataclass(frozen=True)
class EnglishSentences:
    """The English of a locale's catalog that its translation changes, as fragments of at
    least three words (between placeholders, figures, citation markers and tags), less
    those the translations themselves keep (a name, say)."""

    fragments: frozenset[str]
    first_words: frozenset[tuple[str, str, str]]

    @classmethod
    def of(cls, locale: str) -> EnglishSentences:
        with catalog_paths(TRANSLATIONS_DIR)[locale].open("rb") as stream:
            catalog = read_po(stream)
        fragments, translations = set(), []
        splitter = re.compile("|".join(pattern.pattern for pattern in KEPT_AS_THEY_ARE.values()))
        for message in catalog:
            if not message.id or not message.string:
                continue
            sources = [message.id] if isinstance(message.id, str) else list(message.id)
            strings = [message.string] if isinstance(message.string, str) else message.string
            translations += strings
            if set(strings) <= set(sources):
                continue
            for source in sources:
                for part in splitter.split(source):
                    words = _words(part)
                    if len(words) >= 3 and sum(map(len, words)) >= 12:
                        fragments.add(" ".join(words))
        kept = f" {' '.join(' '.join(_words(string)) for string in translations)} "
        fragments = {fragment for fragment in fragments if f" {fragment} " not in kept}
        first = {tuple(fragment.split()[:3]) for fragment in fragments}
        return cls(frozenset(fragments), frozenset(first))

    def found_in(self, text: str) -> list[str]:
        words = _words(text)
        if not {tuple(words[i : i + 3]) for i in range(len(words) - 2)} & self.first_words:
            return []
        joined = f" {' '.join(words)} "
        return sorted(fragment for fragment in self.fragments if f" {fragment} " in joined)


def _words(text: str) -> list[str]:
    """Latin words, lower case, as a sequence: punctuation and line breaks aside."""
    return re.findall(r"[a-z]+(?:['\N{RIGHT SINGLE QUOTATION MARK}][a-z]+)?", text.lower())


def untranslated(readings: list[Reading], locale: str, app: Flask) -> dict[str, list[str]]:
    """Where each reading shows text that did not come through the catalog."""
    kept = allowed(app, locale)
    english = None if locale == PSEUDO_LOCALE else EnglishSentences.of(locale)
    found, seen = {}, set()
    for reading in readings:
        if reading.where.endswith("(attribute)") and reading.text in seen:
            continue
        seen.add(reading.text)
        text = _without(reading.text, kept)
        if reading.where.endswith("file name"):
            # What names the file, not words: the pathway, the locale, the paper, the type.
            text = re.sub(rf"\b({'|'.join([*PATHWAYS, locale, PAPER])})\b|\.pdf$", " ", text)
        if english is not None:
            problems = english.found_in(text)
        else:
            problems = unmarked(text)
            if not reading.where.startswith("PDF"):  # PDFs: test_pdfs_with_longer_text...
                problems += unpaired(text)
        if problems:
            found[reading.where] = problems
    return found


def report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{where}: {problems}" for where, problems in found.items())


# --- the tests ------------------------------------------------------------------------


def test_the_pseudo_catalog_changes_every_text_and_keeps_what_translations_keep(
    tmp_path: Path,
) -> None:
    path = pseudo(tmp_path)
    compile_catalogs(tmp_path)  # msgfmt --check: placeholders, plural forms, the header

    with path.open("rb") as stream:
        catalog = read_po(stream)
    with POT_FILE.open("rb") as stream:
        template = read_po(stream)
    assert {m.id for m in catalog if m.id} == {m.id for m in template if m.id}
    for message in catalog:
        if not message.id:
            continue
        assert not entry_differences(message), (message.id, message.string)
        sources = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else message.string
        for source, string in zip(sources * 2, strings, strict=False):
            assert string.strip("\n").startswith(PSEUDO_OPEN), string
            assert string.strip("\n").endswith(PSEUDO_CLOSE), string
            assert len(string) >= len(source) * (1 + PSEUDO_GROWTH), (source, string)
            # Only what must stay as it is keeps a plain letter a, e, o, s or t.
            kept = re.sub(r"%\([a-z_]+\)[sd]|</?[a-zA-Z][^>]*>|https?://\S+", "", string)
            assert not re.search("[aeost]", kept), string


def test_the_pseudo_locale_never_ships(tmp_path: Path) -> None:
    assert PSEUDO_LOCALE not in read_registry()
    assert PSEUDO_LOCALE not in catalog_paths()
    assert not (TRANSLATIONS_DIR / PSEUDO_LOCALE).exists()
    # A developer's command writes it elsewhere, compiled, and never among the catalogs.
    result = CliRunner().invoke(i18n_cli, ["pseudo", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / PSEUDO_LOCALE / "LC_MESSAGES" / "messages.mo").stat().st_size > 0
    refused = CliRunner().invoke(i18n_cli, ["pseudo", str(TRANSLATIONS_DIR)])
    assert refused.exit_code != 0 and "never goes into" in refused.output


@pytest.mark.parametrize("locale", LOCALES)
def test_every_page_and_pdf_has_no_text_left_untranslated(
    sweep: Sweep, apps: dict[str, Flask], locale: str
) -> None:
    found = untranslated(everything(sweep, locale), locale, apps[locale])
    assert not found, report(found)


def _lines(pdf: RenderedPdf) -> list[tuple[float, float, list[tuple[int, tuple[float, ...], str]]]]:
    """Each page's size and lines, as pdftotext places them: (block, box, text)."""
    xhtml = pdf.pdftotext("-bbox-layout")
    namespace = {"x": "http://www.w3.org/1999/xhtml"}
    pages = []
    tree = ElementTree.fromstring(xhtml)  # noqa: S314 (pdftotext reading our own PDF)
    for page_element in tree.iterfind(".//x:page", namespace):
        lines = []
        for number, block in enumerate(page_element.iterfind(".//x:block", namespace)):
            for line in block.iterfind("x:line", namespace):
                box = tuple(float(line.get(edge)) for edge in ("xMin", "yMin", "xMax", "yMax"))
                words = " ".join(word.text or "" for word in line.iterfind("x:word", namespace))
                lines.append((number, box, words))
        pages.append((float(page_element.get("width")), float(page_element.get("height")), lines))
    return pages


def _collide(one: tuple[float, ...], other: tuple[float, ...]) -> bool:
    """Two lines side by side that share more than a point across and half their height
    (lines above one another may share a little: a descender, an accent)."""
    across = min(one[2], other[2]) - max(one[0], other[0])
    down = min(one[3], other[3]) - max(one[1], other[1])
    return across > 1 and down > min(one[3] - one[1], other[3] - other[1]) / 2


def test_pdfs_with_longer_text_keep_every_line_on_the_paper_and_apart(
    sweep: Sweep, apps: dict[str, Flask]
) -> None:
    """A third more text, in every PDF: each line lies on the paper, no line runs into
    another (as a footer too long for its margin box would), each page's footer is there
    to its end, the release, and every text is there from its start to its end."""
    release = apps[PSEUDO_LOCALE].extensions["release"]
    problems: dict[str, list[str]] = {}
    for url, pdf in sweep.pdfs(PSEUDO_LOCALE):
        found = problems.setdefault(url, unpaired(_text_in_order(pdf)))
        for number, (width, height, lines) in enumerate(_lines(pdf), 1):
            for _, box, text in lines:
                if box[0] < 0 or box[1] < 0 or box[2] > width or box[3] > height:
                    found.append(f"page {number}: off the paper at {box}: {text[:80]}")
            for index, (block, box, text) in enumerate(lines):
                for other_block, other_box, other_text in lines[index + 1 :]:
                    if block != other_block and _collide(box, other_box):
                        found.append(f"page {number}: {text[:60]!r} runs into {other_text[:60]!r}")
            if release not in pdf.pages[number - 1]:
                found.append(f"page {number}: footer cut short: {pdf.pages[number - 1][-200:]}")
    broken = {url: found for url, found in problems.items() if found}
    known = {pdf_url(PSEUDO_LOCALE, *key) for key in KNOWN_BREAKS}
    assert set(broken) == known, report({url: broken.get(url, ["fixed?"]) for url in
                                         set(broken) ^ known})  # fmt: skip


KNOWN_BREAKS = {
    ("vitiligo", "sheet with all the details"),
    ("vitiligo", "handout"),
    ("psoriasis", "sheet with all the details"),
    ("psoriasis", "handout"),
    ("stem-cells", "handout"),
}
"""Known, not yet fixed, so listed here (the test fails when one is fixed, to shorten the
list): where an option's two-column grid (sheet.css ``.balance``, ``.living``) is split
across pages, WeasyPrint puts the rest of a column at the very top of the next page, in
the margin: off the printable area (vitiligo; French already does it), over the
unreviewed translation's notice (psoriasis), or it drops the start of a column's list
(stem cell transplants' "How well it works")."""


# --- on a phone -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def app(apps: dict[str, Flask]) -> Flask:
    """The pseudo-locale's app, for the module's ``server``."""
    return apps[PSEUDO_LOCALE]


@pytest.mark.browser
@pytest.mark.parametrize("font_size", [None, "200%"])
def test_no_page_scrolls_sideways_on_a_phone_with_longer_text(
    browser, server: str, sweep: Sweep, font_size: str | None
) -> None:
    """On a 390 px wide screen, every page of every pathway in the pseudo-locale, at the
    browser's text size and at 200% (large system text)."""
    from tests.test_browser import _answers_of, scroll_width_beyond_screen

    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_cookies(_answers_of(sweep.patient(PSEUDO_LOCALE), server))
    page = context.new_page()
    paths = [f"/{PSEUDO_LOCALE}/", f"/{PSEUDO_LOCALE}/clinician/", f"/{PSEUDO_LOCALE}/nothing/"]
    for pathway, steps in PATIENTS.items():
        names = ["", *steps, "review", "where-you-stand", "sheet"]
        paths += [f"/{PSEUDO_LOCALE}/{pathway}/{name}" for name in names]
    too_wide = {}
    for path in paths:
        if width := scroll_width_beyond_screen(page, server + path, font_size=font_size):
            too_wide[path] = width
    context.close()
    assert not too_wide, too_wide
