"""The translations in translations/: each catalog compiles under ``msgfmt --check``, no
translated entry changes a figure, placeholder, citation marker or tag of its English
source, and every locale the app offers is complete for the current template."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from decisionaid.catalog import POT_FILE, differences
from decisionaid.config import PROJECT_ROOT, DefaultConfig

CATALOGS = sorted((PROJECT_ROOT / "translations").glob("*/LC_MESSAGES/messages.po"))
LOCALES = [path.parent.parent.name for path in CATALOGS]


def _read(path: Path) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream)


def _forms(message: Message) -> list[tuple[str, str]]:
    """Each translated form with the English it must keep the figures of."""
    if isinstance(message.id, str):
        return [(message.id, message.string)] if message.string else []
    singular, plural = message.id
    strings = [string for string in message.string if string]
    # The first form is the singular in most languages; a form for "one" may say the word
    # instead of the number, so a plural form is held to the English plural's placeholders.
    return [(plural if index else singular, string) for index, string in enumerate(strings)]


def test_the_catalogs_are_found() -> None:
    assert {"es", "fr", "ar", "hi", "zh_Hans"} <= set(LOCALES)


@pytest.mark.parametrize("catalog", CATALOGS, ids=LOCALES)
def test_each_catalog_passes_msgfmt_check(catalog: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "--check", f"--output-file={tmp_path / 'messages.mo'}", str(catalog)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("catalog", CATALOGS, ids=LOCALES)
def test_no_translation_changes_a_figure_or_a_placeholder(catalog: Path) -> None:
    problems = [
        f"{message.context or ''} {source[:60]!r}: {difference}"
        for message in _read(catalog)
        if message.id and "fuzzy" not in message.flags
        for source, translation in _forms(message)
        for difference in differences(source, translation)
        # A plural form may say "one" for the number; it may never add another figure.
        if not (isinstance(message.id, tuple) and difference.startswith("figures differ: lost"))
    ]
    assert not problems, "\n".join(problems)


OFFERED = [locale for locale in DefaultConfig.LOCALES if locale != "en"]


@pytest.mark.skipif(not OFFERED, reason="only English is offered")
@pytest.mark.parametrize("locale", OFFERED)
def test_an_offered_locale_is_complete(locale: str) -> None:
    """No English fallback for any text: every entry of the template is translated, and
    none is fuzzy (its English changed since it was translated)."""
    template = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in _read(POT_FILE)}
    catalog = _read(PROJECT_ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po")
    done = {
        (m.context, m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog
        if m.id and "fuzzy" not in m.flags and all(_strings(m))
    }
    missing = sorted(template - done - {(None, "")}, key=str)
    assert not missing, f"{locale}: {len(missing)} untranslated or fuzzy, such as {missing[:3]}"


def _strings(message: Message) -> tuple[str, ...]:
    return (message.string,) if isinstance(message.string, str) else tuple(message.string)


def test_a_changed_figure_is_refused() -> None:
    """The check itself: a figure, a placeholder or a citation marker changed is named."""
    assert differences("About 8 in 100 [3] (%(date)s)", "Unos 8 de cada 100 [3] (%(date)s)") == []
    assert differences("2,283 people", "2.283 personas") == []
    assert differences("About 8 in 100", "Unos 6 de cada 100") == [
        "figures differ: lost ['8'], added ['6']"
    ]
    assert differences("About 3 in 100", "نحو ٣ من كل 100")
    assert differences("Step %(number)s", "Paso %(numero)s")
    assert differences("See [2].", "Voir.")
