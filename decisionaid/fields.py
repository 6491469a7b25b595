"""What ``_fields.html`` writes for a step's items that is the same for everyone: their
texts translated and escaped, their conditions for the browser, their choices' inputs.

Worked out once per step and locale (views.py keeps them), so that a page only adds what
is the person's own: which inputs are checked, the values typed, the errors, the items
hidden. Before, the template translated, escaped and called a macro for each of these
on every page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from flask import current_app
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape

from decisionaid.answers import answer_choices
from decisionaid.conditions import gate_data
from decisionaid.content.model import Item
from decisionaid.i18n import request_translations, translate


class Choice(NamedTuple):
    """One answer a choice or yes/no question offers, and its input (a tuple: the template
    unpacks it, which is quicker than looking up each attribute)."""

    code: str
    id: Markup
    attributes: Markup
    """The input's type, id, name and value."""
    label: Markup


@dataclass(frozen=True)
class FieldView:
    """An item of a step as ``_fields.html`` writes it, before the person's answers."""

    text: Markup
    help: Markup
    label: Markup
    """The question's text, and "(optional)" unless it is required."""
    enable_when: Markup
    """The ``data-enable-when`` attribute (for static/js/enable-when.js), if it has one."""
    input_id: Markup
    """Of a text or number question; a choice's inputs have their own."""
    text_attributes: Markup
    """Of a text or number question's input: ``inputmode`` and ``maxlength``."""
    choices: tuple[Choice, ...]


def field_views(step: Item) -> dict[str, FieldView]:
    """Each item of ``step``, by its link id, in the request's locale."""
    return {item.link_id: _field_view(item) for item in step.walk()}


def _field_view(item: Item) -> FieldView:
    text = escape(translate(item.text)) if item.text else Markup()
    label = text
    if item.is_question and not item.required:
        # As the template's _() gives it: a catalog string, trusted as markup.
        optional = Markup(request_translations().ugettext("(optional)"))  # noqa: S704
        label += Markup(' <span class="optional">%s</span>') % optional
    choices: tuple[Choice, ...] = ()
    if item.type in ("choice", "boolean"):
        input_type = "checkbox" if item.repeats else "radio"
        choices = tuple(
            _choice(item, input_type, index, code, label)
            for index, (code, label) in enumerate(answer_choices(item))
        )
    text_attributes = Markup()
    if item.type == "integer":
        text_attributes += Markup(' inputmode="numeric"')
    if item.max_length:
        text_attributes += Markup(' maxlength="%s"') % item.max_length
    return FieldView(
        text=text,
        help=escape(translate(item.help)) if item.help else Markup(),
        label=label,
        enable_when=_enable_when(item),
        input_id=escape(item.link_id),
        text_attributes=text_attributes,
        choices=choices,
    )


def _choice(item: Item, input_type: str, index: int, code: str, label: str) -> Choice:
    input_id = Markup("%s-%d") % (item.link_id, index)
    attributes = Markup('type="%s" id="%s" name="%s" value="%s"') % (
        input_type,
        input_id,
        item.link_id,
        code,
    )
    return Choice(code=code, id=input_id, attributes=attributes, label=escape(label))


def _enable_when(item: Item) -> Markup:
    """As the template's ``tojson|forceescape`` writes it: JSON, escaped for an attribute."""
    if item.enable_when is None:
        return Markup()
    policies = current_app.jinja_env.policies
    data = htmlsafe_json_dumps(
        gate_data(item.enable_when),
        dumps=policies["json.dumps_function"],
        **policies["json.dumps_kwargs"],
    )
    return Markup('data-enable-when="%s"') % str(data)
