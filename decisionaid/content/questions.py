"""The questions of a pathway (FHIR Questionnaire items) and the facts derived from
their answers."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Annotated, Literal

from pydantic import Field, StrictBool, StrictInt, StrictStr, model_validator
from pydantic_core import PydanticCustomError

from decisionaid.content.text import Condition, Content, Gate, Gated, Id, NonEmpty, PlainText, Role

ItemType = Literal["group", "display", "choice", "boolean", "integer", "string"]
KEYS_BY_ITEM_TYPE: dict[str, frozenset[str]] = {
    "group": frozenset({"item"}),
    "display": frozenset(),
    "choice": frozenset(
        {"answerOption", "answerValueSet", "repeats", "required", "maxAnswers", "summary"}
    ),
    "boolean": frozenset({"required", "summary"}),
    "integer": frozenset({"required", "minValue", "maxValue", "summary"}),
    "string": frozenset({"required", "maxLength", "summary"}),
}
"""The keys, beyond those every item has, that each type of item may have."""
_TYPED_KEYS = frozenset().union(*KEYS_BY_ITEM_TYPE.values())


# --- questions ---------------------------------------------------------------------


class AnswerOption(Content):
    code: Id = Field(description="what is saved and tested in conditions")
    display: Annotated[PlainText, Role("answer option")]
    exclusive: StrictBool = Field(False, description="choosing it clears the others")


class ValueSet(Content):
    """Answer options shared by several questions (``answerValueSet: "#id"``)."""

    id: Id
    answer_options: Annotated[tuple[AnswerOption, ...], NonEmpty] = Field(alias="answerOption")

    def text_context(self, field: str, inherited: str) -> str:
        return f"valueset:{self.id}"


class Item(Gated):
    """A question, a display text, or a group of items (a step is a top-level group)."""

    model_config = Content.model_config | {
        "json_schema_extra": {
            "allOf": [
                {
                    "if": {"properties": {"type": {"const": item_type}}},
                    "then": {"properties": dict.fromkeys(sorted(_TYPED_KEYS - allowed), False)},
                }
                for item_type, allowed in KEYS_BY_ITEM_TYPE.items()
            ]
        }
    }
    link_id: Id = Field(alias="linkId", description="unique in the pathway; saved answers use it")
    type: ItemType
    text: PlainText | None = Field(None, description="the question, heading or text")
    help: Annotated[PlainText | None, Role("help text under a question")] = None
    summary: Annotated[PlainText | None, Role("a question named in a few words on page 1")] = Field(
        None,
        description="a few words that name the answer in 'About you' on page 1 (\"Age\");"
        " only questions with one are shown there",
    )
    required: StrictBool = False
    repeats: StrictBool = Field(False, description="more than one answer may be chosen")
    answer_options: tuple[AnswerOption, ...] = Field((), alias="answerOption")
    answer_value_set: StrictStr | None = Field(
        None, alias="answerValueSet", pattern=r"^#", description="'#id' of a value set"
    )
    max_answers: StrictInt | None = Field(
        None, alias="maxAnswers", gt=0, description="at most this many answers (with repeats)"
    )
    max_length: StrictInt | None = Field(None, alias="maxLength", gt=0)
    min_value: StrictInt | None = Field(None, alias="minValue")
    max_value: StrictInt | None = Field(None, alias="maxValue")
    items: tuple[Item, ...] = Field((), alias="item")

    @model_validator(mode="after")
    def _keys_fit_the_type(self) -> Item:
        allowed = KEYS_BY_ITEM_TYPE[self.type]
        for name in sorted(self.model_fields_set):
            key = type(self).model_fields[name].alias or name
            if key in _TYPED_KEYS and key not in allowed:
                raise PydanticCustomError(
                    "item_key",
                    "a {type} item cannot have '{at}'",
                    {"type": self.type, "at": key},
                )
        if self.type == "group" and not self.items:
            raise PydanticCustomError(
                "group_empty", "group '{id}' has no items", {"id": self.link_id}
            )
        if self.type != "group" and self.text is None:
            raise PydanticCustomError(
                "item_text", "a {type} item needs 'text'", {"type": self.type}
            )
        if self.type == "choice" and bool(self.answer_options) == bool(self.answer_value_set):
            raise PydanticCustomError(
                "choice_options", "a choice needs either 'answerOption' or 'answerValueSet'"
            )
        if self.max_answers is not None and not self.repeats:
            raise PydanticCustomError("max_answers", "'maxAnswers' only applies with 'repeats'")
        if not self.repeats and any(option.exclusive for option in self.answer_options):
            raise PydanticCustomError("exclusive", "'exclusive' only applies with 'repeats'")
        return self

    @property
    def enable_when(self) -> Gate | None:
        return self.gate

    @property
    def is_question(self) -> bool:
        return self.type not in ("group", "display")

    @cached_property
    def subtree(self) -> tuple[Item, ...]:
        """This item and all items below it, in document order: made once, as every page
        walks its steps several times. An item's own subtree is as long as the part of its
        parent's that it takes, so a walk can step over an item that is not shown."""
        return (self, *(item for child in self.items for item in child.subtree))

    def walk(self) -> Iterator[Item]:
        """This item and all items below it, in document order."""
        return iter(self.subtree)

    @cached_property
    def options_by_code(self) -> dict[str, AnswerOption]:
        """Each answer option by its code (the first, should one repeat): answers are read
        on every page."""
        options: dict[str, AnswerOption] = {}
        for option in self.answer_options:
            options.setdefault(option.code, option)
        return options

    def option(self, code: str) -> AnswerOption | None:
        return self.options_by_code.get(code)

    def text_context(self, field: str, inherited: str) -> str:
        return self.link_id

    def text_role(self, field: str, declared: str) -> str:
        """A step's title is named by its owner; the items below a step name their own."""
        if field == "items":
            return ""
        if field != "text" or declared:
            return declared
        return {
            "group": "heading of a group of questions",
            "display": "text between questions",
        }.get(self.type, "question")


class Variable(Gated):
    """A named fact derived from the answers (like SDC's ``variable``): yes/no when it
    has an ``enableWhen``, or a score, the number of ``count`` conditions that hold."""

    name: Id
    count: tuple[Condition, ...] = ()

    @model_validator(mode="after")
    def _gate_or_count(self) -> Variable:
        if bool(self.conditions) == bool(self.count):
            raise PydanticCustomError(
                "variable_kind",
                "variable '{name}' needs either 'enableWhen' or 'count'",
                {"name": self.name},
            )
        return self
