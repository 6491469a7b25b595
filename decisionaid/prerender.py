"""Step pages written once per step and language, with holes for what is each person's.

A step page is almost all content: the questions, their hints and choices, the header,
the footer. What is the person's own is small: which inputs are checked, the text typed,
the items their other answers hide, the data for the browser script, the form's CSRF
token, the links to the page in other languages. Rendering the whole template for each
page cost about three quarters of a step's time (issue 10), so a step without errors is
rendered once per step and language as a *skeleton*: the same template, given a
``RecordingForm`` instead of the person's ``FormState``, writes a marker wherever the
person's values go. Each page then fills the markers in from the person's ``FormState``.

Nothing of anybody's answers is ever in a skeleton: while one renders, every per-person
value is a marker, computed later for the page being served. A page with errors, or the
notice that the cookie could not be read, is rendered in full from the template, as
before. tests/test_prerender.py holds the filled skeleton to the full template, byte for
byte, over random answers on every step of every pathway in every language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app, render_template
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape

CHECKED = Markup(" checked")
NOT_CHECKED = Markup()


@dataclass(frozen=True)
class FormState:
    """What a form shows that is the person's own: the values to put back in its inputs,
    the items their other answers hide, and the data for static/js/enable-when.js."""

    values: dict[str, list[str]]
    hidden: frozenset[str] = frozenset()
    script_data: dict[str, Any] = field(default_factory=dict)

    def checked(self, link_id: str, code: str) -> Markup:
        return CHECKED if code in self.values.get(link_id, ()) else NOT_CHECKED

    def text(self, link_id: str) -> str:
        given = self.values.get(link_id)
        return given[0] if given else ""

    def unless_hidden(self, link_id: str, caller: Callable[[], Markup]) -> Markup:
        """The item (the body of a ``{% call %}``), or nothing if it is hidden."""
        return Markup() if link_id in self.hidden else caller()

    def script_json(self) -> Markup:
        """``script_data`` as the template's ``tojson`` writes it."""
        policies = current_app.jinja_env.policies
        return htmlsafe_json_dumps(
            self.script_data,
            dumps=policies["json.dumps_function"],
            **policies["json.dumps_kwargs"],
        )


Fill = Callable[[FormState], object]
"""How one hole is filled in for the page being served."""


@dataclass(frozen=True)
class _ItemStart:
    link_id: str


@dataclass(frozen=True)
class _ItemEnd:
    link_id: str


Piece = str | Fill | _ItemStart | _ItemEnd

_MARKER = re.compile("\x00hole:([0-9]+)\x00")


class RecordingForm:
    """Stands in for a ``FormState`` while a skeleton renders: each per-person value is a
    marker, and what fills it in is kept, in ``pieces``."""

    def __init__(self) -> None:
        self.pieces: list[Piece] = []

    def hole(self, piece: Piece) -> Markup:
        self.pieces.append(piece)
        return Markup(f"\x00hole:{len(self.pieces) - 1}\x00")  # noqa: S704 (digits only)

    def checked(self, link_id: str, code: str) -> Markup:
        return self.hole(lambda form: form.checked(link_id, code))

    def text(self, link_id: str) -> Markup:
        return self.hole(lambda form: form.text(link_id))

    def unless_hidden(self, link_id: str, caller: Callable[[], Markup]) -> Markup:
        return self.hole(_ItemStart(link_id)) + caller() + self.hole(_ItemEnd(link_id))

    def script_json(self) -> Markup:
        return self.hole(lambda form: form.script_json())


_recording: ContextVar[RecordingForm | None] = ContextVar("recording_form", default=None)


def per_page(compute: Callable[..., object]) -> Callable[..., object]:
    """``compute`` as a template global whose value belongs to the page being served (the
    CSRF token, say): while a skeleton renders, it gives a hole instead."""

    def value(*args: object) -> object:
        recording = _recording.get()
        if recording is None:
            return compute(*args)
        return recording.hole(lambda form: compute(*args))

    return value


@dataclass(frozen=True)
class Skeleton:
    """A page as literal text and what goes between: holes, and the bounds of items."""

    pieces: tuple[Piece, ...]

    @classmethod
    def render(cls, template: str, **context: object) -> Skeleton:
        recording = RecordingForm()
        token = _recording.set(recording)
        try:
            page = render_template(template, form=recording, **context)
        finally:
            _recording.reset(token)
        parts = _MARKER.split(page)
        pieces: list[Piece] = []
        for index, part in enumerate(parts):
            if index % 2 == 0:
                if part:
                    pieces.append(part)
            else:
                pieces.append(recording.pieces[int(part)])
        if len(parts) // 2 != len(recording.pieces):
            raise RuntimeError(f"{template}: a hole was lost or copied while rendering")
        return cls(tuple(pieces))

    def fill(self, form: FormState) -> str:
        """The page for the person whose values ``form`` holds."""
        written: list[str] = []
        skipping: str | None = None
        for piece in self.pieces:
            if skipping is not None:
                if isinstance(piece, _ItemEnd) and piece.link_id == skipping:
                    skipping = None
            elif isinstance(piece, str):
                written.append(piece)
            elif isinstance(piece, _ItemStart):
                if piece.link_id in form.hidden:
                    skipping = piece.link_id
            elif not isinstance(piece, _ItemEnd):
                written.append(escape(piece(form)))
        return "".join(written)


def render_prerendered(key: Hashable, template: str, form: FormState, **context: object) -> str:
    """``template`` for ``form``, from its skeleton for ``key``: made on the first page, from
    ``context``, which must be the same for everyone with that key."""
    skeletons = current_app.extensions.setdefault("skeletons", {})
    skeleton = skeletons.get(key)
    if skeleton is None:
        skeleton = skeletons[key] = Skeleton.render(template, **context)
    return skeleton.fill(form)


PER_PAGE_GLOBALS = ("csrf_token", "language_url")
"""Template globals whose value belongs to the page being served: the form's CSRF token
(of the person's session), this page's address in other languages (of the request)."""


def init_app(app: Flask) -> None:
    """After the extensions and views that define the globals."""
    for name in PER_PAGE_GLOBALS:
        app.jinja_env.globals[name] = per_page(app.jinja_env.globals[name])
