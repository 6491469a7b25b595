"""The content check sees every text a sheet shows (content/sheet_texts.py): a figure
without a source, or text above reading grade 8, is caught in each kind of text, and a
figure in a text that cannot cite a source must move into one that can."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from decisionaid.content.lint import lint_library
from decisionaid.content.loader import load_library
from tests.conftest import CHECK_DATE, FIXTURE_CONTENT, line_of
from tests.test_content_lint import broken, problems_in

CITABLE_TEXTS = {
    "a fit rule's reason": (
        "mini.yaml",
        "reason: You said cream A helped you before.",
        "reason: You said cream A helped you before. It helps about 40 in 100 people.",
    ),
    "an alert": (
        "mini.yaml",
        "text: You tried 2 treatments.",
        "text: You tried 2 treatments. About 40 in 100 people do.",
    ),
    "a section note": (
        "mini.yaml",
        "- text: You said you are under 12.",
        "- text: You said you are under 12. About 40 in 100 children get better.",
    ),
    "a question to ask": (
        "mini.yaml",
        "- text: What happens if I do nothing?",
        "- text: Do 40% of people get better with nothing?",
    ),
    "an option's statement": (
        "mini.yaml",
        "    side_effects: [Some people get itchy skin.]",
        "    side_effects: [About 40 in 100 people get itchy skin.]",
    ),
    "a caveat's point": (
        "caveats.yaml",
        "      - No product is approved for this condition.",
        "      - No product is approved; 40% of clinics say otherwise.",
    ),
}
UNCITABLE_TEXTS = {
    "the pathway's title": (
        "mini.yaml",
        "title: Mini condition\n",
        "title: Mini condition in 40% of people\n",
        "pathway mini",
    ),
    "the pathway's summary": (
        "mini.yaml",
        "summary: A condition for tests.",
        "summary: A condition that 40% of people get.",
        "pathway mini",
    ),
    "the condition": (
        "mini.yaml",
        "condition: Mini condition makes skin patches.",
        "condition: About 40% of people with mini condition get skin patches.",
        "pathway mini",
    ),
    "the decision": (
        "mini.yaml",
        "decision: Which treatment to try.",
        "decision: Which treatment to try; 40% try none.",
        "pathway mini",
    ),
    "an alert's title": (
        "mini.yaml",
        "title: You tried both",
        "title: You tried both, like 40% of people",
        "alert tried_both",
    ),
    "a group's title": (
        "mini.yaml",
        "{id: creams, title: Creams}",
        "{id: creams, title: Creams for 40% of people}",
        "option group creams",
    ),
    "a group's introduction": (
        "mini.yaml",
        "    intro: Only for adults.",
        "    intro: Only for adults, about 40 in 100 people.",
        "option group light",
    ),
    "an option's title": (
        "mini.yaml",
        "    title: Cream A\n",
        "    title: Cream A for 40% of people\n",
        "option MINI-01",
    ),
    "what an option is": (
        "mini.yaml",
        "    what: A cream you put on the patches.",
        "    what: A cream you put on the patches. It works for 40% of people.",
        "option MINI-01",
    ),
    "an option's evidence": (
        "mini.yaml",
        "text: One good trial.",
        "text: One good trial in which 40% got better.",
        "option MINI-01",
    ),
    "a section's introduction": (
        "mini.yaml",
        "    intro: Some clinics sell stem cell products.",
        "    intro: Some clinics sell stem cell products to 40% of people.",
        "section stem_cells",
    ),
    "a caveat's title": (
        "caveats.yaml",
        "    title: Stem cell products",
        "    title: Stem cell products, sold to 40% of people",
        "caveat CELL-01",
    ),
    "a caveat's introduction": (
        "caveats.yaml",
        "    intro: Clinics sell these products.",
        "    intro: 40% of clinics sell these products.",
        "caveat CELL-01",
    ),
    "what to do after a low SURE score": (
        "shared.yaml",
        "      - That is common. You do not have to decide today.",
        "      - That is common, and 40% of people say so. You do not have to decide today.",
        "SURE test",
    ),
    "a glossary meaning": (
        "shared.yaml",
        "    meaning: An unwanted effect of a treatment.",
        "    meaning: An unwanted effect of a treatment, which 40% of people get.",
        "glossary entry 'Side effect'",
    ),
}


def figure_in(folder: Path, file: str, new: str) -> tuple[str, int]:
    figure = re.search(r"\d+(?: in \d+|%)", new)
    assert figure
    return figure.group(), line_of(folder, new.strip().splitlines()[0], file)


@pytest.mark.parametrize(("file", "old", "new"), CITABLE_TEXTS.values(), ids=CITABLE_TEXTS)
def test_a_figure_without_a_source_in_a_text_that_can_cite_one(
    tmp_path: Path, file: str, old: str, new: str
) -> None:
    folder = broken(tmp_path, file, old, new)
    figure, line = figure_in(folder, file, new)
    assert problems_in(folder) == [
        f"{folder / file}:{line}: the figure '{figure}' has no source: cite one"
    ]


@pytest.mark.parametrize(
    ("file", "old", "new", "owner"), UNCITABLE_TEXTS.values(), ids=UNCITABLE_TEXTS
)
def test_a_figure_in_a_text_that_cannot_cite_a_source_must_move(
    tmp_path: Path, file: str, old: str, new: str, owner: str
) -> None:
    folder = broken(tmp_path, file, old, new)
    figure, line = figure_in(folder, file, new)
    assert problems_in(folder) == [
        f"{folder / file}:{line}: the figure '{figure}' is in a text that cannot cite a "
        f"source ({owner}): move it into a statement that cites one"
    ]


def test_a_figure_in_what_clinics_claim_must_move(tmp_path: Path) -> None:
    claim = "    claim: Stem cells cure 40% of people.\n"
    folder = broken(
        tmp_path,
        "caveats.yaml",
        "caveats:\n",
        "claims:\n  - id: cure\n" + claim + "    evidence: No product is approved.\n"
        "    cite: [review-two]\ncaveats:\n",
    )
    mini = folder / "mini.yaml"
    mini.write_text(
        mini.read_text().replace(
            "    caveats: [CELL-01]\n", "    caveats: [CELL-01]\n    claims: true\n"
        )
    )
    line = line_of(folder, claim.strip(), "caveats.yaml")
    assert problems_in(folder) == [
        f"{folder / 'caveats.yaml'}:{line}: the figure '40%' is in a text that cannot cite a "
        "source (claim cure): move it into a statement that cites one"
    ]


def test_a_glossary_term_may_show_how_a_figure_is_said() -> None:
    library = load_library(FIXTURE_CONTENT)
    assert any("30 in 100" in entry.term.source for entry in library.shared.glossary)
    assert lint_library(library, CHECK_DATE) == []


@pytest.mark.parametrize(
    ("file", "old", "owner"),
    [
        ("mini.yaml", "  - text: What happens if I do nothing?\n", "question to ask 1"),
        ("mini.yaml", "    text: You tried 2 treatments.\n", "alert tried_both"),
        ("caveats.yaml", "    intro: Clinics sell these products.\n", "caveat CELL-01"),
    ],
    ids=["question to ask", "alert", "caveat"],
)
def test_text_above_reading_grade_8_outside_an_option(
    tmp_path: Path, file: str, old: str, owner: str
) -> None:
    hard = (
        " Notwithstanding considerable interindividual heterogeneity, multidisciplinary "
        "therapeutic reconsideration necessitates comprehensive dermatological surveillance."
    )
    folder = broken(tmp_path, file, old, old.rstrip("\n") + hard + "\n")
    [problem] = problems_in(folder)
    assert f": {owner} reads at grade" in problem and "(at most 8)" in problem
