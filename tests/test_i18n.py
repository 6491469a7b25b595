"""Ready for other languages: strings are extracted with their context, the catalog is
up to date, and a translator's catalog made with ordinary gettext tools shows up."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.pofile import read_po, write_po
from flask import Flask

from decisionaid.catalog import POT_FILE, extract
from decisionaid.config import ConfigError
from decisionaid.content.extract import extract_content
from decisionaid.locales import REGISTRY_FILE, SOURCE_LOCALE, read_registry, shipped_locales
from decisionaid.sample_patients import PATIENTS
from tests.conftest import FIXTURE_CONTENT, Patient, make_app, page
from tests.pdfs import SheetPdfs

PYBABEL = str(Path(sys.executable).parent / "pybabel")


def test_the_extractor_gives_each_content_text_its_context_and_role() -> None:
    with (FIXTURE_CONTENT / "mini.yaml").open("rb") as stream:
        messages = list(extract_content(stream, None, None, {}))

    by_text = {message[2][1]: message for message in messages}
    line, function, (context, _), comments = by_text["How old are you?"]
    assert (function, context, comments) == ("pgettext", "age", ["Type: question"])
    lines = (FIXTURE_CONTENT / "mini.yaml").read_text().splitlines()
    assert "How old are you?" in lines[line - 1]
    assert by_text["Very important"][2][0] == "valueset:importance"
    assert by_text["You said cream A helped you before."][2][0] == "MINI-01"
    assert by_text["You said cream A helped you before."][3] == ["Type: why an option may fit"]
    # Ids, codes and citations are not for translation.
    assert not {"child", "MINI-01", "trial-one"} & set(by_text)


def _messages(path: Path) -> set[tuple[str | None, str]]:
    with path.open("rb") as stream:
        return {(m.context, str(m.id)) for m in read_po(stream) if m.id}


def test_the_committed_catalog_template_is_up_to_date(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    extract(fresh)
    missing = _messages(fresh) - _messages(POT_FILE)
    stale = _messages(POT_FILE) - _messages(fresh)
    assert not missing and not stale, (
        f"translations/messages.pot is out of date: run `make strings`. "
        f"New: {sorted(missing, key=str)[:5]}; gone: {sorted(stale, key=str)[:5]}"
    )


def test_every_interface_string_uses_named_placeholders() -> None:
    with POT_FILE.open("rb") as stream:
        catalog = read_po(stream)
    for message in catalog:
        text = message.id if isinstance(message.id, str) else " ".join(message.id)
        assert "%s" not in text and "%d" not in text, text


def _translate(tmp_path: Path, locale: str, translations: dict[tuple[str | None, str], str]):
    """Do what a translator does: pybabel init, edit the PO file, pybabel compile."""
    folder = tmp_path / "translations"
    subprocess.run(
        [PYBABEL, "-q", "init", "-i", str(POT_FILE), "-d", str(folder), "-l", locale],
        check=True,
    )
    po_path = folder / locale / "LC_MESSAGES" / "messages.po"
    with po_path.open("rb") as stream:
        catalog = read_po(stream)
    for (context, source), translated in translations.items():
        assert catalog.get(source, context=context) is not None, source
        catalog.get(source, context=context).string = translated
    with po_path.open("wb") as stream:
        write_po(stream, catalog)
    subprocess.run([PYBABEL, "-q", "compile", "-d", str(folder)], check=True)
    shutil.copy(POT_FILE.parent / REGISTRY_FILE, folder)  # the locale's name, fonts …
    return folder


def test_a_new_locale_made_with_gettext_tools_is_served(tmp_path: Path) -> None:
    folder = _translate(
        tmp_path,
        "fr",
        {
            (None, "Next"): "Suivant",
            (None, "Step %(number)s of %(count)s"): "Étape %(number)s sur %(count)s",
            ("age", "How old are you?"): "Quel âge avez-vous ?",
            ("valueset:importance", "Very important"): "Très important",
        },
    )
    app = make_app(TRANSLATIONS_DIR=str(folder), LOCALES=("en", "fr"))
    patient = Patient(app.test_client(), locale="fr")

    html = page(patient.client.get("/fr/vitiligo/about_you"))

    assert '<html lang="fr" dir="ltr">' in html
    assert "Quel âge avez-vous ?" in html and "Étape 1 sur 6" in html and "Suivant" in html
    # Untranslated text falls back to English rather than disappearing.
    assert "Under 12" in html
    # The language switcher offers both, each named in its own language.
    assert 'hreflang="en"' in html and "Français" in html
    # The choice of language is the URL; the browser's preference picks the home page.
    home = patient.client.get("/", headers={"Accept-Language": "fr-CA,fr;q=0.9"})
    assert '<html lang="fr"' in page(home)


def test_a_configured_locale_without_a_catalog_is_not_offered() -> None:
    app = make_app(LOCALES=("en", "de"))
    assert app.config["LOCALES"] == ["en"]
    assert app.test_client().get("/de/vitiligo/").status_code == 404


def test_a_right_to_left_locale_mirrors_the_page(tmp_path: Path) -> None:
    folder = _translate(tmp_path, "ar", {(None, "Next"): "التالي"})
    app = make_app(TRANSLATIONS_DIR=str(folder), LOCALES=("en", "ar"))
    html = page(app.test_client().get("/ar/vitiligo/about_you"))
    assert '<html lang="ar" dir="rtl">' in html
    assert "التالي" in html


def test_a_right_to_left_sheet_prints_in_its_own_script(
    tmp_path: Path, sheet_pdfs: SheetPdfs
) -> None:
    folder = _translate(tmp_path, "ar", {(None, "What matters most to you"): "ما يهمك أكثر"})
    app = make_app(TRANSLATIONS_DIR=str(folder), LOCALES=("en", "ar"))
    patient = Patient(app.test_client(), locale="ar")
    patient.complete("vitiligo")

    reader = sheet_pdfs(patient, "vitiligo").reader

    assert reader.trailer["/Root"]["/Lang"] == "ar"
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]: font.get_object()["/Encoding"]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Arabic" in name for name in fonts), fonts  # the Arabic text has its font
    assert set(fonts.values()) == {"/Identity-H"}  # and no glyph is missing


SHIPPED_CATALOGS = ("ar", "hi", "zh_Hans")
"""Locales whose script needs its own font, with the catalogs in translations/."""
SCRIPT_OF = {"ar": "\u0600-\u06ff", "hi": "\u0900-\u097f", "zh_Hans": "\u4e00-\u9fff"}


@pytest.fixture(scope="module")
def translated_app():
    return make_app(LOCALES=("en", *SHIPPED_CATALOGS))


@pytest.mark.parametrize("locale", SHIPPED_CATALOGS)
def test_a_sheet_prints_in_its_scripts_own_font_with_every_glyph(
    translated_app, sheet_pdfs: SheetPdfs, locale: str
) -> None:
    """Arabic, Devanagari and Han text in the PDF, in the locale's font (Chinese in its
    Simplified forms, not fontconfig's Japanese choice), with no glyph missing: a missing
    glyph gives its font a custom encoding instead of Identity-H."""
    patient = Patient(translated_app.test_client(), locale=locale)
    patient.complete("vitiligo")

    pdf = sheet_pdfs(patient, "vitiligo")

    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]: font.get_object()["/Encoding"]
        for page in pdf.reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    wanted = {"ar": "Noto-Sans-Arabic", "hi": "Noto-Sans-Devanagari", "zh_Hans": "Noto-Sans-CJK-SC"}
    assert any(name.startswith(wanted[locale]) for name in fonts), fonts
    assert not any("CJK-JP" in name for name in fonts), fonts
    assert set(fonts.values()) == {"/Identity-H"}, fonts
    text = " ".join(pdf.pages)
    assert len(re.findall(f"[{SCRIPT_OF[locale]}]", text)) > 500, text[:300]


# --- the registry of locales, and the browser's choice of one ------------------------------

REGISTRY = read_registry()


@pytest.mark.parametrize("code", list(REGISTRY))
def test_each_registered_locale_agrees_with_babel_and_has_its_fonts(code: str) -> None:
    """Its direction is Babel's (a typo would mirror a page), and each PDF font it names
    is installed (a missing one would fall back to a font without its script)."""
    entry = REGISTRY[code]
    assert entry.direction == Locale.parse(code).text_direction
    assert entry.name.strip()
    for font in entry.fonts:
        installed = subprocess.run(
            ["fc-list", f"{font}:style=Regular", "family"],
            text=True,
            capture_output=True,
            check=True,
        ).stdout
        assert font in installed, f"{code}: font {font!r} is not installed (scripts/setup.sh)"


def test_the_registry_says_which_locales_are_offered() -> None:
    app = make_app()
    assert app.config["LOCALES"] == list(shipped_locales(REGISTRY))
    assert [code for code, entry in REGISTRY.items() if entry.source] == [SOURCE_LOCALE]


def test_a_mistake_in_the_registry_stops_start_up_with_its_place(tmp_path: Path) -> None:
    broken = tmp_path / "locales.toml"
    broken.write_text('[en]\nname = "English"\ndirection = "sideways"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="direction"):
        read_registry(broken)
    broken.write_text('[es]\nname = "Español"\ndirection = "ltr"\nreviewed_by = "A. B."\n')
    with pytest.raises(ConfigError, match="reviewed_on"):
        read_registry(broken)


def test_production_offers_only_shipped_locales() -> None:
    with pytest.raises(ConfigError, match="does not ship"):
        make_app(
            PRODUCTION=True,
            SECRET_KEY="k" * 40,
            TRUSTED_HOSTS=("example.org",),
            LOCALES=("en", "xx_preview"),
        )


OFFERED = ("en", "es", "fr", "ar", "hi", "zh_Hans")


@pytest.mark.parametrize(
    ("accept_language", "chosen"),
    [
        ("zh-CN,zh;q=0.9", "zh_Hans"),
        ("zh", "zh_Hans"),
        ("zh-Hans-CN", "zh_Hans"),
        ("zh-SG", "zh_Hans"),
        ("zh-TW,en;q=0.5", "en"),  # Traditional Chinese is not Simplified: the next one
        ("de-DE,de;q=0.9,fr;q=0.8,en;q=0.5", "fr"),  # weighted: the best one offered
        ("en;q=0.2,ar-EG;q=0.9", "ar"),  # the weights decide, not the order
        ("ES-mx", "es"),
        ("hi-IN", "hi"),
        ("pt-BR,de", "en"),  # nothing offered: the source language
        ("*", "en"),
        ("", "en"),
    ],
)
def test_the_home_page_takes_the_browsers_best_offered_language(
    accept_language: str, chosen: str
) -> None:
    client = make_app(LOCALES=OFFERED).test_client()
    html = page(client.get("/", headers={"Accept-Language": accept_language}))
    tag = chosen.replace("_", "-")
    assert f'<html lang="{tag}"' in html


SPANISH_NOTICE = "Esta traducción todavía no la ha revisado un traductor médico cualificado."


def _spanish_app(tmp_path: Path, reviewed: bool) -> Flask:
    """The app offering Spanish, from a copy of the translations whose registry says
    whether a qualified medical translator has reviewed it."""
    folder = tmp_path / "translations"
    shutil.copytree(POT_FILE.parent / "es", folder / "es")
    registry = (POT_FILE.parent / REGISTRY_FILE).read_text(encoding="utf-8")
    if reviewed:
        registry = registry.replace(
            "[es]\n", '[es]\nreviewed_by = "A. Translator"\nreviewed_on = 2026-12-01\n'
        )
    (folder / REGISTRY_FILE).write_text(registry, encoding="utf-8")
    return make_app(TRANSLATIONS_DIR=str(folder), LOCALES=("en", "es"))


def test_an_unreviewed_translation_says_so_on_every_page_and_pdf_page(
    tmp_path: Path, sheet_pdfs: SheetPdfs
) -> None:
    patient = Patient(_spanish_app(tmp_path, reviewed=False).test_client(), locale="es")
    patient.complete("vitiligo")

    for path in ("/es/", "/es/vitiligo/", "/es/vitiligo/about_you", "/es/vitiligo/sheet",
                 "/es/clinician/", "/es/vitiligo/no-such-step"):  # fmt: skip
        html = patient.client.get(path).get_data(as_text=True)
        assert SPANISH_NOTICE in html, path
    # With a way to the same page in English.
    html = page(patient.client.get("/es/vitiligo/about_you"))
    assert '<a href="/en/vitiligo/about_you" hreflang="en">Leer esta página en inglés</a>' in html
    pdf = sheet_pdfs(patient, "vitiligo", details=True)
    assert all(SPANISH_NOTICE in text for text in pdf.pages), [p[:120] for p in pdf.pages]
    # English, the source, has no such notice.
    english = page(patient.client.get("/en/vitiligo/about_you"))
    assert "qualified medical translator" not in english


def test_a_reviewed_translation_has_no_notice(tmp_path: Path, sheet_pdfs: SheetPdfs) -> None:
    patient = Patient(_spanish_app(tmp_path, reviewed=True).test_client(), locale="es")
    patient.complete("vitiligo")

    assert SPANISH_NOTICE not in page(patient.client.get("/es/vitiligo/about_you"))
    assert SPANISH_NOTICE not in sheet_pdfs(patient, "vitiligo").text


def test_the_language_switcher_keeps_the_page_and_every_answer() -> None:
    """From a half-answered step in Spanish to the same step in Arabic, then in Chinese:
    every page offers every shipped language by its own name, and the answers stay."""
    patient = Patient(make_app(LOCALES=OFFERED).test_client(), locale="es")
    response = patient.answer("vitiligo", "about_you", PATIENTS["vitiligo"]["about_you"])
    assert response.status_code == 302
    spanish = page(patient.client.get("/es/vitiligo/about_you"))
    for name in ("English", "Español", "Français", "العربية", "हिन्दी", "简体中文"):
        assert f">{name}</" in spanish, name

    for code, tag in (("ar", "ar"), ("zh_Hans", "zh-Hans")):
        link = re.search(rf'<a href="([^"]+)" lang="{tag}" hreflang="{tag}">', spanish)
        assert link and link.group(1) == f"/{code}/vitiligo/about_you"
        switched = page(patient.client.get(link.group(1)))
        assert f'<html lang="{tag}"' in switched
        assert re.search(r'value="18_plus"[^>]* checked', switched), code
        assert re.search(r'value="burns_then_tans"[^>]* checked', switched), code
