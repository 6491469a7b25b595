"""How long each PDF of the option sheet takes against Chromium printing the same sheet in
the same run, and what keeping the laid-out details costs in memory (issue 9, "How fast").

    .venv/bin/python bench/sheet_pdf.py [rounds] [--json PATH] [--profile]

For each pathway, with its sample patient (tests/patients.py) all the way through:
- the floor: Debian's Chromium, through Playwright, loading the sheet page from the app on
  loopback with the patient's session, opening every <details> (summary and all details)
  and printing it with page.pdf() (print media);
- the default two-page PDF (sheet.pdf) and "summary and all details" (?details=all), through
  the app's test client: warm (the details laid out already and reused) and the first time
  in a fresh process (fonts and templates warmed by a two-page PDF; details not laid out);
- the clinician's option handout, rendered (its cache emptied first) and from the cache.
After a warm-up round the rounds are interleaved across cases, so that a noisy moment on a
shared machine falls on all of them alike; figures are medians. Chromium's work is spread
over its own processes, so it gets wall time only. --profile prints where the time goes in
the case furthest from its goal.
"""

from __future__ import annotations

import argparse
import cProfile
import ctypes
import gc
import io
import json
import logging
import multiprocessing
import os
import platform
import pstats
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader
from werkzeug.serving import make_server

from decisionaid.sample_patients import PATIENTS
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, Patient, make_app

RESULTS = Path(__file__).resolve().parent / "results" / "sheet_pdf.json"
PAPER = "a4"
CHROMIUM_FLOOR = "Chromium, sheet + details"
DEFAULT_PDF = "default PDF"
DETAILS_WARM = "+ details, reused"
DETAILS_FIRST = "+ details, first"
HANDOUT_RENDERED = "handout, rendered"
HANDOUT_CACHED = "handout, cached"
CASES = (CHROMIUM_FLOOR, DEFAULT_PDF, DETAILS_WARM, DETAILS_FIRST, HANDOUT_RENDERED, HANDOUT_CACHED)
OPEN_EVERY_DETAILS = "document.querySelectorAll('details').forEach(d => { d.open = true; })"


class Goal(NamedTuple):
    """A goal of issue 9: ``shortfall`` is above 1 when a row misses it."""

    short: str
    description: str
    shortfall: Callable[[dict], float]
    figure: Callable[[dict], str]


def _x_chromium(row: dict) -> str:
    return f"{row['x_chromium']:.2f}x"


def _x_faster(row: dict) -> str:
    return f"{row['x_faster_than_rendering']:.0f}x faster"


GOALS = {
    DEFAULT_PDF: Goal(
        "<=1.0x",
        "the default PDF at most 1.0x Chromium",
        lambda row: row["x_chromium"],
        _x_chromium,
    ),
    DETAILS_WARM: Goal(
        "<=2.0x",
        '"summary and all details" at most 2x Chromium',
        lambda row: row["x_chromium"] / 2,
        _x_chromium,
    ),
    HANDOUT_CACHED: Goal(
        ">=100x",
        "a cached handout at least 100x faster than rendering it",
        lambda row: 100 / row["x_faster_than_rendering"],
        _x_faster,
    ),
}


@dataclass
class Sample:
    seconds: float
    cpu_seconds: float | None
    pages: int


def measured(make_pdf: Callable[[], bytes], *, cpu: bool = True) -> Sample:
    start, start_cpu = time.perf_counter(), time.process_time()
    pdf = make_pdf()
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - start_cpu
    return Sample(seconds, cpu_seconds if cpu else None, len(PdfReader(io.BytesIO(pdf)).pages))


def sheet_url(pathway: str, *, details: bool = False, paper: str = PAPER) -> str:
    return f"/en/{pathway}/sheet.pdf?paper={paper}" + ("&details=all" if details else "")


def handout_url(pathway: str) -> str:
    return f"/en/clinician/{pathway}/handout.pdf?paper={PAPER}"


def downloaded(client: FlaskClient, path: str) -> bytes:
    response = client.get(path)
    assert response.mimetype == "application/pdf", (path, response.status_code)
    return response.data


def patient_through_every_pathway(app: Flask) -> Patient:
    patient = Patient(app.test_client())
    for pathway in PATIENTS:
        patient.complete(pathway)
    return patient


@contextmanager
def served(app: Flask) -> Iterator[str]:
    """The app over HTTP on loopback, as the tests' ``server`` fixture serves it."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def in_fresh_process(function: Callable, *args: object) -> object:
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def first_details(pathway: str) -> Sample:
    """The PDF with all the details the first time a process makes it (run in a fresh one)."""
    app = make_app()
    patient = Patient(app.test_client())
    patient.complete(pathway)
    renderer = app.extensions["pdf_renderer"]
    downloaded(patient.client, sheet_url(pathway))
    layouts = renderer.layouts
    sample = measured(lambda: downloaded(patient.client, sheet_url(pathway, details=True)))
    assert renderer.layouts == layouts + 2, "the details were laid out before"
    return sample


def resident_mb() -> float:
    """This process's resident memory, after handing freed heap back to the system."""
    gc.collect()
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def memory_of_kept_details() -> dict[str, float]:
    """MB of RSS a process keeps for the laid-out details of every pathway on A4 (caches
    filled on first use included), then for the same on Letter (the layouts alone)."""
    app = make_app()
    patient = patient_through_every_pathway(app)
    for pathway in PATIENTS:
        downloaded(patient.client, sheet_url(pathway))  # fonts, templates, the engine
    kept = {}
    for paper in ("a4", "letter"):
        before = resident_mb()
        for pathway in PATIENTS:
            downloaded(patient.client, sheet_url(pathway, details=True, paper=paper))
        kept[paper] = round(resident_mb() - before, 1)
    return kept


def rendered_handout(client: FlaskClient, pathway: str, handouts: Path) -> bytes:
    """The handout when the cache does not hold it yet, so that the request renders it."""
    shutil.rmtree(handouts, ignore_errors=True)
    return downloaded(client, handout_url(pathway))


def in_process_cases(client: FlaskClient, handouts: Path) -> dict[tuple[str, str], Callable]:
    """What this process makes for each pathway, in the order it is timed (a handout from
    the cache right after rendering it)."""
    cases = {}
    for pathway in PATIENTS:
        cases[pathway, DEFAULT_PDF] = partial(downloaded, client, sheet_url(pathway))
        cases[pathway, DETAILS_WARM] = partial(downloaded, client, sheet_url(pathway, details=True))
        cases[pathway, HANDOUT_RENDERED] = partial(rendered_handout, client, pathway, handouts)
        cases[pathway, HANDOUT_CACHED] = partial(downloaded, client, handout_url(pathway))
    return cases


def interleaved(app: Flask, client: FlaskClient, handouts: Path, rounds: int) -> tuple[dict, str]:
    """Every pathway's Chromium print and in-process PDFs, a warm-up round and then
    ``rounds`` rounds of each in turn; and Chromium's version."""
    from playwright.sync_api import sync_playwright

    renderer = app.extensions["pdf_renderer"]
    with served(app) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        session = client.get_cookie("session").value
        context.add_cookies([{"name": "session", "value": session, "url": base}])
        page = context.new_page()
        page.emulate_media(media="print")

        def printed_by_chromium(pathway: str) -> bytes:
            page.goto(f"{base}/en/{pathway}/sheet")
            page.evaluate(OPEN_EVERY_DETAILS)
            return page.pdf(format=PAPER.upper())

        in_process = in_process_cases(client, handouts)
        cases = {}
        for pathway in PATIENTS:
            cases[pathway, CHROMIUM_FLOOR] = (partial(printed_by_chromium, pathway), False)
            cases.update(
                {
                    case: (make_pdf, True)
                    for case, make_pdf in in_process.items()
                    if case[0] == pathway
                }
            )
        samples: dict[tuple[str, str], list[Sample]] = {case: [] for case in cases}
        for round_number in range(rounds + 1):
            progress(f"round {round_number} of {rounds}" + ("" if round_number else " (warm-up)"))
            layouts = renderer.layouts
            for case, (make_pdf, cpu) in cases.items():
                sample = measured(make_pdf, cpu=cpu)
                if round_number:  # round 0 warms up: fonts, templates, the details' layout
                    samples[case].append(sample)
            # Laid out each round: the person's pages of both PDFs, and the handout once.
            assert round_number == 0 or renderer.layouts - layouts == 3 * len(PATIENTS), (
                "the details or a cached handout were laid out again"
            )
        version = browser.version
        browser.close()
    return samples, version


def summary(pathway: str, case: str, samples: list[Sample], floor: float) -> dict:
    seconds = [sample.seconds for sample in samples]
    median = statistics.median(seconds)
    p95 = (
        statistics.quantiles(seconds, n=20, method="inclusive")[-1] if len(seconds) > 1 else median
    )
    cpu = [sample.cpu_seconds for sample in samples if sample.cpu_seconds is not None]
    pages = {sample.pages for sample in samples}
    assert len(pages) == 1, f"{pathway} {case}: page counts differ between rounds: {pages}"
    return {
        "pathway": pathway,
        "case": case,
        "pages": pages.pop(),
        "median_ms": round(median * 1000, 2),
        "p95_ms": round(p95 * 1000, 2),
        "cpu_s": round(statistics.median(cpu), 4) if cpu else None,
        "x_chromium": round(median / floor, 4),
    }


def judged(pathway: str, samples: dict) -> list[dict]:
    """A pathway's rows, each with its goal and whether it is met, where it has one."""
    floor = statistics.median(sample.seconds for sample in samples[pathway, CHROMIUM_FLOOR])
    rows = {case: summary(pathway, case, samples[pathway, case], floor) for case in CASES}
    cached = rows[HANDOUT_CACHED]
    cached["x_faster_than_rendering"] = round(
        rows[HANDOUT_RENDERED]["median_ms"] / cached["median_ms"], 1
    )
    for case, goal in GOALS.items():
        rows[case].update(goal=goal.description, met=goal.shortfall(rows[case]) <= 1)
    return list(rows.values())


def print_report(rows: list[dict], memory: dict, rounds: int, chromium: str) -> None:
    print(f"{rounds} rounds after a warm-up, {PAPER.upper()}, Chromium {chromium}")
    print(
        f"{'pathway':11} {'what':26} {'pages':>5} {'median ms':>10} {'p95 ms':>8}"
        f" {'CPU s':>6} {'x Chromium':>10} {'goal':>7} {'met':>4}"
    )
    for row in rows:
        cpu = "wall" if row["cpu_s"] is None else f"{row['cpu_s']:.2f}"
        goal = GOALS[row["case"]].short if row["case"] in GOALS else ""
        met = {None: "", True: "yes", False: "NO"}[row.get("met")]
        print(
            f"{row['pathway']:11} {row['case']:26} {row['pages']:5} {row['median_ms']:10.1f}"
            f" {row['p95_ms']:8.1f} {cpu:>6} {row['x_chromium']:9.2f}x {goal:>7} {met:>4}"
        )
    print(
        "CPU s: this process's CPU time; Chromium's work is in its own processes (wall only)."
        f"\n{DETAILS_FIRST}: in a fresh process, after one two-page PDF (details not laid out)."
        "\ngoal: x Chromium, or for a cached handout x faster than rendering it."
        "\nMemory kept for the laid-out details (RSS, a fresh process): every pathway on A4"
        f" {memory['a4']:+.1f} MB, first use's caches included; the same on Letter then"
        f" {memory['letter']:+.1f} MB (the layouts alone)."
    )
    for case, goal in GOALS.items():
        figures = ", ".join(
            f"{row['pathway']} {goal.figure(row)}" for row in rows if row["case"] == case
        )
        met = all(row["met"] for row in rows if row["case"] == case)
        print(f"Goal, {goal.description}: {'met' if met else 'NOT met'} ({figures})")


PHASES = (
    r"\b(views|clinician|pdf|document|engine)\.py|\((layout_document|render_template)\)|gc\.collect"
)
"""The steps of a request for a PDF, in the profile: the view, the sheet, the template,
WeasyPrint's layout (each pass) and PDF writing, and the renderer's garbage collection."""


def print_profile(make_pdf: Callable[[], bytes], title: str) -> None:
    """Where one request's time goes: its steps, then the functions with the most time of
    their own."""
    profiler = cProfile.Profile()
    profiler.runcall(make_pdf)
    for heading, order, restrictions in (
        ("its steps, by cumulative time", "cumulative", (PHASES, 20)),
        ("the functions with the most time of their own", "tottime", (12,)),
    ):
        stream = io.StringIO()
        stats = pstats.Stats(profiler, stream=stream).strip_dirs().sort_stats(order)
        stats.print_stats(*restrictions)
        listing = stream.getvalue().strip().split("\n")
        print(f"\nProfile of {title}: {heading}")
        print("\n".join(line for line in listing if line.strip() and "Ordered by" not in line))


def parsed_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("rounds", nargs="?", type=int, default=5, help="timed rounds (default 5)")
    parser.add_argument("--json", type=Path, default=RESULTS, help=f"default: {RESULTS}")
    parser.add_argument(
        "--profile", action="store_true", help="profile the case furthest from its goal"
    )
    return parser.parse_args()


def main() -> None:
    arguments = parsed_arguments()
    rounds = arguments.rounds
    with tempfile.TemporaryDirectory() as folder:
        handouts = Path(folder, "handouts")
        app = make_app(HANDOUT_CACHE_DIR=str(handouts))
        client = patient_through_every_pathway(app).client
        samples, chromium = interleaved(app, client, handouts, rounds)
        for pathway in PATIENTS:
            progress(f"{pathway}: the details' first render, {rounds} fresh processes")
            samples[pathway, DETAILS_FIRST] = [
                in_fresh_process(first_details, pathway) for _ in range(rounds)
            ]
        progress("memory: the details of every pathway laid out in a fresh process")
        memory = in_fresh_process(memory_of_kept_details)
        rows = [row for pathway in PATIENTS for row in judged(pathway, samples)]
        print_report(rows, memory, rounds, chromium)
        arguments.json.parent.mkdir(parents=True, exist_ok=True)
        results = {
            "rounds": rounds,
            "paper": PAPER,
            "chromium": chromium,
            "machine": {"cpus": multiprocessing.cpu_count(), "python": platform.python_version()},
            "rows": rows,
            "memory_kept_mb": memory,
        }
        arguments.json.write_text(json.dumps(results, indent=2) + "\n")
        print(f"Written: {arguments.json}")
        if arguments.profile:
            missed = [row for row in rows if row.get("met") is False]
            if not missed:
                print("Every goal is met: nothing to profile.")
                return
            worst = max(missed, key=lambda row: GOALS[row["case"]].shortfall(row))
            make_pdf = in_process_cases(client, handouts)[worst["pathway"], worst["case"]]
            print_profile(make_pdf, f"{worst['pathway']}, {worst['case']}")


if __name__ == "__main__":
    main()
