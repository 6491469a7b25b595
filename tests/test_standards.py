"""What the decision-aid standards (IPDAS) ask of every sheet, on screen and on paper:
the decision and the options including no treatment, sources, dates, who made it and
who paid, the claims clinics make against the evidence, a glossary, and the SURE test."""

from __future__ import annotations

import pytest
from flask import Flask

from decisionaid.content.model import Library
from tests.conftest import Patient, page
from tests.patients import PATIENTS
from tests.pdfs import SheetPdfs

SURE_QUESTIONS = [
    "Do you feel SURE about the best choice for you?",
    "Do you know the benefits and risks of each option?",
    "Are you clear about which benefits and risks matter to you most?",
    "Do you have enough support and advice to make a choice?",
]
SURE_FIELDS = ["sure_sure", "sure_understanding", "sure_risk_benefit", "sure_encouragement"]
SUPPORT = "You may want more time or support before deciding"


@pytest.fixture(scope="module", params=sorted(PATIENTS))
def done(request, app: Flask) -> tuple[str, Patient]:
    patient = Patient(app.test_client())
    patient.complete(request.param)
    return request.param, patient


def test_every_sheet_meets_the_qualifying_and_certification_criteria(
    done, library: Library
) -> None:
    pathway, patient = done
    content = library.pathways[pathway]
    html = page(patient.client.get(f"/en/{pathway}/sheet"))
    # The condition, the decision, and the options including not treating.
    assert "What this sheet is about" in html and "The decision" in html
    [no_treatment] = [option for option in content.options if option.no_treatment]
    assert f'id="option-{no_treatment.id}"' in html
    # Benefits and harms side by side for each option, and what living with it is like.
    shown = html.count('class="option ')
    assert html.count("<h4>How well it works</h4>") == shown
    assert html.count("<h4>Serious risks</h4>") == shown
    assert "Living with this option" in html
    # Sources, dates, the update policy, who made it and who paid.
    assert "Content version" in html and "Next review due by" in html
    for heading in ("Who made it", "Who paid for it", "How it is kept up to date"):
        assert heading in html
    assert "No company that makes or sells any treatment on this sheet paid for it" in html
    assert 'id="source-1"' in html and 'href="#source-1"' in html


def test_every_sheet_sets_clinic_claims_against_the_evidence(done, sheet_pdfs: SheetPdfs) -> None:
    pathway, patient = done
    html = page(patient.client.get(f"/en/{pathway}/sheet"))
    assert "What some clinics say, and what the evidence shows" in html
    assert html.count('<tr><th scope="row">') >= 5
    assert "Stem cells can bring complete recovery, or a cure." in html
    text = sheet_pdfs(patient, pathway).text
    assert "What some clinics say" in text
    assert "A patient's story or one case report proves it works." in text


def test_a_glossary_explains_the_words_the_sheet_uses(done) -> None:
    pathway, patient = done
    html = page(patient.client.get(f"/en/{pathway}/sheet"))
    assert "Words used on this sheet" in html
    assert "<dt>Placebo</dt>" in html or "<dt>Stem cells</dt>" in html


def test_the_sure_test_comes_after_the_options_and_is_not_yet_answered(
    done, sheet_pdfs: SheetPdfs
) -> None:
    pathway, patient = done
    html = page(patient.client.get(f"/en/{pathway}/sheet"))
    for question in SURE_QUESTIONS:
        assert question in html
    assert html.index("Your options in detail") < html.index('id="sure"')
    assert SUPPORT not in html  # nothing answered yet, nothing flagged on screen
    # On paper, the blank test has boxes to tick, and says what to do after a no.
    text = sheet_pdfs(patient, pathway).text
    assert text.count("☐ Yes ☐ No") == 4
    assert SUPPORT in text


def answer_sure(patient: Patient, pathway: str, answers: list[str]):
    data = dict(zip(SURE_FIELDS, answers, strict=True))
    return patient.post(f"/en/{pathway}/sure", data, from_page=f"/en/{pathway}/sheet")


def test_all_yes_means_no_support_section(app: Flask, sheet_pdfs: SheetPdfs) -> None:
    patient = Patient(app.test_client())
    patient.complete("stem-cells")
    response = answer_sure(patient, "stem-cells", ["yes", "yes", "yes", "yes"])
    assert response.headers["Location"] == "/en/stem-cells/sheet#sure"
    html = page(patient.client.get("/en/stem-cells/sheet"))
    assert "Your answers: 4 of 4 are yes." in html
    assert SUPPORT not in html
    text = sheet_pdfs(patient, "stem-cells").text
    assert "Your answers: 4 of 4 are yes." in text
    assert SUPPORT not in text and "☐" not in text


def test_a_score_below_4_adds_what_to_do_next(app: Flask, sheet_pdfs: SheetPdfs) -> None:
    patient = Patient(app.test_client())
    patient.complete("vitiligo")
    answer_sure(patient, "vitiligo", ["no", "yes", "yes", "no"])
    html = page(patient.client.get("/en/vitiligo/sheet"))
    assert "Your answers: 2 of 4 are yes." in html
    assert SUPPORT in html and "You do not have to decide today." in html
    assert 'value="no" checked' in html  # the form shows what was answered
    text = sheet_pdfs(patient, "vitiligo").text
    assert "Your answers: 2 of 4 are yes." in text and SUPPORT in text
    assert "Do you feel SURE about the best choice for you?: No" in text


def test_a_missing_sure_answer_is_asked_again_and_nothing_is_lost(app: Flask) -> None:
    patient = Patient(app.test_client())
    patient.complete("vitiligo")
    response = patient.post(
        "/en/vitiligo/sure", {"sure_sure": "yes"}, from_page="/en/vitiligo/sheet"
    )
    html = page(response)
    assert response.status_code == 200
    assert html.count("Choose an answer.") == 3
    assert 'name="sure_sure" value="yes" checked' in html
    assert "Vitiligo: your treatment options" in html  # still the sheet


def test_start_over_also_clears_the_sure_answers(app: Flask) -> None:
    patient = Patient(app.test_client())
    patient.complete("vitiligo")
    answer_sure(patient, "vitiligo", ["yes", "yes", "yes", "yes"])
    patient.post("/en/vitiligo/start-over", from_page="/en/vitiligo/")
    patient.complete("vitiligo")
    assert "Your answers: 4 of 4" not in page(patient.client.get("/en/vitiligo/sheet"))


def test_the_pdf_says_who_made_it_who_paid_and_when_it_is_reviewed(
    done, library: Library, sheet_pdfs: SheetPdfs
) -> None:
    pathway, patient = done
    content = library.pathways[pathway]
    text = sheet_pdfs(patient, pathway).text
    for heading in (
        "Who made it",
        "Who paid for it",
        "How it is kept up to date",
        "Words used on this sheet",
        "Sources",
        "Living with this option",
    ):
        assert heading in text
    assert f"Content version {content.version}, last reviewed on" in text
    assert "Next review due by" in text
