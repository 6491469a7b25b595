"""The pages: language and pathway choice, the steps, the review, the option sheet and
its PDF. Answers live only in the encrypted session cookie (session.py)."""

from __future__ import annotations

import dataclasses
import datetime
from urllib.parse import quote

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_date, gettext
from werkzeug.http import dump_options_header
from werkzeug.routing import BaseConverter

from decisionaid.answer_summary import question_labels, summarize_answers
from decisionaid.answers import (
    Reading,
    answer_choices,
    answers_to_keep,
    kept_answers,
    label_text,
    read_step,
    reading_fingerprint,
    saved_answers,
)
from decisionaid.conditions import first_unanswered_step, step_view
from decisionaid.content.model import Answers, Item, Library, Pathway
from decisionaid.engine import OptionSheet, build_details, build_option_sheet, with_stand
from decisionaid.fields import FieldView, field_views
from decisionaid.i18n import PAPER_SIZES, negotiate_from_browser, select_locale
from decisionaid.prerender import FormState, render_prerendered
from decisionaid.session import BROWSER_COOKIE_LIMIT, SessionTooLargeError
from decisionaid.stand import stand_step

bp = Blueprint("pages", __name__)


class LocaleConverter(BaseConverter):
    """A URL segment shaped like a locale (en, es, pt_BR, zh_Hans), so that other paths
    such as /favicon.ico are plain 404s; whether it is offered is checked separately."""

    regex = r"[a-z]{2,3}(?:_[A-Za-z]{2,4})?"


@bp.url_value_preprocessor
def take_locale(endpoint: str | None, values: dict | None) -> None:
    if values and "locale" in values:
        locale = values.pop("locale")
        if locale not in current_app.config["LOCALES"]:
            abort(404)
        g.locale = locale


@bp.url_defaults
def keep_locale(endpoint: str, values: dict) -> None:
    if "locale" in g and current_app.url_map.is_endpoint_expecting(endpoint, "locale"):
        values.setdefault("locale", g.locale)


@bp.before_request
def renew_session() -> None:
    """A page of the app counts as use: its answers are kept for another 3 hours. Static
    files never touch the session, so they never renew (or even carry) the cookie."""
    if session:
        session.modified = True


@bp.after_request
def keep_out_of_caches(response: Response) -> Response:
    # Pages can show health answers: never keep them in a shared or back-button cache.
    response.headers["Cache-Control"] = "no-store"
    return response


def _library() -> Library:
    return current_app.extensions["content"]


def _pathway(pathway_id: str) -> Pathway:
    pathway = _library().pathways.get(pathway_id)
    if pathway is None:
        abort(404)
    return pathway


def _answers(pathway: Pathway) -> Answers:
    return kept_answers(pathway, session.get("answers", {}).get(pathway.id), _fingerprint(pathway))


def _fingerprint(pathway: Pathway) -> str:
    """What this release reads a pathway's answers against (``reading_fingerprint``)."""
    return current_app.extensions["reading_fingerprints"][pathway.id]


def _stand_step(sheet: OptionSheet) -> Item:
    """The "where you stand" questions for this person: their options to discuss."""
    options = tuple(fit.option for fit in sheet.to_discuss)
    return stand_step(_library().shared, sheet.pathway, options)


def _stand_answers(pathway: Pathway, step: Item) -> Answers:
    return saved_answers((step,), session.get("stand", {}).get(pathway.id))


def _step_count(pathway: Pathway) -> int:
    """The steps, the review and "where you stand"."""
    return len(pathway.steps) + 2


def _save(key: str, pathway: Pathway, answers: Answers) -> None:
    """Keep answers in the session cookie, under ``key`` ("answers" or "stand").

    A pathway's answers, always answers as read (``_answers``' and ``read_step``'s), are
    kept with the fingerprint of what they were read against, less those to questions no
    longer shown, so that the next pages take them as they are (``answers_to_keep``).

    Raises SessionTooLargeError, and keeps nothing, if the browser would drop the cookie:
    it would silently keep the old one, and the person would be sent back to this step."""
    if key == "answers":
        answers = answers_to_keep(pathway, answers, _fingerprint(pathway))
    everything = {**session.get(key, {}), pathway.id: answers}
    interface = current_app.session_interface
    if interface.cookie_size(current_app, {**session, key: everything}) > BROWSER_COOKIE_LIMIT:
        raise SessionTooLargeError(key)
    session[key] = everything


def _too_large(step: Item, reading: Reading) -> Reading:
    """The step as read, with a message by what the person wrote (which they can make
    shorter), or by its first question if they wrote nothing."""
    message = gettext(
        "Your answers are too long to keep in your browser. Please make what you wrote shorter."
    )
    questions = [item for item in step.walk() if item.is_question]
    written = {item.link_id for item in questions if item.type == "string"} & set(reading.values)
    marked = written or {questions[0].link_id}
    errors = {
        item.link_id: reading.errors.get(item.link_id) or message
        for item in questions
        if item.link_id in reading.errors or item.link_id in marked
    }
    return dataclasses.replace(reading, errors=errors)


def _step_fields(pathway: Pathway, step: Item) -> dict[str, FieldView]:
    """A step's fields in this locale, worked out on its first page (they hold only content)."""
    cache = current_app.extensions.setdefault("field_views", {})
    key = (pathway.id, step.link_id, g.locale)
    if key not in cache:
        cache[key] = field_views(step)
    return cache[key]


def _step_url(pathway: Pathway, step: Item) -> str:
    return url_for("pages.step", pathway_id=pathway.id, step_id=step.link_id)


def _all_answers(pathway: Pathway) -> Answers:
    """The answers of someone who has answered every step; anyone else is sent to the
    first step with a question still to answer."""
    answers = _answers(pathway)
    unanswered = first_unanswered_step(pathway, answers)
    if unanswered is not None:
        # A response given to abort() is sent as it is, without an error page.
        abort(redirect(_step_url(pathway, unanswered)))
    return answers


def _sent() -> dict[str, list[str]]:
    """Every value the posted form gives for each name."""
    return request.form.to_dict(flat=False)


# --- choosing ------------------------------------------------------------------------


@bp.get("/")
def home() -> str:
    g.locale = negotiate_from_browser()
    return render_template("home.html", pathways=_library().pathways.values())


@bp.get("/<locale:locale>/")
def home_in_locale() -> str:
    return render_template("home.html", pathways=_library().pathways.values())


@bp.get("/<locale:locale>/<pathway_id>/")
def intro(pathway_id: str) -> str:
    pathway = _pathway(pathway_id)
    answers = _answers(pathway)
    resume = first_unanswered_step(pathway, answers) if answers else None
    return render_template(
        "intro.html",
        pathway=pathway,
        has_answers=bool(answers),
        resume_url=_step_url(pathway, resume)
        if resume
        else url_for("pages.review", pathway_id=pathway.id),
    )


# --- the steps -----------------------------------------------------------------------


@bp.route("/<locale:locale>/<pathway_id>/<step_id>", methods=["GET", "POST"])
def step(pathway_id: str, step_id: str) -> Response | str:
    pathway = _pathway(pathway_id)
    this_step = pathway.step(step_id)
    if this_step is None:
        # The pages beside the steps answer other methods only: "/start-over" is POST.
        abort(405 if step_id in NOT_STEPS else 404)
    answers = _answers(pathway)
    index = pathway.steps.index(this_step)
    unanswered = first_unanswered_step(pathway, answers)
    if unanswered is not None and pathway.steps.index(unanswered) < index:
        return redirect(_step_url(pathway, unanswered))

    step_ids = {item.link_id for item in this_step.walk()}
    other_answers = {k: v for k, v in answers.items() if k not in step_ids}
    if request.method == "POST":
        reading = read_step(this_step, _sent(), other_answers, pathway)
        # "Back" keeps every answer of this step that reads, even with some still missing.
        going_back = request.form.get("go") == "back"
        if going_back or not reading.errors:
            try:
                _save("answers", pathway, {**other_answers, **reading.answers})
            except SessionTooLargeError:
                reading, going_back = _too_large(this_step, reading), False
        if going_back:
            previous = pathway.steps[index - 1] if index else None
            if previous is None:
                return redirect(url_for("pages.intro", pathway_id=pathway.id))
            return redirect(_step_url(pathway, previous))
        if not reading.errors:
            if index + 1 < len(pathway.steps):
                return redirect(_step_url(pathway, pathway.steps[index + 1]))
            return redirect(url_for("pages.review", pathway_id=pathway.id))
    else:
        reading = Reading.saved(answers)

    visibility = step_view(pathway, this_step, answers)
    # With the data for the script that shows follow-up questions as the person answers.
    form = FormState(reading.values, visibility.hidden, visibility.client_data)
    page = step_page_context(pathway, this_step)
    if reading.errors or session.was_reset:
        return render_template("step.html", form=form, errors=reading.errors, **page)
    # The rest is the same for everyone on this step in this language: written once.
    key = ("step", pathway.id, this_step.link_id, g.locale)
    return render_prerendered(key, "step.html", form, errors={}, **page)


def step_page_context(pathway: Pathway, step: Item) -> dict[str, object]:
    """What step.html is given besides the person's form and errors: the same for everyone
    on this step in this language."""
    return {
        "pathway": pathway,
        "step": step,
        "fields": _step_fields(pathway, step),
        "step_number": pathway.steps.index(step) + 1,
        "step_count": _step_count(pathway),
    }


@bp.route("/<locale:locale>/<pathway_id>/review", methods=["GET", "POST"])
def review(pathway_id: str) -> Response | str:
    pathway = _pathway(pathway_id)
    answers = _all_answers(pathway)
    if request.method == "POST":
        return redirect(url_for("pages.where_you_stand", pathway_id=pathway.id))
    return render_template(
        "review.html",
        pathway=pathway,
        summaries=summarize_answers(pathway, answers),
        step_number=len(pathway.steps) + 1,
        step_count=_step_count(pathway),
        back_url=_step_url(pathway, pathway.steps[-1]),
    )


@bp.post("/<locale:locale>/<pathway_id>/start-over")
def start_over(pathway_id: str) -> Response:
    """Clear everything: every pathway's answers, where they stand, and the form token
    (a new one is made on the next page). The browser's cookie is deleted."""
    pathway = _pathway(pathway_id)
    session.clear()
    return redirect(url_for("pages.intro", pathway_id=pathway.id))


NOT_STEPS = frozenset({"start-over"})
"""URL names beside the steps that the step route would otherwise catch."""


# --- where you stand, and the sheet -------------------------------------------------


@bp.route("/<locale:locale>/<pathway_id>/where-you-stand", methods=["GET", "POST"])
def where_you_stand(pathway_id: str) -> Response | str:
    pathway = _pathway(pathway_id)
    stand = _stand_step(build_option_sheet(_library(), pathway, _all_answers(pathway)))
    if request.method == "POST":
        reading = read_step(stand, _sent(), {})
        going_back = request.form.get("go") == "back"  # keep what reads, as on every step
        if going_back or not reading.errors:
            try:
                _save("stand", pathway, reading.answers)
            except SessionTooLargeError:
                reading = _too_large(stand, reading)
            else:
                page = "pages.review" if going_back else "pages.sheet"
                return redirect(url_for(page, pathway_id=pathway.id))
    else:
        reading = Reading.saved(_stand_answers(pathway, stand))
    return render_template(
        "stand.html",
        pathway=pathway,
        step=stand,
        # Its choices are the person's options to discuss: worked out for this page only.
        fields=field_views(stand),
        intro=_library().shared.where_you_stand.intro,
        form=FormState(reading.values),
        errors=reading.errors,
        step_number=_step_count(pathway),
        step_count=_step_count(pathway),
    )


def _option_sheet(pathway_id: str) -> OptionSheet:
    """The person's option sheet, once every step and "where you stand" are answered;
    anyone else is sent to what is still to answer."""
    pathway = _pathway(pathway_id)
    option_sheet = build_option_sheet(_library(), pathway, _all_answers(pathway))
    step = _stand_step(option_sheet)
    stand = _stand_answers(pathway, step)
    questions = (item for item in step.walk() if item.is_question)
    if any(item.required and item.link_id not in stand for item in questions):
        abort(redirect(url_for("pages.where_you_stand", pathway_id=pathway.id)))
    return with_stand(option_sheet, stand)


@bp.get("/<locale:locale>/<pathway_id>/sheet")
def sheet(pathway_id: str) -> str:
    return render_template(
        "sheet.html", sheet=_option_sheet(pathway_id), today=datetime.date.today()
    )


@bp.get("/<locale:locale>/<pathway_id>/sheet.pdf")
def sheet_pdf(pathway_id: str) -> Response:
    """The two pages for the appointment; with ``?details=all``, followed by the details
    (the same for everyone, so laid out once per process)."""
    option_sheet = _option_sheet(pathway_id)
    locale_info = current_app.extensions["locale_info"][g.locale]
    paper = request.args.get("paper", locale_info.default_paper)
    with_details = request.args.get("details")
    if paper not in PAPER_SIZES or with_details not in (None, "all"):
        abort(400)
    today = datetime.date.today()
    html = render_template("sheet_pdf.html", sheet=option_sheet, today=today, paper=paper)
    details = None
    if with_details:
        generic = build_details(_library(), option_sheet.pathway)
        details = render_template("details_pdf.html", sheet=generic, paper=paper)
    pdf = current_app.extensions["pdf_renderer"].render(html, followed_by=details)
    # Translators: the PDF's file name; keep it short, with no spaces or slashes.
    name = gettext("%(pathway)s-option-sheet", pathway=pathway_id)
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = content_disposition(
        "attachment",
        f"{name}-{paper}-{today.isoformat()}.pdf",
        ascii_name=f"{pathway_id}-{paper}-{today.isoformat()}.pdf",
    )
    return response


def content_disposition(disposition: str, file_name: str, ascii_name: str) -> str:
    """A Content-Disposition header naming the file in any script. A header carries only
    Latin-1 (a WSGI server refuses others), so a name in another script goes in its UTF-8
    form as ``filename*`` (RFC 6266, which browsers prefer), with ``ascii_name`` as
    ``filename`` for any that do not read it."""
    if file_name.isascii():
        return dump_options_header(disposition, {"filename": file_name})
    quoted = quote(file_name, safe="!#$&+-.^_`|~")
    return dump_options_header(
        disposition, {"filename": ascii_name, "filename*": f"UTF-8''{quoted}"}
    )


def _language_url(code: str) -> str:
    """This page in another language (the home page if this page has no language)."""
    endpoint = request.endpoint
    if endpoint and current_app.url_map.is_endpoint_expecting(endpoint, "locale"):
        return url_for(endpoint, **{**(request.view_args or {}), "locale": code})
    return url_for("pages.home_in_locale", locale=code)


def template_context() -> dict:
    """The current locale and the ones on offer, for every template."""
    infos = current_app.extensions["locale_info"]
    return {"locale": infos[select_locale()], "locales": list(infos.values())}


def init_app(app: Flask) -> None:
    # Content and code only, the same for everyone: worked out once.
    app.extensions["reading_fingerprints"] = {
        pathway.id: reading_fingerprint(pathway)
        for pathway in app.extensions["content"].pathways.values()
    }
    app.url_map.converters["locale"] = LocaleConverter
    app.register_blueprint(bp)
    app.context_processor(template_context)
    # Globals, unlike context, reach imported macros too.
    app.jinja_env.globals.update(
        language_url=_language_url,
        answer_choices=answer_choices,
        label_text=label_text,
        question_labels=question_labels,
        format_date=format_date,
        content_pathway=lambda pathway_id: _library().pathways[pathway_id],
    )
