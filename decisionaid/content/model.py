"""The content as plain, frozen objects: what the loader builds and the engine reads.

Names follow FHIR's Questionnaire where there is a FHIR counterpart (``link_id`` for
``linkId``, ``answer_options`` for ``answerOption``, ``enable_when`` for ``enableWhen``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

AnswerValue = str | int | bool | list[str]
Answers = dict[str, AnswerValue]

FIT_LEVELS = ("often", "may", "not")
"""How well an option fits a person, best first: "Often considered", "May be considered",
"Usually not suitable"."""
FitLevel = Literal["often", "may", "not"]

FIT_EFFECTS = ("contraindication", "caution", "favour", "note")
"""What a fit rule that holds does to the level, strongest first: a contraindication makes
the option "not" whatever else holds; a caution caps it at "may"; a reason in its favour
raises it to "often" (unless capped); a note only adds its reason."""
FitEffect = Literal["contraindication", "caution", "favour", "note"]
SAFETY_EFFECTS = ("contraindication", "caution")
"""The effects that can lower a level: the only ones a safety rule may have."""

SAFETY_CONCERNS = (
    "pregnancy",
    "breastfeeding",
    "pregnancy_plans",
    "age",
    "kidney",
    "liver",
    "cancer",
    "infection",
    "mood",
    "bowel",
    "alcohol",
    "heart",
    "other_illness",
)
"""What in a person's own answers makes an option unsafe. A rule about one of these is a
contraindication or a caution, never a note or a reason in favour."""

OPTION_KINDS = (
    "care",
    "support",
    "topical",
    "light",
    "tablet",
    "injection",
    "procedure",
    "trial",
    "unproven",
)
"""What kind of thing an option is; the strong kinds need explicit safety rules."""
STRONG_KINDS = ("light", "tablet", "injection", "procedure")
"""Kinds of option that must say, in a rule, what pregnancy, breastfeeding and an age below
the licensed age do to their fit."""
REQUIRED_CONCERNS = ("pregnancy", "breastfeeding", "age")

EVIDENCE_LEVELS = ("high", "moderate", "low", "very_low")
ITEM_TYPES = ("group", "display", "choice", "boolean", "integer", "string")
OPERATORS = ("exists", "=", "!=", ">", "<", ">=", "<=")


@dataclass(frozen=True)
class Text:
    """A translatable text: its English source, its gettext context, and where it is.

    ``role`` tells translators what the text is ("question", "answer option" …).
    """

    context: str
    source: str
    role: str
    line: int

    def __str__(self) -> str:
        return self.source


@dataclass(frozen=True)
class Condition:
    """One test on an answer (a question's) or on a derived fact (a variable's)."""

    operator: str
    answer: str | int | bool
    question: str | None = None
    variable: str | None = None


@dataclass(frozen=True)
class Gate:
    """``enableWhen`` with its ``enableBehavior``: when something applies."""

    conditions: tuple[Condition, ...]
    behavior: Literal["all", "any"] = "all"


@dataclass(frozen=True)
class AnswerOption:
    code: str
    display: Text
    exclusive: bool = False


@dataclass(frozen=True)
class Item:
    """A question, a display text, or a group of items (a step is a top-level group)."""

    link_id: str
    type: str
    line: int
    text: Text | None = None
    help: Text | None = None
    required: bool = False
    repeats: bool = False
    answer_options: tuple[AnswerOption, ...] = ()
    enable_when: Gate | None = None
    max_length: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    items: tuple[Item, ...] = ()

    @property
    def is_question(self) -> bool:
        return self.type not in ("group", "display")

    def walk(self) -> Iterator[Item]:
        """This item and all items below it, in document order."""
        yield self
        for child in self.items:
            yield from child.walk()

    def option(self, code: str) -> AnswerOption | None:
        return next((option for option in self.answer_options if option.code == code), None)


@dataclass(frozen=True)
class Variable:
    """A named fact derived from the answers (like SDC's ``variable``): yes/no when it
    has a ``gate``, or a score, the number of ``count`` conditions that hold."""

    name: str
    gate: Gate | None = None
    count: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class Statement:
    """One sentence or two of option or caveat text, with the sources it cites."""

    text: Text
    cite: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evidence:
    level: str
    text: Text


@dataclass(frozen=True)
class FitRule:
    """When ``gate`` holds, ``effect`` applies to the option's level and ``reason`` is shown.

    ``concern`` names the safety matter a contraindication or caution is about."""

    effect: FitEffect
    gate: Gate
    reason: Text
    cite: tuple[str, ...] = ()
    concern: str | None = None


@dataclass(frozen=True)
class Fit:
    default: FitLevel
    rules: tuple[FitRule, ...]


@dataclass(frozen=True)
class OptionGroup:
    """A heading for options; a group with a gate applies to some people only."""

    id: str
    title: Text
    intro: Text | None = None
    gate: Gate | None = None


@dataclass(frozen=True)
class Option:
    """A treatment option (or no treatment) with benefits and harms in equal detail."""

    id: str
    group: str
    kind: str
    title: Text
    what: Text
    works: tuple[Statement, ...]
    side_effects: tuple[Statement, ...]
    serious_risks: tuple[Statement, ...]
    effort: tuple[Statement, ...]
    approval: tuple[Statement, ...]
    evidence: Evidence
    cautions: tuple[Statement, ...]
    sources: tuple[str, ...]
    fit: Fit
    serves: tuple[str, ...] = ()
    works_against: tuple[str, ...] = ()
    no_treatment: bool = False
    line: int = 0

    def statements(self) -> Iterator[Statement]:
        for section in (
            self.works,
            self.side_effects,
            self.serious_risks,
            self.effort,
            self.approval,
            self.cautions,
        ):
            yield from section


@dataclass(frozen=True)
class Caveat:
    """A shared section, such as what is known about stem cell products."""

    id: str
    title: Text
    intro: Text | None
    points: tuple[Statement, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Source:
    """A work the sheets cite, as a reader would look it up: who wrote it, its title,
    where it appeared, and a DOI or a web address they can open."""

    id: str
    title: str
    year: int
    author: str | None = None
    published: str | None = None
    doi: str | None = None
    url: str | None = None
    author_not_found: str | None = None
    """Why no author is given (never shown): only for an article a DOI identifies."""
    line: int = 0

    @property
    def citation(self) -> str:
        """The reference as printed: "Author. Title. Where it appeared." """
        parts = (self.author, self.title, self.published)
        return " ".join(_sentence(part) for part in parts if part)


def _sentence(part: str) -> str:
    """A part of a reference ending in a full stop, unless it already ends a sentence."""
    return part if part.endswith(("?", "!")) else f"{part.rstrip('.')}."


@dataclass(frozen=True)
class Claim:
    """Something clinics say about stem cell products, and what the evidence shows."""

    id: str
    claim: Text
    evidence: Text
    cite: tuple[str, ...]


@dataclass(frozen=True)
class GlossaryEntry:
    """A word explained in plain language; listed on a sheet whose text uses it."""

    term: Text
    meaning: Text
    matches: tuple[str, ...]


@dataclass(frozen=True)
class SharedTexts:
    """What every sheet says about itself, and the SURE test it ends with."""

    made_by: Text
    funding: Text
    update_policy: Text
    sure_intro: Text
    sure: Item
    sure_source: str
    low_score_title: Text
    low_score_points: tuple[Text, ...]
    glossary: tuple[GlossaryEntry, ...]


@dataclass(frozen=True)
class ConditionalText:
    """A statement shown only when its gate holds (a note, a question to ask)."""

    text: Text
    cite: tuple[str, ...] = ()
    gate: Gate | None = None


@dataclass(frozen=True)
class Alert:
    """Something to see first, at the top of the sheet, when it applies; it may point to
    a section of the sheet or to another pathway."""

    id: str
    title: Text
    text: Text
    gate: Gate | None
    cite: tuple[str, ...] = ()
    section: str | None = None
    pathway: str | None = None


@dataclass(frozen=True)
class Section:
    """Shared caveats shown after the options, with notes from the person's answers."""

    id: str
    title: Text
    intro: Text | None
    notes: tuple[ConditionalText, ...]
    caveats: tuple[str, ...]
    claims: bool = False


@dataclass(frozen=True)
class Pathway:
    """One condition's questionnaire, options and rules: one content file."""

    id: str
    path: str
    title: Text
    summary: Text
    version: str
    reviewed: datetime.date
    next_review: datetime.date
    condition: Text
    decision: Text
    steps: tuple[Item, ...]
    variables: tuple[Variable, ...]
    priorities: tuple[str, ...]
    option_groups: tuple[OptionGroup, ...]
    options: tuple[Option, ...]
    alerts: tuple[Alert, ...]
    sections: tuple[Section, ...]
    questions_to_ask: tuple[ConditionalText, ...]
    items_by_id: dict[str, Item] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for step in self.steps:
            for item in step.walk():
                self.items_by_id[item.link_id] = item

    def questions(self) -> Iterator[Item]:
        """Every answerable item, in the order a person meets them."""
        for step in self.steps:
            yield from (item for item in step.walk() if item.is_question)

    def step(self, link_id: str) -> Item | None:
        return next((step for step in self.steps if step.link_id == link_id), None)


@dataclass(frozen=True)
class Library:
    """All content: the pathways, and the caveats, claims, sources and texts they share."""

    pathways: dict[str, Pathway]
    caveats: dict[str, Caveat]
    sources: dict[str, Source]
    claims: tuple[Claim, ...]
    shared: SharedTexts
    directory: str = ""
