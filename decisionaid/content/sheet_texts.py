"""Every text an option sheet shows, in the order it shows them, with the sources each cites.

One walk serves the engine (source numbers, the glossary), the content check (every check
made on a text) and the loader (``citations_not_shown``: a citation no sheet would show is
refused). It follows ``templates/_sheet.html``; tests/test_sheet_texts.py fails when the
two disagree. Attributes are read one by one, in the template's order, so the walk works
on any model with the content's attribute names.

The person's answers are on the sheet too, but they are the questionnaire's texts, read
while answering; the walk holds what the sheet itself says.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from decisionaid.content.model import (
    FIT_EFFECTS,
    Alert,
    ConditionalText,
    FitRule,
    GlossaryEntry,
    Library,
    Option,
    OptionGrid,
    OptionGroup,
    Pathway,
    Statement,
    Text,
)
from decisionaid.content.text import walk_content

__all__ = [
    "Part",
    "SheetText",
    "UnshownCitation",
    "citations_not_shown",
    "reading_order",
    "sheet_texts",
    "shown_among",
]

Part = Alert | OptionGroup | FitRule | ConditionalText | GlossaryEntry | Option
"""A part of the content that only some sheets show: one whose condition holds (an alert,
a group, a note, a question to ask), a fit rule that holds, a glossary word the sheet uses,
an option to discuss (in the grid)."""


@dataclasses.dataclass(frozen=True)
class SheetText:
    """One text as the sheet shows it, and what it belongs to (``kind`` "option",
    ``name`` "VIT-04"). ``citable`` says whether this kind of text can cite sources at
    all (a ``cite`` key): a figure in one that cannot belongs in a statement that can."""

    kind: str
    name: str
    text: Text
    cite: tuple[str, ...]
    citable: bool
    path: str
    """The content file the text is written in."""
    part: str = "details"
    """Where it stands: the ``summary`` (page 1), the ``grid`` (page 2) or the ``details``
    (every option in full, the same for everyone)."""

    @property
    def owner(self) -> str:
        """What the text belongs to, for messages: "option VIT-04", "question to ask 3"."""
        return f"{self.kind} {self.name}".strip()


GRID_ROWS = tuple(OptionGrid.model_fields)
"""The grid's frequently asked questions, in the order of its rows."""


def _everything(_part: Part) -> bool:
    return True


def shown_among(parts: Iterable[Part]) -> Callable[[Part], bool]:
    """Whether a part is one of ``parts``: by identity, as equal texts may differ in
    where they stand."""
    ids = frozenset(id(part) for part in parts)
    return lambda part: id(part) in ids


def reading_order(rules: Iterable[FitRule]) -> list[FitRule]:
    """Contraindications first, then cautions, reasons in favour, notes: the order a
    reader needs them."""
    return sorted(rules, key=lambda rule: FIT_EFFECTS.index(rule.effect))


class _Owner(NamedTuple):
    kind: str
    name: str
    path: str
    part: str = "details"

    def plain(self, *texts: Text | None) -> Iterator[SheetText]:
        """Texts of a kind that has no ``cite`` key (an optional one may be missing)."""
        for text in texts:
            if text is not None:
                yield SheetText(
                    self.kind, self.name, text, (), citable=False, path=self.path, part=self.part
                )

    def cited(self, text: Text, cite: tuple[str, ...]) -> SheetText:
        return SheetText(
            self.kind, self.name, text, cite, citable=True, path=self.path, part=self.part
        )

    def statements(self, *groups: Iterable[Statement | ConditionalText]) -> Iterator[SheetText]:
        for group in groups:
            yield from (self.cited(statement.text, statement.cite) for statement in group)


def sheet_texts(
    library: Library, pathway: Pathway, shows: Callable[[Part], bool] = _everything
) -> Iterator[SheetText]:
    """Every text of ``pathway``'s sheet, top to bottom, with its citations: page 1 (the
    summary), page 2 (the grid), then the details.

    By default everything any sheet can show; ``shows`` narrows it to one person's sheet.
    """
    here = pathway.path
    caveats_file = str(Path(library.directory) / "caveats.yaml")
    header = _Owner("pathway", pathway.id, here, "summary")
    yield from header.plain(pathway.title)
    for alert in filter(shows, pathway.alerts):
        owner = _Owner("alert", alert.id, here, "summary")
        yield from owner.plain(alert.title)
        yield owner.cited(alert.text, alert.cite)
        yield from owner.statements(filter(shows, alert.points))
    if pathway.tried_table:
        table = _Owner("treatments-tried table", "", here, "summary")
        yield from table.plain(*(column.title for column in pathway.tried_table.columns))
    # Why each option fits as it does: the options to discuss, then those usually not
    # suitable (``shows`` gives the rules that hold and that page 1 explains).
    for option in _summary_order(pathway, shows):
        owner = _Owner("option", option.id, here, "summary")
        yield from owner.plain(option.title)
        for rule in reading_order(filter(shows, option.fit.rules)):
            yield owner.cited(rule.reason, rule.cite)
    yield from _sure_texts(library)
    for number, question in enumerate(pathway.questions_to_ask, 1):
        if shows(question):
            owner = _Owner("question to ask", str(number), here, "summary")
            yield owner.cited(question.text, question.cite)

    columns = [option for option in pathway.options if option.grid is not None and shows(option)]
    for row in GRID_ROWS:
        for option in columns:
            cell = getattr(option.grid, row)
            owner = _Owner("grid cell", f"{option.id} {row}", here, "grid")
            yield owner.cited(cell.text, cell.cite)

    yield from header._replace(part="details").plain(pathway.condition, pathway.decision)
    for group in filter(shows, pathway.option_groups):
        yield from _Owner("option group", group.id, here).plain(group.title, group.intro)
        for option in (option for option in pathway.options if option.group == group.id):
            owner = _Owner("option", option.id, here)
            yield from owner.plain(option.title, option.what)
            yield from owner.statements(option.works, option.side_effects, option.serious_risks)
            yield from owner.statements(option.effort, option.approval)
            yield from owner.plain(option.evidence.text)
            yield from owner.statements(option.cautions)
    for section in pathway.sections:
        owner = _Owner("section", section.id, here)
        yield from owner.plain(section.title, section.intro)
        yield from owner.statements(filter(shows, section.notes))
        if section.claims:
            for claim in library.claims:
                owner = _Owner("claim", claim.id, caveats_file)
                yield from owner.plain(claim.claim)
                yield owner.cited(claim.evidence, claim.cite)
        for caveat in (library.caveats[caveat_id] for caveat_id in section.caveats):
            owner = _Owner("caveat", caveat.id, caveats_file)
            yield from owner.plain(caveat.title, caveat.intro)
            yield from owner.statements(caveat.points)
    yield from _shared_texts(library, shows)


def _summary_order(pathway: Pathway, shows: Callable[[Part], bool]) -> list[Option]:
    """Page 1's order: the options to discuss (those ``shows``), then the others it only
    names, then those it explains as usually not suitable (their rules are shown)."""
    groups = {group.id for group in pathway.option_groups if shows(group)}
    options = [option for option in pathway.options if option.group in groups]
    discuss = [option for option in options if shows(option)]
    others = [option for option in options if not shows(option)]

    def explained(option: Option) -> bool:
        return any(shows(rule) for rule in option.fit.rules)

    return [
        *discuss,
        *(option for option in others if not explained(option)),
        *(option for option in others if explained(option)),
    ]


def _sure_texts(library: Library) -> Iterator[SheetText]:
    """Where the person stands on the SURE test, on page 1."""
    shared = library.shared
    sure = _Owner("SURE test", "", str(Path(library.directory) / "shared.yaml"), "summary")
    # Not a `cite` key: every sheet cites the SURE test's source, here. Its questions are
    # the questionnaire's, like the person's other answers.
    yield sure.cited(shared.sure.text, (shared.sure_source,))
    yield from sure.plain(shared.low_score_title, *shared.low_score_points)


def _shared_texts(library: Library, shows: Callable[[Part], bool]) -> Iterator[SheetText]:
    """What the details end with: the glossary and who made the sheet."""
    shared = library.shared
    here = str(Path(library.directory) / "shared.yaml")
    for entry in filter(shows, shared.glossary):
        owner = _Owner("glossary entry", f"'{entry.term.source}'", here)
        yield from owner.plain(entry.term, entry.meaning)
    about = _Owner("about this sheet", "", here)
    yield from about.plain(shared.made_by, shared.funding, shared.update_policy)


class UnshownCitation(NamedTuple):
    path: str
    line: int
    source: str
    message: str


def citations_not_shown(library: Library) -> list[UnshownCitation]:
    """Every ``cite`` in the content that no sheet shows (say, in a caveat no section
    lists): a reader would see a source listed, or a claim, without its number.

    The content is read generically, so a ``cite`` key added to the model later is
    refused until the walk shows it. Only meaningful with every pathway loaded.
    """
    shown = {
        (id(text.text), source)
        for pathway in library.pathways.values()
        for text in sheet_texts(library, pathway)
        for source in text.cite
    }
    directory = Path(library.directory)
    files = [(pathway.path, pathway) for pathway in library.pathways.values()]
    files += [
        (str(directory / "caveats.yaml"), (*library.caveats.values(), *library.claims)),
        (str(directory / "shared.yaml"), library.shared),
    ]
    unshown = []
    for path, root in files:
        for holder in walk_content(root):
            texts = [getattr(holder, name) for name in type(holder).model_fields]
            texts = [text for text in texts if isinstance(text, Text)]
            for source in getattr(holder, "cite", ()):
                if not any((id(text), source) in shown for text in texts):
                    message = f"cites '{source}' where no sheet shows a citation"
                    unshown.append(UnshownCitation(path, holder.line_of("cite"), source, message))
    return unshown
