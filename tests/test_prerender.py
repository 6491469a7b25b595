"""Step pages from their skeleton (decisionaid/prerender.py) are the template's pages, byte
for byte: on every step of every pathway, in every language the app offers, for random
forms (values put back, items hidden, script data), with text that HTML must escape."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask, render_template
from flask_wtf.csrf import generate_csrf
from hypothesis import given
from hypothesis import strategies as st

from decisionaid.content.model import Item
from decisionaid.prerender import FormState, Skeleton
from decisionaid.sample_patients import PATIENTS
from decisionaid.views import step_page_context
from tests.conftest import make_app
from tests.test_fuzz import FUZZ

APP = make_app()
STEP_PAGES = [
    (locale, pathway, step)
    for locale in APP.config["LOCALES"]
    for pathway, steps in PATIENTS.items()
    for step in steps
]
AWKWARD_TEXT = st.text(st.sampled_from(["<", ">", "&", '"', "'", "a", " ", "é", "ش", "\u2067"]))
"""Typed text as HTML must escape it, in any script and direction."""


@pytest.fixture(scope="module")
def app() -> Flask:
    return APP


def forms(step: Item) -> st.SearchStrategy[FormState]:
    """Any values for the step's questions (checked codes, a typed text), any of its
    items hidden, any data for the script."""
    items = list(step.walk())
    values = {}
    for item in items:
        if item.type in ("choice", "boolean"):
            codes = [option.code for option in item.answer_options] or ["yes", "no"]
            values[item.link_id] = st.lists(st.sampled_from(codes), unique=True)
        elif item.is_question:
            values[item.link_id] = st.lists(AWKWARD_TEXT, max_size=1)
    script_data = st.dictionaries(AWKWARD_TEXT, st.one_of(st.booleans(), AWKWARD_TEXT))
    return st.builds(
        FormState,
        st.fixed_dictionaries({}, optional=values),
        st.frozensets(st.sampled_from([item.link_id for item in items])),
        script_data,
    )


@pytest.fixture(scope="module", params=STEP_PAGES, ids="-".join)
def step_page(request: pytest.FixtureRequest, app: Flask) -> Iterator[tuple]:
    """A step's request (as served: the locale taken from its URL), its page's context, and
    its skeleton, made once."""
    locale, pathway_id, step_id = request.param
    with app.test_request_context(f"/{locale}/{pathway_id}/{step_id}"):
        app.preprocess_request()
        pathway = app.extensions["content"].pathways[pathway_id]
        context = step_page_context(pathway, pathway.step(step_id))
        skeleton = Skeleton.render("step.html", errors={}, **context)
        yield pathway.step(step_id), context, skeleton


@FUZZ
@given(data=st.data())
def test_a_filled_skeleton_is_the_templates_page(step_page: tuple, data: st.DataObject) -> None:
    step, context, skeleton = step_page
    form = data.draw(forms(step))
    from_template = render_template("step.html", form=form, errors={}, **context)
    assert skeleton.fill(form) == from_template


def test_the_skeleton_holds_nothing_of_the_person(step_page: tuple) -> None:
    """No value checked, no token: those are holes, filled in for each page."""
    _, _, skeleton = step_page
    literal = "".join(piece for piece in skeleton.pieces if isinstance(piece, str))
    assert " checked" not in literal
    assert generate_csrf() not in literal
    assert f'name="csrf_token" value="{generate_csrf()}"' in skeleton.fill(FormState({}))
