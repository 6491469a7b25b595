"""Keep translations/messages.pot in step with the code, templates and content, and check
what translators make of it.

    python -m decisionaid.catalog extract   (what ``make strings`` runs)

Translators then use ordinary gettext tools on it: ``pybabel init``/``update`` or Poedit.
``differences`` is what no translation may change: its placeholders, figures, citation
markers and tags (tests/test_translations.py holds every catalog to it).
"""

from __future__ import annotations

import collections
import re
import subprocess
import sys
from pathlib import Path

from decisionaid.config import PROJECT_ROOT

POT_FILE = PROJECT_ROOT / "translations" / "messages.pot"

KEPT_AS_THEY_ARE = {
    "placeholders": re.compile(r"%\([a-z_]+\)[sd]"),
    # "1.5" and "1,5" are the same figure, and so are "2,283" and "2.283".
    "figures": re.compile(r"\d+(?:[.,]\d+)*"),
    "citation markers": re.compile(r"\[\d+\]"),
    "tags": re.compile(r"</?[a-zA-Z][^>]*>"),
}
"""What a translation keeps exactly as its English source has it, in any order."""


def differences(source: str, translation: str) -> list[str]:
    """What ``translation`` changed of what it must keep, in words; empty if nothing.

    Figures are compared by their digits: a decimal or thousands separator may change with
    the language, the digits may not (a figure in other digits, "٣" for "3", is changed)."""
    found = []
    for what in KEPT_AS_THEY_ARE:
        in_source, in_translation = _kept(what, source), _kept(what, translation)
        if in_source != in_translation:
            lost = sorted((in_source - in_translation).elements())
            added = sorted((in_translation - in_source).elements())
            found.append(f"{what} differ: lost {lost}, added {added}")
    return found


def _kept(what: str, text: str) -> collections.Counter[str]:
    matches = KEPT_AS_THEY_ARE[what].findall(text)
    if what == "figures":
        matches = [re.sub(r"[.,]", "", match) for match in matches]
    return collections.Counter(matches)


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
    lines = [line for line in lines if not line.startswith('"POT-Creation-Date:')]
    output.write_text("".join(_content_is_never_formatted(lines)), encoding="utf-8")


CONTENT_LOCATION = "#: questionnaires/"


def _content_is_never_formatted(lines: list[str]) -> list[str]:
    """Mark the texts found only in content files ``no-python-format``.

    Babel flags any text with a ``%`` followed by a letter as a Python format ("90% of
    their colour" reads as ``% o``), and ``msgfmt --check`` then refuses a translation
    that moves or drops it. Content texts are printed as they are, never formatted.
    """
    entries = "".join(lines).split("\n\n")
    for index, entry in enumerate(entries):
        locations = [line for line in entry.splitlines() if line.startswith("#: ")]
        if locations and all(line.startswith(CONTENT_LOCATION) for line in locations):
            entries[index] = entry.replace("#, python-format", "#, no-python-format")
    return ["\n\n".join(entries)]


if __name__ == "__main__":
    if sys.argv[1:] != ["extract"]:
        raise SystemExit("usage: python -m decisionaid.catalog extract")
    extract()
