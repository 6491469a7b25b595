"""The translations in translations/: each catalog compiles under ``msgfmt --check``, no
translated entry changes a figure, placeholder, citation marker or tag of its English
source, and every locale the app offers is complete for the current template."""

from __future__ import annotations

import functools
import subprocess
import unicodedata
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from click.testing import CliRunner
from fontTools.ttLib import TTFont

from decisionaid.catalog import catalog_paths, differences, entry_differences, status
from decisionaid.cli import i18n_cli
from decisionaid.locales import FALLBACK_FONTS, SOURCE_LOCALE, read_registry, shipped_locales

CATALOGS = catalog_paths()
LOCALES = list(CATALOGS)


def _read(path: Path) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream)


def test_the_catalogs_are_found() -> None:
    assert {"es", "fr", "ar", "hi", "zh_Hans"} <= set(LOCALES)


@pytest.mark.parametrize("locale", LOCALES)
def test_each_catalog_passes_msgfmt_check(locale: str, tmp_path: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "--check", f"--output-file={tmp_path / 'messages.mo'}", str(CATALOGS[locale])],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("locale", LOCALES)
def test_no_translation_changes_a_figure_or_a_placeholder(locale: str) -> None:
    problems = [
        f"{message.context or ''} {str(message.id)[:60]!r}: {difference}"
        for message in _read(CATALOGS[locale])
        if message.id and "fuzzy" not in message.flags
        for difference in entry_differences(message)
    ]
    assert not problems, "\n".join(problems)


OFFERED = [locale for locale in shipped_locales(read_registry()) if locale != SOURCE_LOCALE]


@pytest.mark.skipif(not OFFERED, reason="only English is offered")
@pytest.mark.parametrize("locale", OFFERED)
def test_an_offered_locale_is_complete(locale: str) -> None:
    """No English fallback for any text: every entry of the template is translated, and
    none is fuzzy (its English changed since it was translated)."""
    (found,) = [entry for entry in status() if entry.locale == locale]
    assert (found.untranslated, found.fuzzy) == (0, 0), found


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
        "pt_BR", "0", "0", str(entries), "0", "no", "no"
    ]  # fmt: skip
    # It is in the registry, named in its own language, and does not ship yet.
    registered = read_registry(tmp_path / "locales.toml")["pt_BR"]
    assert (registered.name, registered.direction, registered.ships) == (
        "Português (Brasil)", "ltr", False
    )  # fmt: skip

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
    assert status == ["pt_BR", "1", "1", str(entries - 2), "1", "no", "no"]
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


REGISTRY = read_registry()


@functools.cache
def _characters_of(font: str) -> frozenset[int]:
    """Every character the installed font of that family has a glyph for."""
    found = subprocess.run(
        ["fc-match", "--format=%{family}\n%{file}\n%{index}", f"{font}:style=Regular"],
        capture_output=True, text=True, check=True,
    ).stdout.split("\n")  # fmt: skip
    assert font in found[0].split(","), f"font {font!r} is not installed (scripts/setup.sh)"
    with TTFont(found[1], fontNumber=int(found[2]), lazy=True) as loaded:
        return frozenset(loaded.getBestCmap())


@pytest.mark.parametrize("locale", LOCALES)
def test_each_locales_pdf_fonts_have_every_character_its_catalog_uses(locale: str) -> None:
    """A character none of a locale's PDF fonts has would print as a box (or in a font
    fontconfig picks, such as Japanese forms for Chinese). Format characters (joiners,
    direction marks) are not drawn."""
    entry = REGISTRY.get(locale)
    fonts = entry.pdf_fonts if entry else FALLBACK_FONTS
    covered = frozenset().union(*(_characters_of(font) for font in fonts))
    used = {
        character
        for message in _read(CATALOGS[locale])
        if message.id and "fuzzy" not in message.flags
        for string in ([message.string] if isinstance(message.string, str) else message.string)
        for character in string
    }
    missing = sorted(
        f"U+{ord(character):04X} {unicodedata.name(character, '?')}"
        for character in used
        if ord(character) not in covered and unicodedata.category(character) not in ("Cf", "Cc")
    )
    assert not missing, f"{locale}: no glyph in {', '.join(fonts)} for {missing}"


def test_a_translator_previews_a_locale_in_the_pdfs_its_patients_and_clinicians_get(
    tmp_path: Path,
) -> None:
    output = _i18n("preview", "es", "--pathway", "stem-cells", "--to", str(tmp_path))

    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == [
        "stem-cells-handout-a4.pdf",
        "stem-cells-questionnaire-a4.pdf",
        "stem-cells-sheet-a4.pdf",
        "stem-cells-sheet-details-a4.pdf",
    ], output
    for name in written:
        text = subprocess.run(["pdftotext", str(tmp_path / name), "-"], capture_output=True,
                              text=True, check=True).stdout  # fmt: skip
        assert "células madre" in text, name
        assert "Esta traducción todavía no la ha revisado" in text, name  # not reviewed yet
    unknown = ["preview", "es", "--pathway", "acne", "--to", str(tmp_path / "x")]
    result = CliRunner().invoke(i18n_cli, unknown)
    assert result.exit_code != 0 and "no sample patient for the pathway 'acne'" in result.output
