"""decisionaid/answers.py: one parser for a posted step and for the answers kept in the
session. Forms are posted through the test client as a browser would; the session is
written as a cookie the way the app writes it, with values the content no longer accepts."""

from __future__ import annotations

import unicodedata

import pytest
from flask import Flask

from decisionaid.answers import BIDI_OVERRIDES, FINGERPRINT_KEY, NOT_PLAIN, reading_fingerprint
from decisionaid.content.loader import load_library
from tests.conftest import FIXTURE_CONTENT, Patient, broken_copy, make_app, page

# The fixture pathway, with a whole number, a yes/no question and follow-ups gated on each
# (and one on a variable) added to its second step.
EXTRA_QUESTIONS = """      - linkId: note
        type: string
        text: Anything else?
        maxLength: 20
      - {linkId: years, type: integer, text: For how many years?, minValue: 1, maxValue: 80}
      - linkId: years_long
        type: choice
        text: Has it changed in that time?
        required: true
        enableWhen: [{question: years, operator: ">=", answer: 10}]
        answerOption:
          - {code: more, display: It spread}
          - {code: same, display: It stayed the same}
      - {linkId: flare, type: boolean, text: Do you have a flare now?}
      - linkId: flare_where
        type: string
        text: Where is the flare?
        required: true
        enableWhen: [{question: flare, operator: "=", answer: true}]
      - linkId: flare_since
        type: string
        text: Since when?
        required: true
        enableWhen: [{question: flare_where, operator: exists, answer: true}]
      - linkId: school
        type: string
        text: Which school do you go to?
        required: true
        enableWhen: [{variable: young, operator: "=", answer: true}]
"""


@pytest.fixture(scope="module")
def answers_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    folder = broken_copy(
        tmp_path_factory.mktemp("answers"),
        "      - linkId: note\n        type: string\n        text: Anything else?\n"
        "        maxLength: 20\n",
        EXTRA_QUESTIONS,
    )
    return make_app(CONTENT_DIR=str(folder))


@pytest.fixture
def adult(answers_app: Flask) -> Patient:
    """Someone who has answered the first step as an adult."""
    person = Patient(answers_app.test_client())
    assert person.answer("mini", "about", {"age": "adult", "pregnant": "no"}).status_code == 302
    return person


def second_step(person: Patient, **answers: str | list[str]):
    return person.answer("mini", "tried_step", {"tried": ["light"], "goal_quick": "not", **answers})


def saved(person: Patient, key: str = "answers") -> dict:
    """The answers kept in the session (without the fingerprint of what they were read
    against)."""
    with person.client.session_transaction() as session:
        kept = session.get(key, {}).get("mini", {})
    return {link_id: value for link_id, value in kept.items() if link_id != FINGERPRINT_KEY}


# --- a posted step ----------------------------------------------------------------------


def test_a_follow_up_to_a_hidden_follow_up_is_not_asked(adult: Patient) -> None:
    """Without JavaScript the page sends what was typed into a follow-up that no longer
    applies; it counts as no answer, so the question that follows from it is not asked
    either (the browser hides both)."""
    response = second_step(adult, flare="no", flare_where="On my arm")
    assert response.headers["Location"] == "/en/mini/review"
    assert "flare_where" not in saved(adult) and "flare_since" not in saved(adult)


def test_a_whole_number_is_kept_as_a_number(adult: Patient) -> None:
    response = second_step(adult, years=" 012 ", years_long="same")
    assert response.headers["Location"] == "/en/mini/review"
    assert saved(adult)["years"] == 12
    assert 'name="years" value="12"' in page(adult.client.get("/en/mini/tried_step"))


@pytest.mark.parametrize(
    "typed",
    ["twelve", "0", "81", "-3", "1.5", "1e3", pytest.param("9" * 5000, id="5000-digits")],
)
def test_a_number_that_is_not_a_whole_number_in_range_is_refused(
    adult: Patient, typed: str
) -> None:
    html = page(second_step(adult, years=typed))
    assert "Enter a whole number from 1 to 80." in html
    assert f'name="years" value="{typed}"' in html  # kept, to be corrected


def test_a_follow_up_to_a_number_on_the_same_step_is_asked(adult: Patient) -> None:
    html = page(second_step(adult, years="12"))
    assert 'id="years_long-error"' in html and "Choose an answer." in html
    # Below 10 years the follow-up does not apply: not required, and not kept if sent.
    second_step(adult, years="3", years_long="more")
    assert "years_long" not in saved(adult)


def test_a_follow_up_to_a_yes_on_the_same_step_is_asked(adult: Patient) -> None:
    html = page(second_step(adult, flare="yes"))
    assert 'id="flare_where-error"' in html and "Enter an answer." in html
    assert 'name="flare" value="yes" checked' in html

    second_step(adult, flare="yes", flare_where="Elbows", flare_since="May")
    assert saved(adult)["flare"] is True and saved(adult)["flare_where"] == "Elbows"


def test_a_question_shown_by_a_variable_is_required_only_when_it_holds(
    answers_app: Flask, adult: Patient
) -> None:
    # "young" holds for a child (the first step's answer): the school question is required.
    child = Patient(answers_app.test_client())
    child.answer("mini", "about", {"age": "child"})
    assert "Enter an answer." in page(second_step(child))
    assert second_step(child, school="Hill Road").status_code == 302
    assert saved(child)["school"] == "Hill Road"
    # For an adult it does not apply: not required, and dropped if sent.
    assert second_step(adult, school="Hill Road").status_code == 302
    assert "school" not in saved(adult)


def test_a_yes_or_no_must_be_one_of_the_two(adult: Patient) -> None:
    assert "Choose one of the answers shown." in page(second_step(adult, flare="maybe"))


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"goal_quick": ["very", "not"]}, "Choose one of the answers shown."),
        ({"flare": ["yes", "no"]}, "Choose one of the answers shown."),
        ({"note": ["one", "two"]}, "Enter one answer."),
        ({"tried": ["light", "light"]}, "Choose one of the answers shown."),
        ({"note": "tab\there"}, "Use letters, numbers and punctuation only."),
    ],
)
def test_values_no_form_on_the_page_could_send_are_refused(
    adult: Patient, answers: dict, message: str
) -> None:
    response = second_step(adult, **answers)
    assert response.status_code == 200
    assert message in page(response)


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param("del\x7fete", id="DEL"),
        pytest.param("next\x85line", id="C1-NEL"),
        pytest.param("csi\x9b31m", id="C1-CSI"),
        pytest.param("Price \u202e0004\u202c", id="RLO"),
        pytest.param("\u202b\u0645\u0631\u062d\u0628\u0627\u202c", id="RLE"),
        pytest.param("a\u202db", id="LRO"),
    ],
)
def test_typed_text_with_a_control_or_a_bidi_override_is_refused(
    adult: Patient, typed: str
) -> None:
    """They print as something other than what the person sees they typed."""
    response = second_step(adult, note=typed)
    assert response.status_code == 200
    assert "Use letters, numbers and punctuation only." in page(response)
    assert "note" not in saved(adult)


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param("\u062f\u0648\u0627\u0621 \u2068Humira\u2069", id="Arabic-FSI"),
        pytest.param("\u200f\u05e2\u05d1\u05e8\u05d9\u05ea 40", id="Hebrew-RLM"),
        pytest.param("x\u2067y\u2069", id="RLI"),
        pytest.param("\u00dcn\u00efc\u00f8d\u00e9 \U0001f600", id="Latin-emoji"),
    ],
)
def test_typed_text_in_any_script_with_bidi_isolates_is_kept(adult: Patient, typed: str) -> None:
    assert second_step(adult, note=typed).status_code == 302
    assert saved(adult)["note"] == typed


def test_an_empty_repeated_value_is_ignored_and_unknown_names_are_not_kept(
    adult: Patient,
) -> None:
    response = adult.answer(
        "mini", "tried_step", {"tried": ["", "light"], "goal_quick": "not", "age_x": "1"}
    )
    assert response.status_code == 302
    assert saved(adult)["tried"] == ["light"]
    assert "age_x" not in saved(adult)


def test_the_sure_questions_are_read_with_the_same_rules(mini_patient: Patient) -> None:
    mini_patient.answer("mini", "about", {"age": "child"})
    mini_patient.answer("mini", "tried_step", {"tried": ["none"], "goal_quick": "not"})
    data = {
        "leaning": "not_sure",
        "sure_sure": "yes",
        "sure_understanding": ["yes", "no"],
        "sure_risk_benefit": "no",
    }
    response = mini_patient.post("/en/mini/where-you-stand", data)
    html = page(response)
    assert response.status_code == 200
    assert html.count('class="error-message"') == 2
    assert 'id="sure_understanding-error"' in html and 'id="sure_encouragement-error"' in html
    assert 'name="sure_sure" value="yes" checked' in html
    assert 'name="sure_risk_benefit" value="no" checked' in html


# --- the answers kept in the session ----------------------------------------------------


def keep(person: Patient, key: str, answers: object) -> None:
    """Write ``answers`` into the sealed session cookie, as an older release would have
    (without the fingerprint of what they were read against, so they are re-read)."""
    with person.client.session_transaction() as session:
        session[key] = {"mini": answers}


def test_saved_answers_that_no_longer_read_are_dropped_and_the_rest_kept(
    adult: Patient,
) -> None:
    keep(
        adult,
        "answers",
        {
            "age": "adult",
            "pregnant": "no",
            "tried": ["none", "light"],  # "Nothing" ticked with something else
            "goal_quick": "not",
            "note": "x" * 50,  # longer than allowed
            "years": 200,  # out of range
            "flare": "perhaps",
            "school": "Hill Road",  # does not apply to an adult
            "removed_question": "yes",
        },
    )
    # The first step's answers still read; the second step has to be answered again.
    response = adult.client.get("/en/mini/review")
    assert response.headers["Location"] == "/en/mini/tried_step"
    html = page(adult.client.get("/en/mini/tried_step"))
    assert "checked" in html.split('id="q-goal_quick"')[1]  # kept
    assert 'value="none" checked' not in html and 'value="light" checked' not in html
    assert 'name="note" value=""' in html and 'name="years" value=""' in html
    assert "Hill Road" not in html
    assert 'value="adult" checked' in page(adult.client.get("/en/mini/about"))
    # Saving another step keeps only what was re-read.
    adult.answer("mini", "about", {"age": "adult", "pregnant": "no"})
    assert saved(adult) == {"age": "adult", "pregnant": "no", "goal_quick": "not"}


@pytest.mark.parametrize(
    "stored",
    [
        "not a mapping",
        ["age", "adult"],
        None,
        {"age": {"code": "adult"}},
        {"age": None},
        {"age": ["adult", 3]},
        {"age": 3.5},
        {"tried": [["cream"]]},
    ],
)
def test_a_saved_value_of_the_wrong_shape_counts_as_no_answer(
    mini_patient: Patient, stored: object
) -> None:
    keep(mini_patient, "answers", stored)
    for path in ("/en/mini/", "/en/mini/about", "/en/mini/tried_step", "/en/mini/sheet"):
        response = mini_patient.client.get(path)
        assert response.status_code in (200, 302), path
    assert response.headers["Location"] == "/en/mini/about"
    assert "checked" not in page(mini_patient.client.get("/en/mini/about"))


def test_a_saved_sure_answer_that_does_not_read_is_dropped(mini_patient: Patient) -> None:
    mini_patient.answer("mini", "about", {"age": "child"})
    mini_patient.answer("mini", "tried_step", {"tried": ["none"], "goal_quick": "not"})
    keep(mini_patient, "stand", {"sure_sure": True, "sure_understanding": "maybe"})
    html = page(mini_patient.client.get("/en/mini/where-you-stand"))
    assert 'name="sure_sure" value="yes" checked' in html
    assert 'name="sure_understanding" value="yes" checked' not in html
    assert 'name="sure_understanding" value="no" checked' not in html


# --- answers kept as read ---------------------------------------------------------------


def test_answers_are_kept_as_read_with_the_fingerprint_of_the_content(answers_app: Flask) -> None:
    """An answer on a later step that an earlier one then hides is not kept: what the
    session holds reads the same again, and says what it was read against."""
    person = Patient(answers_app.test_client())
    person.answer("mini", "about", {"age": "child"})
    second_step(person, school="Hill Road")
    assert saved(person)["school"] == "Hill Road"

    person.answer("mini", "about", {"age": "adult", "pregnant": "no"})

    with person.client.session_transaction() as session:
        kept = session["answers"]["mini"]
    assert "school" not in kept and kept["tried"] == ["light"]
    pathway = answers_app.extensions["content"].pathways["mini"]
    assert kept[FINGERPRINT_KEY] == reading_fingerprint(pathway)


def test_answers_read_against_other_content_are_read_again(tmp_path) -> None:
    """A deploy that changes a question: the cookies written before it are re-read, what no
    longer reads is dropped, and the next step saved is kept against the new content."""
    before = make_app(CONTENT_DIR=str(FIXTURE_CONTENT))
    person = Patient(before.test_client())
    person.answer("mini", "about", {"age": "adult", "pregnant": "no"})
    person.answer("mini", "tried_step", {"tried": ["light"], "goal_quick": "not", "note": "Sore"})
    assert "Sore" in page(person.client.get("/en/mini/review"))
    cookie = person.client.get_cookie("decisionaid").value

    shorter = broken_copy(tmp_path, "maxLength: 20", "maxLength: 3")
    after = make_app(CONTENT_DIR=str(shorter))
    person = Patient(after.test_client())
    person.client.set_cookie("decisionaid", cookie)
    assert "Sore" not in page(person.client.get("/en/mini/review"))
    person.answer("mini", "about", {"age": "adult", "pregnant": "no"})
    assert saved(person) == {
        "age": "adult",
        "pregnant": "no",
        "tried": ["light"],
        "goal_quick": "not",
    }
    pathway = after.extensions["content"].pathways["mini"]
    with person.client.session_transaction() as session:
        assert session["answers"]["mini"][FINGERPRINT_KEY] == reading_fingerprint(pathway)


def test_the_fingerprint_is_the_same_for_the_same_content_and_changes_with_a_rule(
    tmp_path,
) -> None:
    """Every worker and every restart of a release agrees; a changed rule gives another."""
    mini = load_library(FIXTURE_CONTENT).pathways["mini"]
    assert reading_fingerprint(mini) == reading_fingerprint(
        load_library(FIXTURE_CONTENT).pathways["mini"]
    )
    longer = broken_copy(tmp_path, "maxLength: 20", "maxLength: 21")
    assert reading_fingerprint(load_library(longer).pathways["mini"]) != reading_fingerprint(mini)


def test_the_pattern_for_text_that_does_not_print_as_itself_is_the_rule_it_names() -> None:
    """One search finds what the rule names: a control character or a bidi override."""
    for code_point in range(0x110000):
        character = chr(code_point)
        named = unicodedata.category(character) == "Cc" or character in BIDI_OVERRIDES
        assert bool(NOT_PLAIN.search(character)) is named, hex(code_point)
