"""What the person said, as they said it: every answer step by step (the review page and
the sheet), what they said about themselves and the treatments they tried (page 1).

Each question is named with the heading of the group it sits in, so that a follow-up
("How did it go?") always carries its treatment's name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from decisionaid.conditions import enabled_answers
from decisionaid.content.model import Answers, Item, Pathway, Text


@dataclass(frozen=True)
class AnswerRow:
    """One answered question, with its answers as the person saw them.

    A value is a ``Text`` (a choice's label), ``bool`` (yes/no) or the person's own
    words or number; templates translate the first two.
    """

    item: Item
    values: tuple[Text | str | int | bool, ...]
    label: QuestionLabel


@dataclass(frozen=True)
class QuestionLabel:
    """How to name a question away from its place on its step (the review, an error
    summary, the sheet): after the heading of the group it sits in below the step, if any,
    so that "How did it go?" says which treatment it is about. Templates say it with
    ``label_text``."""

    item: Item
    heading: Text | None = None


def question_labels(step: Item) -> dict[str, QuestionLabel]:
    """The label of each question of ``step``, by its link id."""
    labels = {}

    def visit(items: tuple[Item, ...], heading: Text | None) -> None:
        for item in items:
            if item.is_question:
                labels[item.link_id] = QuestionLabel(item, heading)
            visit(item.items, item.text if item.type == "group" and item.text else heading)

    visit(step.items, None)
    return labels


@dataclass(frozen=True)
class StepSummary:
    step: Item
    rows: tuple[AnswerRow, ...]


@dataclass(frozen=True)
class TriedRow:
    """A treatment tried, for page 1's table: its name (and what the person typed, for
    "something else"), and its answer in each of the table's columns."""

    treatment: Text
    named: str | None
    cells: tuple[Text | None, ...]


def summarize_answers(pathway: Pathway, answers: Answers) -> tuple[StepSummary, ...]:
    """Every shown, answered question, step by step: for the review page and the sheet."""
    shown = enabled_answers(pathway, answers)
    summaries = []
    for step in pathway.steps:
        rows = []
        for link_id, label in question_labels(step).items():
            if link_id not in shown:
                continue
            raw = shown[link_id]
            values = raw if isinstance(raw, list) else [raw]
            shown_values = tuple(_display(label.item, value) for value in values)
            rows.append(AnswerRow(item=label.item, values=shown_values, label=label))
        summaries.append(StepSummary(step=step, rows=tuple(rows)))
    return tuple(summaries)


def _display(item: Item, value: str | int | bool) -> Text | str | int | bool:
    if item.type == "choice":
        option = item.option(str(value))
        return option.display if option else str(value)
    return value


def tried_rows(pathway: Pathway, shown: Answers) -> tuple[TriedRow, ...]:
    """One row per treatment whose follow-up questions the person answered."""
    table = pathway.tried_table
    step = pathway.step(table.step) if table else None
    rows = []
    for group in step.items if step else ():
        answered = [i for i in group.walk() if i.is_question and i.link_id in shown]
        if group.type != "group" or not answered:
            continue
        typed = next((str(shown[i.link_id]) for i in answered if i.type == "string"), None)
        cells = []
        for column in table.columns:
            item = next((i for i in answered if i.answer_value_set == column.answers), None)
            option = item.option(str(shown[item.link_id])) if item else None
            cells.append(option.display if option else None)
        rows.append(TriedRow(treatment=group.text, named=typed, cells=tuple(cells)))
    return tuple(rows)


def about_rows(summaries: Iterable[StepSummary]) -> tuple[AnswerRow, ...]:
    """A few lines about the person, for page 1: the answers to the questions the content
    names in a few words (``summary``). The rest is on the review page, and where it
    matters in the alerts and in each option's reasons."""
    return tuple(
        row for summary in summaries for row in summary.rows if row.item.summary is not None
    )
