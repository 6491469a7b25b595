"""The one walk over a sheet's texts (decisionaid/content/sheet_texts.py): it follows the
rendered sheet, the numbers printed by each text point to the sources it cites and rise
down the page, a question to ask shows its citation, and no citation goes unshown."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask, template_rendered
from markupsafe import escape

from decisionaid.content.loader import ContentError, load_library
from decisionaid.content.model import Library
from decisionaid.content.sheet_texts import citations_not_shown, sheet_texts
from decisionaid.engine import OptionSheet
from decisionaid.sample_patients import PATIENTS
from tests.conftest import FIXTURE_CONTENT, Patient, broken_copy, line_of, make_app

SURE_WITH_A_NO = {
    "leaning": "not_sure",
    "sure_sure": "no",
    "sure_understanding": "yes",
    "sure_risk_benefit": "yes",
    "sure_encouragement": "yes",
}
MINI_WITH_ALERTS = {
    "about": {"age": "adult", "pregnant": "yes"},
    "tried_step": {"tried": ["cream", "light"], "cream_outcome": "helped", "goal_quick": "very"},
}


@contextmanager
def sheet_rendered(app: Flask) -> Iterator[list[OptionSheet]]:
    """The sheet object each page rendered while in the block, as the template saw it."""
    sheets: list[OptionSheet] = []

    def record(sender: Flask, template: object, context: dict) -> None:
        if "sheet" in context:
            sheets.append(context["sheet"])

    with template_rendered.connected_to(record, app):
        yield sheets


def sheet_page(app: Flask, pathway: str, steps: dict[str, dict]) -> tuple[str, OptionSheet]:
    """A person answers every step and says where they stand (one "no" to the SURE
    test, so that the support it suggests is shown too), then opens their sheet."""
    patient = Patient(app.test_client())
    for step, answers in steps.items():
        assert patient.answer(pathway, step, answers).status_code == 302
    assert patient.stand(pathway, SURE_WITH_A_NO).status_code == 302
    with sheet_rendered(app) as sheets:
        html = patient.client.get(f"/en/{pathway}/sheet").get_data(as_text=True)
    [sheet] = sheets
    return html, sheet


SHEETS = [pytest.param(("mini", MINI_WITH_ALERTS), id="mini")] + [
    pytest.param((pathway, steps), id=pathway) for pathway, steps in sorted(PATIENTS.items())
]


@pytest.fixture(scope="module", params=SHEETS)
def rendered(request, app: Flask, mini_app: Flask) -> tuple[str, OptionSheet, Library]:
    pathway, steps = request.param
    on = mini_app if pathway == "mini" else app
    html, sheet = sheet_page(on, pathway, steps)
    return html, sheet, on.extensions["content"]


def test_the_walk_meets_the_texts_in_the_order_the_sheet_shows_them(rendered) -> None:
    html, sheet, library = rendered
    texts = list(sheet_texts(library, sheet.pathway, sheet.shows))
    assert {text.kind for text in texts} >= {"option", "section", "caveat", "question to ask"}
    position = 0
    for text in texts:
        found = html.find(str(escape(text.text.source)), position)
        assert found >= 0, f"{text.owner}: {text.text.source!r} is not shown after {position}"
        position = found


def cited_numbers(html: str) -> list[int]:
    return [int(number) for number in re.findall(r'<a href="#source-(\d+)"', html)]


def test_source_numbers_rise_down_the_details_and_page_1_uses_the_same(rendered) -> None:
    """The numbers are the pathway's, the same for everyone: they rise down the details
    (the shared part), and page 1 and the grid print the same number for a source."""
    html, sheet, _ = rendered
    details = html[html.index('id="details"') :]
    first_seen = list(dict.fromkeys(cited_numbers(details)))
    assert first_seen == list(range(1, len(first_seen) + 1))
    listed = re.findall(r'<li value="(\d+)" id="source-\1">', details)
    assert listed == [str(number) for number in range(1, len(sheet.sources) + 1)]
    for number, source in enumerate(sheet.sources, 1):
        listed_source = f'<li value="{number}" id="source-{number}"><span dir="ltr">'
        assert f"{listed_source}{escape(source.citation)}" in html
    assert set(cited_numbers(html[: html.index('id="details"')])) <= set(range(1, len(listed) + 1))


def test_each_text_prints_the_numbers_of_the_sources_it_cites(rendered) -> None:
    html, sheet, library = rendered
    cited = [text for text in sheet_texts(library, sheet.pathway, sheet.shows) if text.cite]
    assert cited
    for text in cited:
        shown = str(escape(text.text.source))
        marker = re.search(re.escape(shown) + r' <span class="cite">\[(.*?)\]</span>', html)
        assert marker, f"{text.owner}: no citation printed after {text.text.source!r}"
        numbers = [int(number) for number in re.findall(r"#source-(\d+)", marker.group(1))]
        assert {sheet.sources[number - 1].id for number in numbers} == set(text.cite)


def test_a_question_to_ask_shows_its_citation(tmp_path: Path) -> None:
    folder = broken_copy(
        tmp_path,
        "  - text: What happens if I do nothing?\n",
        "  - text: What happens if I do nothing?\n    cite: [legare-2010]\n",
    )
    app = make_app(CONTENT_DIR=str(folder))
    html, sheet = sheet_page(app, "mini", MINI_WITH_ALERTS)
    [question] = re.findall(
        r"What happens if I do nothing\? <span class=\"cite\">(.*?)</span>", html
    )
    [number] = re.findall(r"#source-(\d+)", question)
    legare = app.extensions["content"].sources["legare-2010"]
    listed_source = f'<li value="{number}" id="source-{number}"><span dir="ltr">'
    assert f"{listed_source}{escape(legare.citation)}" in html
    assert sheet.sources[int(number) - 1] is legare


def test_every_citation_in_the_content_is_shown_by_some_sheet(app: Flask) -> None:
    assert citations_not_shown(app.extensions["content"]) == []
    assert citations_not_shown(load_library(FIXTURE_CONTENT)) == []


def test_the_loader_refuses_a_citation_no_sheet_shows(tmp_path: Path) -> None:
    # With its section gone, no sheet lists caveat CELL-01, so its citation shows nowhere.
    folder = broken_copy(tmp_path, "    caveats: [CELL-01]\n", "")
    with pytest.raises(ContentError) as raised:
        load_library(folder)
    line = line_of(folder, "cite: [review-two]", "caveats.yaml")
    assert raised.value.problems == [
        f"{folder / 'caveats.yaml'}:{line}: cites 'review-two' where no sheet shows a citation"
    ]


def test_citations_have_names_and_the_sources_a_way_back(rendered) -> None:
    """A screen reader says "Source 3: <title>", not "link 3"; each source in the list
    links back to where the sheet first cites it."""
    html, sheet, _ = rendered
    for number, source in enumerate(sheet.sources, 1):
        if f'href="#source-{number}"' not in html:
            continue  # in the list for the details, cited on no sheet of this person
        label = f"Source {number}: {escape(source.title)}"
        assert f'aria-label="{label}">{number}</a>' in html
        assert html.count(f'id="cite-{number}"') == 1
        assert f'href="#cite-{number}">Back to where source {number} is cited</a>' in html
