"""The content linter behind `flask --app wsgi content check`: the fixture content passes,
and each rule fails a deliberately broken copy with file:line and a summary."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from decisionaid.cli import content_cli
from decisionaid.content.lint import lint_library
from decisionaid.content.loader import load_library
from decisionaid.content.model import Source
from tests.conftest import CHECK_DATE, FIXTURE_CONTENT, broken_copy, line_of, run_content_check


def broken(tmp_path: Path, file: str, old: str, new: str) -> Path:
    return broken_copy(tmp_path, old, new, file)


def problems_in(folder: Path) -> list[str]:
    return [str(problem) for problem in lint_library(load_library(folder), CHECK_DATE)]


def test_the_fixture_content_passes() -> None:
    assert problems_in(FIXTURE_CONTENT) == []


def test_an_option_with_no_sources(tmp_path: Path) -> None:
    folder = broken(
        tmp_path,
        "mini.yaml",
        "      - text: It can bring colour back.\n        cite: [review-two]\n",
        "      - It can bring colour back.\n",
    )
    folder_file = folder / "mini.yaml"
    folder_file.write_text(
        folder_file.read_text().replace("    sources: [review-two]\n", "    sources: []\n")
    )
    line = line_of(folder, "id: MINI-02", "mini.yaml")
    assert problems_in(folder) == [f"{folder_file}:{line}: option MINI-02 lists no sources"]


def test_benefits_much_longer_than_harms(tmp_path: Path) -> None:
    folder = broken(
        tmp_path,
        "mini.yaml",
        "      - text: It can bring colour back.",
        "      - text: It can bring colour back to the white patches on your skin over months.",
    )
    [problem] = problems_in(folder)
    assert problem.startswith(
        f"{folder / 'mini.yaml'}:{line_of(folder, 'id: MINI-02', 'mini.yaml')}:"
    )
    assert (
        "option MINI-02 is unbalanced: its benefits have 4.7 times the words of its harms"
        in problem
    )
    assert "(14 vs 3; at most 1.8:1)" in problem


def test_a_figure_without_a_source(tmp_path: Path) -> None:
    folder = broken(
        tmp_path,
        "mini.yaml",
        "    effort: [Clinic visits 2 to 3 times a week.]",
        "    effort: [Clinic visits 2 to 3 times a week. About 40 in 100 stop early.]",
    )
    assert problems_in(folder) == [
        f"{folder / 'mini.yaml'}:{line_of(folder, '40 in 100', 'mini.yaml')}: "
        "the figure '40 in 100' has no source: cite one"
    ]


def test_a_percentage_without_a_source_in_a_caveat(tmp_path: Path) -> None:
    folder = broken(
        tmp_path,
        "caveats.yaml",
        "      - No product is approved for this condition.",
        "      - No product is approved; 90% of clinics say otherwise.",
    )
    assert problems_in(folder) == [
        f"{folder / 'caveats.yaml'}:{line_of(folder, '90%', 'caveats.yaml')}: "
        "the figure '90%' has no source: cite one"
    ]


def test_a_source_listed_but_never_cited(tmp_path: Path) -> None:
    folder = broken(
        tmp_path,
        "sources.yaml",
        "sources:\n",
        "sources:\n  - id: orphan\n    author: Nobody N\n    title: A study nobody cites\n"
        "    published: J Example 2020\n    year: 2020\n    doi: 10.0000/orphan\n",
    )
    line = line_of(folder, "id: orphan", "sources.yaml")
    assert problems_in(folder) == [
        f"{folder / 'sources.yaml'}:{line}: source 'orphan' is never cited"
    ]


def test_a_review_date_that_has_passed(tmp_path: Path) -> None:
    folder = broken(
        tmp_path,
        "mini.yaml",
        "reviewed: 2026-01-01\nnext_review: 2027-01-01",
        "reviewed: 2024-01-01\nnext_review: 2025-01-01",
    )
    assert problems_in(folder) == [
        f"{folder / 'mini.yaml'}:1: the review was due on 2025-01-01: review the content"
    ]


def test_no_no_treatment_option(tmp_path: Path) -> None:
    folder = broken(tmp_path, "mini.yaml", "    no_treatment: true\n", "")
    assert problems_in(folder) == [
        f"{folder / 'mini.yaml'}:1: pathway mini has no 'no treatment' option"
    ]


def test_text_above_reading_grade_8(tmp_path: Path) -> None:
    folder = broken(
        tmp_path,
        "mini.yaml",
        "    what: A cream you put on the patches.",
        "    what: >-\n      A topical immunomodulatory preparation demonstrating considerable "
        "therapeutic efficacy regarding the repigmentation of depigmented cutaneous macules, "
        "administered continuously, notwithstanding occasional application-site "
        "irritation, telangiectasia, hypopigmentation and atrophy, particularly periocular, "
        "necessitating comprehensive dermatological surveillance, individualised "
        "pharmacovigilance and multidisciplinary therapeutic reconsideration.",
    )
    [problem] = problems_in(folder)
    assert "option MINI-01 reads at grade" in problem and "(at most 8)" in problem


@pytest.mark.parametrize("key", ["funding", "update_policy", "made_by"])
def test_a_missing_funding_statement_or_update_policy_fails_the_check(
    tmp_path: Path, key: str
) -> None:
    shared = (FIXTURE_CONTENT / "shared.yaml").read_text()
    start = shared.index(f"{key}: >-")
    end = shared.index("\n\n", start) if "\n\n" in shared[start:] else len(shared)
    folder = broken(tmp_path, "shared.yaml", shared[start:end], "")
    result = CliRunner().invoke(
        content_cli, ["check", "--dir", str(folder), "--on", CHECK_DATE.isoformat()]
    )
    assert result.exit_code == 1
    assert f"{folder / 'shared.yaml'}:" in result.output
    assert f"the shared file has no '{key}'" in result.output


def test_the_check_command_prints_every_problem_and_a_summary(tmp_path: Path) -> None:
    folder = broken(tmp_path, "mini.yaml", "    no_treatment: true\n", "")
    path = folder / "mini.yaml"
    path.write_text(path.read_text().replace("next_review: 2027-01-01", "next_review: 2026-02-01"))
    result = run_content_check(folder)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{path}:1: the review was due on 2026-02-01: review the content",
        f"{path}:1: pathway mini has no 'no treatment' option",
    ]
    assert result.stderr.strip() == f"Error: 2 problems in the content of {folder}"


def test_a_frequency_out_of_something_other_than_100(tmp_path: Path) -> None:
    folder = broken(
        tmp_path,
        "mini.yaml",
        "about 30 in 100 people got colour back",
        "about 3 in 10 people got colour back",
    )
    [problem] = problems_in(folder)
    assert problem == (
        f"{folder / 'mini.yaml'}:{line_of(folder, '3 in 10 people', 'mini.yaml')}: "
        "'3 in 10': say frequencies out of 100 (about N in 100), as everywhere else"
    )


def test_a_review_date_is_checked_on_the_day_asked(tmp_path: Path) -> None:
    """Authors can check content as on its release day; the suite never ages."""
    on_release = CliRunner().invoke(
        content_cli, ["check", "--dir", str(FIXTURE_CONTENT), "--on", "2027-01-02"]
    )
    assert on_release.exit_code == 1
    assert "the review was due on 2027-01-01: review the content" in on_release.output


@pytest.mark.parametrize("kind", ["light", "tablet", "injection", "procedure"])
def test_a_strong_option_needs_rules_for_pregnancy_breastfeeding_and_age(
    tmp_path: Path, kind: str
) -> None:
    folder = broken(tmp_path, "mini.yaml", "    kind: care\n", f"    kind: {kind}\n")
    line = line_of(folder, "id: MINI-02")
    assert problems_in(folder) == [
        f"{folder / 'mini.yaml'}:{line}: option MINI-02 ({kind}) has no contraindication or "
        f"caution with concern '{concern}': say what it means for the person"
        for concern in ("pregnancy", "breastfeeding", "age")
    ]


def test_a_safety_rule_of_a_strong_option_counts_only_as_a_caution_or_contraindication(
    tmp_path: Path,
) -> None:
    rules = (
        "      default: may\n"
        "      rules:\n"
        "        - effect: caution\n"
        "          concern: pregnancy\n"
        "          enableWhen: [{question: pregnant, operator: '=', answer: 'yes'}]\n"
        "          reason: You said you are pregnant. Ask if it is safe for your baby.\n"
        "        - effect: contraindication\n"
        "          concern: age\n"
        "          enableWhen: [{variable: young, operator: '=', answer: true}]\n"
        "          reason: You said you are under 12. It is not licensed for children.\n"
    )
    folder = broken(tmp_path, "mini.yaml", "    kind: care\n", "    kind: tablet\n")
    path = folder / "mini.yaml"
    text = path.read_text()
    last_default = text.rindex("      default: may\n")
    path.write_text(
        text[:last_default] + rules + text[last_default + len("      default: may\n") :]
    )
    [problem] = problems_in(folder)
    assert problem.endswith(
        "has no contraindication or caution with concern 'breastfeeding': "
        "say what it means for the person"
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    author: Example B\n", "", "names no author"),
        ("    published: Example Reviews 2021\n", "", "does not say where it appeared"),
        ("    url: https://example.invalid/review\n", "", "has no DOI or URL"),
        (
            "    url: https://example.invalid/review\n",
            "    url: https://api.fda.gov/drug/label.json?search=x\n",
            "links to a machine query",
        ),
        (
            "    title: A review of light treatment\n",
            "    title: A review of light treatment. Citation details not yet verified\n",
            "says its details are unverified",
        ),
    ],
)
def test_a_source_a_reader_cannot_find_fails_the_check(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    folder = broken(tmp_path, "sources.yaml", old, new)
    [problem] = problems_in(folder)
    assert problem.startswith(f"{folder / 'sources.yaml'}:")
    assert f"source 'review-two' {message}" in problem


def test_an_article_whose_authors_could_not_be_seen_needs_its_doi_and_a_reason(
    tmp_path: Path,
) -> None:
    reason = "    author_not_found: The index record we read shows no authors.\n"
    with_doi = broken(tmp_path / "doi", "sources.yaml", "    author: Example A, et al.\n", reason)
    assert problems_in(with_doi) == []
    without_doi = broken(tmp_path / "url", "sources.yaml", "    author: Example B\n", reason)
    [problem] = problems_in(without_doi)
    assert "source 'review-two' uses 'author_not_found'" in problem


def test_the_printed_reference_reads_author_title_and_where_it_appeared() -> None:
    library = load_library(FIXTURE_CONTENT)
    assert library.sources["trial-one"].citation == (
        "Example A, et al. A randomised trial of cream A. J Example 2020;1:1-10."
    )
    # A title that ends in a question mark gets no full stop after it.
    question = Source(
        id="q", title="Stability in vitiligo? What's that?", year=2009, author="Lahiri K"
    )
    assert question.citation == "Lahiri K. Stability in vitiligo? What's that?"


# Each kind of text the sheet shows, with a figure put in it: (file, old, new, the figure).
