"""The step and review pages as a patient reads them: a follow-up question says which
treatment it is about wherever it is shown away from its place, the error summary leads
to the inputs, and "Back" keeps what was given on the step."""

from __future__ import annotations

import re

from decisionaid.sample_patients import PATIENTS
from tests.conftest import Patient, page

VITILIGO_STEPS = PATIENTS["vitiligo"]


def answer_up_to(patient: Patient, step: str | None) -> None:
    """Answer the vitiligo steps before ``step`` (all of them for None) as the sample
    patient does."""
    for name, answers in VITILIGO_STEPS.items():
        if name == step:
            return
        assert patient.answer("vitiligo", name, answers).status_code == 302


def missing(question: str) -> str:
    """The error summary's line for a question left unanswered."""
    return f"{question} \N{EN DASH} Choose an answer."


def checked(html: str) -> set[tuple[str, str]]:
    """The (question, answer code) pairs ticked on a page."""
    return set(re.findall(r'name="([^"]+)" value="([^"]+)" checked', html))


# --- follow-up questions named with their treatment --------------------------------------


def test_the_error_summary_names_the_treatment_and_leads_to_the_first_input(
    patient: Patient,
) -> None:
    answer_up_to(patient, "treatments_tried")
    response = patient.answer(
        "vitiligo",
        "treatments_tried",
        {"tried": ["steroid_cream", "calcineurin"], "steroid_cream_duration": "3_to_6_months"},
    )
    html = page(response)
    assert response.status_code == 200
    start = html.index('class="error-summary"')
    summary = html[start : html.index("</ul>", start)]
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    assert links == [
        ("steroid_cream_outcome-0", missing("Steroid cream or ointment: How did it go?")),
        (
            "calcineurin_duration-0",
            missing("Tacrolimus ointment or pimecrolimus cream: How long did you use it?"),
        ),
        (
            "calcineurin_outcome-0",
            missing("Tacrolimus ointment or pimecrolimus cream: How did it go?"),
        ),
    ]
    for target, _ in links:
        assert f'id="{target}" name=' in html  # an input, which takes the focus


def test_a_question_of_the_step_itself_is_named_by_its_own_words(patient: Patient) -> None:
    html = page(patient.answer("vitiligo", "about_you", {"skin_type": "burns_then_tans"}))
    assert f'<a href="#age-0">{missing("How old are you?")}</a>' in html
    assert 'id="age-0"' in html


def test_the_review_names_each_follow_up_with_its_treatment(patient: Patient) -> None:
    answer_up_to(patient, None)
    html = page(patient.client.get("/en/vitiligo/review"))
    rows = re.findall(r"<dt>([^<]+)</dt>", html)
    assert "Which of these treatments have you tried for your vitiligo?" in rows
    assert "Steroid cream or ointment: How long did you use it?" in rows
    assert "Steroid cream or ointment: How did it go?" in rows
    assert "Something else: How did it go?" in rows
    assert "How did it go?" not in rows
    # A screen reader hears the same name on the Change link.
    assert (
        'href="/en/vitiligo/treatments_tried#q-steroid_cream_outcome">Change'
        '<span class="visually-hidden"> Steroid cream or ointment: How did it go?</span>'
    ) in html


# --- Back -------------------------------------------------------------------------------


def go_back(patient: Patient, step: str, answers: dict):
    return patient.answer("vitiligo", step, {**answers, "go": "back"})


def test_back_keeps_what_was_given_on_the_step_even_with_answers_missing(
    patient: Patient,
) -> None:
    answer_up_to(patient, "your_vitiligo")
    given = {"pattern": "non_segmental", "sites": ["face_neck", "hands_feet"], "pace": "few_new"}

    response = go_back(patient, "your_vitiligo", given)

    assert response.status_code == 302
    assert response.headers["Location"] == "/en/vitiligo/about_you"
    # Next on the earlier step leads back here, with every answer still ticked.
    response = patient.answer("vitiligo", "about_you", VITILIGO_STEPS["about_you"])
    assert response.headers["Location"] == "/en/vitiligo/your_vitiligo"
    html = page(patient.client.get("/en/vitiligo/your_vitiligo"))
    assert {
        ("pattern", "non_segmental"),
        ("sites", "face_neck"),
        ("sites", "hands_feet"),
        ("pace", "few_new"),
    } <= checked(html)
    assert 'class="error-summary"' not in html  # nothing to correct until Next


def test_back_drops_only_an_answer_that_does_not_read(patient: Patient) -> None:
    answer_up_to(patient, "treatments_tried")
    given = {"tried": ["other"], "other_name": "x" * 500, "other_outcome": "helped"}

    response = go_back(patient, "treatments_tried", given)

    assert response.headers["Location"] == "/en/vitiligo/your_vitiligo"
    html = page(patient.client.get("/en/vitiligo/treatments_tried"))
    assert {("tried", "other"), ("other_outcome", "helped")} <= checked(html)
    assert "x" * 500 not in html


def test_back_from_the_first_step_keeps_its_answers_and_opens_the_introduction(
    patient: Patient,
) -> None:
    response = go_back(patient, "about_you", {"age": "18_plus"})
    assert response.headers["Location"] == "/en/vitiligo/"
    assert ("age", "18_plus") in checked(page(patient.client.get("/en/vitiligo/about_you")))


def test_back_is_a_button_of_the_step_form_after_next(patient: Patient) -> None:
    html = page(patient.client.get("/en/vitiligo/about_you"))
    form = html[html.index('<form method="post"') : html.index("</form>")]
    buttons = re.findall(r"<button [^>]*>[^<]+</button>", form)
    # Next first: Enter in a text box submits with the first button.
    assert buttons == [
        '<button type="submit" class="button">Next</button>',
        '<button type="submit" class="button secondary" name="go" value="back">Back</button>',
    ]


def test_the_review_has_nothing_to_keep_so_back_stays_a_link(patient: Patient) -> None:
    answer_up_to(patient, None)
    html = page(patient.client.get("/en/vitiligo/review"))
    assert '<a class="button secondary" href="/en/vitiligo/what_matters">Back</a>' in html


def test_back_from_where_you_stand_keeps_what_was_ticked(patient) -> None:
    patient.complete("vitiligo", stand=None)
    response = patient.stand("vitiligo", {"leaning": "not_sure", "sure_sure": "no", "go": "back"})
    assert response.headers["Location"] == "/en/vitiligo/review"
    html = patient.client.get("/en/vitiligo/where-you-stand").get_data(as_text=True)
    assert 'name="leaning" value="not_sure" checked' in html
    assert 'name="sure_sure" value="no" checked' in html
