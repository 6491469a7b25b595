"""The real Chromium (Debian's package) driving the app over HTTP: follow-up questions
appear as the person answers, the pages work with JavaScript off, and the PDF downloads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import Patient, choose

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
    assert page.get_by_text("Step 5 of 6").is_visible()
    page.get_by_role("button", name="Next").click()

    page.wait_for_url("**/where-you-stand")
    choose(page, "I am not sure yet")
    for question in page.locator("#q-sure fieldset.question").all():
        question.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="See my option sheet").click()
    page.wait_for_url("**/sheet")
    assert page.get_by_role("heading", name="Vitiligo: for your appointment").is_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF (2 pages)").click()
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
    context.add_cookies(_answers_of(patient, server))
    page = context.new_page()
    axe = Axe()
    pages = ["/", "/en/nothing/"]
    for pathway, steps in PATIENTS.items():
        pages += [f"/en/{pathway}/{page}" for page in ("", "review", "where-you-stand", "sheet")]
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
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto(f"{server}/en/psoriasis/about_you")
    choose(page, "18 or older")
    page.get_by_role("button", name="Next").click()
    # The first step is not finished: the page says what is missing, in words (expect
    # waits for the page the click posts to; is_visible would look at the old one).
    expect(page.get_by_role("alert")).to_be_visible()
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
    expect(scalp).to_be_hidden()
    page.locator("#q-sites input[value=scalp]").check()
    expect(scalp).to_be_visible()
    page.locator("#q-sites input[value=scalp]").uncheck()
    expect(scalp).to_be_hidden()
    page.close()


# --- focus, reflow and Back (the questionnaire pages) ----------------------------------


@pytest.fixture(scope="module")
def answered_context(browser, server: str, app):
    """A browser context whose session has every pathway answered, up to the sheet."""
    from tests.conftest import Patient
    from tests.patients import PATIENTS

    patient = Patient(app.test_client())
    for pathway in PATIENTS:
        patient.complete(pathway)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_cookies(_answers_of(patient, server))
    yield context
    context.close()


def test_after_a_failed_submit_focus_is_on_the_error_summary_then_on_the_input(
    browser, server: str
) -> None:
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto(f"{server}/en/vitiligo/about_you")
    choose(page, "18 or older")
    page.get_by_role("button", name="Next").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()  # a screen reader reads it out; Tab starts from it
    page.keyboard.press("Tab")
    expect(summary.get_by_role("link").first).to_be_focused()
    page.keyboard.press("Enter")
    first_choice = page.locator("#q-pregnancy_now").get_by_label("Yes, I am pregnant")
    expect(first_choice).to_be_focused()
    # The question itself is in view above its first answer, and the address is unchanged.
    assert page.locator("#q-pregnancy_now legend").is_visible()
    assert page.url == f"{server}/en/vitiligo/about_you"
    page.close()


def test_without_javascript_an_error_link_still_puts_focus_on_the_input(
    browser, server: str
) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/en/vitiligo/about_you")
    page.get_by_role("button", name="Next").click()
    page.get_by_role("link", name="How old are you? \N{EN DASH} Choose an answer.").click()
    expect(page.get_by_label("Under 12", exact=True)).to_be_focused()
    context.close()


def _luminance(colour: tuple[int, ...]) -> float:
    channels = [value / 255 for value in colour[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio of two CSS colours as the browser gives them ("rgb(…)")."""
    lighter, darker = sorted(
        (_luminance(tuple(int(float(n)) for n in re.findall(r"[\d.]+", c))) for c in (one, other)),
        reverse=True,
    )
    return (lighter + 0.05) / (darker + 0.05)


FOCUS_INDICATOR = """() => {
  const element = document.activeElement, style = getComputedStyle(element);
  const colours = (style.boxShadow.match(/rgba?\\([^)]*\\)/g) || []);
  if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) {
    colours.push(style.outlineColor);
  }
  if (element.matches("a, .button")) { colours.push(style.backgroundColor); }
  let behind = element.parentElement;
  while (behind && getComputedStyle(behind).backgroundColor === "rgba(0, 0, 0, 0)") {
    behind = behind.parentElement;
  }
  return {
    element: element.outerHTML.slice(0, 100),
    shown: element.matches(":focus-visible"),
    colours: colours.filter(colour => !/rgba\\(.*, 0\\)$/.test(colour)),
    behind: behind ? getComputedStyle(behind).backgroundColor : "rgb(255, 255, 255)",
  };
}"""


def test_the_focus_indicator_stands_out_from_every_background(
    answered_context, server: str
) -> None:
    """The error summary and every Tab stop of a step with errors, the review and the
    sheet (up to 80 stops each) show a focus indicator with a colour of at least 3:1
    against what is behind it: white, the grey and orange boxes, the dark header."""
    from playwright.sync_api import expect

    page = answered_context.new_page()
    weak = []

    def check(path: str) -> str:
        found = page.evaluate(FOCUS_INDICATOR)
        best = max((contrast(c, found["behind"]) for c in found["colours"]), default=0)
        if not found["shown"] or best < 3:
            weak.append((path, found, round(best, 2)))
        return found["element"]

    for path in ("/en/psoriasis/your_joints", "/en/psoriasis/review", "/en/psoriasis/sheet"):
        page.goto(server + path)
        if path.endswith("your_joints"):  # untick everything: the step comes back with errors
            page.evaluate("document.querySelectorAll('input').forEach(i => i.checked = false)")
            page.get_by_role("button", name="Next").click()
            expect(page.locator(".error-summary")).to_be_focused()
            check(path)
        stops = []
        for _ in range(80):
            page.keyboard.press("Tab")
            stop = page.evaluate("document.activeElement.outerHTML.slice(0, 100)")
            # The skip link comes first: reaching it again means the Tab order went round.
            if stop in stops or (stops and "skip-link" in stop):
                break
            stops.append(check(path))
        assert len(stops) > 5, path
    page.close()
    assert not weak, "\n".join(map(str, weak))


def scroll_width_beyond_screen(page, url: str, font_size: str | None = None) -> int | None:
    """The width of the page at ``url`` when it is wider than the screen (so it scrolls
    sideways), else None; with ``font_size``, at that root font size (large system text)."""
    page.goto(url)
    if font_size:
        page.evaluate(f"document.documentElement.style.fontSize = '{font_size}'")
    width, shown = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    return width if width > shown else None


def test_nothing_scrolls_sideways_at_200_percent_text_on_a_phone(
    answered_context, server: str
) -> None:
    """Root font size 200% (large system text) on a 390 px wide screen: steps, review,
    "where you stand" and the sheet, with its tables as cards, still pass axe-core."""
    from axe_playwright_python.sync_playwright import Axe

    from tests.patients import PATIENTS

    page = answered_context.new_page()
    axe = Axe()
    too_wide, problems = {}, {}
    for pathway, steps in PATIENTS.items():
        for name in [*steps, "review", "where-you-stand", "sheet"]:
            path = f"/en/{pathway}/{name}"
            if width := scroll_width_beyond_screen(page, server + path, font_size="200%"):
                too_wide[path] = width
            if name in ("review", "sheet"):
                results = axe.run(page, options={"runOnly": ["wcag2a", "wcag2aa"]})
                if results.violations_count:
                    problems[path] = results.generate_report()
    page.close()
    assert not too_wide, too_wide
    assert not problems, "\n".join(f"{path}:\n{report}" for path, report in problems.items())


def test_back_keeps_what_was_ticked_on_the_step(browser, server: str) -> None:
    page = browser.new_page()
    page.goto(f"{server}/en/vitiligo/about_you")
    choose(page, "18 or older")
    page.locator("#q-pregnancy_now").get_by_label("No", exact=True).check()
    page.locator("#q-pregnancy_future").get_by_label("No", exact=True).check()
    choose(page, "It sometimes burns, then tans")
    page.get_by_role("button", name="Next").click()
    page.wait_for_url("**/your_vitiligo")
    choose(page, "Face or neck")
    choose(page, "1 to 10 palms")
    # Required answers are still missing: Back goes back anyway, and keeps these.
    page.get_by_role("button", name="Back").click()
    page.wait_for_url("**/about_you")
    assert page.get_by_label("18 or older", exact=True).is_checked()
    page.get_by_role("button", name="Next").click()
    page.wait_for_url("**/your_vitiligo")
    assert page.get_by_label("Face or neck", exact=True).is_checked()
    assert page.get_by_label("1 to 10 palms", exact=True).is_checked()
    page.close()


def _answers_of(patient: Patient, server: str) -> list[dict]:
    """The test client's session cookie, for the browser: its answers so far."""
    cookie = patient.client.get_cookie("decisionaid")
    return [{"name": cookie.key, "value": cookie.value, "url": server}]
