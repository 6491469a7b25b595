"""For clinicians: ``/<locale>/clinician/``, and the PDFs it offers for each pathway: the
option handout (all the details, with space for notes) and the paper questionnaire (the
same questions as boxes to tick), on A4 or Letter.

Neither holds anything from anyone's answers, so each is rendered once per pathway,
locale, content release and paper, kept as a file under the instance folder and then
served from there, with an ETag and Last-Modified for conditional requests. Files rather
than a dict in memory: every worker process serves the one copy, a worker that gunicorn
recycles (``--max-requests``) does not render it again, and Last-Modified is the same
whichever worker answers.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    g,
    render_template,
    request,
)
from flask_babel import gettext

from decisionaid.answers import answer_choices
from decisionaid.content.model import Condition, Item, Library, Pathway, SharedTexts
from decisionaid.engine import build_details
from decisionaid.i18n import PAPER_SIZES, translate
from decisionaid.release import RELEASE_LENGTH
from decisionaid.stand import stand_step
from decisionaid.views import content_disposition, keep_locale, take_locale

bp = Blueprint("clinician", __name__)
# The locale in the URL works here as on the patient's pages.
bp.url_value_preprocessor(take_locale)
bp.url_defaults(keep_locale)

HEX_DIGITS = frozenset("0123456789abcdef")
KINDS = {"handout": "option-handout", "questionnaire": "paper-questionnaire"}
"""Each PDF a clinician can print, and the name its files carry in the cache and in
``handouts build`` (a download is named in its language: ``_file_name``)."""


def _library() -> Library:
    return current_app.extensions["content"]


def _papers() -> list[str]:
    """The paper sizes, this locale's usual one first."""
    default = current_app.extensions["locale_info"][g.locale].default_paper
    return sorted(PAPER_SIZES, key=lambda paper: paper != default)


@bp.get("/<locale:locale>/clinician/")
def index() -> str:
    return render_template(
        "clinician.html", pathways=_library().pathways.values(), papers=_papers(), kinds=KINDS
    )


@bp.get("/<locale:locale>/clinician/<pathway_id>/<any(handout, questionnaire):kind>.pdf")
def pdf(pathway_id: str, kind: str) -> Response:
    pathway = _library().pathways.get(pathway_id)
    paper = request.args.get("paper", _papers()[0])
    if pathway is None:
        abort(404)
    if paper not in PAPER_SIZES:
        abort(400)
    key, path = cached_pdf(kind, pathway, paper)
    response = Response(path.read_bytes(), mimetype="application/pdf")
    response.set_etag(key.digest)
    response.last_modified = path.stat().st_mtime
    # Anyone may keep it, as it is the same for everyone, but must ask again before use:
    # a new release (a corrected figure, say) then reaches them at once, and costs a 304.
    response.cache_control.public = True
    response.cache_control.no_cache = True
    # Inline: it opens in the browser, one click from printing.
    response.headers["Content-Disposition"] = content_disposition(
        "inline",
        f"{_file_name(kind, pathway.id)}-{g.locale}-{paper}.pdf",
        ascii_name=f"{pathway.id}-{KINDS[kind]}-{g.locale}-{paper}.pdf",
    )
    return response.make_conditional(request)


def _file_name(kind: str, pathway_id: str) -> str:
    """What the downloaded PDF is called, in the request's language."""
    if kind == "handout":
        # Translators: a PDF's file name; keep it short, with no spaces or slashes.
        return gettext("%(pathway)s-option-handout", pathway=pathway_id)
    # Translators: a PDF's file name; keep it short, with no spaces or slashes.
    return gettext("%(pathway)s-paper-questionnaire", pathway=pathway_id)


# --- the paper questionnaire ---------------------------------------------------------


@dataclass(frozen=True)
class OnlyIf:
    """When to answer a follow-up question on paper: a sentence, with the conditions
    listed under it when there are several."""

    lead: str
    conditions: tuple[str, ...] = ()


@dataclass(frozen=True)
class PaperQuestionnaire:
    """A pathway's steps as they print: each question numbered, so that a follow-up can
    say which answer it follows from ("... you ticked “Yes” in question 4")."""

    pathway: Pathway
    steps: tuple[Item, ...]
    """The pathway's steps, then "Where you stand", as on screen."""
    numbers: dict[str, int]

    @classmethod
    def of(cls, pathway: Pathway, shared: SharedTexts) -> PaperQuestionnaire:
        steps = (*pathway.steps, stand_step(shared, pathway, None))
        questions = (item for step in steps for item in step.walk() if item.is_question)
        numbers = {item.link_id: number for number, item in enumerate(questions, 1)}
        return cls(pathway, steps, numbers)

    def how_to_answer(self, item: Item) -> str | None:
        """What to do on paper ("Tick one box."); None when the question's help says it."""
        if item.type == "integer":
            instruction = gettext("Write a number.")
        elif item.type == "string":
            instruction = gettext("Write your answer.")
        elif not item.repeats:
            instruction = gettext("Tick one box.")
        elif item.max_answers:
            instruction = gettext("Tick up to %(num)s boxes.", num=item.max_answers)
        else:
            instruction = gettext("Tick all that apply.")
        if item.help and instruction in translate(item.help):
            return None
        return instruction

    def only_if(self, item: Item) -> OnlyIf | None:
        """When to answer ``item``, in words, from its ``enableWhen``; None: always."""
        gate = item.enable_when
        if gate is None:
            return None
        ticks = [self._tick(condition) for condition in gate.conditions]
        if any(tick is None for tick in ticks):
            # A condition on a number or a derived fact has no words in the content.
            return OnlyIf(gettext("Answer only if this applies to you."))
        if len(ticks) == 1:
            return OnlyIf(_tick_words(*ticks[0], alone=True))
        conditions = tuple(_tick_words(*tick, alone=False) for tick in ticks)
        if gate.behavior == "all":
            return OnlyIf(gettext("Answer only if all of these are true:"), conditions)
        return OnlyIf(gettext("Answer only if one of these is true:"), conditions)

    def _tick(self, condition: Condition) -> tuple[int, str, bool] | None:
        """A condition as a box: (question number, the box's label, ticked or not)."""
        question = self.pathway.items_by_id.get(condition.question or "")
        if question is None or condition.operator not in ("=", "!="):
            return None
        answer = condition.answer
        if question.type == "boolean" and isinstance(answer, bool):
            answer = "yes" if answer else "no"
        label = dict(answer_choices(question)).get(str(answer))
        if label is None:
            return None
        return self.numbers[question.link_id], label, condition.operator == "="


def _tick_words(number: int, answer: str, ticked: bool, *, alone: bool) -> str:
    """A condition on a box in words: ``alone``, the whole sentence; else one of a list."""
    if alone and ticked:
        return gettext(
            "Answer only if you ticked “%(answer)s” in question %(number)s.",
            answer=answer,
            number=number,
        )
    if alone:
        return gettext(
            "Answer only if you did not tick “%(answer)s” in question %(number)s.",
            answer=answer,
            number=number,
        )
    if ticked:
        return gettext(
            "You ticked “%(answer)s” in question %(number)s.", answer=answer, number=number
        )
    return gettext(
        "You did not tick “%(answer)s” in question %(number)s.", answer=answer, number=number
    )


# --- rendering once, and the cache ---------------------------------------------------


@dataclass(frozen=True)
class HandoutKey:
    """What a handout or paper questionnaire depends on: nothing else changes it."""

    kind: str
    pathway: str
    locale: str
    paper: str
    release: str

    @property
    def digest(self) -> str:
        """The ETag: the key itself, so it changes exactly when the PDF may."""
        key = "\0".join((self.kind, self.pathway, self.locale, self.paper, self.release))
        return hashlib.sha256(key.encode()).hexdigest()[:20]

    @property
    def file_name(self) -> str:
        return f"{self.pathway}-{KINDS[self.kind]}-{self.locale}-{self.paper}.pdf"


class HandoutCache:
    """PDFs kept as files, one folder per release: ``<folder>/<release>/<file name>``.

    Folders of other releases are no longer read: the first PDF of a new release
    deletes them. An app of an older release still running (during a deploy) renders
    again what it serves, into a folder of its own."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        # Threads of one process render a missing PDF once; another process may render
        # it too, and the last complete file wins (both are the same handout).
        self._lock = threading.Lock()

    def pdf(self, key: HandoutKey, render: Callable[[], bytes]) -> Path:
        """The PDF's file, rendered with ``render()`` if it is not there yet."""
        path = self._folder / key.release / key.file_name
        with self._lock:
            if not path.is_file():
                if not path.parent.is_dir():
                    self._remove_other_releases(key.release)
                path.parent.mkdir(parents=True, exist_ok=True)
                data = render()
                # Written aside, then renamed: no one ever reads half a PDF.
                with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as part:
                    part.write(data)
                os.replace(part.name, path)
        return path

    def _remove_other_releases(self, release: str) -> None:
        """Delete the folders of other releases, and nothing else that may be there."""
        if not self._folder.is_dir():
            return
        for folder in self._folder.iterdir():
            is_release = len(folder.name) == RELEASE_LENGTH and set(folder.name) <= HEX_DIGITS
            if folder.is_dir() and is_release and folder.name != release:
                shutil.rmtree(folder, ignore_errors=True)


def _render(kind: str, pathway: Pathway, paper: str) -> bytes:
    if kind == "handout":
        html = render_template(
            "handout_pdf.html", sheet=build_details(_library(), pathway), paper=paper
        )
    else:
        html = render_template(
            "questionnaire_pdf.html",
            questionnaire=PaperQuestionnaire.of(pathway, _library().shared),
            paper=paper,
        )
    return current_app.extensions["pdf_renderer"].render(html)


def cached_pdf(kind: str, pathway: Pathway, paper: str) -> tuple[HandoutKey, Path]:
    """The handout or paper questionnaire in the request's locale, from the cache."""
    key = HandoutKey(kind, pathway.id, g.locale, paper, current_app.extensions["release"])
    cache: HandoutCache = current_app.extensions["handout_cache"]
    return key, cache.pdf(key, lambda: _render(kind, pathway, paper))


def write_all(app: Flask, folder: Path) -> Iterator[Path]:
    """Write every handout and paper questionnaire (each pathway, offered locale and
    paper) into ``folder``, for printing offline; the cache is filled on the way."""
    folder.mkdir(parents=True, exist_ok=True)
    for locale in app.config["LOCALES"]:
        # A fresh app context: its ``g`` holds the locale (and Flask-Babel's choice of it).
        with app.app_context(), app.test_request_context(f"/{locale}/clinician/"):
            g.locale = locale
            for pathway in app.extensions["content"].pathways.values():
                for kind in KINDS:
                    for paper in PAPER_SIZES:
                        key, path = cached_pdf(kind, pathway, paper)
                        target = folder / key.file_name
                        shutil.copyfile(path, target)
                        yield target


def init_app(app: Flask) -> None:
    folder = app.config.get("HANDOUT_CACHE_DIR") or Path(app.instance_path, "handouts")
    app.extensions["handout_cache"] = HandoutCache(Path(folder))
    app.register_blueprint(bp)
