"""The step mechanics on the small fixture pathway: steps, follow-up questions, errors
that keep every other answer, redirects, and starting over."""

from __future__ import annotations

from tests.conftest import Patient, page


def test_a_step_shows_progress_and_its_questions(mini_patient: Patient) -> None:
    response = mini_patient.client.get("/en/mini/about")
    html = page(response)
    assert response.status_code == 200
    assert "Step 1 of 4" in html
    assert "How old are you?" in html
    assert 'name="age" value="child"' in html
    # The follow-up depends on this step's answer: it is on the page for the script
    # (or for people without JavaScript), with its condition.
    assert 'id="q-pregnant" data-enable-when=' in html
    assert "Cache-Control" in response.headers and response.headers["Cache-Control"] == "no-store"


def test_next_saves_the_answers_and_goes_on(mini_patient: Patient) -> None:
    response = mini_patient.answer("mini", "about", {"age": "adult", "pregnant": "no"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/mini/tried_step"
    html = page(mini_patient.client.get("/en/mini/about"))
    assert 'value="adult" checked' in html and 'value="no" checked' in html


def test_a_missing_answer_reshows_the_step_and_keeps_the_others(mini_patient: Patient) -> None:
    mini_patient.answer("mini", "about", {"age": "adult", "pregnant": "no"})

    response = mini_patient.answer(
        "mini", "tried_step", {"tried": ["cream", "light"], "note": "my own words"}
    )

    html = page(response)
    assert response.status_code == 200
    assert "<title>Error: Treatments tried" in html
    assert "There are problems with 2 answers" in html
    assert 'id="cream_outcome-error"' in html and "Choose an answer." in html
    assert 'id="goal_quick-error"' in html
    # What was given is still there.
    assert 'value="cream" checked' in html and 'value="light" checked' in html
    assert 'value="my own words"' in html
    # And the other step's answers were not touched.
    assert 'value="adult" checked' in page(mini_patient.client.get("/en/mini/about"))


def test_a_follow_up_that_does_not_apply_is_not_required_and_not_kept(
    mini_patient: Patient,
) -> None:
    mini_patient.answer("mini", "about", {"age": "child", "pregnant": "yes"})
    response = mini_patient.answer(
        "mini", "tried_step", {"tried": ["light"], "cream_outcome": "helped", "goal_quick": "not"}
    )
    assert response.headers["Location"] == "/en/mini/review"
    review = page(mini_patient.client.get("/en/mini/review"))
    assert "Under 12" in review and "Light" in review
    assert "Are you pregnant?" not in review and "It helped" not in review


def test_an_answer_that_is_not_a_choice_is_refused(mini_patient: Patient) -> None:
    response = mini_patient.answer("mini", "about", {"age": "elderly"})
    assert "Choose one of the answers shown." in page(response)


def test_an_exclusive_answer_cannot_be_combined(mini_patient: Patient) -> None:
    mini_patient.answer("mini", "about", {"age": "child"})
    response = mini_patient.answer(
        "mini", "tried_step", {"tried": ["none", "light"], "goal_quick": "not"}
    )
    assert "“Nothing” cannot be ticked together with other answers." in page(response)


def test_text_longer_than_allowed_is_refused(mini_patient: Patient) -> None:
    mini_patient.answer("mini", "about", {"age": "child"})
    response = mini_patient.answer(
        "mini", "tried_step", {"tried": ["none"], "goal_quick": "not", "note": "x" * 21}
    )
    assert "Use 20 characters or fewer." in page(response)


def test_a_later_step_before_the_earlier_ones_redirects(mini_patient: Patient) -> None:
    for path in ("/en/mini/tried_step", "/en/mini/review", "/en/mini/sheet", "/en/mini/sheet.pdf"):
        response = mini_patient.client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"] == "/en/mini/about"


def test_start_over_clears_the_answers(mini_patient: Patient) -> None:
    mini_patient.answer("mini", "about", {"age": "adult", "pregnant": "no"})
    intro = page(mini_patient.client.get("/en/mini/"))
    assert "Continue where you left off" in intro

    response = mini_patient.post("/en/mini/start-over", from_page="/en/mini/")

    assert response.headers["Location"] == "/en/mini/"
    assert "checked" not in page(mini_patient.client.get("/en/mini/about"))
    assert "Continue where you left off" not in page(mini_patient.client.get("/en/mini/"))
