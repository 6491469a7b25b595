"""Keep translations/messages.pot in step with the code, templates and content.

    python -m decisionaid.catalog extract   (what ``make strings`` runs)

Translators then use ordinary gettext tools on it: ``pybabel init``/``update`` or Poedit.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from decisionaid.config import PROJECT_ROOT

POT_FILE = PROJECT_ROOT / "translations" / "messages.pot"


def extract(output: Path = POT_FILE) -> None:
    """Extract every translatable string, with flags that keep the file's diffs small."""
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run(  # noqa: S603 - our own fixed command line
        [
            str(pybabel),
            "--quiet",
            "extract",
            "--mapping-file",
            "babel.cfg",
            "--add-comments",
            "Translators:",
            "--strip-comments",
            "--add-location",
            "file",
            "--sort-by-file",
            "--no-wrap",
            "--project",
            "decisionaid",
            "--msgid-bugs-address",
            "translations@decisionaid.invalid",
            "--output-file",
            str(output),
            # The mapping file (babel.cfg) picks the files; paths are relative to here.
            ".",
        ],
        check=True,
        cwd=PROJECT_ROOT,
    )
    # The creation date changes on every run; without it the file changes only with text.
    lines = output.read_text(encoding="utf-8").splitlines(keepends=True)
    output.write_text(
        "".join(line for line in lines if not line.startswith('"POT-Creation-Date:')),
        encoding="utf-8",
    )


if __name__ == "__main__":
    if sys.argv[1:] != ["extract"]:
        raise SystemExit("usage: python -m decisionaid.catalog extract")
    extract()
