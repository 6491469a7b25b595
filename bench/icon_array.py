"""How long a PDF page of icon arrays takes as merged paths (decisionaid/icon_array.py)
against the same arrays drawn with one element per icon, measured in the same run.

    .venv/bin/python bench/icon_array.py [rounds]

Both pages hold the same ten arrays and sentences, through the app's renderer and print
stylesheet; the page with the sentences alone shows what the arrays themselves cost.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pdf_render import timed
from decisionaid.icon_array import COLOUR, icon_array
from tests.conftest import make_app

AFFECTED = (3, 8, 12, 19, 24, 30, 45, 57, 71, 88)


def sentence(affected: int) -> str:
    return f"About {affected} in 100 people got colour back. {100 - affected} did not."


def one_element_per_icon(affected: int, sentence: str) -> str:
    """The same picture as icon_array's, drawn the slow way: a circle per icon."""
    circles = "".join(
        f'<circle cx="{10 * (icon % 10) + 5}" cy="{10 * (icon // 10) + 5}" r="3.4"'
        f' stroke="{COLOUR}" stroke-width="1.2" fill="{COLOUR if icon < affected else "#fff"}"/>'
        for icon in range(100)
    )
    return (
        f'<svg class="icon-array" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"'
        f' role="img" aria-label="{sentence}"><title>{sentence}</title>{circles}</svg>'
    )


def page(stylesheet: str, draw=None) -> str:
    """Ten cells, five to a row as in the option grid: each a sentence, under its array."""
    cells = [
        f"<td>{draw(affected, sentence(affected)) if draw else ''}<p>{sentence(affected)}</p></td>"
        for affected in AFFECTED
    ]
    rows = "".join(f"<tr>{''.join(cells[start : start + 5])}</tr>" for start in range(0, 10, 5))
    return (
        "<!doctype html><html lang='en'><head><title>Icon arrays</title>"
        f"<link rel='stylesheet' href='{stylesheet}'></head>"
        f"<body><table>{rows}</table></body></html>"
    )


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    app = make_app()
    renderer = app.extensions["pdf_renderer"]
    stylesheet = f"{app.static_url_path}/css/print.css"
    pages = {
        "sentences, no arrays": page(stylesheet),
        "10 arrays, merged paths": page(stylesheet, icon_array),
        "10 arrays, element per icon": page(stylesheet, one_element_per_icon),
    }
    results = {
        name: timed(lambda html=html: renderer.render(html), rounds) for name, html in pages.items()
    }
    medians = {name: statistics.median(samples) for name, samples in results.items()}
    text_only = medians["sentences, no arrays"]
    print(f"{'what':28} {'median ms':>10} {'max ms':>8} {'arrays ms':>10}")
    for name, samples in results.items():
        arrays = (medians[name] - text_only) * 1000
        print(f"{name:28} {medians[name] * 1000:10.1f} {max(samples) * 1000:8.1f} {arrays:10.1f}")
    merged, per_icon = (medians[name] for name in list(pages)[1:])
    print(
        f"one element per icon: {per_icon / merged:.1f}x the page's time,"
        f" {(per_icon - text_only) / (merged - text_only):.1f}x the arrays' own"
    )


if __name__ == "__main__":
    main()
