"""PDFs cannot starve the site: renders run in processes of their own, a bounded number
at once, each with a time limit, and each client may ask for only so many."""

from __future__ import annotations

import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator

import pytest
from flask import Flask

from tests.conftest import Patient, make_app, page

BUSY = "Many people are making their PDF right now"


def _patient_with_a_sheet(app: Flask, pathway: str = "stem-cells") -> Patient:
    patient = Patient(app.test_client())
    patient.complete(pathway)
    return patient


def _wait_until(condition, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_pdf_is_rendered_outside_the_web_worker(app: Flask) -> None:
    patient = _patient_with_a_sheet(app)
    assert patient.client.get("/en/stem-cells/sheet.pdf").data.startswith(b"%PDF")
    renderers = [r for r in app.extensions["pdf_renderer"]._idle if r is not None]
    assert renderers and all(r.process.is_alive() for r in renderers)


def test_a_request_beyond_the_bound_gets_a_503_with_retry_after() -> None:
    app = make_app(PDF_RENDERERS=1, PDF_QUEUE=0)
    pool = app.extensions["pdf_renderer"]
    first, second = _patient_with_a_sheet(app), _patient_with_a_sheet(app)
    results = {}
    # The details take seconds to lay out the first time: long enough to be busy.
    slow = threading.Thread(
        target=lambda: results.update(
            first=first.client.get("/en/stem-cells/sheet.pdf?details=all").status_code
        )
    )
    slow.start()
    _wait_until(lambda: not pool._idle)
    response = second.client.get("/en/stem-cells/sheet.pdf")
    slow.join()

    assert results["first"] == 200
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    html = page(response)
    assert BUSY in html and "Your answers are still in your browser" in html
    assert 'href="/en/stem-cells/sheet"' in html  # back to the sheet, answers kept
    assert second.client.get("/en/stem-cells/sheet.pdf").status_code == 200  # later, it works


def test_a_render_over_its_time_limit_is_stopped_with_a_503() -> None:
    app = make_app(PDF_TIME_LIMIT_SECONDS=1)
    patient = _patient_with_a_sheet(app, "psoriasis")
    # Laying out the details takes several seconds: more than the limit.
    response = patient.client.get("/en/psoriasis/sheet.pdf?details=all")
    assert response.status_code == 503
    assert "Retry-After" in response.headers
    assert BUSY in page(response)
    # The renderer stopped the render itself and is still there for the next one.
    (renderer,) = app.extensions["pdf_renderer"]._idle
    assert renderer is not None and renderer.process.is_alive()


def test_a_client_asking_for_too_many_pdfs_gets_a_429_in_their_language() -> None:
    app = make_app(PDF_RATE_LIMIT="2 per minute", PROXIES=1)
    patient = _patient_with_a_sheet(app)
    someone = {"X-Forwarded-For": "198.51.100.7"}
    for remaining in ("1", "0"):
        response = patient.client.get("/en/stem-cells/sheet.pdf", headers=someone)
        assert response.status_code == 200
        assert response.headers["X-RateLimit-Limit"] == "2"
        assert response.headers["X-RateLimit-Remaining"] == remaining
        assert int(response.headers["X-RateLimit-Reset"]) > time.time()
    response = patient.client.get("/en/stem-cells/sheet.pdf", headers=someone)
    assert response.status_code == 429
    assert response.headers["X-RateLimit-Remaining"] == "0"
    assert int(response.headers["Retry-After"]) > 0
    assert "You have asked for many PDFs in a short time" in page(response)
    assert '<html lang="en"' in page(response)
    # Another client (another address, as the proxy reports it) is not held back,
    # and the pages stay open to the first.
    other = {"X-Forwarded-For": "203.0.113.9"}
    assert patient.client.get("/en/stem-cells/sheet.pdf", headers=other).status_code == 200
    assert patient.client.get("/en/stem-cells/sheet", headers=someone).status_code == 200


def test_other_pages_never_meet_the_limiter() -> None:
    """Only the PDF is limited: no other response counts, or says anything about limits."""
    app = make_app(PDF_RATE_LIMIT="1 per minute")
    patient = _patient_with_a_sheet(app)
    for path in ("/en/stem-cells/sheet", "/en/", "/en/nothing/", "/static/css/screen.css"):
        with patient.client.get(path) as response:  # closes a static file
            assert not [name for name, _ in response.headers if "ratelimit" in name.lower()]
            assert "Retry-After" not in response.headers
    response = patient.client.get("/en/stem-cells/sheet.pdf")
    assert response.status_code == 200
    assert response.headers["X-RateLimit-Remaining"] == "0"


def test_limits_on_every_endpoint_are_refused() -> None:
    with pytest.raises(ValueError, match="RATELIMIT_DEFAULT"):
        make_app(RATELIMIT_DEFAULT="100 per minute")


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Redis server on a free loopback port, for this module only."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is missing: run scripts/setup.sh test")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    try:
        _wait_until(lambda: _answers(port), seconds=10)
        yield f"redis://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def test_with_redis_every_instance_counts_the_same_limit(redis_url: str) -> None:
    """Two apps, as two instances behind a load balancer, share one count per client."""
    settings = {"PDF_RATE_LIMIT": "3 per minute", "PROXIES": 1, "RATELIMIT_STORAGE_URI": redis_url}
    first, second = make_app(**settings), make_app(**settings)
    client = {"X-Forwarded-For": "192.0.2.44"}
    statuses = []
    for app in (first, second, first, second):
        patient = _patient_with_a_sheet(app)
        statuses.append(patient.client.get("/en/stem-cells/sheet.pdf", headers=client).status_code)
    assert statuses == [200, 200, 200, 429]
