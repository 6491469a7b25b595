"""Property-based tests (Hypothesis) on the real content in questionnaires/.

Random and hostile requests to every step of every pathway never get a server error
(the test app has TESTING on, so an unexpected exception fails the test with its
traceback); whatever a step accepts still shows on the review and the sheet; random
valid answers always give a sheet that lists every option with its benefits and harms;
answers kept as read are taken as they are exactly when re-reading them changes nothing.
Valid answers are drawn from the content model itself: each question's type, choices,
exclusive choices, ``maxAnswers``, number range and ``maxLength``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import quote_from_bytes

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from decisionaid.answers import (
    FINGERPRINT_KEY,
    answers_to_keep,
    kept_answers,
    read_step,
    reading_fingerprint,
    saved_answers,
)
from decisionaid.conditions import enabled_answers
from decisionaid.content.model import Answers, AnswerValue, Item, Library, Pathway
from decisionaid.engine import MAX_TO_DISCUSS, OptionSheet, build_option_sheet
from decisionaid.sample_patients import PATIENTS
from decisionaid.stand import stand_step
from tests.conftest import Patient, page

# derandomize: the examples come from each test's source, not from the clock, so CI and a
# laptop run the same requests and a failure replays; no database, so a failure found once
# cannot make a later run differ. The autouse guards (no network, no WeasyPrint warning)
# are function-scoped on purpose: they hold across all the examples of a test.
FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

# Every step of every pathway: the sample patients answer each one, in order
# (Patient.complete checks that), and each starts from a sample patient's answers.
PATHWAYS = tuple(PATIENTS)
STEPS = [(pathway, step) for pathway, steps in PATIENTS.items() for step in steps]
TARGETS = [
    *STEPS,
    *((pathway, page) for pathway in PATHWAYS for page in ("review", "where-you-stand")),
]


def questions(step: Item) -> Iterator[Item]:
    return (item for item in step.walk() if item.is_question)


# --- valid answers, from the content model ------------------------------------------------

TYPED_TEXT = st.characters(categories=("L", "M", "N", "P", "S", "Zs"))
"""What a person types: letters, marks, digits, punctuation and symbols in any script."""


def sent_answer(item: Item) -> st.SearchStrategy[list[str]]:
    """What a browser sends for one question answered as its form allows."""
    if item.type == "boolean":
        return st.sampled_from([["yes"], ["no"]])
    if item.type == "integer":
        low = item.min_value if item.min_value is not None else 0
        high = item.max_value if item.max_value is not None else 10**6
        return st.integers(low, high).map(lambda number: [str(number)])
    if item.type == "string":
        text = st.text(TYPED_TEXT, min_size=1, max_size=item.max_length or 500)
        return text.filter(str.strip).map(lambda typed: [typed])
    codes = [option.code for option in item.answer_options if not option.exclusive]
    if not item.repeats:
        return st.sampled_from(codes).map(lambda code: [code])
    most = min(len(codes), item.max_answers or len(codes))
    ticked = st.lists(st.sampled_from(codes), min_size=1, max_size=most, unique=True)
    alone = [[option.code] for option in item.answer_options if option.exclusive]
    return st.one_of(ticked, st.sampled_from(alone)) if alone else ticked


def sent_step(step: Item) -> st.SearchStrategy[dict[str, list[str]]]:
    """A step as a browser sends it: every required question answered, optional ones
    sometimes, follow-ups that do not apply sometimes too (without JavaScript they are
    shown, and their answers are dropped)."""
    fields = {
        item.link_id: sent_answer(item) if item.required else st.just([]) | sent_answer(item)
        for item in questions(step)
    }
    return st.fixed_dictionaries(fields).map(lambda sent: {k: v for k, v in sent.items() if v})


def typed_answer(item: Item, sent: list[str]) -> AnswerValue:
    """The answer the parser makes of what was sent (as saved in the session)."""
    if item.type == "boolean":
        return sent[0] == "yes"
    if item.type == "integer":
        return int(sent[0])
    if item.type == "string":
        return sent[0].strip()
    return list(sent) if item.repeats else sent[0]


def typed_answers(step: Item, sent: dict[str, list[str]]) -> Answers:
    return {
        item.link_id: typed_answer(item, sent[item.link_id])
        for item in questions(step)
        if item.link_id in sent
    }


def the_stand_step(library: Library, pathway: Pathway, answers: Answers) -> Item:
    """The "where you stand" step this person is shown: built from their options to discuss."""
    sheet = build_option_sheet(library, pathway, answers)
    return stand_step(library.shared, pathway, tuple(fit.option for fit in sheet.to_discuss))


# --- hostile input -------------------------------------------------------------------------

HOSTILE_TEXTS = [
    "\x00",
    "adu\x00lt",
    "\x1f",
    "\x7f",
    "next\x85line",
    "\x9b31m",
    "Price \u202e0004\u202c USD",
    "\u2067\u0645\u0631\u062d\u0628\u0627\u2069",
    "\ud800",
    "\udfff lone",
    "\U0010ffff",
    "\ufffe\uffff",
    "\u200b\u200d\ufeff",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    '</dd><div style="background:url(http://127.0.0.1:8799/bg)">',
    '"; } @page { size: 1mm } x { content: "',
    "{{ 7*7 }}",
    "{% for x in range(9**9) %}",
    "%(num)d %s {0}",
    "x" * 20_000,
    "9" * 5_000,
    "-1",
    "1e309",
    "NaN",
    "\u0664\u0662",
    " ",
    "",
    "yes",
    "back",
]
ACCEPT_LANGUAGE = (
    st.none()
    | st.sampled_from(
        ["ar;q=0.9,*;q=x", "zz-ZZ", "en;q=NaN", "*", "-" * 300, "es, ar, he", "pt-BR;q=1e999"]
    )
    | st.text(st.characters(max_codepoint=255, exclude_characters="\r\n"), max_size=60)
)
"""What browsers, scripts and proxies send as Accept-Language (latin-1, as WSGI has it)."""
HOSTILE_NAMES = ["csrf_token", "go", "", "x", "answers", "__proto__", "a\x00b", "sites[]"]


@st.composite
def hostile_form(draw: st.DrawFn, step: Item | None) -> list[tuple[str, str]]:
    """A step's valid answers, damaged: fields dropped, values replaced by hostile or random
    text, fields repeated, unknown fields added, all in any order."""
    real = [item.link_id for item in questions(step)] if step is not None else []
    pairs = []
    if step is not None:
        for name, values in draw(sent_step(step)).items():
            if draw(st.booleans()):
                pairs += [(name, value) for value in values]
    value = st.sampled_from(HOSTILE_TEXTS) | st.text(max_size=40)
    name = st.sampled_from([*real, *HOSTILE_NAMES]) | st.text(max_size=12)
    pairs += draw(st.lists(st.tuples(name, value), max_size=6))
    return draw(st.permutations(pairs))


def to_bytes(text: str) -> bytes:
    """Any text as bytes, lone surrogates included (as the invalid UTF-8 they would be)."""
    return text.encode("utf-8", "surrogatepass")


@st.composite
def hostile_request(draw: st.DrawFn, path: str, step: Item | None, token: str) -> dict:
    """Arguments for the test client's ``open``: a method, a body in one of the encodings a
    browser or a script may use, a CSRF token good, missing, forged or twice, an odd query
    string and Accept-Language."""
    pairs = draw(hostile_form(step))
    csrf_mode = draw(st.sampled_from(["good", "missing", "forged", "twice", "header"]))
    tokens = {"good": [token], "forged": ["forged"], "twice": [token, token]}.get(csrf_mode, [])
    pairs = [("csrf_token", each) for each in tokens] + pairs
    headers = {"X-CSRFToken": token} if csrf_mode == "header" else {}
    environ: dict[str, str] = {}
    query = draw(
        st.sampled_from(["", "paper=a3", "details=all", "x=%00", "%ff%fe", "a=1&a=2&a[]=3"])
        | st.binary(max_size=30).map(lambda raw: raw.decode("latin-1"))
    )
    if query:
        environ["QUERY_STRING"] = query
    language = draw(ACCEPT_LANGUAGE)
    if language is not None:
        environ["HTTP_ACCEPT_LANGUAGE"] = language
    method = draw(st.sampled_from(["POST", "POST", "POST", "POST", "GET"]))
    request = {"method": method, "path": path, "headers": headers, "environ_overrides": environ}
    if method == "GET":
        return request
    encoding = draw(st.sampled_from(["urlencoded", "raw", "multipart", "json"]))
    if encoding == "urlencoded":
        body = "&".join(
            f"{quote_from_bytes(to_bytes(k))}={quote_from_bytes(to_bytes(v))}" for k, v in pairs
        )
        request |= {"data": body, "content_type": "application/x-www-form-urlencoded"}
    elif encoding == "raw":
        # Unescaped bytes, as a script may send: invalid UTF-8 among them.
        junk = draw(st.binary(max_size=4))
        body = b"&".join(to_bytes(k) + b"=" + to_bytes(v) for k, v in pairs) + junk
        request |= {"data": body, "content_type": "application/x-www-form-urlencoded"}
    elif encoding == "multipart":
        fields = [(k, to_bytes(v).decode("utf-8", "replace")) for k, v in pairs]
        request |= {"data": fields_as_dict(fields), "content_type": "multipart/form-data"}
    else:
        request |= {"data": json.dumps(dict(pairs)), "content_type": "application/json"}
    return request


def fields_as_dict(fields: list[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for name, value in fields:
        grouped.setdefault(to_bytes(name).decode("utf-8", "replace"), []).append(value)
    return grouped


# --- the people ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def finished(app: Flask) -> dict[str, tuple[str, str]]:
    """Per pathway, the session cookie of its sample patient, who has answered every step and
    said where they stand, and a CSRF token that goes with it: every example starts from a
    fresh browser holding them."""
    people = {}
    for pathway in PATHWAYS:
        person = Patient(app.test_client())
        person.complete(pathway)
        token = person.token(person.url(pathway, "review"))
        people[pathway] = (person.client.get_cookie("decisionaid").value, token)
    return people


def browser_of(app: Flask, cookie: str) -> FlaskClient:
    client = app.test_client()
    client.set_cookie("decisionaid", cookie)
    return client


ERROR_PAGES = {
    400: ("Something in the request was not right", "reload the page and try again"),
    413: ("What you sent is too large",),
}


def assert_shows_answers(client: FlaskClient, pathway: str) -> None:
    """The answers kept render: the review and the sheet, or, for someone whose answers
    now raise a follow-up or change their options to discuss, a redirect to the step
    still to answer that renders too."""
    for page_name in ("review", "sheet"):
        response = client.get(f"/en/{pathway}/{page_name}")
        assert response.status_code in (200, 302), page_name
        if response.status_code == 302:
            assert client.get(response.headers["Location"]).status_code == 200


# --- 1. hostile requests never get a server error ----------------------------------------------


@pytest.mark.parametrize(("pathway", "target"), TARGETS)
@settings(FUZZ, max_examples=10)
@given(data=st.data())
def test_hostile_requests_to_every_step_get_a_page_never_a_server_error(
    app: Flask, finished: dict, pathway: str, target: str, data: st.DataObject
) -> None:
    cookie, token = finished[pathway]
    # None for the review and "where you stand" (built per person): hostile fields only.
    step = app.extensions["content"].pathways[pathway].step(target)
    request = data.draw(hostile_request(f"/en/{pathway}/{target}", step, token))
    client = browser_of(app, cookie)
    response = client.open(**request)
    status = response.status_code
    assert status in (200, 302, 400, 413), status
    html = page(response)
    if status in ERROR_PAGES:
        assert any(message in html for message in ERROR_PAGES[status]), html[:500]
    elif status == 200 and request["method"] == "POST" and target != "review":
        # A step is shown again only to say what is wrong.
        assert re.search(r"There (is a problem|are problems) with \d+ answer", html), html[:500]
    elif status == 302:
        assert client.get(response.headers["Location"]).status_code in (200, 302)
        assert_shows_answers(client, pathway)


@settings(FUZZ, max_examples=40)
@given(language=ACCEPT_LANGUAGE)
def test_any_accept_language_gets_the_home_page(app: Flask, language: str | None) -> None:
    """The one page that reads the browser's languages: it always picks one on offer."""
    environ = {} if language is None else {"HTTP_ACCEPT_LANGUAGE": language}
    response = app.test_client().get("/", environ_overrides=environ)
    assert response.status_code == 200
    offered = {info.language_tag for info in app.extensions["locale_info"].values()}
    chosen = re.search(r'<html lang="([^"]+)" dir="(ltr|rtl)"', page(response))
    assert chosen and chosen.group(1) in offered


# --- 2. valid answers are accepted and shown -------------------------------------------------


@pytest.mark.parametrize("pathway_id", PATHWAYS)
@settings(FUZZ, max_examples=5)
@given(data=st.data())
def test_random_valid_answers_are_accepted_and_shown_on_the_review_and_sheet(
    app: Flask, pathway_id: str, data: st.DataObject
) -> None:
    library: Library = app.extensions["content"]
    pathway = library.pathways[pathway_id]
    person = Patient(app.test_client())
    typed: list[str] = []
    answers: Answers = {}
    for index, step in enumerate(pathway.steps):
        sent = data.draw(sent_step(step), label=step.link_id)
        response = person.answer(pathway_id, step.link_id, sent)
        following = pathway.steps[index + 1].link_id if index + 1 < len(pathway.steps) else "review"
        assert response.status_code == 302, page(response)[:3000]
        assert response.headers["Location"] == f"/en/{pathway_id}/{following}"
        answers |= typed_answers(step, sent)
        typed += [i.link_id for i in questions(step) if i.type == "string" and i.link_id in sent]

    review = person.client.get(f"/en/{pathway_id}/review")
    assert review.status_code == 200
    # Each text typed into a question that applies is shown as typed (escaped: no markup).
    applying = enabled_answers(pathway, answers)
    for link_id in typed:
        if link_id in applying:
            assert str(escape(answers[link_id])) in page(review), link_id

    stand = data.draw(sent_step(the_stand_step(library, pathway, answers)), label="stand")
    response = person.stand(pathway_id, stand)
    assert response.status_code == 302, page(response)[:3000]
    assert response.headers["Location"] == f"/en/{pathway_id}/sheet"
    assert person.client.get(f"/en/{pathway_id}/sheet").status_code == 200


# --- 3. the engine on random valid answers ---------------------------------------------------


@st.composite
def pathway_answers(
    draw: st.DrawFn, library: Library, pathway: Pathway
) -> tuple[Answers, Answers, OptionSheet]:
    """Valid answers to every step and to the "where you stand" step they lead to, and the
    sheet before that step (from which it is built)."""
    answers: Answers = {}
    for step in pathway.steps:
        answers |= typed_answers(step, draw(sent_step(step), label=step.link_id))
    before = build_option_sheet(library, pathway, answers)
    stand = stand_step(library.shared, pathway, tuple(fit.option for fit in before.to_discuss))
    return answers, typed_answers(stand, draw(sent_step(stand), label="stand")), before


@pytest.mark.parametrize("pathway_id", PATHWAYS)
@settings(FUZZ, max_examples=20)
@given(data=st.data())
def test_the_sheet_lists_every_option_with_its_benefits_and_harms(
    library: Library, pathway_id: str, data: st.DataObject
) -> None:
    pathway = library.pathways[pathway_id]
    answers, stand, before = data.draw(pathway_answers(library, pathway))
    sheet = build_option_sheet(library, pathway, answers, stand)

    listed = [fit.option.id for fit in sheet.fits]
    assert len(listed) == len(set(listed))
    for group in pathway.option_groups:
        in_group = [option.id for option in pathway.options if option.group == group.id]
        shown = [option_id for option_id in listed if option_id in in_group]
        # A group applies to the person or not; an option within it is never left out.
        assert shown in ([], in_group)
        if group.gate is None:
            assert shown == in_group
    for fit in sheet.fits:
        assert fit.option.works, fit.option.id
        assert fit.option.side_effects or fit.option.serious_risks, fit.option.id
        assert fit.level in ("often", "may", "not")
        if fit.level == "not":
            assert all(reason.effect in ("contraindication", "caution") for reason in fit.reasons)
    assert_discussed_fairly(sheet)
    assert [view.section.id for view in sheet.sections] == [s.id for s in pathway.sections]
    # Pure, and where the person stands changes nothing else: the same answers built
    # without it give the same options, levels and reasons.
    assert [(f.option.id, f.level, f.reasons) for f in before.fits] == [
        (f.option.id, f.level, f.reasons) for f in sheet.fits
    ]


def assert_discussed_fairly(sheet: OptionSheet) -> None:
    """At most five options to discuss, not treating always among them, none of them one
    that is usually not suitable."""
    assert len(sheet.to_discuss) <= MAX_TO_DISCUSS
    assert all(fit.level != "not" or fit.option.no_treatment for fit in sheet.to_discuss)
    no_treatment = [fit.option.id for fit in sheet.fits if fit.option.no_treatment]
    assert set(no_treatment) <= {fit.option.id for fit in sheet.to_discuss}


# --- 4. answers kept as read -----------------------------------------------------------------

STORED_VALUE = st.one_of(
    st.booleans(),
    st.integers(-3, 10**7),
    st.text(max_size=30),
    st.sampled_from(HOSTILE_TEXTS),
    st.lists(st.text(max_size=12), max_size=3),
)
"""Any value a cookie of the right shape may hold (session._well_shaped)."""


@st.composite
def stored_answers(draw: st.DrawFn, pathway: Pathway) -> dict[str, object]:
    """A pathway's answers as a cookie may hold them: some steps answered as their forms
    allow (follow-ups that do not apply included), then values replaced or added, for its
    questions or for questions the content no longer has."""
    stored: dict[str, object] = {}
    for step in pathway.steps:
        if draw(st.booleans()):
            stored |= typed_answers(step, draw(sent_step(step), label=step.link_id))
    names = st.sampled_from([item.link_id for item in pathway.questions()]) | st.text(max_size=8)
    stored |= draw(st.dictionaries(names, STORED_VALUE, max_size=4), label="changed")
    return stored


@pytest.mark.parametrize("pathway_id", PATHWAYS)
@settings(FUZZ, max_examples=60)
@given(data=st.data())
def test_answers_kept_as_read_are_taken_as_they_are_and_read_the_same_again(
    library: Library, pathway_id: str, data: st.DataObject
) -> None:
    pathway = library.pathways[pathway_id]
    stored = data.draw(stored_answers(pathway))
    read = saved_answers(pathway.steps, stored, pathway)
    # Reading what was read changes nothing: no answer, no value, not their order.
    assert list(saved_answers(pathway.steps, read, pathway).items()) == list(read.items())
    # Kept with the fingerprint, through the cookie's JSON, they are taken as they are, and
    # that gives exactly what re-reading them gives; without it, or with another, they are
    # re-read.
    fingerprint = reading_fingerprint(pathway)
    kept = json.loads(json.dumps(answers_to_keep(pathway, read, fingerprint)))
    trusted = kept_answers(pathway, kept, fingerprint)
    assert list(trusted.items()) == list(saved_answers(pathway.steps, kept, pathway).items())
    assert list(trusted.items()) == list(read.items())
    assert kept_answers(pathway, kept, "another") == read
    assert kept_answers(pathway, stored, fingerprint) == read


@pytest.mark.parametrize("pathway_id", PATHWAYS)
@settings(FUZZ, max_examples=60)
@given(data=st.data())
def test_a_step_saved_keeps_what_reading_every_step_again_would(
    app: Flask, pathway_id: str, data: st.DataObject
) -> None:
    """As views.step saves a step: the other steps' answers as kept, and the step as sent
    (valid, or damaged), read against them. What is kept is what reading every step
    again gives, though only the conditions are evaluated again."""
    pathway = app.extensions["content"].pathways[pathway_id]
    fingerprint = reading_fingerprint(pathway)
    answers = kept_answers(pathway, data.draw(stored_answers(pathway)), fingerprint)
    step = data.draw(st.sampled_from(pathway.steps), label="step")
    if data.draw(st.booleans(), label="valid"):
        sent = data.draw(sent_step(step), label="sent")
    else:
        sent = {}
        for name, value in data.draw(hostile_form(step), label="sent"):
            sent.setdefault(name, []).append(value)
    on_step = {item.link_id for item in step.walk()}
    others = {k: v for k, v in answers.items() if k not in on_step}
    with app.test_request_context():
        merged = {**others, **read_step(step, sent, others, pathway).answers}
    kept = answers_to_keep(pathway, merged, fingerprint)
    assert kept.pop(FINGERPRINT_KEY) == fingerprint
    assert list(kept.items()) == list(saved_answers(pathway.steps, merged, pathway).items())
