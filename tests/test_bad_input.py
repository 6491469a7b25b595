"""Nothing a browser can send causes a 500: bad requests get a clear 4xx page."""

from __future__ import annotations

import random

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict

from decisionaid.sample_patients import NOT_SURE_AND_READY
from tests.conftest import Patient, page


@pytest.mark.parametrize(
    "path",
    ["/en/nothing/", "/en/mini/nothing", "/xx/mini/", "/en/mini/about/extra", "/favicon.ico"],
)
def test_unknown_pages_are_a_404_page(mini_app: Flask, path: str) -> None:
    response = mini_app.test_client().get(path)
    assert response.status_code == 404
    assert "We could not find this page" in page(response)
    assert '<html lang="en"' in page(response)


def test_a_post_without_the_csrf_token_is_refused(mini_app: Flask) -> None:
    response = mini_app.test_client().post("/en/mini/about", data={"age": "adult"})
    assert response.status_code == 400
    assert "reload the page and try again" in page(response)


def test_a_forged_csrf_token_is_refused(mini_patient: Patient) -> None:
    mini_patient.token("/en/mini/about")
    response = mini_patient.client.post(
        "/en/mini/about", data={"csrf_token": "forged", "age": "adult"}
    )
    assert response.status_code == 400


def test_an_oversized_request_is_refused(mini_patient: Patient) -> None:
    response = mini_patient.answer("mini", "about", {"age": "adult", "padding": "x" * 100_000})
    assert response.status_code == 413
    assert "too large" in page(response)


def test_nul_bytes_are_refused(mini_patient: Patient) -> None:
    response = mini_patient.answer("mini", "about", {"age": "adu\x00lt"})
    assert response.status_code == 400
    assert mini_patient.client.get("/en/mini/about?x=%00").status_code == 400


@pytest.mark.parametrize("path", ["/en/mini/ab%00out", "/static/css/scr%00een.css"])
def test_a_nul_byte_in_the_path_alone_is_refused(mini_app: Flask, path: str) -> None:
    """No query string and no body: the check that reads neither still sees the path."""
    response = mini_app.test_client().get(path)
    assert response.status_code == 400
    assert "Something in the request was not right" in page(response)


def test_a_nul_byte_in_any_value_of_a_field_is_refused(mini_patient: Patient) -> None:
    mini_patient.answer("mini", "about", {"age": "adult", "pregnant": "no"})
    response = mini_patient.answer(
        "mini", "tried_step", {"tried": ["light", "cre\x00am"], "goal_quick": "not"}
    )
    assert response.status_code == 400
    assert "Something in the request was not right" in page(response)


@pytest.mark.parametrize("with_token", [True, False], ids=["token", "no-token"])
def test_a_multipart_part_without_a_name_is_refused(
    mini_patient: Patient, with_token: bool
) -> None:
    """Werkzeug names a part whose name it cannot read (here a carriage return) None;
    without a token, Flask-WTF's search for one then raised (found by tests/test_fuzz.py)."""
    token = mini_patient.token("/en/mini/about")
    data = {"age": "adult", "pregnant": "no", "\r": "x"}
    if with_token:
        data["csrf_token"] = token
    response = mini_patient.client.post(
        "/en/mini/about", data=data, content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert "Something in the request was not right" in page(response)


def test_a_body_that_is_not_utf8_gets_the_bad_request_page(mini_patient: Patient) -> None:
    """Not the message about an expired page: the token was fine, the bytes were not."""
    token = mini_patient.token("/en/mini/about")
    response = mini_patient.client.post(
        "/en/mini/about",
        data=f"csrf_token={token}&age=adult".encode() + b"\xff",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "Something in the request was not right" in page(response)
    assert "reload the page" not in page(response)


def test_a_query_string_that_is_not_utf8_gets_the_bad_request_page(mini_app: Flask) -> None:
    # A WSGI server hands the raw bytes over as latin-1; the test client's builder would
    # percent-encode them.
    response = mini_app.test_client().get("/en/mini/", environ_overrides={"QUERY_STRING": "x=\xff"})
    assert response.status_code == 400
    assert "Something in the request was not right" in page(response)


def test_a_forged_session_cookie_counts_as_no_answers(mini_app: Flask) -> None:
    client = mini_app.test_client()
    client.set_cookie("decisionaid", "eyJhbnN3ZXJzIjp7Im1pbmkiOnt9fX0.forged.signature")
    response = client.get("/en/mini/review")
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/mini/about"


def test_a_wrong_method_is_a_405_page(mini_app: Flask) -> None:
    response = mini_app.test_client().put("/en/mini/review")
    assert response.status_code == 405
    assert "cannot be used that way" in page(response)


def test_an_unknown_paper_size_is_refused(mini_patient: Patient) -> None:
    mini_patient.answer("mini", "about", {"age": "child"})
    mini_patient.answer("mini", "tried_step", {"tried": ["none"], "goal_quick": "not"})
    mini_patient.stand("mini", NOT_SURE_AND_READY)
    assert mini_patient.client.get("/en/mini/sheet.pdf?paper=a3").status_code == 400
    assert mini_patient.client.get("/en/mini/sheet.pdf?details=some").status_code == 400


def test_random_form_data_never_causes_a_server_error(mini_patient: Patient) -> None:
    """Throw random field names, repeated fields and odd values at every step."""
    chooser = random.Random(20261121)  # fixed seed: a failure can be replayed
    values = [
        "",
        "adult",
        "child",
        "none",
        "cream",
        "yes",
        "x" * 30,
        "<script>",
        "ü",
        "-1",
        "%(x)s",
        "{}",
        "[]",
        "null",
        " ",
    ]
    names = ["age", "pregnant", "tried", "cream_outcome", "note", "goal_quick", "csrf", "x"]
    for _ in range(150):
        step = chooser.choice(["about", "tried_step"])
        data = [
            (chooser.choice(names), chooser.choice(values)) for _ in range(chooser.randint(0, 6))
        ]
        path = f"/en/mini/{step}"
        token = mini_patient.token("/en/mini/about") if chooser.random() < 0.9 else "forged"
        form = MultiDict([("csrf_token", token), *data])
        response = mini_patient.client.post(path, data=form)
        assert response.status_code in (200, 302, 400), (data, response.status_code)
    for path in ("/en/mini/review", "/en/mini/sheet", "/en/mini/sheet.pdf?paper=a4"):
        assert mini_patient.client.get(path).status_code in (200, 302)
