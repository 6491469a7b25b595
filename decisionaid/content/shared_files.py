"""The models of the shared files: sources.yaml, caveats.yaml and shared.yaml."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictInt, StrictStr, field_validator

from decisionaid.content.questions import Item
from decisionaid.content.text import (
    Cites,
    Content,
    Id,
    NonEmpty,
    OneLine,
    OptionId,
    PlainText,
    Role,
    SourceId,
    Statement,
    Text,
)

SHORT_TITLE_WORDS = 8
"""How much of a title a brief reference keeps."""


class Source(Content):
    """A work the sheets cite, as a reader would look it up: who wrote it, its title,
    where it appeared, and a DOI or a web address they can open."""

    id: SourceId
    author: OneLine | None = None
    title: OneLine
    published: OneLine | None = Field(None, description="journal reference or publisher")
    year: StrictInt
    doi: StrictStr | None = None
    url: StrictStr | None = Field(None, pattern=r"^https?://")
    author_not_found: OneLine | None = Field(
        None, description="why no author is given (never shown): only with a DOI"
    )

    @property
    def short_citation(self) -> str:
        """The reference in brief, where the full one is printed elsewhere (the foot of
        page 2): "Author. The title's first words…. Year." """
        words = self.title.split()
        title = " ".join(words[:SHORT_TITLE_WORDS])
        if len(words) > SHORT_TITLE_WORDS:
            title = title.rstrip(",;:.") + "…"
        parts = (self.author, title, str(self.year))
        return " ".join(_sentence(part) for part in parts if part)

    @property
    def citation(self) -> str:
        """The reference as printed: "Author. Title. Where it appeared." """
        parts = (self.author, self.title, self.published)
        return " ".join(_sentence(part) for part in parts if part)


def _sentence(part: str) -> str:
    """A part of a reference ending in a full stop, unless it already ends a sentence."""
    return part if part.endswith(("?", "!", "…")) else f"{part.rstrip('.')}."


class SourcesFile(Content):
    sources: tuple[Source, ...]


class Claim(Content):
    """Something clinics say about stem cell products, and what the evidence shows."""

    id: Id
    claim: Annotated[PlainText, Role("what clinics claim")]
    evidence: Annotated[PlainText, Role("what the evidence shows")]
    cite: Annotated[Cites, NonEmpty]

    def text_context(self, field: str, inherited: str) -> str:
        return f"claim:{self.id}"


class Caveat(Content):
    """A shared section, such as what is known about stem cell products."""

    id: OptionId
    title: Annotated[PlainText, Role("section heading")]
    intro: Annotated[PlainText | None, Role("section introduction")] = None
    points: Annotated[tuple[Statement, ...], NonEmpty, Role("section point")]
    sources: tuple[SourceId, ...]

    def text_context(self, field: str, inherited: str) -> str:
        return self.id


class CaveatsFile(Content):
    claims: tuple[Claim, ...] = ()
    caveats: tuple[Caveat, ...]


class GlossaryEntry(Content):
    """A word explained in plain language; listed on a sheet whose text uses it."""

    term: Annotated[PlainText, Role("a word explained in the glossary")]
    meaning: Annotated[PlainText, Role("what the word means")]
    matches: Annotated[tuple[StrictStr, ...], NonEmpty] = Field(
        description="words that, found in a sheet's text, list this entry"
    )

    @field_validator("matches", mode="after")
    @classmethod
    def _lowercase(cls, matches: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(match.lower() for match in matches)


class LowScore(Content):
    title: Annotated[PlainText, Role("heading when the SURE score is low")]
    points: Annotated[tuple[PlainText, ...], NonEmpty, Role("what to do next")]


class SureTest(Content):
    """The SURE test every sheet ends with: four yes/no questions."""

    intro: Annotated[PlainText, Role("introduction to the SURE test")]
    item: Item
    source: SourceId
    low_score: LowScore

    def text_context(self, field: str, inherited: str) -> str:
        return "sure"

    def text_role(self, field: str, declared: str) -> str:
        return "step title" if field == "item" else declared


class WhereYouStand(Content):
    """The short step after the review: what matters most, what the person leans
    towards, and the SURE test. Its choices are the pathway's own priorities and options."""

    title: Annotated[PlainText, Role("step title")]
    intro: Annotated[PlainText, Role("introduction to a step")]
    matters_most: Annotated[PlainText, Role("question")]
    matters_most_help: Annotated[PlainText, Role("help text under a question")]
    leaning: Annotated[PlainText, Role("question")]
    leaning_help: Annotated[PlainText, Role("help text under a question")]
    leaning_on_paper: Annotated[
        PlainText, Role("help text under a question, in the paper questionnaire")
    ] = Field(description="the paper questionnaire's help: the options are written in there")
    another_option: Annotated[PlainText, Role("answer option")]
    not_sure: Annotated[PlainText, Role("answer option")]

    def text_context(self, field: str, inherited: str) -> str:
        return "where_you_stand"


class SharedTexts(Content):
    """What every sheet says about itself, and the SURE test it ends with."""

    made_by: Annotated[PlainText, Role("who made the sheet")]
    funding: Annotated[PlainText, Role("who paid for it")]
    update_policy: Annotated[PlainText, Role("when the sheet is updated")]
    sure_test: SureTest = Field(alias="sure")
    where_you_stand: WhereYouStand
    glossary: tuple[GlossaryEntry, ...]

    @property
    def sure(self) -> Item:
        return self.sure_test.item

    @property
    def sure_source(self) -> str:
        return self.sure_test.source

    @property
    def low_score_title(self) -> Text:
        return self.sure_test.low_score.title

    @property
    def low_score_points(self) -> tuple[Text, ...]:
        return self.sure_test.low_score.points

    def text_context(self, field: str, inherited: str) -> str:
        return "glossary" if field == "glossary" else "sheet"
