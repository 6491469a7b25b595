"""Right to left: the Arabic sheet, on paper and on screen, is the English one mirrored.

The PDF's layout is read back as a reader sees it: where each block and line of text sits
(``pdftotext -bbox-layout``) and, for the icon arrays, which dots are filled on the page
drawn as pixels (``pdftoppm``). The screen's is Chromium's own layout. Each test runs in
English and in Arabic, the same patient, and expects the one to mirror the other.
"""

from __future__ import annotations

import datetime
import io
import re
import subprocess
from dataclasses import dataclass
from urllib.parse import unquote
from xml.etree import ElementTree

import pytest
from babel.support import NullTranslations, Translations
from flask import Flask
from PIL import Image

from decisionaid.sample_patients import PATIENTS
from tests.conftest import RIGHT_TO_LEFT, Patient, Site
from tests.pdfs import RenderedPdf, SheetPdfs

LOCALES = ("en", RIGHT_TO_LEFT)
MM = 72 / 25.4
"""PDF points in a millimetre."""
SIDE_MARGIN = 11 * MM
"""print.css: the page's left and right margins."""
TOP_MARGIN = 10 * MM
"""print.css: the page's top margin (where a translation not yet reviewed says so)."""
NEAR = 2.0
"""Points two edges may differ by and still line up (about 0.7 mm)."""
XHTML = "{http://www.w3.org/1999/xhtml}"
GRID_ROWS = (
    "What is it?",
    "How well does it work?",
    "How soon does it work?",
    "Side effects and risks",
    "What does it involve?",
    "Is it approved for me?",
    "How sure are we?",
)
"""The grid's row headings (_sheet.html, grid_question), in their order."""


@dataclass(frozen=True)
class TextBox:
    """A block or a line of text on a PDF page, in points from the page's top left. Its
    text has the words pdftotext found, in the order they are drawn (Arabic words come
    out with their letters reversed, so match them by their letters alone)."""

    left: float
    top: float
    right: float
    bottom: float
    text: str

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def letters(self) -> list[str]:
        return sorted(character for character in self.text if not character.isspace())


@dataclass(frozen=True)
class PageText:
    """A page's text as runs of words: the words of a line that stand closer together
    than a table's cells or the page's columns do (a line's words in one cell)."""

    width: float
    height: float
    runs: list[TextBox]


CELL_GAP = 3.5
"""Points between two words of a line, at most, that belong together: a space is about
2 points in the sheet's small type; cells' padding keeps theirs 5 points apart or more."""


def _word(element: ElementTree.Element) -> TextBox:
    left, top, right, bottom = (
        float(element.get(name)) for name in ("xMin", "yMin", "xMax", "yMax")
    )
    return TextBox(left, top, right, bottom, element.text or "")


def _runs(words: list[TextBox]) -> list[TextBox]:
    """The words of one line, in runs."""
    runs: list[list[TextBox]] = []
    for word in sorted(words, key=lambda word: word.left):
        if runs and word.left - max(other.right for other in runs[-1]) < CELL_GAP:
            runs[-1].append(word)
        else:
            runs.append([word])
    return [
        TextBox(
            min(word.left for word in run),
            min(word.top for word in run),
            max(word.right for word in run),
            max(word.bottom for word in run),
            " ".join(word.text for word in run),
        )
        for run in runs
    ]


def _lines(words: list[TextBox]) -> list[list[TextBox]]:
    """Words on one line, whatever lines pdftotext made of them: it splits a line where
    a list's bullet, a "·" or a vowel mark sits a little higher or lower."""
    lines: list[list[TextBox]] = []
    for word in sorted(words, key=lambda word: word.middle):
        if lines and word.middle - lines[-1][0].middle < 3:
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines


def text_layout(pdf: RenderedPdf) -> list[PageText]:
    """Each page's runs of text with their positions."""
    xhtml = pdf.pdftotext("-bbox-layout")
    root = ElementTree.fromstring(xhtml)  # noqa: S314 - poppler's reading of our own PDF
    pages = []
    for page in root.iter(f"{XHTML}page"):
        # A mark with no width of its own (a vowel mark, a shadda) is part of its letter.
        words = [word for word in map(_word, page.iter(f"{XHTML}word")) if word.right > word.left]
        runs = [run for line in _lines(words) for run in _runs(line)]
        pages.append(PageText(float(page.get("width")), float(page.get("height")), runs))
    return pages


def translations(app: Flask, locale: str) -> NullTranslations:
    """The catalog the app serves ``locale`` from (none for English, its source)."""
    return Translations.load(app.config["TRANSLATIONS_DIR"], [locale])


def find(page: PageText, text: str) -> TextBox | None:
    """Where ``text`` is written on one line (a heading, a short cell), whatever order
    its letters come out in."""
    wanted = TextBox(0, 0, 0, 0, text).letters
    return next((run for run in page.runs if run.letters == wanted), None)


def on_the_line_of(page: PageText, run: TextBox) -> list[TextBox]:
    """The other runs that start on the same line as ``run``."""
    return [other for other in page.runs if other is not run and abs(other.top - run.top) < NEAR]


@pytest.fixture(scope="module")
def vitiligo_sheets(app: Flask, sheet_pdfs: SheetPdfs) -> dict[str, RenderedPdf]:
    """The vitiligo sample patient's two pages on A4, in English and in Arabic."""
    sheets = {}
    for locale in LOCALES:
        patient = Patient(app.test_client(), locale=locale)
        patient.complete("vitiligo")
        sheets[locale] = sheet_pdfs(patient, "vitiligo")
    return sheets


@pytest.mark.parametrize("locale", LOCALES)
def test_the_grids_row_headings_are_on_the_reading_side_of_its_cells(
    vitiligo_sheets: dict[str, RenderedPdf], app: Flask, locale: str
) -> None:
    """Page 2, the options side by side: each row's question is its first cell, on the
    left in English and on the right in Arabic, and the options run from there."""
    page = text_layout(vitiligo_sheets[locale])[1]
    _ = translations(app, locale).gettext
    headings = [heading for row in GRID_ROWS if (heading := find(page, _(row)))]
    assert len(headings) >= 5, [run.text for run in page.runs][:40]

    for heading in headings:
        # The cells of its row start on its line (vertical-align: top); a cell with an
        # icon array starts lower, under the dots.
        cells = on_the_line_of(page, heading)
        assert len(cells) >= 2, heading.text
        if locale == RIGHT_TO_LEFT:
            assert heading.left > max(cell.right for cell in cells), heading.text
            assert heading.right == pytest.approx(page.width - SIDE_MARGIN, abs=3)
        else:
            assert heading.right < min(cell.left for cell in cells), heading.text
            assert heading.left == pytest.approx(SIDE_MARGIN, abs=3)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_treatments_tried_table_starts_on_the_reading_side(
    vitiligo_sheets: dict[str, RenderedPdf], locale: str
) -> None:
    """Page 1's table of treatments tried: the treatment (here the patient's own words,
    "Coconut oil") is the first column, then how long and how it went."""
    page = text_layout(vitiligo_sheets[locale])[0]
    treatment = next(run for run in page.runs if "Coconut" in run.text)
    row = on_the_line_of(page, treatment)
    assert len(row) == 2, [run.text for run in row]  # how long, and how it went
    if locale == RIGHT_TO_LEFT:
        assert treatment.left > max(cell.right for cell in row)
    else:
        assert treatment.right < min(cell.left for cell in row)


@pytest.mark.parametrize("locale", LOCALES)
def test_an_option_in_full_has_its_benefits_first_on_the_reading_side(
    app: Flask, sheet_pdfs: SheetPdfs, locale: str
) -> None:
    """The PDF with all the details: each option's two columns, benefits beside harms
    and living with it beside how sure we are, start on the reading side."""
    patient = Patient(app.test_client(), locale=locale)
    patient.complete("vitiligo")
    pages = text_layout(sheet_pdfs(patient, "vitiligo", details=True))
    _ = translations(app, locale).gettext
    pairs = 0
    for first, second in (
        ("How well it works", "Common side effects"),
        ("Living with this option", "How sure we are"),
    ):
        for page in pages[2:]:
            wanted, beside = TextBox(0, 0, 0, 0, _(first)), TextBox(0, 0, 0, 0, _(second))
            for heading in (run for run in page.runs if run.letters == wanted.letters):
                (other,) = (
                    run for run in on_the_line_of(page, heading) if run.letters == beside.letters
                )
                if locale == RIGHT_TO_LEFT:
                    assert heading.left > other.right, (page.runs.index(heading), first)
                else:
                    assert heading.right < other.left, (page.runs.index(heading), first)
                pairs += 1
    assert pairs > 20  # every option, twice


@pytest.mark.parametrize("locale", LOCALES)
def test_a_reference_keeps_its_full_stops_in_place(
    vitiligo_sheets: dict[str, RenderedPdf], locale: str
) -> None:
    """Page 2's sources are as published, in Latin script: in Arabic too, a full stop
    ends its sentence (".Marzano AV" would show one pushed to the wrong end)."""
    page = text_layout(vitiligo_sheets[locale])[1]

    def latin(text: str) -> bool:
        letters = [character for character in text if character.isalpha()]
        return len(letters) > 10 and sum(letter.isascii() for letter in letters) > 0.9 * len(
            letters
        )

    references = [run.text for run in page.runs if latin(run.text)]
    assert len(references) > 10
    assert not [text for text in references if re.search(r"(^|\s)[.,][A-Za-z]", text)]


@pytest.mark.parametrize("locale", LOCALES)
def test_text_starts_at_the_reading_side_of_the_page(
    vitiligo_sheets: dict[str, RenderedPdf], locale: str
) -> None:
    """Every line starts at its start edge: the title and the lines of page 1's first
    column are flush with the left margin in English (or a list's indent from it) and
    with the right margin in Arabic, and end wherever their text does."""
    page = text_layout(vitiligo_sheets[locale])[0]
    start_margin = page.width - SIDE_MARGIN if locale == RIGHT_TO_LEFT else SIDE_MARGIN

    def start(line: TextBox) -> float:
        return line.right if locale == RIGHT_TO_LEFT else line.left

    def end(line: TextBox) -> float:
        return line.left if locale == RIGHT_TO_LEFT else line.right

    below_the_margin = [run for run in page.runs if run.bottom > TOP_MARGIN]
    top = min(run.top for run in below_the_margin)
    words = [run for run in below_the_margin if abs(run.top - top) < NEAR]  # wide spaces
    title = TextBox(
        min(run.left for run in words), top, max(run.right for run in words), 0, "title"
    )
    assert start(title) == pytest.approx(start_margin, abs=NEAR), title
    assert abs(end(title) - start_margin) < page.width / 2  # it is short: not justified

    # The first column, on the start side of the page, above the footer; without the
    # lines of a table (a row's cells share a line), whose columns start further in.
    def in_first_column(run: TextBox) -> bool:
        middle = page.width / 2
        return run.left > middle if locale == RIGHT_TO_LEFT else run.right < middle

    column = [
        run
        for run in page.runs
        if TOP_MARGIN < run.bottom < page.height - 15 * MM
        and in_first_column(run)
        and not any(in_first_column(other) for other in on_the_line_of(page, run))
    ]
    assert len(column) > 30
    # Flush with the margin, or indented by a list's few millimetres at most.
    astray = [run for run in column if abs(start(run) - start_margin) > 8 * MM]
    assert len(astray) / len(column) < 0.1, [(round(start(run)), run.text) for run in astray]


@pytest.mark.parametrize("locale", LOCALES)
def test_the_page_number_is_on_the_side_a_reader_ends_the_line(
    vitiligo_sheets: dict[str, RenderedPdf], locale: str
) -> None:
    """The foot of every page: the document and its release at the start of the line,
    the page number at its end: bottom right in English, bottom left in Arabic."""
    for page in text_layout(vitiligo_sheets[locale]):
        foot = [run for run in page.runs if run.top > page.height - 13 * MM]
        release = next(run for run in foot if re.search(r"\b[0-9a-f]{12}\b", run.text))
        (number,) = (run for run in foot if run is not release)
        assert number.bottom == pytest.approx(release.bottom, abs=NEAR)  # one line
        if locale == RIGHT_TO_LEFT:
            assert number.left == pytest.approx(SIDE_MARGIN, abs=NEAR)
            assert release.right == pytest.approx(page.width - SIDE_MARGIN, abs=NEAR)
            assert number.right < release.left
        else:
            assert release.left == pytest.approx(SIDE_MARGIN, abs=NEAR)
            assert number.right == pytest.approx(page.width - SIDE_MARGIN, abs=NEAR)
            assert release.right < number.left


# --- the icon arrays, as drawn ----------------------------------------------------------

DPI = 200
PIXEL = 72 / DPI
"""PDF points in a pixel of the drawn page."""


def _is_icon_blue(pixel: tuple[int, ...]) -> bool:
    """The icons' colour (#1d4f7a) and its anti-aliased edges; text is black or grey."""
    red, _, blue = pixel[:3]
    return blue - red > 45


@dataclass(frozen=True)
class IconArray:
    """An icon array found on the drawn page, in PDF points, and which of its 10 by 10
    dots are filled (the others are rings), row by row as drawn, left to right."""

    left: float
    top: float
    right: float
    bottom: float
    filled: list[list[bool]]


def icon_arrays(pdf: RenderedPdf, page_number: int, top: float, bottom: float, tmp_path):
    """The icon arrays drawn on a page between ``top`` and ``bottom`` (points)."""
    subprocess.run(
        [
            *("pdftoppm", "-f", str(page_number), "-l", str(page_number)),
            *("-r", str(DPI), "-png", "-", str(tmp_path / "page")),
        ],
        input=pdf.data,
        check=True,
    )
    (drawn,) = tmp_path.glob("page*.png")
    image = Image.open(io.BytesIO(drawn.read_bytes())).convert("RGB")
    band = image.crop((0, round(top / PIXEL), image.width, round(bottom / PIXEL)))
    pixels = band.load()
    blue_columns = [
        x for x in range(band.width) if any(_is_icon_blue(pixels[x, y]) for y in range(band.height))
    ]
    # Runs of columns with blue in them, a gap of a few pixels between dots at most.
    runs: list[list[int]] = []
    for x in blue_columns:
        if runs and x - runs[-1][-1] <= 6:
            runs[-1].append(x)
        else:
            runs.append([x])
    found = []
    for run in runs:
        x0, x1 = run[0], run[-1]
        rows = [y for y in range(band.height) if any(_is_icon_blue(pixels[x, y]) for x in run)]
        y0, y1 = rows[0], rows[-1]

        def centre(index: int, low: int, high: int) -> int:
            # The dots' centres are at 5, 15 … 95 of 100; the drawn dots span 1 to 99.
            return round(low + (10 * index + 4) / 98 * (high - low))

        filled = [
            [
                _is_icon_blue(pixels[centre(column, x0, x1), centre(row, y0, y1)])
                for column in range(10)
            ]
            for row in range(10)
        ]
        found.append(IconArray(x0 * PIXEL, top + y0 * PIXEL, x1 * PIXEL, top + y1 * PIXEL, filled))
    return found


@pytest.mark.parametrize("locale", LOCALES)
def test_an_icon_array_starts_on_the_reading_side_with_its_sentence(
    vitiligo_sheets: dict[str, RenderedPdf], app: Flask, locale: str, tmp_path
) -> None:
    """The grid's "how well does it work" cells with an "N in 100" figure: the dots stand
    at the start of their sentence's lines (left in English, right in Arabic), and the N
    filled dots are counted from the top corner on that side, as the sentence reads."""
    pdf = vitiligo_sheets[locale]
    page = text_layout(pdf)[1]
    _ = translations(app, locale).gettext
    works, after = find(page, _("How well does it work?")), find(page, _(GRID_ROWS[2]))
    arrays = icon_arrays(pdf, 2, works.top, after.top, tmp_path)
    assert len(arrays) == 2, arrays  # tacrolimus or pimecrolimus cream; ruxolitinib cream

    for array in arrays:
        # The first line of the sentence under the dots.
        sentence = next(
            run
            for run in page.runs
            if 0 < run.top - array.bottom < 3 * MM
            and run.left < array.right
            and run.right > array.left
        )
        if locale == RIGHT_TO_LEFT:
            assert sentence.right == pytest.approx(array.right, abs=NEAR), sentence.text
        else:
            assert sentence.left == pytest.approx(array.left, abs=NEAR), sentence.text
        assert sentence.right - sentence.left > array.right - array.left  # the text is wider

        reading_order = [
            dot
            for row in array.filled
            for dot in (reversed(row) if locale == RIGHT_TO_LEFT else row)
        ]
        affected = reading_order.count(True)
        assert 0 < affected < 100
        assert reading_order == [True] * affected + [False] * (100 - affected), array.filled
    # One of them (18 in 100) ends part-way along a row: it shows which corner is first.
    assert any(0 < row.count(True) < 10 for array in arrays for row in array.filled)


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("pathway", sorted(PATIENTS))
def test_the_arabic_sheet_keeps_to_two_pages_like_the_english(
    app: Flask, sheet_pdfs: SheetPdfs, pathway: str, paper: str
) -> None:
    """Mirrored, in its own script and font, every pathway's sheet still fits the two
    pages the download button promises: the grid on page 2, nothing spilling onto a 3rd."""
    patient = Patient(app.test_client(), locale=RIGHT_TO_LEFT)
    patient.complete(pathway)

    pages = text_layout(sheet_pdfs(patient, pathway, paper))

    assert len(pages) == 2, f"{pathway} on {paper}: {len(pages)} pages"
    _ = translations(app, RIGHT_TO_LEFT).gettext
    assert find(pages[1], _("How sure are we?")), "the grid's last row is not on page 2"


def test_an_arabic_pdf_is_downloaded_with_its_arabic_name(app: Flask) -> None:
    """The file name is translated: sent as UTF-8 (RFC 6266 ``filename*``), with an ASCII
    one for older clients, since a header cannot carry Arabic as it is."""
    patient = Patient(app.test_client(), locale=RIGHT_TO_LEFT)
    patient.complete("vitiligo")

    response = patient.client.get(patient.url("vitiligo", "sheet.pdf?paper=a4"))

    disposition = response.headers["Content-Disposition"]
    disposition.encode("latin-1")  # what a server can send
    today = datetime.date.today().isoformat()
    ascii_name, utf8_name = re.fullmatch(
        r"attachment; filename=(\S+); filename\*=UTF-8''(\S+)", disposition
    ).groups()
    assert ascii_name == f"vitiligo-a4-{today}.pdf"
    _ = translations(app, RIGHT_TO_LEFT).gettext
    name = _("%(pathway)s-option-sheet") % {"pathway": "vitiligo"}
    assert re.search("[\u0600-\u06ff]", name)
    assert unquote(utf8_name) == f"{name}-a4-{today}.pdf"


# --- on screen --------------------------------------------------------------------------


@pytest.mark.browser
def test_a_step_with_errors_and_the_sheet_are_mirrored_on_screen(browser, site: Site) -> None:
    """In Chromium: each tick box is at the start of its answer's line (right of the words
    in Arabic), a question with an error has its red bar on the start side, the title and
    the error summary's text start at the right; on the sheet, the grid's and the
    treatments table's first column is on the right."""
    rtl = site.locale == RIGHT_TO_LEFT
    page = browser.new_page()
    page.goto(site.page("vitiligo/about_you"))
    page.locator(".actions button[type=submit]:not([name=go])").click()
    page.locator(".error-summary").wait_for()

    for choice in page.locator("#q-age .choice").all():
        tick = choice.locator("input").bounding_box()
        words = choice.locator("label").bounding_box()
        if rtl:
            assert tick["x"] >= words["x"] + words["width"]
        else:
            assert tick["x"] + tick["width"] <= words["x"]

    bar = page.locator(".has-error").first.evaluate(
        """element => {
            const style = getComputedStyle(element);
            return [style.borderLeftWidth, style.borderRightWidth];
        }"""
    )
    assert bar == (["0px", "5px"] if rtl else ["5px", "0px"])

    def start_gap(selector: str) -> float:
        """How far the first line of the element's text is from its start edge."""
        return page.locator(selector).first.evaluate(
            """(element, rtl) => {
                const range = document.createRange();
                range.selectNodeContents(element);
                const rects = [...range.getClientRects()];
                const line = rects.filter(rect => Math.abs(rect.top - rects[0].top) < 2);
                const box = element.getBoundingClientRect(), style = getComputedStyle(element);
                const right = Math.max(...line.map(rect => rect.right));
                const left = Math.min(...line.map(rect => rect.left));
                return rtl ? box.right - parseFloat(style.paddingRight) - right
                           : left - box.left - parseFloat(style.paddingLeft);
            }""",
            rtl,
        )

    assert abs(start_gap("main h1")) < 2
    assert abs(start_gap(".error-summary h2")) < 2

    patient = Patient(site.app.test_client(), locale=site.locale)
    patient.complete("vitiligo")
    cookie = patient.client.get_cookie("decisionaid")
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": site.url}])
    page.goto(site.page("vitiligo/sheet"))
    for table in ("table.grid", "table.tried"):
        for row in page.locator(f"{table} tbody tr").all()[:3]:
            first, *others = (cell.bounding_box() for cell in row.locator("th, td").all())
            assert others, table
            for other in others:
                if rtl:
                    assert first["x"] >= other["x"] + other["width"] - 1, table
                else:
                    assert first["x"] + first["width"] <= other["x"] + 1, table
    page.close()
