"""How many questionnaire steps gunicorn serves a second, against a bare Flask hello-world
served by the same gunicorn command and settings in the same run (issue 10).

    .venv/bin/python bench/pages.py [rounds] [--seconds S] [--connections C]

Both apps run side by side (bench/gunicorn_server.py: gunicorn.conf.py when there is one).
The step is vitiligo's second, "your_vitiligo", on a session that has the first answered:
its GET, and its POST with the sample patient's answers (decisionaid/sample_patients.py)
and the page's CSRF token, which is accepted with a 302 to the next step. wrk (Debian's
``wrk``) sends each case for ``--seconds`` over ``--connections`` kept-alive connections,
after a warm-up; the rounds are interleaved across cases so that a noisy moment falls on
all alike, and the figure is the median. Only 200 (GET) and 302 (POST) count as served;
any other answer, or a socket error, makes the run exit non-zero. The goal: a step GET and
a step POST each at least half of hello-world's requests per second. A second baseline,
"same-size GET", is the bare app answering with as many bytes of body, and as many headers
of as many bytes, as the step page, to the same cookie: how fast any page of that shape
can be sent, whatever makes it."""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.gunicorn_server import machine, served_by_gunicorn
from bench.load import Patient, Tally
from decisionaid.sample_patients import PATIENTS

GOAL_RATIO = 0.5
PATHWAY, FIRST_STEP, STEP, NEXT_STEP = "vitiligo", "about_you", "your_vitiligo", "treatments_tried"
CLIENT_ADDRESS = "10.200.0.1"
WARM_UP_SECONDS = 2

WRK_SCRIPT = """
wrk.method = "{method}"
{body}
wrk.headers["Cookie"] = [==[{cookie}]==]
wrk.headers["X-Forwarded-For"] = "{address}"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"

local threads = {{}}
function setup(thread) table.insert(threads, thread) end
function init(args) served = 0; other = 0 end
function response(status, headers, body)
  if status == {expected} then served = served + 1 else other = other + 1 end
end
function done(summary, latency, requests)
  local total_served, total_other = 0, 0
  for _, thread in ipairs(threads) do
    total_served = total_served + thread:get("served")
    total_other = total_other + thread:get("other")
  end
  io.write(string.format("served %d other %d\\n", total_served, total_other))
end
"""
"""Sets each request's method, body and headers, and counts the answers that are the
expected status (wrk itself only counts those outside 2xx and 3xx)."""


@dataclass(frozen=True)
class Case:
    name: str
    url: str
    method: str
    expected: int
    body: str | None = None
    cookie: str = ""

    def script(self) -> str:
        body = f"wrk.body = [==[{self.body}]==]" if self.body is not None else ""
        return WRK_SCRIPT.format(
            method=self.method,
            body=body,
            cookie=self.cookie,
            address=CLIENT_ADDRESS,
            expected=self.expected,
        )


@dataclass(frozen=True)
class Run:
    requests_per_second: float
    served: int
    other: int
    socket_errors: str | None


def cases(hello_url: str, app_url: str) -> list[Case]:
    """Hello-world; a response of the step page's size from the same bare app, sent the same
    cookie (what a page that size costs to send: a ceiling for any page that large); and
    the step's GET and POST on a session with the first step answered (checked once here:
    the POST must lead to the next step)."""
    patient = Patient(app_url, CLIENT_ADDRESS, time.monotonic() + 60, Tally())
    base = f"/en/{PATHWAY}/"
    page = patient.request("step GET", "GET", base + FIRST_STEP)
    answers = {"csrf_token": page.token(), **PATIENTS[PATHWAY][FIRST_STEP]}
    posted = patient.request("step POST", "POST", base + FIRST_STEP, answers)
    assert posted.location() == base + STEP, posted.status
    page = patient.request("step GET", "GET", base + STEP)
    cookie = "; ".join(f"{name}={value}" for name, value in patient.cookies.items())
    shape = {"body": len(page.body), "headers": len(str(page.headers)), "count": len(page.headers)}
    same_size = "/same-size?" + urllib.parse.urlencode(shape)
    form = {"csrf_token": page.token(), **PATIENTS[PATHWAY][STEP]}
    check = patient.request("step POST", "POST", base + STEP, form)
    assert check.status == 302 and check.location() == base + NEXT_STEP, check.status
    patient.close()
    body = urllib.parse.urlencode(form, doseq=True)
    return [
        Case("hello-world GET", hello_url + "/", "GET", 200),
        Case("same-size GET", hello_url + same_size, "GET", 200, cookie=cookie),
        Case("step GET", app_url + base + STEP, "GET", 200, cookie=cookie),
        Case("step POST", app_url + base + STEP, "POST", 302, body=body, cookie=cookie),
    ]


def wrk(case: Case, seconds: float, connections: int, script: Path) -> Run:
    command = [
        shutil.which("wrk") or "wrk",
        "--threads",
        "2",
        "--connections",
        str(connections),
        "--duration",
        f"{seconds:g}s",
        "--timeout",
        "10s",
        "--script",
        str(script),
        case.url,
    ]
    output = subprocess.run(  # noqa: S603 (our own command line)
        command, capture_output=True, text=True, check=True, timeout=seconds + 30
    ).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    counts = re.search(r"served (\d+) other (\d+)", output)
    assert rate and counts, output
    errors = re.search(r"Socket errors: (.*)", output)
    return Run(
        float(rate.group(1)),
        int(counts.group(1)),
        int(counts.group(2)),
        errors.group(1) if errors else None,
    )


def parsed_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("rounds", nargs="?", type=int, default=3, help="default 3")
    parser.add_argument("--seconds", type=float, default=5, help="per case and round (5)")
    parser.add_argument("--connections", type=int, default=16, help="kept alive (16)")
    return parser.parse_args()


def main() -> int:
    arguments = parsed_arguments()
    if shutil.which("wrk") is None:
        sys.exit("bench/pages.py needs wrk: apt-get install wrk (or scripts/setup.sh test)")
    print(f"Machine: {machine()}")
    runs: dict[str, list[Run]] = {}
    with (
        served_by_gunicorn("bench.hello_app:app") as hello,
        served_by_gunicorn() as app,
        tempfile.TemporaryDirectory(prefix="bench-pages-") as folder,
    ):
        print(
            f"gunicorn {app.settings}, both apps; wrk: 2 threads, {arguments.connections}"
            f" connections, {arguments.seconds:g} s per case, {arguments.rounds} rounds"
        )
        scripts = {}
        for case in cases(hello.base_url, app.base_url):
            scripts[case] = Path(folder, f"{len(scripts)}.lua")
            scripts[case].write_text(case.script())
            wrk(case, WARM_UP_SECONDS, arguments.connections, scripts[case])
            runs[case.name] = []
        for _ in range(arguments.rounds):
            for case, script in scripts.items():
                runs[case.name].append(wrk(case, arguments.seconds, arguments.connections, script))
    return print_report(runs)


def print_report(runs: dict[str, list[Run]]) -> int:
    """The table and the goal; 1 if any answer was not the expected one."""
    medians = {
        name: statistics.median(run.requests_per_second for run in case_runs)
        for name, case_runs in runs.items()
    }
    hello = medians["hello-world GET"]
    print(f"\n{'case':16} {'req/s':>8} {'range':>15} {'x hello':>8} {'served':>8} {'other':>6}")
    for name, case_runs in runs.items():
        rates = [run.requests_per_second for run in case_runs]
        span = f"{min(rates):.0f}-{max(rates):.0f}"
        served = sum(run.served for run in case_runs)
        other = sum(run.other for run in case_runs)
        print(
            f"{name:16} {medians[name]:8.0f} {span:>15} {medians[name] / hello:7.2f}x"
            f" {served:8} {other:6}"
        )
    problems = [
        f"{name}: {run.other} unexpected answers, socket errors {run.socket_errors}"
        for name, case_runs in runs.items()
        for run in case_runs
        if run.other or run.socket_errors
    ]
    for problem in problems:
        print(problem)
    for name in ("step GET", "step POST"):
        ratio = medians[name] / hello
        verdict = "holds" if ratio >= GOAL_RATIO else "does NOT hold"
        print(f"Goal, {name} at least {GOAL_RATIO}x hello-world: {verdict} ({ratio:.2f}x)")
    print(f"Load average after: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
