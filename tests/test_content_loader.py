"""Loading content: a good file becomes the model; a broken file stops loading with
``file:line: what is wrong``."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from decisionaid.cli import content_cli
from decisionaid.config import DefaultConfig
from decisionaid.content.loader import ContentError, load_library
from tests.conftest import FIXTURE_CONTENT, broken_copy, line_of, run_content_check


def test_the_real_content_loads() -> None:
    library = load_library(Path(DefaultConfig.CONTENT_DIR))
    vitiligo = library.pathways["vitiligo"]
    assert [option.id for option in vitiligo.options] == [f"VIT-{n:02d}" for n in range(1, 14)]
    assert {"CELL-01", "CELL-03", "CELL-05", "CELL-06", "CELL-07"} <= set(library.caveats)


def test_a_copy_with_other_fields_works_out_its_cached_properties_again() -> None:
    """What is worked out once from an item (its subtree, its options by code, its gate)
    belongs to its fields: a copy with others, as the loader makes, has its own."""
    mini = load_library(FIXTURE_CONTENT).pathways["mini"]
    about, tried_step = mini.steps
    tried = mini.items_by_id["tried"]
    assert about.subtree and tried.option("none") and tried.enable_when is None
    both = about.model_copy(update={"items": about.items + tried_step.items})
    assert both.subtree == (both, *about.subtree[1:], *tried_step.subtree[1:])
    renamed = tried.model_copy(update={"answer_options": tried.answer_options[:1]})
    assert renamed.option("none") is None and renamed.option("cream") is not None
    gated = tried.model_copy(update={"conditions": mini.items_by_id["pregnant"].conditions})
    assert gated.enable_when == mini.items_by_id["pregnant"].enable_when


def test_a_good_file_becomes_the_model() -> None:
    mini = load_library(FIXTURE_CONTENT).pathways["mini"]

    assert [step.link_id for step in mini.steps] == ["about", "tried_step"]
    age = mini.items_by_id["age"]
    assert age.required and [o.code for o in age.answer_options] == ["child", "adult"]
    assert age.text.context == "age" and age.text.source == "How old are you?"
    # A value set is resolved, and its labels keep the value set as their context.
    goal = mini.items_by_id["goal_quick"]
    assert [o.display.source for o in goal.answer_options] == ["Very important", "Not important"]
    assert goal.answer_options[0].display.context == "valueset:importance"
    assert mini.items_by_id["tried"].option("none").exclusive
    follow_up = mini.items_by_id["cream_outcome"].enable_when
    assert follow_up.conditions[0].question == "tried"
    cream = mini.options[0]
    assert cream.works[0].cite == ("trial-one",)
    assert cream.fit.rules[0].effect == "contraindication"


BROKEN = [
    # (what is replaced, by what, the line that must be blamed, the message)
    (
        "    title: Cream A",
        "    titel: Cream A",
        "titel: Cream A",
        "option MINI-01 has no 'title' ('titel' is misspelt?)",
    ),
    (
        "    what: A cream you",
        "    wat: A cream you",
        "wat: A cream",
        "option MINI-01 has no 'what'",
    ),
    (
        "    serves: [goal_quick]",
        "    serves: [goal_quick]\n    colour: red",
        "colour: red",
        "unknown key 'colour' in option MINI-01",
    ),
    (
        "      - linkId: pregnant",
        "      - linkId: age",
        "linkId: age",
        "the id 'age' is used twice",
    ),
    (
        '[{question: age, operator: "!=", answer: child}]',
        '[{question: agee, operator: "!=", answer: child}]',
        "question: agee",
        "condition on unknown question 'agee'",
    ),
    (
        '[{question: tried, operator: "=", answer: cream}]',
        '[{question: tried, operator: "=", answer: creme}]',
        "answer: creme",
        "'creme' is not an answer code of 'tried'",
    ),
    (
        "    cautions: [Ask your clinician if it is safe in pregnancy.]\n",
        "",
        "  - id: MINI-01",
        "option MINI-01 has no 'cautions'",
    ),
    (
        "        cite: [trial-one]",
        "        cite: [trial-nine]",
        "trial-nine",
        "source 'trial-nine' is not in sources.yaml",
    ),
    (
        "    sources: [trial-one]",
        "    sources: []",
        "  - id: MINI-01",
        "option MINI-01 cites 'trial-one' but does not list it in 'sources'",
    ),
    (
        "    evidence: {level: moderate,",
        "    evidence: {level: medium,",
        "level: medium",
        "'level' in the evidence of option MINI-01 must be one of high, moderate, low, very_low",
    ),
    (
        "reviewed: 2026-01-01",
        "reviewed: 2028-01-01",
        "next_review:",
        "next_review must be after reviewed",
    ),
    (
        "        type: choice\n        text: How old",
        "        type: choise\n        text: How old",
        "type: choise",
        "'type' in item age must be one of group, display, choice",
    ),
    (
        "        - effect: caution\n          concern: pregnancy",
        "        - effect: note\n          concern: pregnancy",
        "concern: pregnancy",
        "a rule about 'pregnancy' is a safety rule: its effect must be 'contraindication' "
        "or 'caution', never a note or a reason in favour",
    ),
    (
        "        - effect: caution",
        "        - effect: maybe",
        "effect: maybe",
        "'effect' in a fit rule of option MINI-01 must be one of contraindication, caution, "
        "favour, note",
    ),
    (
        "          concern: pregnancy",
        "          concern: pregnant",
        "concern: pregnant",
        "'concern' in a fit rule of option MINI-01 must be one of pregnancy, breastfeeding",
    ),
    (
        "    kind: topical",
        "    kind: cream",
        "kind: cream",
        "'kind' in option MINI-01 must be one of care, support, topical, light, tablet",
    ),
    # The YAML parser notices the unclosed bracket on the next line.
    ("title: Mini condition", "title: [Mini", "summary: A condition", "not valid YAML"),
    (
        "          reason: You said cream A helped you before.",
        "          reason: <b>Yes</b>",
        "<b>Yes</b>",
        "contains HTML",
    ),
]


@pytest.mark.parametrize(("old", "new", "blamed", "message"), BROKEN, ids=[b[3] for b in BROKEN])
def test_a_broken_file_is_refused_with_file_and_line(
    tmp_path: Path, old: str, new: str, blamed: str, message: str
) -> None:
    folder = broken_copy(tmp_path, old, new)

    with pytest.raises(ContentError) as raised:
        load_library(folder)

    expected = f"{folder / 'mini.yaml'}:{line_of(folder, blamed.rstrip(chr(10)))}: "
    problems = raised.value.problems
    assert any(p.startswith(expected) and message in p for p in problems), problems


def test_a_broken_shared_file_names_that_file(tmp_path: Path) -> None:
    folder = broken_copy(tmp_path, "    year: 2021", "    year: twenty", file="sources.yaml")
    with pytest.raises(ContentError) as raised:
        load_library(folder)
    line = line_of(folder, "year: twenty", file="sources.yaml")
    # Only that file is blamed: the caveats and shared texts citing that source are fine.
    assert raised.value.problems == [
        f"{folder / 'sources.yaml'}:{line}: 'year' in source review-two: "
        "must be a whole number, not 'twenty'"
    ]


def test_content_check_passes_on_good_content() -> None:
    result = CliRunner().invoke(content_cli, ["check", "--dir", str(FIXTURE_CONTENT)])
    assert result.exit_code == 0, result.output
    assert "content OK: 1 pathway(s), 2 options" in result.output


def test_content_check_lists_problems_and_fails(tmp_path: Path) -> None:
    folder = broken_copy(tmp_path, "    title: Cream A", "    titel: Cream A")

    # The real command line, as CI and authors run it; it works even though the broken
    # content would stop the app itself from starting.
    result = run_content_check(folder)

    assert result.returncode == 1
    line = line_of(folder, "titel: Cream A")
    assert f"{folder / 'mini.yaml'}:{line}: option MINI-01 has no 'title'" in result.stdout
    assert "2 problems in the content of" in result.stderr  # the unknown key and the missing one


def test_the_app_does_not_start_on_broken_content(tmp_path: Path) -> None:
    from tests.conftest import make_app

    folder = broken_copy(tmp_path, "    title: Cream A", "    titel: Cream A")
    with pytest.raises(ContentError, match=r"mini\.yaml:\d+: option MINI-01 has no 'title'"):
        make_app(CONTENT_DIR=str(folder))


BROKEN_LINKS = [
    (
        '        enableWhen: [{question: age, operator: "!=", answer: child}]',
        '        enableWhen: [{variable: young, operator: "=", answer: false}]',
        'variable: young, operator: "=", answer: false',
        "the variable 'young' depends on 'age', a question on this step or a later one",
    ),
    (
        "    section: stem_cells",
        "    section: stem_cell",
        "section: stem_cell",
        "alert 'tried_light' links to unknown section 'stem_cell'",
    ),
    (
        "    section: stem_cells",
        "    pathway: nowhere",
        "pathway: nowhere",
        "links to unknown pathway 'nowhere'",
    ),
    (
        'enableWhen: [{variable: tried_count, operator: ">=", answer: 2}]',
        'enableWhen: [{variable: tried_count, operator: "=", answer: true}]',
        "variable: tried_count, operator",
        "'tried_count' is a score: compare it with a number",
    ),
    (
        '[{variable: young, operator: "=", answer: true}]',
        '[{variable: young, operator: ">", answer: 1}]',
        'variable: young, operator: ">"',
        "a yes/no variable is tested with = or != and true or false",
    ),
    (
        "    count:\n",
        '    enableWhen: [{question: age, operator: "=", answer: child}]\n    count:\n',
        "  - name: tried_count",
        "variable 'tried_count' needs either 'enableWhen' or 'count'",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "blamed", "message"), BROKEN_LINKS, ids=[b[3] for b in BROKEN_LINKS]
)
def test_broken_links_and_scores_are_refused(
    tmp_path: Path, old: str, new: str, blamed: str, message: str
) -> None:
    folder = broken_copy(tmp_path, old, new)
    with pytest.raises(ContentError) as raised:
        load_library(folder)
    [problem] = raised.value.problems
    assert message in problem
    assert problem.startswith(f"{folder / 'mini.yaml'}:{line_of(folder, blamed)}:"), problem


def test_every_problem_in_every_file_is_reported_at_once(tmp_path: Path) -> None:
    """Five mistakes in two files: each is reported on its own line, and the files that
    cite the broken source are not blamed for it."""
    folder = broken_copy(tmp_path, "    title: Cream A", "    titel: Cream A")
    mini = folder / "mini.yaml"
    text = mini.read_text()
    for old, new in [
        ("    serves: [goal_quick]", "    serves: [goal_quick]\n    colour: red"),
        ("{level: moderate,", "{level: medium,"),
        ("reason: You said cream A helped you before.", "reason: <b>Yes</b>"),
    ]:
        text = text.replace(old, new, 1)
    mini.write_text(text)
    sources = folder / "sources.yaml"
    sources.write_text(sources.read_text().replace("    year: 2021", "    year: twenty", 1))

    with pytest.raises(ContentError) as raised:
        load_library(folder)

    def at(file: Path, blamed: str, message: str) -> str:
        return f"{file}:{line_of(folder, blamed, file=file.name)}: {message}"

    assert sorted(raised.value.problems) == sorted(
        [
            at(mini, "titel: Cream A", "unknown key 'titel' in option MINI-01"),
            at(mini, "titel: Cream A", "option MINI-01 has no 'title' ('titel' is misspelt?)"),
            at(mini, "colour: red", "unknown key 'colour' in option MINI-01"),
            at(
                mini,
                "level: medium",
                "'level' in the evidence of option MINI-01 must be one of "
                "high, moderate, low, very_low",
            ),
            at(
                mini,
                "<b>Yes</b>",
                "'reason' in a fit rule of option MINI-01: contains HTML; write plain text",
            ),
            at(
                sources,
                "year: twenty",
                "'year' in source review-two: must be a whole number, not 'twenty'",
            ),
        ]
    )
