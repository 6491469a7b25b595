"""The answers in the browser's cookie: unreadable without the key, compressed, never
larger than a browser keeps, cleared by "Start over", renewed only by the app's pages."""

from __future__ import annotations

import base64
import datetime
import random
import time
import zlib

import pytest
from flask import Flask

from decisionaid.sample_patients import PATIENTS
from decisionaid.session import BROWSER_COOKIE_LIMIT
from tests.conftest import FIXTURE_CONTENT, Patient, broken_copy, make_app, page

COOKIE = "decisionaid"


def _cookie(patient: Patient) -> str:
    return patient.client.get_cookie(COOKIE).value


def test_no_one_without_the_key_can_read_the_answers(patient: Patient) -> None:
    patient.complete("psoriasis")
    value = _cookie(patient)
    raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    assert b"18_plus" not in raw and b"Adalimumab" not in raw
    for start in range(len(raw)):  # nor once inflated, as a signed cookie could be
        try:
            inflated = zlib.decompressobj().decompress(raw[start:])
        except zlib.error:
            continue
        assert b"18_plus" not in inflated
    # With another key, the cookie opens nothing: the person starts afresh.
    other = make_app(SECRET_KEY="another-secret").test_client()
    other.set_cookie(COOKIE, value)
    assert other.get("/en/psoriasis/review").headers["Location"] == "/en/psoriasis/about_you"


def test_a_changed_cookie_counts_as_no_answers(patient: Patient) -> None:
    patient.complete("vitiligo")
    value = _cookie(patient)
    for position in (2, len(value) // 2, len(value) - 2):
        changed = (
            value[:position] + ("A" if value[position] != "A" else "B") + value[position + 1 :]
        )
        patient.client.set_cookie(COOKIE, changed)
        response = patient.client.get("/en/vitiligo/review")
        assert response.headers["Location"] == "/en/vitiligo/about_you"


def test_a_rotated_key_still_opens_the_cookies_of_the_old_one(app: Flask) -> None:
    patient = Patient(app.test_client())
    patient.complete("vitiligo")
    rotated = make_app(SECRET_KEY="the-new-secret", SECRET_KEY_FALLBACKS=["test-secret"])
    client = rotated.test_client()
    client.set_cookie(COOKIE, _cookie(patient))
    assert client.get("/en/vitiligo/review").status_code == 200
    # The page seals the cookie anew with the new key, which the old app cannot open.
    renewed = client.get_cookie(COOKIE).value
    assert renewed != _cookie(patient)
    stale = app.test_client()
    stale.set_cookie(COOKIE, renewed)
    assert stale.get("/en/vitiligo/review").status_code == 302


def test_the_cookie_ends_with_the_browser_and_expires_on_the_server() -> None:
    app = make_app(
        CONTENT_DIR=str(FIXTURE_CONTENT), PERMANENT_SESSION_LIFETIME=datetime.timedelta(seconds=1)
    )
    patient = Patient(app.test_client())
    response = patient.answer("mini", "about", {"age": "adult", "pregnant": "no"})
    set_cookie = response.headers["Set-Cookie"]
    assert "Expires=" not in set_cookie and "Max-Age=" not in set_cookie
    time.sleep(1.5)
    assert patient.client.get("/en/mini/tried_step").headers["Location"] == "/en/mini/about"


def test_static_files_never_carry_or_renew_the_cookie(patient: Patient) -> None:
    patient.answer("vitiligo", "about_you", PATIENTS["vitiligo"]["about_you"])
    with patient.client.get("/static/css/screen.css") as static:
        assert static.status_code == 200
        assert "Set-Cookie" not in static.headers
    # A page of the app is use, and seals the cookie again (a new nonce, a new time).
    before = _cookie(patient)
    assert "Set-Cookie" in patient.client.get("/en/vitiligo/your_vitiligo").headers
    assert _cookie(patient) != before


def test_start_over_clears_every_pathway(patient: Patient) -> None:
    patient.complete("vitiligo")
    patient.answer("psoriasis", "about_you", PATIENTS["psoriasis"]["about_you"])
    copied = _cookie(patient)

    response = patient.post("/en/vitiligo/start-over", from_page="/en/vitiligo/")

    assert response.headers["Location"] == "/en/vitiligo/"
    assert f"{COOKIE}=;" in response.headers["Set-Cookie"]  # the browser deletes it
    for pathway in ("vitiligo", "psoriasis"):
        assert "Continue where you left off" not in page(patient.client.get(f"/en/{pathway}/"))
    # What a copy of the old cookie can still do (the README says so): open the answers,
    # until 3 hours after it was last used. The server keeps nothing it could revoke.
    patient.client.set_cookie(COOKIE, copied)
    assert patient.client.get("/en/vitiligo/sheet").status_code == 200


def test_start_over_cannot_be_opened_as_a_page(patient: Patient) -> None:
    response = patient.client.get("/en/vitiligo/start-over")
    assert response.status_code == 405
    assert "cannot be used that way" in page(response)


@pytest.mark.parametrize(
    "odd",
    [
        {"answers": []},
        {"answers": "x"},
        {"stand": {"a": "x"}},
        {"answers": {"vitiligo": {"age": {"x": 1}}}},
        ["a"],
        "x",
        {"unknown": 1},
        {"csrf_token": 5},
    ],
)
def test_a_sealed_cookie_of_another_shape_starts_afresh_with_a_message(
    app: Flask, odd: object
) -> None:
    """Only the key can seal a cookie, but an older release may have written another
    shape: the person is told, and starts again, instead of meeting an error."""
    client = app.test_client()
    with app.test_request_context():
        client.set_cookie(COOKIE, app.session_interface.seal(app, odd))
    response = client.get("/en/vitiligo/")
    assert response.status_code == 200
    assert "we have started again" in page(response)
    assert "Continue where you left off" not in page(response)
    # The odd cookie is replaced: the next page has no message.
    assert "we have started again" not in page(client.get("/en/vitiligo/"))
    for path in ("/en/vitiligo/review", "/en/vitiligo/sheet", "/en/vitiligo/sheet.pdf"):
        client.set_cookie(COOKIE, _seal(app, odd))
        assert client.get(path).status_code == 302


def _seal(app: Flask, data: object) -> str:
    with app.test_request_context():
        return app.session_interface.seal(app, data)


def _largest_answer(item, rng: random.Random) -> object:
    """The answer that takes the most room: every box that can be ticked together, the
    longest code, the largest number, and text at its full length in characters that
    take 4 bytes each and do not compress."""
    if item.type == "choice" and item.repeats:
        codes = [option.code for option in item.answer_options if not option.exclusive]
        return codes[: item.max_answers] if item.max_answers else codes
    if item.type == "choice":
        return max((option.code for option in item.answer_options), key=len)
    if item.type == "boolean":
        return True
    if item.type == "integer":
        return item.max_value
    return "".join(chr(rng.randrange(0x10000, 0x10FFFF)) for _ in range(item.max_length))


def test_the_largest_answers_fit_in_a_cookie_or_are_refused_with_a_message(app: Flask) -> None:
    """One person answers all three pathways, every step at its largest (every box that
    can be ticked, so every follow-up is shown, and all text at full length in 4-byte
    characters that do not compress). Each step is either kept in a cookie the browser
    can keep, or refused with the message: the browser would otherwise drop the cookie
    and send the person back to the same step, with no word why."""
    library = app.extensions["content"]
    patient = Patient(app.test_client())
    rng = random.Random(10)
    outcomes = []
    for pathway in library.pathways.values():
        for step in pathway.steps:
            questions = [item for item in step.walk() if item.is_question]
            answers = {item.link_id: _largest_answer(item, rng) for item in questions}
            sent = {
                k: ("yes" if v is True else str(v) if isinstance(v, int) else v)
                for k, v in answers.items()
            }
            response = patient.answer(pathway.id, step.link_id, sent)
            if response.status_code == 302:
                outcomes.append("kept")
            else:
                assert "Your answers are too long to keep in your browser" in page(response)
                outcomes.append("refused")
                break
            assert len(COOKIE) + len(_cookie(patient)) <= BROWSER_COOKIE_LIMIT
    assert "kept" in outcomes


def test_answers_too_large_for_a_cookie_are_refused_with_a_message(tmp_path) -> None:
    content = broken_copy(tmp_path, "maxLength: 20", "maxLength: 3000")
    app = make_app(CONTENT_DIR=str(content))
    patient = Patient(app.test_client())
    patient.answer("mini", "about", {"age": "child"})
    rng = random.Random(3)
    note = "".join(chr(rng.randrange(0x10000, 0x10FFFF)) for _ in range(1500))
    response = patient.answer(
        "mini", "tried_step", {"tried": ["none"], "goal_quick": "not", "note": note}
    )
    assert response.status_code == 200
    html = page(response)
    assert "Your answers are too long to keep in your browser" in html
    assert 'href="#note"' in html  # the summary links to what they wrote
    assert "checked" in html  # the other answers of the step are kept on the page
    # What was saved before is still there.
    assert "checked" in page(patient.client.get("/en/mini/about"))
    shorter = patient.answer(
        "mini", "tried_step", {"tried": ["none"], "goal_quick": "not", "note": note[:100]}
    )
    assert shorter.status_code == 302
