"""Answers + pathway -> option sheet: a pure function (no Flask, no I/O, no randomness).

The engine never hides an option of a group that applies to the person. It attaches to
each one the reasons, drawn from the person's own answers, why it is often considered,
may be considered, or is usually not suitable. Every section (such as the stem cell
caveats) is always included, with the notes the person's answers raise.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from decisionaid.conditions import Variables, enabled_answers, evaluate_variables, gate_holds
from decisionaid.content.model import (
    SAFETY_EFFECTS,
    Alert,
    AnswerOption,
    Answers,
    Caveat,
    Claim,
    ConditionalText,
    FitEffect,
    FitLevel,
    FitRule,
    Gate,
    GlossaryEntry,
    Item,
    Library,
    Option,
    OptionGroup,
    Pathway,
    Section,
    SharedTexts,
    Source,
    Text,
)
from decisionaid.content.sheet_texts import Part, reading_order, sheet_texts, shown_among


@dataclass(frozen=True)
class AnswerRow:
    """One answered question, with its answers as the person saw them.

    A value is a ``Text`` (a choice's label), ``bool`` (yes/no) or the person's own
    words or number; templates translate the first two.
    """

    item: Item
    values: tuple[Text | str | int | bool, ...]


@dataclass(frozen=True)
class StepSummary:
    step: Item
    rows: tuple[AnswerRow, ...]


@dataclass(frozen=True)
class Priority:
    """How much one thing matters to the person; ``matters`` is false for the lowest rating."""

    item: Item
    importance: AnswerOption
    matters: bool


@dataclass(frozen=True)
class Reason:
    """A fit rule that holds for the person: what it does, and the text the sheet shows."""

    rule: FitRule

    @property
    def effect(self) -> FitEffect:
        return self.rule.effect

    @property
    def text(self) -> Text:
        return self.rule.reason

    @property
    def cite(self) -> tuple[str, ...]:
        return self.rule.cite


@dataclass(frozen=True)
class OptionFit:
    """One option as it applies to this person."""

    option: Option
    level: FitLevel
    reasons: tuple[Reason, ...]
    serves: tuple[Priority, ...]
    works_against: tuple[Priority, ...]


@dataclass(frozen=True)
class OptionsInGroup:
    group: OptionGroup
    fits: tuple[OptionFit, ...]


@dataclass(frozen=True)
class SectionView:
    """A section as it applies to this person: the notes their answers raise."""

    section: Section
    notes: tuple[ConditionalText, ...]
    caveats: tuple[Caveat, ...]


@dataclass(frozen=True)
class SureResult:
    """The SURE test (four yes/no questions) as the person answered it, if they did."""

    questions: tuple[tuple[Item, bool | None], ...]

    @property
    def answered(self) -> bool:
        return all(answer is not None for _, answer in self.questions)

    @property
    def score(self) -> int:
        return sum(1 for _, answer in self.questions if answer)

    @property
    def needs_support(self) -> bool:
        """A score below the maximum flags decisional conflict (Légaré et al. 2010)."""
        return self.answered and self.score < len(self.questions)


@dataclass(frozen=True)
class OptionSheet:
    pathway: Pathway
    shared: SharedTexts
    alerts: tuple[Alert, ...]
    answers: tuple[StepSummary, ...]
    priorities: tuple[Priority, ...]
    groups: tuple[OptionsInGroup, ...]
    sections: tuple[SectionView, ...]
    claims: tuple[Claim, ...]
    questions_to_ask: tuple[ConditionalText, ...]
    sure: SureResult
    glossary: tuple[GlossaryEntry, ...]
    sources: tuple[Source, ...]
    source_numbers: dict[str, int] = field(compare=False)
    shows: Callable[[Part], bool] = field(compare=False, repr=False)
    """Whether this sheet shows a part only some sheets show: ``sheet_texts``'s filter."""

    @property
    def fits(self) -> Iterator[OptionFit]:
        for group in self.groups:
            yield from group.fits

    def fit_of(self, option_id: str) -> OptionFit:
        return next(fit for fit in self.fits if fit.option.id == option_id)

    def citation_numbers(self, source_ids: Iterable[str]) -> list[int]:
        """The reference numbers for ``source_ids``, as printed in the sheet ("[3]")."""
        return sorted({self.source_numbers[source_id] for source_id in source_ids})


def summarize_answers(pathway: Pathway, answers: Answers) -> tuple[StepSummary, ...]:
    """Every shown, answered question, step by step: for the review page and the sheet."""
    shown = enabled_answers(pathway, answers)
    summaries = []
    for step in pathway.steps:
        rows = []
        for item in step.walk():
            if not item.is_question or item.link_id not in shown:
                continue
            raw = shown[item.link_id]
            values = raw if isinstance(raw, list) else [raw]
            rows.append(AnswerRow(item=item, values=tuple(_display(item, v) for v in values)))
        summaries.append(StepSummary(step=step, rows=tuple(rows)))
    return tuple(summaries)


def _display(item: Item, value: str | int | bool) -> Text | str | int | bool:
    if item.type == "choice":
        option = item.option(str(value))
        return option.display if option else str(value)
    return value


def _priorities(pathway: Pathway, answers: Answers) -> tuple[Priority, ...]:
    """What matters to the person, most important first (answer options run from most to
    least important; the last one means it does not matter)."""
    priorities = []
    for link_id in pathway.priorities:
        item = pathway.items_by_id[link_id]
        option = item.option(str(answers.get(link_id, "")))
        if option is not None:
            rank = item.answer_options.index(option)
            matters = rank < len(item.answer_options) - 1
            priorities.append((rank, Priority(item=item, importance=option, matters=matters)))
    return tuple(priority for _, priority in sorted(priorities, key=lambda pair: pair[0]))


def assess_option(
    option: Option,
    answers: Answers,
    variables: Variables,
    priorities: tuple[Priority, ...],
) -> OptionFit:
    """How well one option fits: safety first, then the reasons in its favour.

    A contraindication that holds makes the option "not", whatever else holds; only the
    reasons against it and the cautions are then shown, because reasons in its favour,
    notes (many of which say what it offers) and the priorities it serves would read as
    if they argued for it. Otherwise a reason in favour makes it "often", and a caution
    caps it at "may". With neither, the option keeps its default (capped by a caution
    too). Notes change nothing.
    """
    held = [rule for rule in option.fit.rules if gate_holds(rule.gate, answers, variables)]
    effects = {rule.effect for rule in held}
    mattering = {p.item.link_id: p for p in priorities if p.matters}
    serves = tuple(mattering[i] for i in option.serves if i in mattering)
    if "contraindication" in effects:
        level: FitLevel = "not"
        held = [rule for rule in held if rule.effect in SAFETY_EFFECTS]
        serves = ()
    else:
        level = "often" if "favour" in effects else option.fit.default
        if "caution" in effects and level == "often":
            level = "may"
    return OptionFit(
        option=option,
        level=level,
        reasons=tuple(Reason(rule) for rule in reading_order(held)),
        serves=serves,
        works_against=tuple(mattering[i] for i in option.works_against if i in mattering),
    )


def build_option_sheet(
    library: Library,
    pathway: Pathway,
    answers: Answers,
    sure_answers: Answers | None = None,
) -> OptionSheet:
    """Turn one person's answers (and their SURE answers, if any) into their sheet."""
    shown = enabled_answers(pathway, answers)
    variables = evaluate_variables(pathway, shown)

    def applies(gate: Gate | None) -> bool:
        return gate_holds(gate, shown, variables)

    priorities = _priorities(pathway, shown)
    groups = tuple(
        OptionsInGroup(
            group=group,
            fits=tuple(
                assess_option(option, shown, variables, priorities)
                for option in pathway.options
                if option.group == group.id
            ),
        )
        for group in pathway.option_groups
        if applies(group.gate)
    )
    groups = tuple(group for group in groups if group.fits)
    alerts = tuple(alert for alert in pathway.alerts if applies(alert.gate))
    sections = tuple(
        SectionView(
            section=section,
            notes=tuple(note for note in section.notes if applies(note.gate)),
            caveats=tuple(library.caveats[caveat_id] for caveat_id in section.caveats),
        )
        for section in pathway.sections
    )
    questions = tuple(q for q in pathway.questions_to_ask if applies(q.gate))
    parts: list[Part] = [*alerts, *(group.group for group in groups), *questions]
    parts += (reason.rule for group in groups for fit in group.fits for reason in fit.reasons)
    parts += (note for view in sections for note in view.notes)
    # Glossary entries have no citations; they are picked from the sheet's other texts.
    texts = tuple(sheet_texts(library, pathway, shown_among(parts)))
    shared = library.shared
    glossary = _glossary_used(shared.glossary, (text.text.source for text in texts))
    source_numbers = _number_sources(source for text in texts for source in text.cite)
    return OptionSheet(
        pathway=pathway,
        shared=shared,
        alerts=alerts,
        answers=summarize_answers(pathway, shown),
        priorities=priorities,
        groups=groups,
        sections=sections,
        claims=library.claims,
        questions_to_ask=questions,
        sure=SureResult(
            questions=tuple(
                (item, _yes_no((sure_answers or {}).get(item.link_id)))
                for item in shared.sure.items
            )
        ),
        glossary=glossary,
        sources=tuple(library.sources[source_id] for source_id in source_numbers),
        source_numbers=source_numbers,
        shows=shown_among([*parts, *glossary]),
    )


def _yes_no(answer: object) -> bool | None:
    return answer if isinstance(answer, bool) else None


def _glossary_used(
    glossary: tuple[GlossaryEntry, ...], texts: Iterable[str]
) -> tuple[GlossaryEntry, ...]:
    """The glossary entries whose words the sheet uses, in the glossary's order."""
    wanted = {entry: [_words(match) for match in entry.matches] for entry in glossary}
    longest = max((len(words) for matches in wanted.values() for words in matches), default=0)
    used: set[tuple[str, ...]] = set()
    for text in texts:
        used |= _phrases(text, longest)
    return tuple(entry for entry, matches in wanted.items() if any(m in used for m in matches))


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", text.lower()))


@functools.lru_cache(maxsize=8192)
def _phrases(text: str, longest: int) -> frozenset[tuple[str, ...]]:
    """Every run of up to ``longest`` words in a text. The content's texts are few and
    fixed, so each is split once, however many sheets use it."""
    words = _words(text)
    return frozenset(
        words[start : start + size]
        for size in range(1, longest + 1)
        for start in range(len(words) - size + 1)
    )


def _number_sources(cited: Iterable[str]) -> dict[str, int]:
    """Number sources in the order the sheet first cites them (top to bottom)."""
    numbers: dict[str, int] = {}
    for source_id in cited:
        numbers.setdefault(source_id, len(numbers) + 1)
    return numbers
