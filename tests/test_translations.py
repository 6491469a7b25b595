"""The translations in translations/: each catalog compiles under ``msgfmt --check``, no
translated entry changes a figure, placeholder, citation marker or tag of its English
source, and every locale the app offers is complete for the current template."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from click.testing import CliRunner

from decisionaid.catalog import POT_FILE, differences
from decisionaid.cli import i18n_cli
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


# --- a translator's commands: flask --app wsgi i18n add|update|compile|status ------------


def _i18n(*arguments: str) -> str:
    result = CliRunner().invoke(i18n_cli, list(arguments))
    assert result.exit_code == 0, result.output
    return result.output


def _line_of(output: str, locale: str) -> list[str]:
    return next(line.split() for line in output.splitlines() if line.startswith(locale))


def test_a_translator_adds_translates_updates_and_compiles_a_locale(tmp_path: Path) -> None:
    _i18n("add", "pt_BR", "--dir", str(tmp_path))
    path = tmp_path / "pt_BR" / "LC_MESSAGES" / "messages.po"
    catalog = _read(path)
    assert catalog.locale_identifier == "pt_BR" and catalog.num_plurals == 2
    entries = len([message for message in catalog if message.id])
    assert _line_of(_i18n("status", "--dir", str(tmp_path)), "pt_BR") == [
        "pt_BR", "0", "0", str(entries), "0"
    ]  # fmt: skip

    # Two translations, as a PO editor saves them; one made from English that has changed
    # since (it had no full stop), and one that changed a figure.
    text = path.read_text(encoding="utf-8")
    old = 'msgid "Tick at least one answer"\nmsgstr "Marque pelo menos uma resposta."'
    text = text.replace('msgid "Tick at least one answer."\nmsgstr ""', old)
    source = "Step %(number)s of %(count)s"
    text = text.replace(f'msgid "{source}"\nmsgstr ""', f'msgid "{source}"\nmsgstr "Passo 2"')
    path.write_text(text, encoding="utf-8")
    _i18n("update", "--dir", str(tmp_path))

    updated = path.read_text(encoding="utf-8")
    assert (
        '#, fuzzy\n#| msgid "Tick at least one answer"\nmsgid "Tick at least one answer."\n'
        'msgstr "Marque pelo menos uma resposta."'
    ) in updated
    status = _line_of(_i18n("status", "--dir", str(tmp_path)), "pt_BR")
    assert status == ["pt_BR", "1", "1", str(entries - 2), "1"]
    # With the placeholders back, it compiles (test_a_broken_catalog_does_not_compile).
    fixed = updated.replace('msgstr "Passo 2"', 'msgstr "Passo %(number)s de %(count)s"')
    path.write_text(fixed, encoding="utf-8")
    _i18n("compile", "--dir", str(tmp_path))
    assert (tmp_path / "pt_BR" / "LC_MESSAGES" / "messages.mo").stat().st_size > 0


def test_adding_a_locale_twice_is_refused(tmp_path: Path) -> None:
    _i18n("add", "zh_Hans", "--dir", str(tmp_path))
    result = CliRunner().invoke(i18n_cli, ["add", "zh_Hans", "--dir", str(tmp_path)])
    assert result.exit_code != 0 and "exists: use update" in result.output


def test_a_broken_catalog_does_not_compile(tmp_path: Path) -> None:
    _i18n("add", "es", "--dir", str(tmp_path))
    path = tmp_path / "es" / "LC_MESSAGES" / "messages.po"
    source = "Step %(number)s of %(count)s"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(f'msgid "{source}"\nmsgstr ""', f'msgid "{source}"\nmsgstr "Paso %(numero)s"'),
        encoding="utf-8",
    )
    result = CliRunner().invoke(i18n_cli, ["compile", "--dir", str(tmp_path)])
    assert result.exit_code != 0 and "msgfmt failed" in result.output
