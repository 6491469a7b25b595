"""How long the option sheet's PDF takes, against a baseline measured in the same run.

    .venv/bin/python bench/pdf_render.py [rounds]

The baseline is a one-page document through the same renderer, so the ratio shows what
the sheet itself costs, whatever the machine's speed today. It also times the engine and
the HTML page, which should be small next to the PDF.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from decisionaid.sample_patients import PATIENTS
from tests.conftest import Patient, make_app

BASELINE_HTML = (
    "<!doctype html><html lang='en'><head><title>Baseline</title></head>"
    "<body><h1>Baseline</h1><p>One paragraph of text.</p></body></html>"
)


def timed(action, rounds: int) -> list[float]:
    action()  # warm up: fonts, templates
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return samples


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    app = make_app()
    patient = Patient(app.test_client())
    renderer = app.extensions["pdf_renderer"]
    results = {"baseline one-page PDF": timed(lambda: renderer.render(BASELINE_HTML), rounds)}
    for pathway in PATIENTS:
        patient.complete(pathway)
        results[f"{pathway} sheet, HTML"] = timed(
            lambda p=pathway: patient.client.get(f"/en/{p}/sheet"), rounds
        )
        results[f"{pathway} sheet, PDF"] = timed(
            lambda p=pathway: patient.client.get(f"/en/{p}/sheet.pdf?paper=a4"), rounds
        )
    baseline = statistics.median(results["baseline one-page PDF"])
    print(f"{'what':28} {'median ms':>10} {'max ms':>8} {'x baseline':>11}")
    for name, samples in results.items():
        median = statistics.median(samples)
        print(
            f"{name:28} {median * 1000:10.1f} {max(samples) * 1000:8.1f} {median / baseline:11.1f}"
        )


if __name__ == "__main__":
    main()
