"""Reading answers: one parser for a posted step and for the answers kept in the session.

Whether a question must be answered depends on ``enableWhen`` across steps, so a step is
read against every other answer the person has given. The session is re-read with the same
rules, because the content may have changed since the answers were saved (a code renamed,
a question removed or made conditional); whatever no longer reads is dropped, never trusted.
Answers are kept as read, with a fingerprint of the questions, variables and code they were
read against: while it matches, they read the same again, so they are taken as they are.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import gettext, ngettext

from decisionaid.answer_summary import QuestionLabel
from decisionaid.conditions import evaluate_variables, shown_items
from decisionaid.content.model import Answers, AnswerValue, Item, Pathway
from decisionaid.i18n import translate

Sent = Mapping[str, list[str]]
"""What a form sends: every value given for each input name."""

BOOLEAN_CODES = {"yes": True, "no": False}

Problem = Callable[[], str]
"""What is wrong with an answer, worded (translated) only if the page shows it: the problems
of the saved answers, when they are re-read, are never shown."""
BIDI_OVERRIDES = frozenset("\u202a\u202b\u202c\u202d\u202e")
"""The bidi embeddings, overrides and their terminator (LRE, RLE, PDF, LRO, RLO)."""
NOT_PLAIN = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e]")
"""The control characters (category Cc: C0, DEL and C1, a set Unicode's stability policy
never changes) and ``BIDI_OVERRIDES``: one search, rather than a look-up per character."""
FINGERPRINT_KEY = "#content"
"""Beside a pathway's kept answers, the fingerprint of what they were read against; no
question can have it as its linkId (lowercase letters, digits and '_')."""
FINGERPRINT_LENGTH = 12
"""Hex digits kept: a few bytes of the cookie, and two versions of a pathway never share one
by chance."""


@dataclass(frozen=True)
class Reading:
    """A step as read: the answers to keep, the values to put back in its inputs, and,
    per question shown, in page order, what is wrong."""

    answers: Answers
    values: dict[str, list[str]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def saved(cls, answers: Answers) -> Reading:
        """The inputs filled in with the answers as saved."""
        return cls(answers, {link_id: _as_sent(value) or [] for link_id, value in answers.items()})


def answer_choices(item: Item) -> list[tuple[str, str]]:
    """The code and the label of each answer a choice or yes/no question offers."""
    if item.type == "boolean":
        return [("yes", gettext("Yes")), ("no", gettext("No"))]
    return [(option.code, translate(option.display)) for option in item.answer_options]


def label_text(label: QuestionLabel) -> str:
    """A question as named away from its step: "Steroid cream: How did it go?"."""
    question = translate(label.item.text)
    if label.heading is None:
        return question
    # Translators: a question named after the group it belongs to, such as a treatment:
    # "Steroid cream or ointment: How long did you use it?".
    return gettext("%(heading)s: %(question)s", heading=translate(label.heading), question=question)


def read_step(
    step: Item, sent: Sent, other_answers: Answers, pathway: Pathway | None = None
) -> Reading:
    """Check a sent step against the other steps' answers.

    A question that is not shown (its ``enableWhen`` fails, given this step's and the other
    steps' answers and the ``pathway``'s variables) is never required and its answer is
    dropped. The SURE questions belong to no pathway and have no variables.
    """
    answers, values, problems = _read((step,), sent, other_answers, pathway)
    return Reading(answers, values, {link_id: problem() for link_id, problem in problems.items()})


def saved_answers(steps: Sequence[Item], stored: object, pathway: Pathway | None = None) -> Answers:
    """The answers kept in the session, re-read as if every step were sent again."""
    if not isinstance(stored, dict):
        return {}
    sent = {}
    for link_id, value in stored.items():
        values = _as_sent(value) if isinstance(link_id, str) else None
        if values is not None:
            sent[link_id] = values
    answers, _, _ = _read(steps, sent, {}, pathway)
    return answers


def reading_fingerprint(pathway: Pathway) -> str:
    """A digest of everything that decides what ``saved_answers`` makes of a pathway's
    answers: its questions and variables, the code that reads them (this package's source)
    and the Unicode tables Python reads text by. Worked out once, when the content loads."""
    questions = pathway.model_dump(mode="json", include={"steps", "variables"})
    content = json.dumps(questions, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(_code_digest() + content).hexdigest()[:FINGERPRINT_LENGTH]


@functools.cache
def _code_digest() -> bytes:
    """Every module of the package, so that a release that reads answers differently
    re-reads every cookie once, without anyone having to remember to say so."""
    package = Path(__file__).parent
    digest = hashlib.sha256(unicodedata.unidata_version.encode())
    for path in sorted(package.rglob("*.py")):
        data = path.read_bytes()
        digest.update(f"{path.relative_to(package).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.digest()


def answers_to_keep(pathway: Pathway, answers: Answers, fingerprint: str) -> dict[str, AnswerValue]:
    """What the session keeps of a pathway's answers as read (by ``kept_answers`` and
    ``read_step``): exactly what ``saved_answers`` would read of them, so only those to
    questions that are shown, in page order, and the ``fingerprint`` of the content they
    were read against (``reading_fingerprint``).

    Each of them already reads as itself, so rather than every step being parsed again,
    only the conditions are: the answers a change hides are dropped as ``_read`` drops them.
    """
    questions = [item for step in pathway.steps for item in step.subtree if item.is_question]
    given = {item.link_id: answers[item.link_id] for item in questions if item.link_id in answers}
    shown = _shown_questions(pathway.steps, given, {item.link_id for item in questions}, pathway)
    kept = {item.link_id: given[item.link_id] for item in shown if item.link_id in given}
    return {**kept, FINGERPRINT_KEY: fingerprint}


def kept_answers(pathway: Pathway, stored: object, fingerprint: str) -> Answers:
    """A pathway's answers in the session: as they are, if ``answers_to_keep`` read them
    against this ``fingerprint`` (reading them again would give the same); otherwise, from
    an older release or other content, re-read by ``saved_answers``.

    Only this server seals the cookie, so a matching fingerprint was written here."""
    if isinstance(stored, dict) and stored.get(FINGERPRINT_KEY) == fingerprint:
        # Lists copied, as a re-reading makes new ones: nothing can change the session.
        return {
            link_id: list(value) if isinstance(value, list) else value
            for link_id, value in stored.items()
            if link_id != FINGERPRINT_KEY
        }
    return saved_answers(pathway.steps, stored, pathway)


def _as_sent(value: object) -> list[str] | None:
    """A saved answer as its form would send it, or None if no form could have sent it."""
    if isinstance(value, bool):
        return ["yes" if value else "no"]
    if isinstance(value, int | str):
        return [str(value)]
    if isinstance(value, list) and all(isinstance(each, str) for each in value):
        return value
    return None


def _read(
    steps: Sequence[Item], sent: Sent, other_answers: Answers, pathway: Pathway | None
) -> tuple[Answers, dict[str, list[str]], dict[str, Problem]]:
    """The answers to keep, the values to put back, and the problems of the questions
    shown, in page order."""
    questions = [item for step in steps for item in step.subtree if item.is_question]
    values = {item.link_id: _cleaned(item, sent.get(item.link_id, [])) for item in questions}
    parsed = {item.link_id: _parse(item, values[item.link_id]) for item in questions}
    # An answer that does not read counts as no answer for the conditions, as in the
    # browser (tests/fixtures/conditions.json holds both to that).
    given = {**other_answers, **{k: value for k, (value, _) in parsed.items() if value is not None}}
    shown = _shown_questions(steps, given, parsed.keys(), pathway)
    answers: Answers = {}
    problems: dict[str, Problem] = {}
    for item in shown:
        value, problem = parsed[item.link_id]
        if problem:
            problems[item.link_id] = problem
        elif value is not None:
            answers[item.link_id] = value
    return answers, {k: v for k, v in values.items() if v}, problems


def _shown_questions(
    steps: Sequence[Item], given: Answers, read: Collection[str], pathway: Pathway | None
) -> list[Item]:
    """The questions of ``steps`` that are shown, given the answers, in page order.

    An answer to a question that is not shown counts as none (those of ``read``, the
    questions being read; the others stay as given); dropping it can hide another
    question, so this repeats until nothing changes, as the browser does."""
    for _ in range(len(read) + 1):
        variables = evaluate_variables(pathway, given) if pathway is not None else {}
        shown = [
            item
            for step in steps
            for item in shown_items(step.items, given, variables)
            if item.is_question
        ]
        shown_ids = {item.link_id for item in shown}
        narrowed = {k: v for k, v in given.items() if k not in read or k in shown_ids}
        # Only ever fewer answers, each as it was: the same number is the same answers.
        if len(narrowed) == len(given):
            break
        given = narrowed
    return shown


def _cleaned(item: Item, values: list[str]) -> list[str]:
    """The values given, without the empty ones; typed text without spaces around it."""
    if item.type in ("string", "integer"):
        values = [value.strip() for value in values]
    return [value for value in values if value]


def _parse(item: Item, values: list[str]) -> tuple[AnswerValue | None, Problem | None]:
    """Turn the values given for one question into its answer, or explain in plain words
    what is wrong."""
    if not values:
        if not item.required:
            return None, None
        if item.repeats:
            return None, lambda: gettext("Tick at least one answer.")
        if item.type in ("string", "integer"):
            return None, lambda: gettext("Enter an answer.")
        return None, lambda: gettext("Choose an answer.")
    if item.type == "choice":
        return _parse_choice(item, values)
    if len(values) > 1:
        if item.type == "boolean":
            return None, lambda: gettext("Choose one of the answers shown.")
        return None, lambda: gettext("Enter one answer.")
    value = values[0]
    if item.type == "boolean":
        if value not in BOOLEAN_CODES:
            return None, lambda: gettext("Choose one of the answers shown.")
        return BOOLEAN_CODES[value], None
    if item.type == "integer":
        return _parse_integer(item, value)
    if item.max_length is not None and len(value) > item.max_length:
        return None, lambda: ngettext(
            "Use %(num)d character or fewer.", "Use %(num)d characters or fewer.", item.max_length
        )
    if not _is_plain_text(value):
        return None, lambda: gettext("Use letters, numbers and punctuation only.")
    return value, None


def _is_plain_text(value: str) -> bool:
    """Whether typed text holds only what prints as itself: no control character (C0, DEL,
    C1) and no bidi embedding or override.

    Free text is the person's own words, printed on the sheet for a clinician. An override
    reverses whatever it covers, so "Price <RLO>0004<PDF>" prints as "Price 4000"; the
    embeddings are the older controls that isolates replace (Unicode's UAX #9), and can
    reorder the text around the answer. The isolates (U+2066-U+2069) and the marks (LRM,
    RLM, ALM) stay: someone writing in Arabic or Hebrew may paste them to keep a name or
    a number in its own direction, and they never reverse the characters themselves.
    """
    return NOT_PLAIN.search(value) is None


def _parse_choice(item: Item, codes: list[str]) -> tuple[AnswerValue | None, Problem | None]:
    by_code = item.options_by_code
    options = [by_code.get(code) for code in codes]
    # "is None", not "None in": that would compare every option with None, field by field.
    unknown = any(option is None for option in options)
    if len(set(codes)) != len(codes) or (not item.repeats and len(codes) > 1) or unknown:
        return None, lambda: gettext("Choose one of the answers shown.")
    if item.max_answers is not None and len(codes) > item.max_answers:
        return None, lambda: ngettext(
            "Choose up to %(num)d answer.", "Choose up to %(num)d answers.", item.max_answers
        )
    exclusive = [option for option in options if option.exclusive]
    if exclusive and len(codes) > 1:
        return None, lambda: gettext(
            "“%(answer)s” cannot be ticked together with other answers.",
            answer=translate(exclusive[0].display),
        )
    return (list(codes) if item.repeats else codes[0]), None


def _parse_integer(item: Item, value: str) -> tuple[int | None, Problem | None]:
    low = item.min_value if item.min_value is not None else 0
    high = item.max_value if item.max_value is not None else 10**6
    # Leading zeros are fine; more digits than the highest number allowed never are (and
    # Python refuses to convert thousands of them).
    digits = value.lstrip("0") or "0"
    if not value.isdecimal() or len(digits) > len(str(high)) or not low <= int(digits) <= high:
        return None, lambda: gettext(
            "Enter a whole number from %(low)s to %(high)s.", low=low, high=high
        )
    return int(digits), None
