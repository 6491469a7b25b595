"""The real Chromium (Debian's package) driving the app over HTTP: follow-up questions
appear as the person answers, the pages work with JavaScript off, and the PDF downloads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import Patient, Site, choose

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


def _tab_to(page, selector: str) -> None:
    """Move the focus to ``selector`` as a keyboard user does: Tab, and within a group of
    radio buttons (one Tab stop) the arrow keys, which also tick the one reached."""
    target = page.locator(selector)
    for _ in range(200):
        if target.evaluate("element => element === document.activeElement"):
            return
        in_its_group = target.evaluate(
            """element => element.type === "radio"
                && document.activeElement.type === "radio"
                && document.activeElement.name === element.name"""
        )
        page.keyboard.press("ArrowDown" if in_its_group else "Tab")
    raise AssertionError(f"the keyboard never reached {selector}")


def _answer_with_the_keyboard(page, answers: dict[str, str | list[str]]) -> None:
    """Give a step's answers (as in decisionaid/sample_patients.py), in the page's order,
    by keyboard."""
    for question, answer in answers.items():
        for value in [answer] if isinstance(answer, str) else answer:
            field = page.locator(f"[name='{question}']").first
            if field.get_attribute("type") in ("radio", "checkbox"):
                _tab_to(page, f"[name='{question}'][value='{value}']")
                if not page.evaluate("document.activeElement.checked"):
                    page.keyboard.press("Space")
            else:
                _tab_to(page, f"[name='{question}']")
                page.keyboard.type(value)


def _submit_with_the_keyboard(page) -> None:
    _tab_to(page, ".actions button[type=submit]:not([name=go])")
    page.keyboard.press("Enter")


def test_a_patient_completes_the_flow_with_the_keyboard_and_gets_the_pdf(
    browser, site: Site
) -> None:
    """Only keys, from the intro to the downloaded PDF, in English and in Arabic (where the
    page is mirrored and the arrow keys still go to the next answer)."""
    from playwright.sync_api import expect
    from pypdf import PdfReader

    from decisionaid.sample_patients import NOT_SURE_AND_READY, PATIENTS

    steps = PATIENTS["vitiligo"]
    page = browser.new_page(accept_downloads=True)
    page.goto(site.page("vitiligo/"))
    _tab_to(page, "main a.button[href$='/about_you']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/about_you")
    _answer_with_the_keyboard(page, steps["about_you"])
    page.keyboard.press("Enter")  # in a form, Enter submits the step

    page.wait_for_url("**/your_vitiligo")
    # A missing answer: the step comes back with the error summary focused on the problem.
    title = page.title()
    _submit_with_the_keyboard(page)
    expect(page.get_by_role("alert")).to_be_focused()
    assert page.title() != title and page.title().endswith(title)  # "Error: " in front
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the link to the first question left unanswered
    expect(page.locator("[name=pattern]").first).to_be_focused()
    _answer_with_the_keyboard(page, steps["your_vitiligo"])
    _submit_with_the_keyboard(page)

    page.wait_for_url("**/treatments_tried")
    follow_up = page.locator("#q-steroid_cream_tried")
    assert follow_up.is_hidden()
    _answer_with_the_keyboard(page, steps["treatments_tried"])
    assert follow_up.is_visible()
    _submit_with_the_keyboard(page)

    page.wait_for_url("**/what_matters")
    _answer_with_the_keyboard(page, steps["what_matters"])
    _submit_with_the_keyboard(page)

    page.wait_for_url("**/review")
    assert page.locator("progress").get_attribute("value") == "5"  # step 5 of 6
    _submit_with_the_keyboard(page)

    page.wait_for_url("**/where-you-stand")
    _answer_with_the_keyboard(page, NOT_SURE_AND_READY)
    _submit_with_the_keyboard(page)
    page.wait_for_url("**/sheet")
    assert page.get_by_role("heading", level=1).is_visible()

    _tab_to(page, ".sheet-actions a.button:not(.secondary)")  # the two pages, to download
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    if site.locale == "en":
        assert download.suggested_filename.startswith("vitiligo-option-sheet-")
    else:  # its name in the walk's language too, in Arabic script
        assert re.search("[\u0600-\u06ff]", download.suggested_filename)
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")
    pdf = PdfReader(download.path())
    assert pdf.trailer["/Root"]["/Lang"] == site.locale  # the sheet in the walk's language
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


def test_the_pages_pass_an_automated_accessibility_check(browser, site: Site) -> None:
    """axe-core (WCAG 2 A and AA rules) on every kind of page, including one with errors,
    in English and in Arabic (right to left): home, a page not found, the clinician page,
    and each pathway's intro, steps, review, "where you stand" and sheet."""
    from axe_playwright_python.sync_playwright import Axe

    from decisionaid.sample_patients import PATIENTS
    from tests.conftest import Patient

    patient = Patient(site.app.test_client(), locale=site.locale)
    for pathway in PATIENTS:
        patient.complete(pathway)
    # The home page at "/" picks the browser's language.
    context = browser.new_context(locale=site.locale)
    context.add_cookies(_answers_of(patient, site.url))
    page = context.new_page()
    axe = Axe()
    pages = [f"{site.url}/", site.page("nothing/"), site.page("clinician/")]
    for pathway, steps in PATIENTS.items():
        pages += [site.page(f"{pathway}/{page}") for page in ("", "review", "where-you-stand")]
        pages += [site.page(f"{pathway}/{step}") for step in steps]
        pages.append(site.page(f"{pathway}/sheet"))
    problems = {}
    for url in pages:
        page.goto(url)
        assert page.evaluate("document.documentElement.lang") == site.locale, url
        results = axe.run(page, options={"runOnly": ["wcag2a", "wcag2aa", "best-practice"]})
        if results.violations_count:
            problems[url] = results.generate_report()
    # A step showing its errors, for someone who has not answered yet.
    context.clear_cookies()
    page.goto(site.page("vitiligo/about_you"))
    page.locator(".actions button[type=submit]:not([name=go])").click()
    page.locator(".error-summary").wait_for()
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
def answered_context(browser, site: Site):
    """A browser context whose session has every pathway answered, up to the sheet, in
    the site's language (English, then Arabic)."""
    from decisionaid.sample_patients import PATIENTS
    from tests.conftest import Patient

    patient = Patient(site.app.test_client(), locale=site.locale)
    for pathway in PATIENTS:
        patient.complete(pathway)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_cookies(_answers_of(patient, site.url))
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


def test_the_focus_indicator_stands_out_from_every_background(answered_context, site: Site) -> None:
    """The error summary and every Tab stop of a step with errors, the review and the
    sheet (up to 80 stops each) show a focus indicator with a colour of at least 3:1
    against what is behind it: white, the grey and orange boxes, the dark header; in
    English and in Arabic."""
    from playwright.sync_api import expect

    page = answered_context.new_page()
    weak = []

    def check(path: str) -> str:
        found = page.evaluate(FOCUS_INDICATOR)
        best = max((contrast(c, found["behind"]) for c in found["colours"]), default=0)
        if not found["shown"] or best < 3:
            weak.append((path, found, round(best, 2)))
        return found["element"]

    for path in ("psoriasis/your_joints", "psoriasis/review", "psoriasis/sheet"):
        page.goto(site.page(path))
        if path.endswith("your_joints"):  # untick everything: the step comes back with errors
            page.evaluate("document.querySelectorAll('input').forEach(i => i.checked = false)")
            page.locator(".actions button[type=submit]:not([name=go])").click()
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
    answered_context, site: Site
) -> None:
    """Root font size 200% (large system text) on a 390 px wide screen: steps, review,
    "where you stand" and the sheet, with its tables as cards, still pass axe-core; in
    English and in Arabic, mirrored."""
    from axe_playwright_python.sync_playwright import Axe

    from decisionaid.sample_patients import PATIENTS

    page = answered_context.new_page()
    axe = Axe()
    too_wide, problems = {}, {}
    for pathway, steps in PATIENTS.items():
        for name in [*steps, "review", "where-you-stand", "sheet"]:
            path = f"{pathway}/{name}"
            if width := scroll_width_beyond_screen(page, site.page(path), font_size="200%"):
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
