"""Settings for real use: how the environment is read, what production refuses, HTTPS,
host names and proxies."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from flask import Flask

from decisionaid import create_app
from decisionaid.config import ConfigError, from_environment
from tests.conftest import FIXTURE_CONTENT, Patient, make_app, page

PROJECT = Path(__file__).parent.parent
GOOD_KEY = "k" * 40


@pytest.mark.parametrize("spelling", ["true", "True", "YES", "on", "1", " y "])
def test_every_usual_spelling_of_true_reads_as_true(spelling: str) -> None:
    assert from_environment({"DECISIONAID_HTTPS": spelling}) == {"HTTPS": True}


@pytest.mark.parametrize("spelling", ["false", "False", "no", "OFF", "0", ""])
def test_every_usual_spelling_of_false_reads_as_false(spelling: str) -> None:
    assert from_environment({"DECISIONAID_HTTPS": spelling}) == {"HTTPS": False}


def test_a_setting_that_does_not_read_is_named_with_its_value() -> None:
    with pytest.raises(ConfigError, match=r"DECISIONAID_HTTPS='maybe' does not read"):
        from_environment({"DECISIONAID_HTTPS": "maybe"})
    with pytest.raises(ConfigError, match="DECISIONAID_PROXIES"):
        from_environment({"DECISIONAID_PROXIES": "-1"})


def test_a_misspelt_setting_is_refused_rather_than_ignored() -> None:
    with pytest.raises(ConfigError, match="DECISIONAID_SECRETKEY is not a setting"):
        from_environment({"DECISIONAID_SECRETKEY": GOOD_KEY})


def test_a_key_of_digits_or_words_stays_the_text_it_is() -> None:
    """Read as JSON, these became a number, false or a list, and every page failed."""
    for key in ("20251201", "1e3", "false", "[1, 2]", "0"):
        assert from_environment({"DECISIONAID_SECRET_KEY": key}) == {"SECRET_KEY": key}


def test_lists_read_with_commas_spaces_or_as_json() -> None:
    for text in ("a.example, b.example", "a.example b.example", '["a.example", "b.example"]'):
        hosts = from_environment({"DECISIONAID_TRUSTED_HOSTS": text})["TRUSTED_HOSTS"]
        assert hosts == ("a.example", "b.example")


def _production(**settings: object) -> Flask:
    return create_app(
        {"PRODUCTION": True, "TRUSTED_HOSTS": ["localhost"], "SECRET_KEY": GOOD_KEY, **settings}
    )


def test_production_refuses_a_missing_short_or_odd_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DECISIONAID_SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="set DECISIONAID_SECRET_KEY"):
        create_app({"PRODUCTION": True, "TRUSTED_HOSTS": ["localhost"]})
    with pytest.raises(ConfigError, match="at least 32 characters"):
        _production(SECRET_KEY="short")
    with pytest.raises(ConfigError, match="at least 32 characters"):
        _production(SECRET_KEY_FALLBACKS=["old"])
    for odd in (20251201, ["a"], b"bytes" * 10, ""):
        with pytest.raises(ConfigError, match="non-empty strings"):
            _production(SECRET_KEY=odd)


def test_production_asks_for_the_host_names() -> None:
    with pytest.raises(ConfigError, match="DECISIONAID_TRUSTED_HOSTS"):
        _production(TRUSTED_HOSTS=None)


def _start_up(**environment: str) -> subprocess.CompletedProcess:
    """Start the app as gunicorn does (import wsgi), with only these settings."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DECISIONAID_")}
    return subprocess.run(
        [sys.executable, "-c", "import wsgi"],
        cwd=PROJECT,
        env={**clean, **environment},
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_bad_setting_stops_start_up_with_a_message_not_a_traceback() -> None:
    started = _start_up(DECISIONAID_PRODUCTION="yes", DECISIONAID_SECRET_KEY="short")
    assert started.returncode != 0
    assert "decisionaid: a setting is wrong:" in started.stderr
    assert "at least 32 characters" in started.stderr
    assert "Traceback" not in started.stderr


def test_production_starts_with_good_settings() -> None:
    started = _start_up(
        DECISIONAID_PRODUCTION="on",
        DECISIONAID_SECRET_KEY=GOOD_KEY,
        DECISIONAID_TRUSTED_HOSTS="decisionaid.example",
    )
    assert started.returncode == 0, started.stderr


def test_over_https_the_headers_ask_for_https_and_the_cookie_is_host_only() -> None:
    app = make_app(HTTPS=True)
    client = app.test_client()
    response = client.get("https://localhost/en/vitiligo/about_you")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "camera=()" in response.headers["Permissions-Policy"]
    cookie = client.get_cookie("__Host-decisionaid")
    assert cookie is not None
    assert (
        cookie.secure
        and cookie.http_only
        and cookie.path == "/"
        and cookie.domain
        in (
            "localhost",
            "localhost.local",
        )
    )
    assert "Domain=" not in response.headers["Set-Cookie"]


def test_production_means_https_unless_told_otherwise() -> None:
    assert _production().config["SESSION_COOKIE_NAME"] == "__Host-decisionaid"
    assert _production(HTTPS=False).config["SESSION_COOKIE_SECURE"] is False


def test_over_plain_http_there_is_no_hsts_but_features_stay_off(app: Flask) -> None:
    response = app.test_client().get("/en/")
    assert "Strict-Transport-Security" not in response.headers
    assert "Permissions-Policy" in response.headers


SECURITY_HEADERS = [
    (
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    (
        "Permissions-Policy",
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=()",
    ),
    ("Cross-Origin-Opener-Policy", "same-origin"),
]
HSTS = ("Strict-Transport-Security", "max-age=31536000")


@pytest.mark.parametrize("https", [False, True], ids=["http", "https"])
def test_a_static_file_a_page_and_an_error_page_carry_the_same_security_headers(
    https: bool,
) -> None:
    client = make_app(HTTPS=https).test_client()
    base = "https://localhost" if https else "http://localhost"
    expected = SECURITY_HEADERS + ([HSTS] if https else [])
    names = {name.lower() for name, _ in expected}
    for path in ("/static/css/screen.css", "/en/vitiligo/", "/en/nothing/"):
        with client.get(base + path) as response:  # closes the static file
            sent = [(name, value) for name, value in response.headers if name.lower() in names]
        assert sent == expected, path


def test_only_the_configured_host_names_are_answered() -> None:
    client = make_app(TRUSTED_HOSTS=["decisionaid.example"]).test_client()
    assert client.get("/en/", headers={"Host": "decisionaid.example"}).status_code == 200
    response = client.get("/en/", headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "evil.example" not in response.get_data(as_text=True)


def test_behind_a_proxy_its_scheme_and_host_are_believed() -> None:
    """Behind nginx, a request is HTTPS because the proxy says so; the form's check then
    wants the page's own https:// address as Referer (which Referrer-Policy: same-origin
    lets the browser send), and a host name the proxy passes on is checked too."""
    app = make_app(
        CONTENT_DIR=str(FIXTURE_CONTENT), PROXIES=1, HTTPS=True, TRUSTED_HOSTS=["site.example"]
    )
    patient = Patient(app.test_client())
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "site.example"}
    token = re.search(
        r'name="csrf_token" value="([^"]+)"',
        page(patient.client.get("http://127.0.0.1/en/mini/about", headers=forwarded)),
    ).group(1)
    answer = {"csrf_token": token, "age": "adult", "pregnant": "no"}

    def post(headers: dict) -> int:
        return patient.client.post(
            "http://127.0.0.1/en/mini/about", data=answer, headers={**forwarded, **headers}
        ).status_code

    assert post({}) == 400  # HTTPS without a Referer
    assert post({"Referer": "https://site.example/en/mini/about"}) == 302
    assert post({"X-Forwarded-Host": "evil.example"}) == 400


def test_the_key_file_is_made_once_and_shared(tmp_path: Path) -> None:
    from decisionaid.config import secret_key

    first = secret_key(tmp_path)
    assert len(first) == 64
    assert secret_key(tmp_path) == first
    assert [path.name for path in tmp_path.iterdir()] == ["secret_key"]


def test_gunicorn_stops_on_a_bad_setting_instead_of_restarting_workers() -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DECISIONAID_")}
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "--bind", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=PROJECT,
        env={**clean, "DECISIONAID_PRODUCTION": "true"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert started.returncode != 0
    assert "set DECISIONAID_SECRET_KEY" in started.stderr
