"""The building blocks every content model shares: translatable texts, ids, gates, and
the frozen base model that knows the line it was read from.

A content file is validated by the pydantic models in ``model.py``; this module holds
what those models are made of, so the models read like the files they describe.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, ClassVar, Literal, Self

from annotated_types import MinLen
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    PrivateAttr,
    StrictBool,
    StrictInt,
    StrictStr,
    model_validator,
)
from pydantic_core import PydanticCustomError


@dataclass(frozen=True)
class Text:
    """A translatable text: its English source, its gettext context, and where it is.

    ``role`` tells translators what the text is ("question", "answer option" …). The
    loader sets ``context``, ``role`` and ``line`` once the file has been validated.
    """

    context: str
    source: str
    role: str
    line: int

    def __str__(self) -> str:
        return self.source


@dataclass(frozen=True)
class Role:
    """Field metadata: what a text is, for translators (the POT's ``Type:`` comment)."""

    name: str


_HTML = re.compile(r"<[a-zA-Z/]")


def _plain_text(value: object) -> Text:
    if not isinstance(value, str):
        raise PydanticCustomError("text_type", "must be text, not {value!r}", {"value": value})
    words = " ".join(value.split())
    if not words:
        raise PydanticCustomError("text_empty", "is empty")
    if _HTML.search(words):
        raise PydanticCustomError("text_html", "contains HTML; write plain text")
    return Text(context="", source=words, role="", line=0)


PlainText = Annotated[
    Text,
    PlainValidator(_plain_text, json_schema_input_type=str),
    PlainSerializer(str, return_type=str),
]
"""Plain text in a content file (no HTML; runs of spaces and line breaks become one
space), read as a ``Text``."""


def _one_line(value: object) -> object:
    return " ".join(value.split()) if isinstance(value, str) else value


OneLine = Annotated[StrictStr, PlainValidator(_one_line, json_schema_input_type=str)]
"""A folded YAML value kept as one line of single-spaced words (not translated)."""

Id = Annotated[StrictStr, Field(pattern=r"^[a-z0-9_]+$", description="lowercase, digits, '_'")]
OptionId = Annotated[StrictStr, Field(pattern=r"^[A-Z]+-[0-9A-Z]+$", description="like VIT-04")]
SourceId = Annotated[StrictStr, Field(pattern=r"^[a-z0-9-]+$", description="like smith-2020")]
PathwayId = Annotated[
    StrictStr, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="the file's name, a URL part")
]
Cites = Annotated[
    tuple[SourceId, ...], Field(description="ids of sources.yaml entries this text relies on")
]

AnswerLiteral = StrictBool | StrictInt | StrictStr
OPERATORS = ("exists", "=", "!=", ">", "<", ">=", "<=")
Operator = Literal["exists", "=", "!=", ">", "<", ">=", "<="]


class Content(BaseModel):
    """A frozen piece of content that rejects unknown keys and knows its line."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_by_alias=True)
    _line: int = PrivateAttr(default=0)
    _key_lines: dict[str, int] = PrivateAttr(default_factory=dict)

    @property
    def line(self) -> int:
        """The line of the file this was read from (the loader sets it)."""
        return self._line

    def line_of(self, key: str) -> int:
        """The line of one of its keys, or its own line when the key is not there."""
        return self._key_lines.get(key, self._line)

    def text_context(self, field: str, inherited: str) -> str:
        """The gettext context of the texts under ``field``: by default the one this
        object's owner gives; objects with an id give their own."""
        return inherited

    def text_role(self, field: str, declared: str) -> str:
        """What a text under ``field`` is, for translators; the field's ``Role`` unless
        the object knows better (an item's text is a question, a heading …)."""
        return declared

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy whose cached properties (``Gated.gate``, ``Item.subtree`` …) are worked
        out again from its own fields: pydantic copies them as they are, and a copy with
        other items or answer options would otherwise walk the original's."""
        copied = super().model_copy(update=update, deep=deep)
        for name in _cached_properties(type(self)):
            copied.__dict__.pop(name, None)
        return copied


@functools.cache
def _cached_properties(model: type[Content]) -> tuple[str, ...]:
    return tuple(
        name
        for klass in model.__mro__
        for name, value in vars(klass).items()
        if isinstance(value, cached_property)
    )


def walk_content(value: object) -> Iterator[Content]:
    """Every content object in ``value`` (itself included), in the order of the file."""
    if isinstance(value, Content):
        yield value
        for name in type(value).model_fields:
            yield from walk_content(getattr(value, name))
    elif isinstance(value, tuple | list):
        for element in value:
            yield from walk_content(element)


@dataclass(frozen=True)
class Gate:
    """``enableWhen`` with its ``enableBehavior``: when something applies. (FHIR has no
    word for the pair; the code calls it a gate.)"""

    conditions: tuple[Condition, ...]
    behavior: Literal["all", "any"] = "all"


class Condition(Content):
    """One test on an answer (a question's) or on a derived fact (a variable's)."""

    question: StrictStr | None = Field(None, description="the linkId of a question")
    variable: StrictStr | None = Field(None, description="the name of a variable")
    operator: Operator = Field(description="'exists' takes true/false; < > only numbers")
    answer: AnswerLiteral = Field(description="an answer code, true/false or a number")

    @model_validator(mode="after")
    def _one_subject(self) -> Condition:
        if (self.question is None) == (self.variable is None):
            raise PydanticCustomError(
                "condition_subject", "a condition needs either 'question' or 'variable'"
            )
        return self


class Gated(Content):
    """Content that applies only when its ``enableWhen`` holds."""

    requires_gate: ClassVar[bool] = False
    conditions: tuple[Condition, ...] = Field(
        (), alias="enableWhen", description="when this applies (no conditions: always)"
    )
    behavior: Literal["all", "any"] = Field(
        "all", alias="enableBehavior", description="whether all or any conditions must hold"
    )

    @cached_property
    def gate(self) -> Gate | None:
        """Made once: conditions are evaluated thousands of times a request."""
        return Gate(self.conditions, self.behavior) if self.conditions else None

    @model_validator(mode="after")
    def _behaviour_needs_conditions(self) -> Gated:
        if not self.conditions:
            if self.requires_gate:
                raise PydanticCustomError("gate_missing", "needs 'enableWhen'")
            if "behavior" in self.model_fields_set:
                raise PydanticCustomError("gate_behavior", "'enableBehavior' without 'enableWhen'")
        return self


NonEmpty = MinLen(1)
"""Metadata for a list that must hold at least one entry."""


class Statement(Content):
    """One sentence or two of option or caveat text, with the sources it cites; written
    as the text alone when it cites nothing."""

    text: PlainText
    cite: Cites = ()

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        return {"anyOf": [{"type": "string"}, handler(core_schema)]}
