"""The real Chromium (Debian's package) driving the app over HTTP: follow-up questions
appear as the person answers, the pages work with JavaScript off, and the PDF downloads."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import choose

pytestmark = pytest.mark.browser


def test_follow_up_questions_appear_only_when_they_apply(browser, server: str) -> None:
    page = browser.new_page()
    page.goto(f"{server}/en/vitiligo/about_you")
    pregnancy = page.locator("#q-pregnancy_now")
    assert pregnancy.is_visible()
    choose(page, "Under 12")
    assert pregnancy.is_hidden()
    choose(page, "18 or older")
    assert pregnancy.is_visible()
    pregnancy.get_by_label("No", exact=True).check()
    page.locator("#q-pregnancy_future").get_by_label("No", exact=True).check()
    choose(page, "It rarely burns and tans easily")
    page.get_by_role("button", name="Next").click()
    assert page.url.endswith("/en/vitiligo/your_vitiligo")
    page.close()


def test_a_patient_completes_the_flow_with_the_keyboard_and_gets_the_pdf(
    browser, server: str
) -> None:
    page = browser.new_page(accept_downloads=True)
    page.goto(f"{server}/en/vitiligo/")
    page.get_by_role("link", name="Start").click()
    choose(page, "18 or older")
    page.locator("#q-pregnancy_now").get_by_label("No", exact=True).check()
    page.locator("#q-pregnancy_future").get_by_label("No", exact=True).check()
    choose(page, "It sometimes burns, then tans")
    page.keyboard.press("Enter")  # submits the step

    page.wait_for_url("**/your_vitiligo")
    # A missing answer: the step comes back with the error summary focused on the problem.
    page.get_by_role("button", name="Next").click()
    assert page.get_by_role("alert").is_visible()
    assert "Error:" in page.title()
    choose(
        page,
        "On both sides of my body, often in the same places on each side (non-segmental vitiligo)",
    )
    choose(page, "Face or neck")
    choose(page, "1 to 10 palms")
    page.locator("#q-pace input[value=no_change]").check()
    choose(page, "None of these")
    choose(page, "1 to 5 years")
    page.get_by_role("button", name="Next").click()

    page.wait_for_url("**/treatments_tried")
    follow_up = page.locator("#q-steroid_cream_tried")
    assert follow_up.is_hidden()
    choose(page, "Steroid cream or ointment")
    assert follow_up.is_visible()
    follow_up.get_by_label("6 to 12 months").check()
    follow_up.get_by_label("No change").check()
    page.get_by_role("button", name="Next").click()

    page.wait_for_url("**/what_matters")
    for question in page.locator("fieldset.question").all()[:-1]:
        question.get_by_label("Somewhat important").check()
    page.locator("#q-stem_cell_offer").get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Next").click()

    page.wait_for_url("**/review")
    assert page.get_by_text("Step 5 of 5").is_visible()
    page.get_by_role("button", name="See my option sheet").click()
    page.wait_for_url("**/sheet")
    assert page.get_by_role("heading", name="Vitiligo: your treatment options").is_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    download = download_info.value
    assert download.suggested_filename.startswith("vitiligo-option-sheet-")
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")
    page.close()


def test_without_javascript_every_question_is_there_and_the_server_decides(
    browser, server: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/en/vitiligo/about_you")
    choose(page, "Under 12")
    assert page.locator("#q-pregnancy_now").is_visible()  # nothing hides it without a script
    choose(page, "It burns easily and hardly tans")
    page.get_by_role("button", name="Next").click()
    # The pregnancy question did not apply, so it was not required.
    page.wait_for_url("**/your_vitiligo")
    context.close()


def test_the_pages_pass_an_automated_accessibility_check(browser, server: str, app) -> None:
    """axe-core (WCAG 2 A and AA rules) on every kind of page, including one with errors."""
    from axe_playwright_python.sync_playwright import Axe

    from tests.conftest import Patient
    from tests.patients import PATIENTS

    patient = Patient(app.test_client())
    for pathway in PATIENTS:
        patient.complete(pathway)
    context = browser.new_context()
    context.add_cookies(
        [{"name": "session", "value": patient.client.get_cookie("session").value, "url": server}]
    )
    page = context.new_page()
    axe = Axe()
    pages = ["/", "/en/nothing/"]
    for pathway, steps in PATIENTS.items():
        pages += [f"/en/{pathway}/", f"/en/{pathway}/review", f"/en/{pathway}/sheet"]
        pages += [f"/en/{pathway}/{step}" for step in steps]
    problems = {}
    for path in pages:
        page.goto(server + path)
        results = axe.run(page, options={"runOnly": ["wcag2a", "wcag2aa", "best-practice"]})
        if results.violations_count:
            problems[path] = results.generate_report()
    # A step showing its errors, for someone who has not answered yet.
    context.clear_cookies()
    page.goto(f"{server}/en/vitiligo/about_you")
    page.get_by_role("button", name="Next").click()
    results = axe.run(page, options={"runOnly": ["wcag2a", "wcag2aa", "best-practice"]})
    if results.violations_count:
        problems["about_you with errors"] = results.generate_report()
    context.close()
    assert not problems, "\n".join(f"{path}:\n{report}" for path, report in problems.items())


def test_psoriasis_scalp_questions_follow_the_answers(browser, server: str) -> None:
    page = browser.new_page()
    page.goto(f"{server}/en/psoriasis/about_you")
    choose(page, "18 or older")
    page.get_by_role("button", name="Next").click()
    # The first step is not finished: the page says what is missing, in words.
    assert page.get_by_role("alert").is_visible()
    page.goto(f"{server}/en/psoriasis/your_joints")
    assert page.url.endswith("/en/psoriasis/about_you")  # later steps wait their turn

    # Nothing was saved from the failed step, so the person answers it again.
    choose(page, "18 or older")
    page.locator("#q-pregnancy_now").get_by_label("No", exact=True).check()
    page.locator("#q-pregnancy_future").get_by_label("Yes", exact=True).check()
    page.locator("#q-skin_type input[value=tans_easily]").check()
    page.locator("#q-other_conditions input[value=none]").check()
    page.get_by_role("button", name="Next").click()
    page.wait_for_url("**/your_psoriasis")
    # Scalp questions appear once the scalp is ticked.
    scalp = page.locator("#q-scalp_details")
    assert scalp.is_hidden()
    page.locator("#q-sites input[value=scalp]").check()
    assert scalp.is_visible()
    page.locator("#q-sites input[value=scalp]").uncheck()
    assert scalp.is_hidden()
    page.close()
