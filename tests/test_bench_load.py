"""bench/load.py's short form, as CI runs it: it starts gunicorn on loopback, sends four
patients through whole pathways (PDF included), stops gunicorn and reports."""

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
