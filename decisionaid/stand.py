""" "Where you stand": the short step after the review, and what it says on the sheet.

The step asks which priorities matter most (up to three), which options the person is
leaning towards (or "not sure yet"), and the SURE test. Its questions are built from the
content: the texts from ``shared.yaml``, the choices from the pathway's own priorities and
from the options the person's answers point to, so a translator and a clinician see the
same words there as everywhere else. Its answers are read like any step's.
"""

from __future__ import annotations

from dataclasses import dataclass

from decisionaid.content.model import (
    AnswerOption,
    Answers,
    Item,
    Option,
    Pathway,
    SharedTexts,
    Text,
)

STEP_ID = "where_you_stand"
MATTERS_MOST = "matters_most"
LEANING = "leaning"
ANOTHER_OPTION = "another"
NOT_SURE = "not_sure"
MAX_MATTERS_MOST = 3


def option_code(option: Option) -> str:
    """An option's id as an answer code: ``VIT-04`` is ``vit_04``."""
    return option.id.lower().replace("-", "_")


def stand_step(shared: SharedTexts, pathway: Pathway, options: tuple[Option, ...] | None) -> Item:
    """The step's questions: the pathway's priorities to choose from, ``options`` to lean
    towards; None in the paper questionnaire, where no answers point to any yet and the
    person writes them in."""
    texts = shared.where_you_stand
    priorities = tuple(pathway.items_by_id[link_id] for link_id in pathway.priorities)

    def choice(code: str, display: Text, *, exclusive: bool = False) -> AnswerOption:
        return AnswerOption.model_construct(code=code, display=display, exclusive=exclusive)

    # Built from content already checked by the loader, so not validated again.
    matters_most = Item.model_construct(
        link_id=MATTERS_MOST,
        type="choice",
        text=texts.matters_most,
        help=texts.matters_most_help,
        repeats=True,
        max_answers=MAX_MATTERS_MOST,
        answer_options=tuple(choice(item.link_id, item.text) for item in priorities),
    )
    if options is None:
        leaning = Item.model_construct(
            link_id=LEANING, type="string", text=texts.leaning, help=texts.leaning_on_paper
        )
    else:
        leaning = Item.model_construct(
            link_id=LEANING,
            type="choice",
            text=texts.leaning,
            help=texts.leaning_help,
            required=True,
            repeats=True,
            answer_options=(
                *(choice(option_code(option), option.title) for option in options),
                choice(ANOTHER_OPTION, texts.another_option),
                choice(NOT_SURE, texts.not_sure, exclusive=True),
            ),
        )
    # The SURE test says what it is for under its heading.
    sure = shared.sure.model_copy(update={"help": shared.sure_test.intro})
    return Item.model_construct(
        link_id=STEP_ID,
        type="group",
        text=texts.title,
        items=(matters_most, leaning, sure),
    )


@dataclass(frozen=True)
class Leaning:
    """What the person leans towards: some of the options to discuss, maybe another one,
    or not sure yet (nothing before the step is done)."""

    options: tuple[Option, ...] = ()
    another: bool = False
    not_sure: bool = False


def leaning_of(stand: Answers, options: tuple[Option, ...]) -> Leaning:
    codes = stand.get(LEANING)
    chosen = set(codes) if isinstance(codes, list) else set()
    return Leaning(
        options=tuple(option for option in options if option_code(option) in chosen),
        another=ANOTHER_OPTION in chosen,
        not_sure=NOT_SURE in chosen,
    )


def matters_most_of(stand: Answers) -> tuple[str, ...]:
    """The link ids of the priorities the person marked as mattering most."""
    codes = stand.get(MATTERS_MOST)
    return tuple(codes) if isinstance(codes, list) else ()
