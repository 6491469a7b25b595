"""For clinicians: the page that offers each pathway's option handout and paper
questionnaire, the PDFs themselves (read back with pdftotext), the cache they are served
from, the content release printed on them, and ``flask handouts build``."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask

from decisionaid.config import PROJECT_ROOT
from decisionaid.content.model import Library, Pathway
from decisionaid.release import content_release
from tests.conftest import FIXTURE_CONTENT, Patient, broken_copy, make_app, page
from tests.pdfs import RenderedPdf
from tests.test_i18n import _translate

PATHWAYS = ("vitiligo", "psoriasis", "stem-cells")


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """The app on the real content, with a handout cache of its own, empty at first (the
    module's ``server`` serves it too)."""
    return make_app(HANDOUT_CACHE_DIR=str(tmp_path_factory.mktemp("handouts")))


@pytest.fixture(scope="module")
def library(app: Flask) -> Library:
    return app.extensions["content"]


@pytest.fixture
def mini_cache(tmp_path: Path) -> Path:
    return tmp_path / "handouts"


def mini_app(cache: Path, content: Path = FIXTURE_CONTENT, **config: object) -> Flask:
    """An app on the small fixture pathway: quick PDFs, for what any pathway shows."""
    return make_app(CONTENT_DIR=str(content), HANDOUT_CACHE_DIR=str(cache), **config)


def download(client, url: str) -> RenderedPdf:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    assert response.mimetype == "application/pdf"
    return RenderedPdf(response.data, response.headers)


def words(text: str) -> str:
    """A content text as pdftotext gives it back: whitespace collapsed."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def questionnaires(app: Flask) -> dict[str, RenderedPdf]:
    client = app.test_client()
    return {
        pathway: download(client, f"/en/clinician/{pathway}/questionnaire.pdf?paper=a4")
        for pathway in PATHWAYS
    }


# --- the page ------------------------------------------------------------------------


def test_the_page_offers_both_pdfs_of_every_pathway_on_both_papers(
    app: Flask, library: Library
) -> None:
    client = app.test_client()
    home = page(client.get("/en/"))
    assert 'href="/en/clinician/"' in home and "For clinicians" in home

    html = page(client.get("/en/clinician/"))
    assert len(library.pathways) == len(PATHWAYS)
    for pathway in library.pathways.values():
        assert f'<h2 id="pathway-{pathway.id}">{pathway.title.source}</h2>' in html
        for kind, name in (("handout", "option handout"), ("questionnaire", "paper questionnaire")):
            for paper, paper_name in (("a4", "A4 paper"), ("letter", "Letter paper")):
                url = f"/en/clinician/{pathway.id}/{kind}.pdf?paper={paper}"
                assert f'href="{url}">{pathway.title.source} {name}, {paper_name} (PDF)</a>' in html
    assert app.extensions["release"] in html


def test_bad_addresses_get_a_clear_error(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/en/clinician/vitiligo/handout.pdf?paper=a5").status_code == 400
    assert client.get("/en/clinician/nothing/handout.pdf").status_code == 404
    assert client.get("/en/clinician/vitiligo/sheet.pdf").status_code == 404
    assert client.get("/xx/clinician/").status_code == 404


@pytest.mark.browser
def test_the_page_passes_axe_and_works_with_the_keyboard(browser, server: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page()
    page.goto(f"{server}/en/")
    page.get_by_role("link", name="For clinicians").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/clinician/")
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "best-practice"]})
    assert not results.violations_count, results.generate_report()

    reached = set()
    for _ in range(40):  # the skip link, the header, then the twelve PDF links
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.getAttribute('href')"))
    pdf_links = {href for href in reached if href and ".pdf?paper=" in href}
    assert len(pdf_links) == len(PATHWAYS) * 2 * 2
    page.close()


# --- the option handout --------------------------------------------------------------


def test_a_handout_has_every_option_in_full_and_nothing_personal(
    app: Flask, library: Library
) -> None:
    # Someone who has answered every step asks for it: none of their answers is in it.
    patient = Patient(app.test_client())
    patient.complete("vitiligo")
    handout = download(patient.client, "/en/clinician/vitiligo/handout.pdf?paper=a4")

    pathway = library.pathways["vitiligo"]
    assert handout.pages[0].startswith("Vitiligo: the treatment options")
    assert "Notes" in handout.pages[0]
    for option in pathway.options:
        assert words(option.title.source) in handout.text, option.id
    for heading in ("How well it works", "Serious risks", "Living with this option", "Sources"):
        assert heading in handout.text
    for personal in (
        "Coconut oil",
        "For your appointment",
        "Options to discuss",
        "Where you stand",
    ):
        assert personal not in handout.text
    release = app.extensions["release"]
    count = len(handout.pages)
    for number, text in enumerate(handout.pages, 1):
        assert f"Page {number} of {count}" in text
        assert re.search(
            rf"Vitiligo option handout · content version 1\.1 · reviewed .+ · release {release}",
            text,
        )
    assert f"Release {release}." in handout.text  # "About this sheet"
    assert handout.headers["Content-Disposition"] == (
        "inline; filename=vitiligo-option-handout-en-a4.pdf"
    )


def test_a_handout_is_rendered_once_then_served_from_the_cache(mini_cache: Path) -> None:
    app = mini_app(mini_cache)
    renderer = app.extensions["pdf_renderer"]
    client = app.test_client()

    first = client.get("/en/clinician/mini/handout.pdf?paper=letter")
    assert renderer.layouts == 1
    second = client.get("/en/clinician/mini/handout.pdf?paper=letter")
    assert renderer.layouts == 1
    assert second.status_code == 200 and second.data == first.data
    assert second.headers["ETag"] == first.headers["ETag"]
    assert second.headers["Cache-Control"] == "public, no-cache"

    # Another worker process, or the app after a restart: the same file, not rendered again.
    again = mini_app(mini_cache)
    assert again.test_client().get("/en/clinician/mini/handout.pdf?paper=letter").data == first.data
    assert again.extensions["pdf_renderer"].layouts == 0
    # Each paper, and each kind, is a PDF of its own.
    client.get("/en/clinician/mini/handout.pdf?paper=a4")
    client.get("/en/clinician/mini/questionnaire.pdf?paper=letter")
    assert renderer.layouts == 3


def test_a_conditional_request_gets_304_and_no_body(mini_cache: Path) -> None:
    client = mini_app(mini_cache).test_client()
    url = "/en/clinician/mini/handout.pdf?paper=a4"
    first = client.get(url)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]

    for conditional in ({"If-None-Match": etag}, {"If-Modified-Since": modified}):
        response = client.get(url, headers=conditional)
        assert response.status_code == 304, conditional
        assert response.data == b""
        assert response.headers["ETag"] == etag
    stale = client.get(url, headers={"If-None-Match": '"another-release"'})
    assert stale.status_code == 200 and stale.data == first.data


def test_a_content_change_makes_a_new_release_and_a_new_handout(
    tmp_path: Path, mini_cache: Path
) -> None:
    url = "/en/clinician/mini/handout.pdf?paper=a4"
    before = mini_app(mini_cache)
    old = before.test_client().get(url)
    changed = broken_copy(tmp_path, "title: Cream A", "title: Cream A, now in a tube")
    after = mini_app(mini_cache, changed)

    assert after.extensions["release"] != before.extensions["release"]
    response = after.test_client().get(url, headers={"If-None-Match": old.headers["ETag"]})
    assert response.status_code == 200
    assert response.headers["ETag"] != old.headers["ETag"]
    new = RenderedPdf(response.data, response.headers)
    assert "Cream A, now in a tube" in new.text
    assert f"release {after.extensions['release']}" in new.pages[0]
    assert after.extensions["pdf_renderer"].layouts == 1
    # The old release's folder is gone with its PDFs; other files are left alone.
    assert sorted(path.name for path in mini_cache.iterdir()) == [after.extensions["release"]]


def test_a_new_release_leaves_what_is_not_a_release_folder(mini_cache: Path) -> None:
    mini_cache.mkdir(parents=True, exist_ok=True)
    (mini_cache / "README").write_text("kept")
    (mini_cache / "notes").mkdir()
    mini_app(mini_cache).test_client().get("/en/clinician/mini/handout.pdf?paper=a4")
    assert {"README", "notes"} < {path.name for path in mini_cache.iterdir()}


def _copy_inputs(folder: Path) -> tuple[Path, Path, Path, Path]:
    """Copies of what a release is made of: content, catalogs, templates, static files."""
    sources = (
        FIXTURE_CONTENT,
        PROJECT_ROOT / "translations",
        PROJECT_ROOT / "templates",
        PROJECT_ROOT / "decisionaid" / "static",
    )
    copies = tuple(folder / source.name for source in sources)
    for source, copy in zip(sources, copies, strict=True):
        shutil.copytree(source, copy)
    return copies  # type: ignore[return-value]


def test_the_release_changes_with_any_file_that_changes_a_pdf(tmp_path: Path, app: Flask) -> None:
    assert app.extensions["release"] == content_release(
        PROJECT_ROOT / "questionnaires",
        PROJECT_ROOT / "translations",
        PROJECT_ROOT / "templates",
        PROJECT_ROOT / "decisionaid" / "static",
    )
    inputs = _copy_inputs(tmp_path)
    content, translations, templates, static = inputs
    catalog = translations / "fr" / "LC_MESSAGES"
    catalog.mkdir(parents=True, exist_ok=True)
    seen = {content_release(*inputs)}
    for path, change in (
        (content / "mini.yaml", "\n# a comment\n"),
        (catalog / "messages.po", 'msgid "Notes"\nmsgstr "Remarques"\n'),
        (catalog / "messages.mo", "compiled"),
        (templates / "_sheet.html", "\n"),
        (static / "css" / "print.css", "\n.option { color: #000; }\n"),
        (static / "favicon.svg", "\n"),
    ):
        with path.open("a") as stream:
            stream.write(change)
        release = content_release(*inputs)
        assert release not in seen, path
        seen.add(release)
    # The catalog template is not served to anyone: it leaves the release alone.
    with (translations / "messages.pot").open("a") as stream:
        stream.write("\n")
    assert content_release(*inputs) in seen


# --- the paper questionnaire ---------------------------------------------------------


def _questions(pathway: Pathway):
    return [item for step in pathway.steps for item in step.walk() if item.is_question]


@pytest.mark.parametrize("pathway_id", PATHWAYS)
def test_the_paper_questionnaire_has_every_question_and_answer_as_boxes(
    pathway_id: str, library: Library, questionnaires: dict[str, RenderedPdf]
) -> None:
    pathway = library.pathways[pathway_id]
    text = questionnaires[pathway_id].text
    for step in pathway.steps:
        assert words(step.text.source) in text, step.link_id
    for number, question in enumerate(_questions(pathway), 1):
        assert f"{number}. {words(question.text.source)}" in text, question.link_id
        for option in question.answer_options:
            assert words(option.display.source) in text, (question.link_id, option.code)
    follow_ups = [item for step in pathway.steps for item in step.walk() if item.enable_when]
    assert text.count("Answer only if") == len(follow_ups)
    for personal in ("Coconut oil", "For your appointment"):
        assert personal not in text


@pytest.mark.parametrize("pathway_id", PATHWAYS)
def test_the_paper_questionnaire_ends_with_where_you_stand(
    pathway_id: str, library: Library, questionnaires: dict[str, RenderedPdf]
) -> None:
    pathway, shared = library.pathways[pathway_id], library.shared
    text = questionnaires[pathway_id].text
    stand = text[text.index(f"{shared.where_you_stand.title.source} ") :]
    number = len(_questions(pathway)) + 1
    priorities = [pathway.items_by_id[link_id] for link_id in pathway.priorities]
    assert f"{number}. {shared.where_you_stand.matters_most.source}" in stand
    assert "Tick up to 3 boxes." in stand
    for priority in priorities:
        assert words(priority.text.source) in stand, priority.link_id
    # No answers point to any option yet: the person writes in what they lean towards.
    assert f"{number + 1}. {shared.where_you_stand.leaning.source}" in stand
    assert words(shared.where_you_stand.leaning_on_paper.source) in stand
    assert words(shared.sure_test.intro.source) in stand
    for offset, question in enumerate(shared.sure.items, number + 2):
        assert f"{offset}. {question.text.source} Tick one box. Yes No" in stand


def test_a_follow_up_says_in_words_when_to_answer_it(
    questionnaires: dict[str, RenderedPdf],
) -> None:
    vitiligo = questionnaires["vitiligo"].text
    assert (
        "2. Are you pregnant or breastfeeding now? "
        "Answer only if you did not tick “Under 12” in question 1."
    ) in vitiligo
    assert (
        "Answer only if all of these are true: "
        "• You did not tick “Under 12” in question 1. "
        "• You did not tick “Yes, I am pregnant” in question 2."
    ) in vitiligo
    stem_cells = questionnaires["stem-cells"].text
    assert "Answer only if one of these is true:" in stem_cells
    assert "Write your answer." in stem_cells  # a question with no boxes: lines to write on


def test_the_paper_questionnaire_prints_on_letter_too(app: Flask) -> None:
    letter = download(app.test_client(), "/en/clinician/stem-cells/questionnaire.pdf?paper=letter")
    box = letter.reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert "Considering stem cell treatment paper questionnaire · content version" in letter.text


# --- flask handouts build ------------------------------------------------------------


def test_the_build_command_writes_every_pdf_for_printing_offline(tmp_path: Path) -> None:
    translations = _translate(tmp_path, "fr", {(None, "Tick one box."): "Cochez une case."})
    out = tmp_path / "to print"
    environment = {
        **os.environ,
        "DECISIONAID_CONTENT_DIR": str(FIXTURE_CONTENT),
        "DECISIONAID_TRANSLATIONS_DIR": str(translations),
        "DECISIONAID_LOCALES": '["en", "fr"]',
        "DECISIONAID_HANDOUT_CACHE_DIR": str(tmp_path / "cache"),
        "DECISIONAID_SECRET_KEY": "test-secret",
    }
    flask = str(Path(sys.executable).parent / "flask")
    result = subprocess.run(
        [flask, "--app", "wsgi", "handouts", "build", str(out)],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env=environment,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    expected = {
        f"mini-{kind}-{locale}-{paper}.pdf"
        for kind in ("option-handout", "paper-questionnaire")
        for locale in ("en", "fr")
        for paper in ("a4", "letter")
    }
    assert {path.name for path in out.iterdir()} == expected
    assert "8 PDFs of release" in result.stdout
    french = RenderedPdf((out / "mini-paper-questionnaire-fr-a4.pdf").read_bytes(), None)
    assert "Cochez une case." in french.text
    handout = RenderedPdf((out / "mini-option-handout-en-letter.pdf").read_bytes(), None)
    assert "Cream A" in handout.text
