"""A 10 by 10 icon array for an "N in 100" result, as inline SVG.

The affected icons are grouped from the top-left corner, row by row (scattered icons are
misread), and are filled; the others are rings, so the two differ in shape as well as
colour and survive a black-and-white printer. Right-to-left pages mirror the picture in
CSS (sheet.css), so the group starts in their reading corner.

All the icons are drawn as three merged paths: WeasyPrint takes many times longer over
one element per icon (bench/icon_array.py). The sentence is both the ``aria-label`` and
the ``<title>``, which WeasyPrint writes as the Figure's /Alt in the PDF's structure tree.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape

COLUMNS = ROWS = 10
COLOUR = "#1d4f7a"
ICON = 8  # diameter of an icon, in a cell of 10 by 10 units
HOLE = 5.6  # the white inside of a ring


def icon_array(affected: int, sentence: str, total: int = 100) -> Markup:
    """The picture of ``affected`` in ``total`` people, named by ``sentence`` (plain
    text, such as "About 30 in 100 people got colour back. 70 did not.")."""
    if total != COLUMNS * ROWS:
        raise ValueError(f"an icon array shows {COLUMNS * ROWS} people, not {total}")
    if not isinstance(affected, int) or not 0 <= affected <= total:
        raise ValueError(f"the people affected must be a whole number from 0 to {total}")
    if not sentence.strip():
        raise ValueError("an icon array needs the sentence it shows, for its text alternative")
    label = escape(sentence)
    dots = f'stroke="{COLOUR}" stroke-width="{ICON}" stroke-linecap="round"'
    paths = []
    if affected:
        paths.append(f'<path class="affected" {dots} d="{_dots(range(affected))}"/>')
    if affected < total:
        others = _dots(range(affected, total))
        paths.append(f'<path class="others" {dots} d="{others}"/>')
        paths.append(
            f'<path stroke="#fff" stroke-width="{HOLE}" stroke-linecap="round" d="{others}"/>'
        )
    return Markup(  # noqa: S704 - the sentence is escaped; the rest is our own markup
        f'<svg class="icon-array" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"'
        f' role="img" aria-label="{label}"><title>{label}</title>{"".join(paths)}</svg>'
    )


def _dots(icons: Iterable[int]) -> str:
    """Path data drawing each icon, counted row by row from the top left, as a round dot
    (a zero-length line with round caps: the cheapest shape to draw; WeasyPrint draws
    nothing for the shorter ``M5 5z``)."""
    return "".join(f"M{10 * (icon % COLUMNS) + 5} {10 * (icon // COLUMNS) + 5}h0" for icon in icons)
