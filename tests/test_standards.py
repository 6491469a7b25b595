"""What the decision-aid standards (IPDAS) ask of every sheet, on screen and on paper:
the decision and the options including no treatment, sources, dates, who made it and
who paid, the claims clinics make against the evidence, a glossary, and the SURE test."""

from __future__ import annotations

import pytest
from flask import Flask

from decisionaid.content.model import Library
from decisionaid.sample_patients import PATIENTS
from tests.conftest import Patient, page
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
    assert content.condition.source in html and "The decision:" in html
    [no_treatment] = [option for option in content.options if option.no_treatment]
    assert f'id="option-{no_treatment.id}"' in html
    assert f'id="discuss-{no_treatment.id}"' in html  # always one of the options to discuss
    # Benefits and harms side by side for each option, and what living with it is like.
    shown = html.count('class="option"')
    assert shown == len(content.options)
    assert html.count("<h5>How well it works</h5>") == shown
    assert html.count("<h5>Serious risks</h5>") == shown
    assert "Living with this option" in html
    # Sources, dates, the update policy, who made it and who paid.
    assert "Content version" in html and "Next review due by" in html
    for heading in ("Who made it:", "Who paid for it:", "How it is kept up to date:"):
        assert heading in html
    assert "No company that makes or sells any treatment on this sheet paid for it" in html
    assert 'id="source-1"' in html and 'href="#source-1"' in html


def test_every_sheet_sets_clinic_claims_against_the_evidence(done, sheet_pdfs: SheetPdfs) -> None:
    pathway, patient = done
    html = page(patient.client.get(f"/en/{pathway}/sheet"))
    assert "What some clinics say, and what the evidence shows" in html
    assert html.count('<tr><th scope="row">') >= 5
    assert "Stem cells can bring complete recovery, or a cure." in html
    text = sheet_pdfs(patient, pathway, details=True).text
    assert "What some clinics say" in text
    assert "A patient's story or one case report proves it works." in text


def test_a_glossary_explains_the_words_the_sheet_uses(done) -> None:
    pathway, patient = done
    html = page(patient.client.get(f"/en/{pathway}/sheet"))
    assert "Words used on this sheet" in html
    assert "<dt>Placebo</dt>" in html or "<dt>Stem cells</dt>" in html


def stand(patient: Patient, pathway: str, sure: list[str], **others: object):
    """Say where the person stands: the SURE answers in order, and anything else."""
    data = {"leaning": "not_sure", **dict(zip(SURE_FIELDS, sure, strict=True)), **others}
    return patient.stand(pathway, data)


def test_where_you_stand_comes_after_the_review_with_the_sure_test(done) -> None:
    pathway, patient = done
    html = page(patient.client.get(f"/en/{pathway}/where-you-stand"))
    assert "Where you stand" in html
    for question in SURE_QUESTIONS:
        assert question in html
    # The SURE test says what it is, under its heading, and the group is described by it.
    intro = "These four questions check whether you feel ready to decide."
    assert '<fieldset class="group" id="q-sure" aria-describedby="sure-hint"' in html
    assert f'<p class="hint" id="sure-hint">{intro}' in html
    assert "Which options are you leaning towards?" in html and "I am not sure yet" in html
    assert "Which of these matter most to you?" in html
    assert 'action="/en/' not in html or 'where-you-stand"' in html


def test_all_yes_means_no_support_section(app: Flask, sheet_pdfs: SheetPdfs) -> None:
    patient = Patient(app.test_client())
    patient.complete("stem-cells", stand=None)
    response = stand(patient, "stem-cells", ["yes", "yes", "yes", "yes"])
    assert response.headers["Location"] == "/en/stem-cells/sheet"
    html = page(patient.client.get("/en/stem-cells/sheet"))
    assert "4 of 4 answers are yes on the SURE test." in html
    assert SUPPORT not in html
    text = sheet_pdfs(patient, "stem-cells").text
    assert "4 of 4 answers are yes on the SURE test." in text
    assert SUPPORT not in text


def test_a_score_below_4_says_which_were_no_and_what_to_do_next(
    app: Flask, sheet_pdfs: SheetPdfs
) -> None:
    patient = Patient(app.test_client())
    patient.complete("vitiligo", stand=None)
    stand(patient, "vitiligo", ["no", "yes", "yes", "no"])
    html = page(patient.client.get("/en/vitiligo/sheet"))
    assert "2 of 4 answers are yes on the SURE test." in html
    assert SUPPORT in html and "You do not have to decide today." in html
    text = sheet_pdfs(patient, "vitiligo").pages[0]
    assert "2 of 4 answers are yes on the SURE test." in text and SUPPORT in text
    answered_no = text[text.index("You answered no to:") :]
    assert SURE_QUESTIONS[0] in answered_no and SURE_QUESTIONS[3] in answered_no
    assert SURE_QUESTIONS[1] not in text


def test_a_missing_answer_is_asked_again_and_nothing_is_lost(app: Flask) -> None:
    patient = Patient(app.test_client())
    patient.complete("vitiligo", stand=None)
    response = patient.stand("vitiligo", {"sure_sure": "yes"})
    html = page(response)
    assert response.status_code == 200
    assert "There are problems with 4 answers" in html
    assert "Choose an answer." in html and "Tick at least one answer." in html
    assert 'name="sure_sure" value="yes" checked' in html
    assert "Where you stand" in html  # still the step
    # The sheet waits until the step is done.
    assert patient.client.get("/en/vitiligo/sheet").headers["Location"] == (
        "/en/vitiligo/where-you-stand"
    )


def test_what_the_person_leans_towards_and_what_matters_most_lead_page_1(
    app: Flask, sheet_pdfs: SheetPdfs
) -> None:
    patient = Patient(app.test_client())
    patient.complete("vitiligo", stand=None)
    html = page(patient.client.get("/en/vitiligo/where-you-stand"))
    assert 'value="vit_01"' in html  # not treating is always one of the options
    too_many = ["goal_colour_back", "goal_stop_spread", "goal_even_tone", "goal_few_visits"]
    response = stand(patient, "vitiligo", ["yes"] * 4, leaning="vit_01", matters_most=too_many)
    assert "Choose up to 3 answers." in page(response)
    stand(patient, "vitiligo", ["yes"] * 4, leaning="vit_01", matters_most=too_many[:2])
    first = sheet_pdfs(patient, "vitiligo").pages[0]
    assert "Leaning towards: Not treating, with sun care and skin care" in first
    assert "Getting colour back in my patches" in first and "Stopping new patches" in first


def test_start_over_also_clears_where_you_stand(app: Flask) -> None:
    patient = Patient(app.test_client())
    patient.complete("vitiligo")
    patient.post("/en/vitiligo/start-over", from_page="/en/vitiligo/")
    patient.complete("vitiligo", stand=None)
    assert patient.client.get("/en/vitiligo/sheet").headers["Location"] == (
        "/en/vitiligo/where-you-stand"
    )


def test_the_pdf_says_who_made_it_who_paid_and_when_it_is_reviewed(
    done, library: Library, sheet_pdfs: SheetPdfs
) -> None:
    pathway, patient = done
    content = library.pathways[pathway]
    summary, full = sheet_pdfs(patient, pathway), sheet_pdfs(patient, pathway, details=True)
    for text in (summary.text, full.text):
        for heading in ("Who made it", "Who paid for it", "Sources"):
            assert heading in text
        assert f"Content version {content.version}, last reviewed on" in text
        assert "Next review due by" in text
    # The two pages leave the update policy to the details, which say it in full.
    assert "How it is kept up to date" not in summary.text
    assert "How it is kept up to date" in full.text
    assert "Words used on this sheet" in full.text and "Living with this option" in full.text
