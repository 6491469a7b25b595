"""The content model, declared once: each class is both the schema a content file is
validated against (and published as JSON Schema for content authors' editors) and the
frozen object the engine reads.

Names follow FHIR's Questionnaire where there is a FHIR counterpart (``link_id`` for
``linkId``, ``answer_options`` for ``answerOption``, ``enable_when`` for ``enableWhen``);
a field's alias is its key in the YAML file. Checks that need more than one object (ids,
references between files, conditions on known questions) are in ``references.py``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import (
    Field,
    PrivateAttr,
    StrictBool,
    StrictInt,
    StrictStr,
    model_validator,
)
from pydantic_core import PydanticCustomError

from decisionaid.content.questions import AnswerOption, Item, ItemType, ValueSet, Variable
from decisionaid.content.shared_files import (
    Caveat,
    CaveatsFile,
    Claim,
    GlossaryEntry,
    SharedTexts,
    Source,
    SourcesFile,
)
from decisionaid.content.text import (
    Cites,
    Condition,
    Content,
    Gate,
    Gated,
    Id,
    NonEmpty,
    OptionId,
    PathwayId,
    PlainText,
    Role,
    SourceId,
    Statement,
    Text,
)

# The engine and the web layer read every model from here.
__all__ = [
    "AnswerOption",
    "Caveat",
    "Claim",
    "Condition",
    "Gate",
    "GlossaryEntry",
    "Item",
    "ItemType",
    "Source",
    "Statement",
    "Text",
    "ValueSet",
    "Variable",
]

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

SafetyConcern = Literal[
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
]
"""What in a person's own answers makes an option unsafe. A rule about one of these is a
contraindication or a caution, never a note or a reason in favour."""
SAFETY_CONCERNS: tuple[str, ...] = get_args(SafetyConcern)

OptionKind = Literal[
    "care", "support", "topical", "light", "tablet", "injection", "procedure", "trial", "unproven"
]
"""What kind of thing an option is; the strong kinds need explicit safety rules."""
OPTION_KINDS: tuple[str, ...] = get_args(OptionKind)
STRONG_KINDS = ("light", "tablet", "injection", "procedure")
"""Kinds of option that must say, in a rule, what pregnancy, breastfeeding and an age below
the licensed age do to their fit."""
REQUIRED_CONCERNS = ("pregnancy", "breastfeeding", "age")

EvidenceLevel = Literal["high", "moderate", "low", "very_low"]

# --- options -------------------------------------------------------------------------


def _statements(role: str) -> Any:
    return Annotated[tuple[Statement, ...], NonEmpty, Role(role)]


class Evidence(Content):
    level: EvidenceLevel
    text: Annotated[PlainText, Role("evidence quality")]


class FitRule(Gated):
    """When its ``enableWhen`` holds, ``effect`` applies to the option's level and
    ``reason`` is shown. ``concern`` names the safety matter a contraindication or caution
    is about."""

    requires_gate: ClassVar[bool] = True
    effect: FitEffect
    concern: SafetyConcern | None = None
    reason: Annotated[PlainText, Role("why an option may fit")]
    cite: Cites = ()

    @model_validator(mode="after")
    def _safety_lowers(self) -> FitRule:
        if self.concern and self.effect not in SAFETY_EFFECTS:
            raise PydanticCustomError(
                "safety_effect",
                "a rule about '{concern}' is a safety rule: its effect must be "
                "'contraindication' or 'caution', never a note or a reason in favour",
                {"concern": self.concern, "at": "concern"},
            )
        return self


class Fit(Content):
    default: FitLevel
    rules: tuple[FitRule, ...] = ()


class GridCell(Statement):
    """One cell of the option grid: one or two plain sentences, cited where they hold a
    figure. A result said as "N in 100" gives ``in_100``, drawn beside it as a 10 by 10
    icon array; the sentence then also says how many did not ("About 30 in 100 people
    got colour back. 70 did not.")."""

    in_100: Annotated[StrictInt | None, Field(ge=0, le=100)] = Field(
        None, description="the N of an 'N in 100' result, for its icon array"
    )


class OptionGrid(Content):
    """The option's answer to each of the grid's frequently asked questions: the page
    where the options to discuss stand side by side (an Option Grid)."""

    what: Annotated[GridCell, Role("grid: what is it?")]
    works: Annotated[GridCell, Role("grid: how well does it work?")]
    how_soon: Annotated[GridCell, Role("grid: how soon does it work?")]
    risks: Annotated[GridCell, Role("grid: side effects and risks")]
    involves: Annotated[GridCell, Role("grid: what does it involve?")]
    approved: Annotated[GridCell, Role("grid: is it approved for me?")]
    certainty: Annotated[GridCell, Role("grid: how sure are we?")]

    def cells(self) -> Iterator[tuple[str, GridCell]]:
        """Each row's key and cell, in the grid's order."""
        for name in type(self).model_fields:
            yield name, getattr(self, name)


class Option(Content):
    """A treatment option (or no treatment) with benefits and harms in equal detail."""

    id: OptionId
    group: Id = Field(description="the id of one of option_groups")
    kind: OptionKind
    title: Annotated[PlainText, Role("option name")]
    what: Annotated[PlainText, Role("what the option is")]
    works: _statements("how well it works")
    side_effects: _statements("common side effects")
    serious_risks: _statements("serious risks")
    effort: _statements("effort: visits, time")
    approval: _statements("approval status")
    evidence: Evidence
    cautions: _statements("cautions")
    sources: tuple[SourceId, ...] = Field(description="every source the option cites")
    fit: Fit
    serves: tuple[Id, ...] = Field((), description="priorities (question ids) it serves")
    works_against: tuple[Id, ...] = Field((), description="priorities it works against")
    no_treatment: StrictBool = False
    grid: OptionGrid | None = Field(None, description="one cell per row of the option grid")

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

    def text_context(self, field: str, inherited: str) -> str:
        return self.id


class OptionGroup(Gated):
    """A heading for options; a group with a gate applies to some people only."""

    id: Id
    title: Annotated[PlainText, Role("heading of a group of options")]
    intro: Annotated[PlainText | None, Role("introduction to a group")] = None

    def text_context(self, field: str, inherited: str) -> str:
        return f"group:{self.id}"


# --- the rest of a pathway -----------------------------------------------------------


class ConditionalText(Gated, Statement):
    """A statement shown only when its gate holds (a note, a question to ask)."""


class Alert(Gated):
    """Something to see first, at the top of the sheet, when it applies; it may point to
    a section of the sheet or to another pathway."""

    id: Id
    title: Annotated[PlainText, Role("alert heading")]
    text: Annotated[PlainText, Role("alert text")]
    cite: Cites = ()
    points: Annotated[tuple[ConditionalText, ...], Role("a reason the alert names")] = Field(
        (), description="each reason for the alert, named when its enableWhen holds"
    )
    section: Id | None = Field(None, description="the id of a section of this pathway")
    pathway: PathwayId | None = Field(None, description="the id of another pathway")

    def text_context(self, field: str, inherited: str) -> str:
        return f"alert:{self.id}"


class Section(Content):
    """Shared caveats shown after the options, with notes from the person's answers."""

    id: Id
    title: Annotated[PlainText, Role("section heading")]
    intro: Annotated[PlainText | None, Role("section introduction")] = None
    notes: Annotated[tuple[ConditionalText, ...], Role("note from the person's answers")] = ()
    caveats: tuple[OptionId, ...] = Field((), description="ids of caveats.yaml entries")
    claims: StrictBool = Field(False, description="show the table of clinic claims")

    @model_validator(mode="after")
    def _has_content(self) -> Section:
        if not (self.caveats or self.notes or self.claims):
            raise PydanticCustomError(
                "section_empty", "section '{id}' has no caveats and no notes", {"id": self.id}
            )
        return self

    def text_context(self, field: str, inherited: str) -> str:
        return f"section:{self.id}"


class TriedColumn(Content):
    """A column of the treatments-tried table: the answer of each treatment's follow-up
    question that uses ``answers``."""

    title: Annotated[PlainText, Role("column of the treatments-tried table")]
    answers: StrictStr = Field(pattern=r"^#", description="'#id' of the value set answered")


class TriedTable(Content):
    """The table of treatments tried, on page 1: one row per group of follow-up questions
    on ``step`` that is shown (the group's heading names the treatment)."""

    step: Id = Field(description="the linkId of the step with the treatments")
    columns: Annotated[tuple[TriedColumn, ...], NonEmpty]


class Pathway(Content):
    """One condition's questionnaire, options and rules: one content file."""

    id: PathwayId = Field(description="the file's name without .yaml")
    title: Annotated[PlainText, Role("pathway title")]
    summary: Annotated[PlainText, Role("pathway summary")]
    version: StrictStr = Field(description='the content version, quoted: "1.1"')
    reviewed: datetime.date
    next_review: datetime.date
    condition: Annotated[PlainText, Role("what the condition is")]
    decision: Annotated[PlainText, Role("the decision")]
    value_sets: tuple[ValueSet, ...] = Field((), alias="valueSets")
    steps: Annotated[tuple[Item, ...], NonEmpty] = Field(alias="item", description="the steps")
    variables: tuple[Variable, ...] = ()
    priorities: tuple[Id, ...] = Field(description="single-choice questions on what matters")
    option_groups: tuple[OptionGroup, ...]
    options: Annotated[tuple[Option, ...], NonEmpty]
    alerts: tuple[Alert, ...] = ()
    sections: tuple[Section, ...] = ()
    questions_to_ask: Annotated[tuple[ConditionalText, ...], Role("question for the clinician")]
    tried_table: TriedTable | None = None
    _path: str = PrivateAttr(default="")

    @property
    def path(self) -> str:
        """The file this pathway was read from (the loader sets it)."""
        return self._path

    @model_validator(mode="after")
    def _dates_in_order(self) -> Pathway:
        if self.next_review <= self.reviewed:
            raise PydanticCustomError(
                "review_order", "next_review must be after reviewed", {"at": "next_review"}
            )
        return self

    @cached_property
    def items_by_id(self) -> dict[str, Item]:
        return {item.link_id: item for step in self.steps for item in step.walk()}

    def questions(self) -> Iterator[Item]:
        """Every answerable item, in the order a person meets them."""
        for step in self.steps:
            yield from (item for item in step.walk() if item.is_question)

    def step(self, link_id: str) -> Item | None:
        return next((step for step in self.steps if step.link_id == link_id), None)

    def text_context(self, field: str, inherited: str) -> str:
        return f"{self.id}:questions" if field == "questions_to_ask" else self.id

    def text_role(self, field: str, declared: str) -> str:
        return "step title" if field == "steps" else declared


FILE_MODELS: dict[str, type[Content]] = {
    "sources.yaml": SourcesFile,
    "caveats.yaml": CaveatsFile,
    "shared.yaml": SharedTexts,
}
"""The model of each shared file; every other content file is a ``Pathway``."""


@dataclass(frozen=True)
class Library:
    """All content: the pathways, and the caveats, claims, sources and texts they share."""

    pathways: dict[str, Pathway]
    caveats: dict[str, Caveat]
    sources: dict[str, Source]
    claims: tuple[Claim, ...]
    shared: SharedTexts
    directory: str = ""
