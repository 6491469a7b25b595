"""Simulated patients through whole pathways, PDF included, against gunicorn on loopback.

    .venv/bin/python bench/load.py [--patients N] [--rounds R] [--think S] [--ramp S]
                                   [--max-seconds S] [--short]

Each patient is a thread with its own cookies, connection and X-Forwarded-For address (so
per-client limits apply per patient, as behind nginx). It does ``--rounds`` pathways, in
turn (round-robin across patients): the intro, every step (GET, then POST its sample
answers from decisionaid/sample_patients.py), the review, "where you stand" (GET and
POST), the sheet, the sheet PDF and "start over". Before each answer and each click, a
patient reads for ``--think`` seconds on average (0.5 to 1.5 times it, at random; 0 for a
stress test, in which the patients only ever wait for the server), and patients start
spread over ``--ramp`` seconds, as people do not all arrive at once. The whole run is
bounded by ``--max-seconds``: each request's timeout is the time left. A 503 or 429 with
Retry-After is retried once after the wait it asks for (and counted apart); anything else
that is not 2xx or 3xx, a redirect elsewhere than the pathway's next page, a connection
error or a timeout fails the request, and the patient abandons that pathway. The baseline
is the goal itself: step pages answered in under 300 ms at the 95th percentile, no request
failed. Exits non-zero if a request failed or a pathway was cut off by the time bound."""

from __future__ import annotations

import argparse
import http.client
import random
import re
import statistics
import sys
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.gunicorn_server import descendants, machine, resident_kb, served_by_gunicorn
from decisionaid.sample_patients import NOT_SURE_AND_READY, PATIENTS

KINDS = (
    "intro",
    "step GET",
    "step POST",
    "review",
    "stand GET",
    "stand POST",
    "sheet",
    "PDF",
    "start-over",
)
STEP_KINDS = ("step GET", "step POST")
STEP_P95_GOAL_MS = 300
RETRY_STATUSES = (429, 503)
CSRF_TOKEN = re.compile(rb'name="csrf_token" value="([^"]+)"')
SHORT = {"patients": 4, "rounds": 1, "max_seconds": 60, "think": 0.5, "ramp": 2}


class RequestFailed(Exception):
    """A request that failed; ``reason`` is how it is counted."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class OutOfTime(Exception):
    """The run's time bound was reached before the next request."""


@dataclass
class Tally:
    """What every patient saw, shared by their threads."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)
    retries: Counter = field(default_factory=Counter)
    pathways_done: int = 0
    pathways_cut_off: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass
class Response:
    kind: str
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def token(self) -> bytes:
        match = CSRF_TOKEN.search(self.body)
        if not match:
            raise RequestFailed(f"{self.kind}: no CSRF token on the page")
        return match.group(1)

    def location(self) -> str:
        return urllib.parse.urlsplit(self.headers.get("Location", "")).path


class Patient:
    """One person's browser: a keep-alive connection, cookies and a client address."""

    def __init__(
        self, base_url: str, address: str, deadline: float, tally: Tally, think: float = 0
    ) -> None:
        self.netloc = urllib.parse.urlsplit(base_url).netloc
        self.think_seconds = think
        self.randomness = random.Random(address)  # noqa: S311 - pauses, the same in every run
        self.address = address
        self.deadline = deadline
        self.tally = tally
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def _time_left(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise OutOfTime
        return left

    def _send_once(self, kind: str, method: str, path: str, body: bytes | None) -> Response:
        """One attempt; a kept-alive connection the server has closed meanwhile is opened
        again once, as a browser does."""
        headers = {"X-Forwarded-For": self.address}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        reused = self.connection is not None
        try:
            return self._exchange(kind, method, path, body, headers)
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            self.close()
            if not reused:
                raise
            return self._exchange(kind, method, path, body, headers)

    def _exchange(
        self, kind: str, method: str, path: str, body: bytes | None, headers: dict
    ) -> Response:
        timeout = self._time_left()
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.netloc, timeout=timeout)
        elif self.connection.sock is not None:
            self.connection.sock.settimeout(timeout)
        self.connection.request(method, path, body=body, headers=headers)
        answer = self.connection.getresponse()
        response = Response(kind, answer.status, answer.headers, answer.read())
        if answer.will_close:
            self.close()
        self._keep_cookies(response.headers)
        return response

    def _keep_cookies(self, headers: http.client.HTTPMessage) -> None:
        for header in headers.get_all("Set-Cookie") or ():
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)

    def _timed(
        self, kind: str, method: str, path: str, body: bytes | None
    ) -> tuple[Response, float]:
        start = time.perf_counter()
        try:
            response = self._send_once(kind, method, path, body)
        except TimeoutError:
            raise RequestFailed(f"{kind}: timeout") from None
        except (OSError, http.client.HTTPException) as error:
            raise RequestFailed(f"{kind}: connection, {type(error).__name__}") from None
        return response, time.perf_counter() - start

    def request(self, kind: str, method: str, path: str, form: Mapping | None = None) -> Response:
        """A request, timed under ``kind``; a 503 or 429 with Retry-After is tried once
        more after the wait it asks for. Raises RequestFailed for anything else not 2xx/3xx."""
        body = urllib.parse.urlencode(form, doseq=True).encode() if form is not None else None
        response, seconds = self._timed(kind, method, path, body)
        wait = response.headers.get("Retry-After", "")
        if response.status in RETRY_STATUSES and wait.isdigit():
            with self.tally.lock:
                self.tally.retries[kind, response.status] += 1
            if int(wait) >= self._time_left():
                raise RequestFailed(f"{kind}: HTTP {response.status}, Retry-After beyond the bound")
            time.sleep(int(wait))
            response, seconds = self._timed(kind, method, path, body)
        if not 200 <= response.status < 400:
            raise RequestFailed(f"{kind}: HTTP {response.status}")
        with self.tally.lock:
            self.tally.latencies[kind].append(seconds)
        return response

    def think(self) -> None:
        """Read the page before answering or clicking (not counted in any latency)."""
        pause = self.think_seconds * self.randomness.uniform(0.5, 1.5)
        if pause >= self._time_left():
            raise OutOfTime
        time.sleep(pause)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def _expect_redirect(response: Response, path: str) -> None:
    if response.status != 302 or response.location() != path:
        raise RequestFailed(f"{response.kind}: not sent on to the next page ({response.status})")


def _with_token(response: Response, answers: Mapping) -> dict:
    return {"csrf_token": response.token(), **answers}


def through_pathway(patient: Patient, pathway: str) -> None:
    """The whole pathway, as its sample patient answers it, then "start over"."""
    base = f"/en/{pathway}/"
    patient.request("intro", "GET", base)
    steps = list(PATIENTS[pathway].items())
    for index, (step, answers) in enumerate(steps):
        page = patient.request("step GET", "GET", base + step)
        following = steps[index + 1][0] if index + 1 < len(steps) else "review"
        patient.think()
        posted = patient.request("step POST", "POST", base + step, _with_token(page, answers))
        _expect_redirect(posted, base + following)
    patient.request("review", "GET", base + "review")
    patient.think()
    page = patient.request("stand GET", "GET", base + "where-you-stand")
    patient.think()
    posted = patient.request(
        "stand POST", "POST", base + "where-you-stand", _with_token(page, NOT_SURE_AND_READY)
    )
    _expect_redirect(posted, base + "sheet")
    sheet = patient.request("sheet", "GET", base + "sheet")
    patient.think()
    pdf = patient.request("PDF", "GET", base + "sheet.pdf?paper=a4")
    if not pdf.body.startswith(b"%PDF"):
        raise RequestFailed("PDF: the response is not a PDF")
    patient.think()
    _expect_redirect(
        patient.request("start-over", "POST", base + "start-over", _with_token(sheet, {})), base
    )


def run_patient(
    number: int, base_url: str, arguments: argparse.Namespace, deadline: float, tally: Tally
) -> None:
    """One patient's rounds, after their turn to arrive; each pathway starts with a fresh
    browser (no cookies)."""
    time.sleep(arguments.ramp * number / max(arguments.patients, 1))
    pathways = list(PATIENTS)
    address = f"10.{number // 250}.{number % 250}.1"
    rounds = arguments.rounds
    for round_number in range(rounds):
        pathway = pathways[(number + round_number) % len(pathways)]
        patient = Patient(base_url, address, deadline, tally, arguments.think)
        try:
            through_pathway(patient, pathway)
        except RequestFailed as failure:
            with tally.lock:
                tally.errors[failure.reason] += 1
            continue
        except OutOfTime:
            with tally.lock:
                tally.pathways_cut_off += rounds - round_number
            return
        finally:
            patient.close()
        with tally.lock:
            tally.pathways_done += 1


def memory(master_pid: int) -> dict[int, tuple[str, int | None]]:
    """Each worker's and each PDF renderer's (a worker's child) resident memory, in kB."""
    labels = {1: "worker", 2: "renderer"}
    return {
        pid: (labels.get(depth, f"depth {depth}"), resident_kb(pid))
        for pid, depth in descendants(master_pid)
    }


def percentiles(seconds: list[float]) -> tuple[float, float, float, float]:
    """p50, p95, p99 and max, in ms."""
    ms = sorted(value * 1000 for value in seconds)
    if len(ms) == 1:
        return ms[0], ms[0], ms[0], ms[0]
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98], ms[-1]


def print_report(tally: Tally, wall: float, before: dict, after: dict, log: Path) -> None:
    """The figures, and whether the goal holds."""
    requests = sum(len(values) for values in tally.latencies.values())
    pdfs = len(tally.latencies["PDF"])
    print(
        f"{requests} requests in {wall:.1f} s: {requests / wall:.1f} req/s,"
        f" {pdfs / wall:.2f} PDFs/s; pathways done {tally.pathways_done},"
        f" cut off by the time bound {tally.pathways_cut_off}"
    )
    print(f"\n{'request':11} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for kind in KINDS:
        if tally.latencies[kind]:
            p50, p95, p99, top = percentiles(tally.latencies[kind])
            count = len(tally.latencies[kind])
            print(f"{kind:11} {count:6} {p50:8.0f} {p95:8.0f} {p99:8.0f} {top:8.0f}")
    failed = sum(tally.errors.values())
    print(f"\nFailed requests: {failed}")
    for reason, count in tally.errors.most_common():
        print(f"  {count:4}  {reason}")
    print(f"Retried after Retry-After (once each): {sum(tally.retries.values())}")
    for (kind, status), count in sorted(tally.retries.items()):
        print(f"  {count:4}  {kind}, HTTP {status}")
    print("\nResident memory (kB), before -> after:")
    for pid in sorted(before.keys() | after.keys()):
        label = (before.get(pid) or after.get(pid))[0]
        start = before.get(pid, ("", None))[1]
        end = after.get(pid, ("", None))[1]
        print(f"  {label:8} {pid:7}  {start or 'not yet':>9} -> {end or 'ended':>9}")
    logged = [line for line in log.read_text().splitlines() if "[ERROR]" in line or "CRIT" in line]
    print(f"gunicorn logged {len(logged)} errors" + (":" if logged else "."))
    for line in logged[:10]:
        print(f"  {line}")
    step_p95 = {kind: percentiles(tally.latencies[kind])[1] for kind in STEP_KINDS}
    holds = failed == 0 and all(p95 < STEP_P95_GOAL_MS for p95 in step_p95.values())
    figures = ", ".join(f"{kind} p95 {p95:.0f} ms" for kind, p95 in step_p95.items())
    print(
        f"\nGoal, step page p95 under {STEP_P95_GOAL_MS} ms and no request failed:"
        f" {'holds' if holds else 'does NOT hold'} ({figures}, {failed} failed)"
    )


def parsed_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--patients", type=int, default=10, help="concurrent (default 10)")
    parser.add_argument("--rounds", type=int, default=1, help="pathways each (default 1)")
    parser.add_argument(
        "--think", type=float, default=2, help="seconds to read a page, on average (default 2)"
    )
    parser.add_argument(
        "--ramp", type=float, default=10, help="seconds over which patients arrive (default 10)"
    )
    parser.add_argument("--max-seconds", type=float, default=120, help="bound (default 120)")
    parser.add_argument(
        "--short",
        action="store_true",
        help="{patients} patients, {rounds} round, {think} s to think, {max_seconds} s"
        " (for CI)".format(**SHORT),
    )
    arguments = parser.parse_args()
    if arguments.short:
        vars(arguments).update(SHORT)
    return arguments


def main() -> int:
    arguments = parsed_arguments()
    print(f"Machine: {machine()}")
    with served_by_gunicorn() as server:
        print(
            f"gunicorn {server.settings}; {arguments.patients} patients x {arguments.rounds}"
            f" pathways, {arguments.think:g} s to think, arriving over {arguments.ramp:g} s,"
            f" bound {arguments.max_seconds:.0f} s"
        )
        before = memory(server.master_pid)
        tally = Tally()
        start = time.monotonic()
        deadline = start + arguments.max_seconds
        threads = [
            threading.Thread(
                target=run_patient,
                args=(number, server.base_url, arguments, deadline, tally),
                daemon=True,
            )
            for number in range(arguments.patients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            # Every request's timeout ends at the deadline; the margin covers reading it.
            thread.join(max(deadline - time.monotonic(), 0) + 10)
        wall = time.monotonic() - start
        after = memory(server.master_pid)
        unfinished = sum(thread.is_alive() for thread in threads)
        print_report(tally, wall, before, after, server.log)
    print(f"Load average after: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    if unfinished:
        print(f"{unfinished} patients were still waiting when the bound was reached")
    # The goal is reported; only failures decide the exit status.
    return 1 if sum(tally.errors.values()) + tally.pathways_cut_off + unfinished else 0


if __name__ == "__main__":
    sys.exit(main())
