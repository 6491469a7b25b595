"""Answers + pathway -> option sheet: a pure function (no Flask, no I/O, no randomness).

The engine never hides an option of a group that applies to the person. It attaches to
each one the reasons, drawn from the person's own answers, why it is often considered,
may be considered, or is usually not suitable. Every section (such as the stem cell
caveats) is always included, with the notes the person's answers raise.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from decisionaid.answer_summary import (
    AnswerRow,
    StepSummary,
    TriedRow,
    about_rows,
    summarize_answers,
    tried_rows,
)
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
from decisionaid.content.sheet_texts import GRID_ROWS, Part, reading_order, sheet_texts, shown_among
from decisionaid.glossary import glossary_used
from decisionaid.stand import Leaning, leaning_of, matters_most_of


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

    @property
    def shown_reasons(self) -> tuple[Reason, ...]:
        """The reasons page 1 gives, in a line or two: every one that sets the level
        (against, take care, for), and a note only when nothing speaks for the option,
        so that the reader still learns what their answers mean for it."""
        deciding = tuple(reason for reason in self.reasons if reason.effect != "note")
        if any(reason.effect == "favour" for reason in deciding):
            return deciding
        return deciding + tuple(r for r in self.reasons if r.effect == "note")[:1]


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
    def score(self) -> int:
        return sum(1 for _, answer in self.questions if answer)

    @property
    def answered_no(self) -> tuple[Item, ...]:
        """The questions answered "no": what to talk over before deciding (any "no" flags
        decisional conflict, Légaré et al. 2010)."""
        return tuple(item for item, answer in self.questions if answer is False)


MAX_TO_DISCUSS = 5
"""Options side by side on one page: more columns would not fit or be read."""


@dataclass(frozen=True)
class OptionSheet:
    pathway: Pathway
    shared: SharedTexts
    alerts: tuple[Alert, ...]
    points_by_alert: dict[str, tuple[ConditionalText, ...]] = field(compare=False)
    answers: tuple[StepSummary, ...]
    about: tuple[AnswerRow, ...]
    """What the person said about themselves (page 1)."""
    tried: tuple[TriedRow, ...]
    priorities: tuple[Priority, ...]
    groups: tuple[OptionsInGroup, ...]
    to_discuss: tuple[OptionFit, ...]
    """The options to talk over, side by side in the grid (``options_to_discuss``)."""
    sections: tuple[SectionView, ...]
    claims: tuple[Claim, ...]
    questions_to_ask: tuple[ConditionalText, ...]
    matters_most: tuple[Priority, ...]
    """The priorities the person marked as mattering most (up to three)."""
    leaning: Leaning
    sure: SureResult
    glossary: tuple[GlossaryEntry, ...]
    sources: tuple[Source, ...]
    summary_sources: tuple[Source, ...]
    """The sources pages 1 and 2 cite, in number order."""
    source_numbers: dict[str, int] = field(compare=False)
    shows: Callable[[Part], bool] = field(compare=False, repr=False)
    """Whether this sheet shows a part only some sheets show: ``sheet_texts``'s filter."""
    grid_rows: ClassVar[tuple[str, ...]] = GRID_ROWS
    anchored: set[int] = field(default_factory=set, compare=False, repr=False)
    """The sources cited so far in rendering this sheet (see ``citation_anchor``)."""

    @property
    def fits(self) -> Iterator[OptionFit]:
        for group in self.groups:
            yield from group.fits

    def fit_of(self, option_id: str) -> OptionFit:
        return next(fit for fit in self.fits if fit.option.id == option_id)

    def fit_or_none(self, option_id: str) -> OptionFit | None:
        """The option's fit, or None when its group does not apply to this person."""
        return next((fit for fit in self.fits if fit.option.id == option_id), None)

    def section_applies(self, section: Section) -> bool:
        """Whether the person's answers point to a section: it has notes for them, or an
        alert they get sends them there."""
        view = next(view for view in self.sections if view.section is section)
        return bool(view.notes) or any(alert.section == section.id for alert in self.alerts)

    def alert_points(self, alert: Alert) -> tuple[ConditionalText, ...]:
        """The reasons ``alert`` names that this person's answers raise."""
        return self.points_by_alert[alert.id]

    def citation_numbers(self, source_ids: Iterable[str]) -> list[int]:
        """The reference numbers for ``source_ids``, as printed in the sheet ("[3]")."""
        return sorted({self.source_numbers[source_id] for source_id in source_ids})

    def source_by_number(self, number: int) -> Source:
        return self.sources[number - 1]

    def citation_anchor(self, number: int) -> str | None:
        """The id of the first citation of source ``number`` as the page is rendered, and
        None for every later one (rendering asks in the order of the page)."""
        if number in self.anchored:
            return None
        self.anchored.add(number)
        return f"cite-{number}"

    def was_cited(self, number: int) -> bool:
        return number in self.anchored


def options_to_discuss(fits: Iterable[OptionFit]) -> tuple[OptionFit, ...]:
    """Those often considered, then those that may be (the ones serving more of what
    matters first), at most ``MAX_TO_DISCUSS`` with not treating, which is always one of
    them; in the sheet's order."""
    fits = tuple(fits)
    candidates = [fit for fit in fits if fit.level != "not" and not fit.option.no_treatment]
    candidates.sort(key=lambda fit: (fit.level != "often", -len(fit.serves)))
    no_treatment = [fit for fit in fits if fit.option.no_treatment]
    chosen = {id(fit) for fit in candidates[: MAX_TO_DISCUSS - len(no_treatment)] + no_treatment}
    return tuple(fit for fit in fits if id(fit) in chosen)


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
    stand_answers: Answers | None = None,
) -> OptionSheet:
    """Turn one person's answers (and, once they have said where they stand, what matters
    most, what they lean towards and their SURE answers) into their sheet."""
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
    to_discuss = options_to_discuss(fit for group in groups for fit in group.fits)
    alerts = tuple(alert for alert in pathway.alerts if applies(alert.gate))
    # Each reason an alert names that the person's answers raise ("told it is a cure").
    alert_points = {
        alert.id: tuple(point for point in alert.points if applies(point.gate)) for alert in alerts
    }
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
    # Page 1 gives the reasons for the options to discuss and against those usually not
    # suitable; the others are only named there.
    explained = [fit for group in groups for fit in group.fits if fit.level == "not"]
    parts += (reason.rule for fit in [*to_discuss, *explained] for reason in fit.shown_reasons)
    parts += (note for view in sections for note in view.notes)
    parts += (point for points in alert_points.values() for point in points)
    parts += (fit.option for fit in to_discuss)
    # Glossary entries have no citations; they are picked from the sheet's other texts.
    texts = tuple(sheet_texts(library, pathway, shown_among(parts)))
    shared = library.shared
    glossary = glossary_used(shared.glossary, (text.text.source for text in texts))
    source_numbers = pathway_source_numbers(library, pathway)
    summary_cites = {source for text in texts if text.part != "details" for source in text.cite}
    # On paper the section notes follow the grid, as the details are not there.
    summary_cites |= {source for view in sections for note in view.notes for source in note.cite}
    summarized = summarize_answers(pathway, shown)
    sheet = OptionSheet(
        pathway=pathway,
        shared=shared,
        alerts=alerts,
        points_by_alert=alert_points,
        answers=summarized,
        about=about_rows(summarized),
        tried=tried_rows(pathway, shown),
        priorities=priorities,
        groups=groups,
        to_discuss=to_discuss,
        sections=sections,
        claims=library.claims,
        questions_to_ask=questions,
        matters_most=(),
        leaning=Leaning(),
        sure=SureResult(questions=tuple((item, None) for item in shared.sure.items)),
        glossary=glossary,
        sources=tuple(library.sources[source_id] for source_id in source_numbers),
        summary_sources=tuple(
            library.sources[source_id] for source_id in source_numbers if source_id in summary_cites
        ),
        source_numbers=source_numbers,
        shows=shown_among([*parts, *glossary]),
    )
    return with_stand(sheet, stand_answers) if stand_answers else sheet


def with_stand(sheet: OptionSheet, stand: Answers) -> OptionSheet:
    """The sheet with where the person stands: what matters most, what they lean towards
    (among their options to discuss), and their SURE answers. Nothing else on the sheet
    depends on them, so the "where you stand" step can be built from the sheet first."""
    chosen = matters_most_of(stand)
    return dataclasses.replace(
        sheet,
        matters_most=tuple(p for p in sheet.priorities if p.item.link_id in chosen),
        leaning=leaning_of(stand, tuple(fit.option for fit in sheet.to_discuss)),
        sure=SureResult(
            questions=tuple(
                (item, _yes_no(stand.get(item.link_id))) for item, _ in sheet.sure.questions
            )
        ),
    )


def build_details(library: Library, pathway: Pathway) -> OptionSheet:
    """The details part of every sheet of ``pathway``: each option in full and what the
    sheets share, with nothing from anyone's answers (the handout)."""
    sheet = build_option_sheet(library, pathway, {})
    details = (text.text.source for text in sheet_texts(library, pathway) if text.part == "details")
    return dataclasses.replace(sheet, glossary=glossary_used(library.shared.glossary, details))


def _yes_no(answer: object) -> bool | None:
    return answer if isinstance(answer, bool) else None


def pathway_source_numbers(library: Library, pathway: Pathway) -> dict[str, int]:
    """Every source a pathway's sheets can cite, numbered in the order the details first
    cite them (so the numbers rise down the details), then those only the summary cites.
    The same for everyone, so page 1 and the shared details use the same numbers."""
    texts = list(sheet_texts(library, pathway))
    in_order = [text for text in texts if text.part == "details"]
    in_order += [text for text in texts if text.part != "details"]
    numbers: dict[str, int] = {}
    for source_id in (source for text in in_order for source in text.cite):
        numbers.setdefault(source_id, len(numbers) + 1)
    return numbers
