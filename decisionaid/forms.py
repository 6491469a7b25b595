"""One WTForms form per step, built per request from the content.

WTForms reads the submitted data and Flask-WTF checks the CSRF token; whether an answer
is required depends on ``enableWhen`` across steps, so that is checked here, against
every answer the person has given so far.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext, ngettext
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import Field, RadioField, SelectChoice, SelectMultipleField, StringField

from decisionaid.conditions import gate_holds
from decisionaid.content.model import Answers, AnswerValue, Item
from decisionaid.i18n import translate

BOOLEAN_CODES = {"yes": True, "no": False}


class StepForm(FlaskForm):
    """The base of every step's form; fields are added per step by ``build_step_form``."""

    class Meta:
        # CSRFProtect checks the token of every POST once, before any view runs.
        csrf = False


def _field(item: Item) -> Field:
    label = translate(item.text) if item.text else item.link_id
    if item.type == "choice":
        choices = [SelectChoice(o.code, translate(o.display)) for o in item.answer_options]
        field_class = SelectMultipleField if item.repeats else RadioField
        return field_class(label, choices=choices, validate_choice=False)
    if item.type == "boolean":
        choices = [SelectChoice("yes", gettext("Yes")), SelectChoice("no", gettext("No"))]
        return RadioField(label, choices=choices, validate_choice=False)
    # Integers are read as text and checked here, so the message is ours.
    return StringField(label, filters=[lambda value: value.strip() if value else value])


def build_step_form(step: Item, answers: Answers, formdata: MultiDict | None = None) -> StepForm:
    """A form for one step, filled with the saved ``answers`` unless ``formdata`` is given."""

    class Form(StepForm):
        pass

    for item in step.walk():
        if item.is_question:
            setattr(Form, item.link_id, _field(item))
    initial = {}
    for item in step.walk():
        if item.is_question and item.link_id in answers:
            initial[item.link_id] = _to_form_value(item, answers[item.link_id])
    # An empty MultiDict on POST means "nothing ticked", not "use the saved answers".
    return Form(formdata=formdata, data=initial) if formdata is not None else Form(data=initial)


def saved_answers(items: Mapping[str, Item], stored: object) -> Answers:
    """The answers kept in the session, re-checked against the current content.

    Content may have changed since they were saved (a code renamed, a question removed),
    so anything that no longer parses is dropped rather than trusted.
    """
    if not isinstance(stored, dict):
        return {}
    answers: Answers = {}
    for link_id, value in stored.items():
        item = items.get(link_id) if isinstance(link_id, str) else None
        if item is None or not item.is_question or not isinstance(value, str | int | list):
            continue
        parsed, error = _parse(item, _to_form_value(item, value))
        if error is None and parsed is not None:
            answers[link_id] = parsed
    return answers


def _to_form_value(item: Item, value: AnswerValue) -> str | list[str]:
    if item.type == "boolean":
        return "yes" if value else "no"
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value)


def read_step(step: Item, form: StepForm, other_answers: Answers) -> tuple[Answers, dict[str, str]]:
    """Check a submitted step; return its answers and, per question, an error message.

    A question that is not shown (its ``enableWhen`` fails, given this step's and the
    other steps' answers) is never required and its answer is dropped.
    """
    raw: dict[str, str | list[str]] = {}
    for item in step.walk():
        if item.is_question:
            data = form[item.link_id].data
            if item.repeats:
                raw[item.link_id] = [value for value in (data or []) if value]
            elif data not in (None, ""):
                raw[item.link_id] = data
    answers: Answers = {}
    errors: dict[str, str] = {}
    combined = {**other_answers, **raw}
    _read_items(step.items, raw, combined, answers, errors)
    return answers, errors


def _read_items(
    items: tuple[Item, ...],
    raw: dict[str, str | list[str]],
    combined: Answers,
    answers: Answers,
    errors: dict[str, str],
) -> None:
    for item in items:
        if not gate_holds(item.enable_when, combined):
            continue
        if item.is_question:
            value, error = _parse(item, raw.get(item.link_id))
            if error:
                errors[item.link_id] = error
            elif value is not None:
                answers[item.link_id] = value
        _read_items(item.items, raw, combined, answers, errors)


def _parse(item: Item, raw: str | list[str] | None) -> tuple[AnswerValue | None, str | None]:
    """Turn one submitted value into an answer, or explain in plain words what is wrong."""
    if raw in (None, "", []):
        if not item.required:
            return None, None
        if item.repeats:
            return None, gettext("Tick at least one answer.")
        if item.type in ("string", "integer"):
            return None, gettext("Enter an answer.")
        return None, gettext("Choose an answer.")
    if item.type == "choice":
        values = raw if isinstance(raw, list) else [raw]
        if len(set(values)) != len(values) or (not item.repeats and len(values) > 1):
            return None, gettext("Choose one of the answers shown.")
        for value in values:
            if item.option(value) is None:
                return None, gettext("Choose one of the answers shown.")
        exclusive = [item.option(v) for v in values if item.option(v).exclusive]
        if exclusive and len(values) > 1:
            return None, gettext(
                "“%(answer)s” cannot be ticked together with other answers.",
                answer=translate(exclusive[0].display),
            )
        return (list(values) if item.repeats else values[0]), None
    if isinstance(raw, list):
        return None, gettext("Enter one answer.")
    if item.type == "boolean":
        if raw not in BOOLEAN_CODES:
            return None, gettext("Choose one of the answers shown.")
        return BOOLEAN_CODES[raw], None
    if item.type == "integer":
        return _parse_integer(item, raw)
    if item.max_length is not None and len(raw) > item.max_length:
        return None, ngettext(
            "Use %(num)d character or fewer.", "Use %(num)d characters or fewer.", item.max_length
        )
    if any(ord(character) < 32 for character in raw):
        return None, gettext("Use letters, numbers and punctuation only.")
    return raw, None


def _parse_integer(item: Item, raw: str) -> tuple[int | None, str | None]:
    low = item.min_value if item.min_value is not None else 0
    high = item.max_value if item.max_value is not None else 10**6
    if not raw.isdecimal() or not low <= int(raw) <= high:
        return None, gettext("Enter a whole number from %(low)s to %(high)s.", low=low, high=high)
    return int(raw), None
