"""Keep translations/messages.pot in step with the code, templates and content, and check
what translators make of it.

    python -m decisionaid.catalog extract   (what ``make strings`` runs)
    python -m decisionaid.catalog compile   (what scripts/setup.sh runs)

Translators then use ordinary gettext tools on it: ``pybabel init``/``update`` or Poedit.
``differences`` is what no translation may change: its placeholders, figures, citation
markers and tags (tests/test_translations.py holds every catalog to it).
"""

from __future__ import annotations

import collections
import datetime
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from decisionaid.config import PROJECT_ROOT
from decisionaid.locales import REGISTRY_FILE, read_registry, register

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


def entry_differences(message: Message) -> list[str]:
    """``differences`` of each translated form of a catalog entry from its English. A
    plural form is held to the English plural, and may say "one" instead of a number: it
    may lose a figure, never add or change one."""
    if isinstance(message.id, str):
        return differences(message.id, message.string) if message.string else []
    singular, plural = message.id
    found = []
    for index, string in enumerate(form for form in message.string if form):
        for difference in differences(plural if index else singular, string):
            if not difference.startswith("figures differ: lost"):
                found.append(difference)
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


# --- a translator's commands (``flask --app wsgi i18n ...``, decisionaid/cli.py) ---------

TRANSLATIONS_DIR = POT_FILE.parent


@dataclass(frozen=True)
class CatalogStatus:
    """How far one locale's catalog is, against the current template."""

    locale: str
    translated: int
    fuzzy: int
    """Translated once, but the English has changed since (or a guess by msgmerge)."""
    untranslated: int
    changed_figures: int
    """Translated entries whose figures, placeholders, markers or tags differ."""
    ships: bool
    reviewed: str
    """By whom and when, from the registry; "no" until a qualified translator has."""


def catalog_paths(folder: Path = TRANSLATIONS_DIR) -> dict[str, Path]:
    """Each locale's catalog in ``folder``, by locale."""
    paths = sorted(folder.glob("*/LC_MESSAGES/messages.po"))
    return {path.parent.parent.name: path for path in paths}


def add(locale: str, folder: Path = TRANSLATIONS_DIR) -> Path:
    """A new, empty catalog for ``locale`` from the template, with its plural rules (CLDR's,
    through Babel, which knows locales such as zh_Hans that GNU msginit does not), and its
    entry in the registry, not shipped."""
    path = folder / locale / "LC_MESSAGES" / "messages.po"
    if path.exists():
        raise FileExistsError(f"{path} exists: use update")
    _write(path, _new_catalog(locale))
    register(locale, folder / REGISTRY_FILE)
    return path


def _new_catalog(locale: str) -> Catalog:
    """The template as ``locale``'s catalog, every entry still to translate."""
    with POT_FILE.open("rb") as stream:
        catalog = read_po(stream, locale=locale)
    catalog.fuzzy = False
    catalog.revision_date = datetime.datetime.now(datetime.UTC)
    for message in catalog:
        # Babel marks "90% of" python-format again on reading; the template says it is not.
        if "no-python-format" in message.flags:
            message.flags.discard("python-format")
    return catalog


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        write_po(stream, catalog, width=0)


# --- the pseudo-locale: every text through the catalog, visibly, and longer ------------

PSEUDO_LOCALE = "jbo"
"""The pseudo-locale's code. Babel parses no private-use code (en_XA, qps_ploc), and the
URL takes no region in digits (en_001), so it borrows Lojban's: a constructed language no
patient reads, whose dates are in digits. No real catalog of it exists or ever ships
(tests/test_locale_sweep.py checks that)."""
PSEUDO_OPEN, PSEUDO_CLOSE = "\u27e6", "\u27e7"
"""⟦ and ⟧, around every translated text: text outside them did not come from the catalog."""
PSEUDO_GROWTH = 0.3
"""How much longer a pseudo text is than its English: as much as many languages need."""
_ACCENTED = str.maketrans(
    "aAcCdDeEgGhHiIjJkKlLnNoOrRsStTuUwWyYzZ",
    "áÁçÇďĎéÉĝĜĥĤíÍĵĴķĶĺĹñÑóÓŕŔšŠťŤúÚŵŴýÝžŽ",
)
"""Letters with their accents from Latin-1 and Latin Extended-A (every Latin font has
them), so that any letter left plain shows at a glance."""
_PSEUDO_FILLER = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod".translate(
    _ACCENTED
)
_KEPT_IN_PSEUDO = re.compile(
    "|".join(
        [pattern.pattern for pattern in KEPT_AS_THEY_ARE.values()]
        + [r"%%", r"&(?:[a-zA-Z]+|#\d+);", r"https?://\S+"]
    )
)
"""What ``differences`` holds to the English, and what else must not change: a literal
``%%``, HTML entities and web addresses."""


def pseudo_text(source: str) -> str:
    """``source`` accented, about a third longer and between markers, with everything
    ``differences`` checks (and line breaks at its ends) exactly as it was."""
    core = source.strip("\n")
    if not core:
        return source
    head = source[: len(source) - len(source.lstrip("\n"))]
    tail = source[len(head) + len(core) :]
    parts, kept_at = [], 0
    for match in _KEPT_IN_PSEUDO.finditer(core):
        parts += [core[kept_at : match.start()].translate(_ACCENTED), match.group()]
        kept_at = match.end()
    parts.append(core[kept_at:].translate(_ACCENTED))
    growth = max(1, round(len(core) * PSEUDO_GROWTH))
    filler = (_PSEUDO_FILLER * (growth // len(_PSEUDO_FILLER) + 1))[:growth].strip()
    return f"{head}{PSEUDO_OPEN}{''.join(parts)} {filler}{PSEUDO_CLOSE}{tail}"


def pseudo(folder: Path, locale: str = PSEUDO_LOCALE) -> Path:
    """Write ``folder``/``locale``'s catalog with every entry in pseudo text (plural forms
    too), for developers and tests to see what is not translated and what longer text does
    to the layout. It passes ``differences`` and ``msgfmt --check``; compile it with
    ``compile_catalogs(folder)``."""
    catalog = _new_catalog(locale)
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, str):
            message.string = pseudo_text(message.id)
        else:
            singular, plural = message.id
            forms = [singular] + [plural] * (catalog.num_plurals - 1)
            if len(forms) == 1:  # one form serves every number: the plural reads right
                forms = [plural]
            message.string = tuple(pseudo_text(form) for form in forms)
    path = folder / locale / "LC_MESSAGES" / "messages.po"
    _write(path, catalog)
    return path


def update(folder: Path = TRANSLATIONS_DIR) -> list[Path]:
    """Bring every catalog in line with the template (GNU msgmerge). An entry whose English
    changed becomes fuzzy and keeps the English it was made from (``#| msgid``), so the
    translator sees what changed; entries gone from the template are kept as obsolete."""
    paths = list(catalog_paths(folder).values())
    for path in paths:
        _gettext("msgmerge", "--quiet", "--update", "--previous", "--backup=none", "--no-wrap",
                 str(path), str(POT_FILE))  # fmt: skip
    return paths


def compile_catalogs(folder: Path = TRANSLATIONS_DIR) -> list[Path]:
    """Compile every catalog (GNU msgfmt --check: a broken one is refused). Unlike pybabel
    compile, msgfmt honours no-python-format, which the content texts carry."""
    compiled = []
    for path in catalog_paths(folder).values():
        output = path.with_suffix(".mo")
        _gettext("msgfmt", "--check", f"--output-file={output}", str(path))
        compiled.append(output)
    return compiled


def status(folder: Path = TRANSLATIONS_DIR) -> list[CatalogStatus]:
    """Each catalog's counts against the current template (entries it lacks count as
    untranslated: run ``update`` to add them)."""
    with POT_FILE.open("rb") as stream:
        wanted = {_key(message) for message in read_po(stream) if message.id}
    registry = read_registry(folder / REGISTRY_FILE)
    statuses = []
    for locale, path in catalog_paths(folder).items():
        with path.open("rb") as stream:
            entries = {_key(message): message for message in read_po(stream) if message.id}
        translated = fuzzy = changed = 0
        for key in wanted & set(entries):
            message = entries[key]
            strings = (message.string,) if isinstance(message.string, str) else message.string
            if not all(strings):
                continue
            if "fuzzy" in message.flags:
                fuzzy += 1
                continue
            translated += 1
            changed += bool(entry_differences(message))
        untranslated = len(wanted) - translated - fuzzy
        entry = registry.get(locale)
        reviewed = f"{entry.reviewed_on} {entry.reviewed_by}" if entry and entry.reviewed else "no"
        ships = bool(entry and entry.ships)
        statuses.append(
            CatalogStatus(locale, translated, fuzzy, untranslated, changed, ships, reviewed)
        )
    return statuses


def _key(message: Message) -> tuple[str | None, str]:
    return message.context, message.id if isinstance(message.id, str) else message.id[0]


def _gettext(*command: str) -> None:
    """Run a GNU gettext tool; its own message says what is wrong."""
    result = subprocess.run(command, capture_output=True, text=True)  # noqa: S603 (fixed tools)
    if result.returncode != 0:
        raise RuntimeError(f"{command[0]} failed:\n{result.stderr.strip()}")


if __name__ == "__main__":
    # What make strings and scripts/setup.sh run (before the app can start: no Flask here).
    commands = {"extract": extract, "compile": compile_catalogs}
    if sys.argv[1:] not in ([name] for name in commands):
        raise SystemExit("usage: python -m decisionaid.catalog extract|compile")
    commands[sys.argv[1]]()
