"""The content linter: checks that a valid content library also meets the decision-aid
standards (IPDAS) that a machine can check. ``flask --app wsgi content check`` runs it.

The loader already refuses content that is malformed (a missing field, a citation of an
unknown source, an option that cites a source it does not list). This module looks at
what well-formed content says: balance, figures without sources, dates, readability.
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
    Text,
)

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


def reading_grade(texts: Iterable[Text]) -> float:
    """The Flesch-Kincaid grade of texts read one after another."""
    return textstat.flesch_kincaid_grade(" ".join(text.source for text in texts))


def option_texts(option: Option) -> Iterator[Text]:
    """Every text a person reads about an option, in order."""
    yield option.title
    yield option.what
    for statement in option.statements():
        yield statement.text
    yield option.evidence.text
    for rule in option.fit.rules:
        yield rule.reason


def _uncited_figures(pathway: Pathway, path: str) -> Iterator[Problem]:
    cited: list[tuple[Text, tuple[str, ...]]] = []
    for option in pathway.options:
        cited += [(statement.text, statement.cite) for statement in option.statements()]
        cited += [(rule.reason, rule.cite) for rule in option.fit.rules]
        cited += [(option.what, ()), (option.evidence.text, ())]
    cited += [(alert.text, alert.cite) for alert in pathway.alerts]
    cited += [(note.text, note.cite) for section in pathway.sections for note in section.notes]
    for text, sources in cited:
        yield from _figure_problems(text, sources, path)


def _figure_problems(text: Text, sources: tuple[str, ...], path: str) -> Iterator[Problem]:
    """A figure needs a source, and a frequency is said out of 100."""
    figure = FIGURE.search(text.source)
    if figure and not sources:
        yield Problem(path, text.line, f"the figure '{figure.group()}' has no source: cite one")
    other = OTHER_DENOMINATOR.search(text.source)
    if other:
        yield Problem(
            path,
            text.line,
            f"'{other.group()}': say frequencies out of 100 (about N in 100), as everywhere else",
        )


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
    grade = reading_grade(option_texts(option))
    if grade > MAX_READING_GRADE:
        yield Problem(
            path,
            option.line,
            f"option {option.id} reads at grade {grade:.1f} (at most {MAX_READING_GRADE:g}): "
            "use shorter sentences and plainer words",
        )


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
    yield from _uncited_figures(pathway, path)


def lint_library(library: Library, today: datetime.date) -> list[Problem]:
    """Every problem in the library, file by file."""
    problems: list[Problem] = []
    for pathway in library.pathways.values():
        problems += _lint_pathway(pathway, today)
    caveats_path = str(Path(library.directory) / "caveats.yaml")
    for caveat in library.caveats.values():
        for point in caveat.points:
            problems += _figure_problems(point.text, point.cite, caveats_path)
    for claim in library.claims:
        problems += _figure_problems(claim.evidence, claim.cite, caveats_path)
    cited = {
        source for pathway in library.pathways.values() for source in _all_citations(pathway)
    } | {source for caveat in library.caveats.values() for source in caveat.sources}
    cited |= {source for claim in library.claims for source in claim.cite}
    cited.add(library.shared.sure_source)
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


def _all_citations(pathway: Pathway) -> Iterator[str]:
    for option in pathway.options:
        yield from option.sources
    for alert in pathway.alerts:
        yield from alert.cite
    for section in pathway.sections:
        for note in section.notes:
            yield from note.cite
