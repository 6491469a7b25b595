"""The icon array: its SVG read back as a browser would, and the same array in a real PDF,
its text alternative read from the structure tree and its picture from the page's pixels."""

from __future__ import annotations

import io
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
from flask import Flask, render_template_string
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from decisionaid.icon_array import icon_array

SVG = "{http://www.w3.org/2000/svg}"
INK = re.compile(rb"[\x00-\x9f]")  # darker than 160 of 255
SENTENCE = "About 30 in 100 people got colour back. 70 did not."

PAGE = """<!doctype html>
<html lang="{{ lang }}" dir="{{ dir }}">
<head>
  <meta charset="utf-8">
  <title>Icon array</title>
  <link rel="stylesheet" href="{{ url_for('static', filename='css/print.css') }}">
</head>
<body>{{ icon_array(affected, sentence) }}</body>
</html>"""


def parsed(svg: str) -> ET.Element:
    """The SVG as an XML tree: being well-formed XML is part of what is tested."""
    return ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted data


def icons(svg: str) -> dict[str, list[tuple[int, int]]]:
    """The (column, row) of each icon each classed path draws: affected or others."""
    return {
        path.attrib["class"]: [
            ((int(x) - 5) // 10, (int(y) - 5) // 10)
            for x, y in re.findall(r"M(\d+) (\d+)h0", path.attrib["d"])
        ]
        for path in parsed(svg).iter(f"{SVG}path")
        if "class" in path.attrib
    }


def row_by_row(first: int, last: int) -> list[tuple[int, int]]:
    return [(index % 10, index // 10) for index in range(first, last)]


@pytest.mark.parametrize("affected", [0, 1, 9, 10, 30, 99, 100])
def test_affected_icons_are_grouped_from_the_top_left_row_by_row(affected: int) -> None:
    drawn = icons(icon_array(affected, SENTENCE))
    assert drawn.get("affected", []) == row_by_row(0, affected)
    assert drawn.get("others", []) == row_by_row(affected, 100)


@pytest.mark.parametrize("affected", [0, 30, 100])
def test_all_icons_are_a_few_merged_paths(affected: int) -> None:
    svg = parsed(icon_array(affected, SENTENCE))
    title, *paths = svg
    assert title.tag == f"{SVG}title"
    assert 1 <= len(paths) <= 3
    assert {path.tag for path in paths} == {f"{SVG}path"}


def test_the_whole_sentence_names_the_picture_escaped() -> None:
    sentence = 'About 3 in 100 had "burning" <b>& itching</b>. 97 did not.'
    markup = icon_array(3, sentence)
    assert "<b>" not in markup
    svg = parsed(markup)
    assert svg.attrib["role"] == "img"
    assert svg.attrib["aria-label"] == sentence
    assert svg.find(f"{SVG}title").text == sentence


@pytest.mark.parametrize(
    ("affected", "total"), [(-1, 100), (101, 100), (30, 1000), (3, 10), (2.5, 100)]
)
def test_counts_that_are_not_n_in_100_are_refused(affected: int, total: int) -> None:
    with pytest.raises(ValueError, match="100"):
        icon_array(affected, SENTENCE, total)


def test_a_picture_without_its_sentence_is_refused() -> None:
    with pytest.raises(ValueError, match="sentence"):
        icon_array(30, "  ")


def render_pdf(app: Flask, affected: int, direction: str = "ltr") -> bytes:
    """A page holding one icon array, from a template calling the app's Jinja global,
    with the PDF's own stylesheet, through the app's renderer."""
    with app.test_request_context():
        html = render_template_string(
            PAGE,
            lang="ar" if direction == "rtl" else "en",
            dir=direction,
            affected=affected,
            sentence=SENTENCE,
        )
    return app.extensions["pdf_renderer"].render(html)


def figure_alts(pdf: bytes) -> list[str]:
    """The /Alt of every Figure in the PDF's structure tree."""
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/StructTreeRoot"].get_object()
    alts, pending = [], [root]
    while pending:
        element = pending.pop().get_object()
        if isinstance(element, ArrayObject):
            pending.extend(element)
        elif isinstance(element, DictionaryObject):
            if element.get("/S") == "/Figure":
                alts.append(str(element.get("/Alt")))
            pending.extend([element["/K"]] if "/K" in element else [])
    return alts


def test_the_pdf_gives_the_sentence_as_the_figures_alt_text(app: Flask) -> None:
    assert figure_alts(render_pdf(app, 30)) == [SENTENCE]


def printed_icons(pdf: bytes) -> tuple[list[str], float]:
    """Each row of icons as printed in grey scale (as by a black-and-white printer), "#"
    for a filled icon, "o" for a ring, "?" for anything else; and the array's width in mm."""
    dpi = 200
    pgm = subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-gray", "-singlefile", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout
    width, height, body = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s(.*)", pgm, re.DOTALL).groups()
    rows = [body[y * int(width) : (y + 1) * int(width)] for y in range(int(height))]
    inked = [(y, match.start()) for y, row in enumerate(rows) if (match := INK.search(row))]
    top, left = inked[0][0], min(x for _, x in inked)
    # The icons span 98 of the picture's 100 units, from 1 to 99; their centres are 10
    # apart, and a ring's line is 3.4 units from its centre.
    unit = (inked[-1][0] - top) / 98

    def dark(x: float, y: float) -> bool:
        """Whether the page is dark at (x, y) in the picture's units, give or take a pixel."""
        row, column = round(top + (y - 1) * unit), round(left + (x - 1) * unit)
        return min(min(line[column - 1 : column + 2]) for line in rows[row - 1 : row + 2]) < 128

    def icon(column: int, row: int) -> str:
        x, y = 10 * column + 5, 10 * row + 5
        ring = dark(x - 3.4, y) and dark(x + 3.4, y) and dark(x, y - 3.4) and dark(x, y + 3.4)
        return "#" if ring and dark(x, y) else "o" if ring else "?"

    printed = ["".join(icon(column, row) for column in range(10)) for row in range(10)]
    return printed, 100 * unit / dpi * 25.4


@pytest.mark.parametrize("direction", ["ltr", "rtl"])
def test_the_printed_array_fills_from_the_reading_corner(app: Flask, direction: str) -> None:
    printed, width_mm = printed_icons(render_pdf(app, 23, direction))
    expected = ["#" * 10, "#" * 10, "###ooooooo", *["o" * 10] * 7]
    assert printed == (expected if direction == "ltr" else [row[::-1] for row in expected])
    assert 25 <= width_mm <= 30
