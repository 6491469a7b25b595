"""The load benches' short forms, as CI runs them: bench/load.py starts gunicorn on
loopback, sends four patients through whole pathways (PDF included), stops gunicorn and
reports; bench/pages.py measures a step against hello-world for a second each."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.gunicorn
def test_four_patients_go_through_whole_pathways_against_gunicorn() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load.py"), "--short"],
        capture_output=True,
        text=True,
        timeout=150,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "pathways done 4, cut off by the time bound 0" in run.stdout
    for row in ("intro", "step GET", "step POST", "review", "sheet", "PDF", "start-over"):
        assert f"\n{row} " in run.stdout, f"no row for {row}:\n{run.stdout}"
    assert "Failed requests: 0" in run.stdout
    assert "  worker " in run.stdout


@pytest.mark.gunicorn
def test_the_page_bench_serves_every_step_it_asks_for() -> None:
    """Only that it runs and every answer is the expected one; the figures are for the
    README, not for a test."""
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "pages.py"), "--seconds", "1", "1"],
        capture_output=True,
        text=True,
        timeout=150,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    for row in ("hello-world GET", "same-size GET", "step GET", "step POST"):
        assert f"\n{row} " in run.stdout, f"no row for {row}:\n{run.stdout}"
