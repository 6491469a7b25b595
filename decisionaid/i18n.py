"""Locales: which are offered, which one a request uses, and what follows from it
(text direction, language tag, paper size). All locale logic lives here."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, negotiate_locale, support
from babel.core import get_global
from flask import Flask, current_app, g, request
from flask_babel import Babel, get_translations
from markupsafe import Markup

from decisionaid.content.model import Text

log = logging.getLogger(__name__)

SOURCE_LOCALE = "en"
# Territories that use US Letter paper (CLDR's paperSize data); everyone else uses A4.
LETTER_TERRITORIES = frozenset(
    {"US", "CA", "MX", "PR", "CL", "CO", "VE", "PH", "GT", "PA", "CR", "SV", "DO", "NI", "HN", "BZ"}
)
PAPER_SIZES = ("a4", "letter")


SCRIPT_FONTS = {
    "ar": "Noto Sans Arabic",
    "fa": "Noto Sans Arabic",
    "ur": "Noto Sans Arabic",
    "he": "Noto Sans Hebrew",
    "hi": "Noto Sans Devanagari",
    "bn": "Noto Sans Bengali",
    "zh_Hans": "Noto Sans CJK SC",
    "zh_Hant": "Noto Sans CJK TC",
    "ja": "Noto Sans CJK JP",
    "ko": "Noto Sans CJK KR",
}
"""The font a locale's PDFs are set in before Noto Sans, by locale or language: one with
every glyph of its script (scripts/setup.sh installs them). Chinese is named by its
script: for lang="zh-Hans", fontconfig alone picks the Japanese glyph forms."""
LATIN_FONTS = ('"Noto Sans"', '"DejaVu Sans"', "sans-serif")


@dataclass(frozen=True)
class LocaleInfo:
    """What templates need to know about a locale."""

    code: str
    language_tag: str
    text_direction: str
    native_name: str
    default_paper: str
    pdf_fonts: Markup
    """A CSS font-family list for its PDFs: the body and the page-margin boxes, which do
    not inherit the body's font."""


def locale_info(code: str) -> LocaleInfo:
    locale = Locale.parse(code)
    territory = locale.territory or _likely_territory(locale.language)
    script_font = SCRIPT_FONTS.get(code) or SCRIPT_FONTS.get(locale.language)
    fonts = ([f'"{script_font}"'] if script_font else []) + list(LATIN_FONTS)
    return LocaleInfo(
        code=code,
        language_tag=str(locale).replace("_", "-"),
        text_direction=locale.text_direction,
        native_name=(locale.get_display_name(locale) or code).capitalize(),
        default_paper="letter" if territory in LETTER_TERRITORIES else "a4",
        pdf_fonts=Markup(", ".join(fonts)),  # noqa: S704 (our own names, above)
    )


def _likely_territory(language: str) -> str | None:
    """The territory a bare language most likely means (en -> US, ar -> EG)."""
    likely = get_global("likely_subtags").get(language, "")
    return likely.split("_")[-1] if likely else None


def available_locales(configured: Iterable[str], translations_dir: Path) -> list[str]:
    """The configured locales that can actually be served: English (the source
    language) and those with a compiled catalog on disk."""
    available = []
    for code in configured:
        if (
            code == SOURCE_LOCALE
            or (translations_dir / code / "LC_MESSAGES" / "messages.mo").is_file()
        ):
            available.append(code)
        else:
            log.warning("locale %s is configured but has no compiled catalog; not offered", code)
    return available


def select_locale() -> str:
    """The locale of this request: from the URL when it has one, else the browser's."""
    if "locale" in g:
        return g.locale
    return negotiate_from_browser()


def negotiate_from_browser() -> str:
    offered = current_app.config["LOCALES"]
    preferred = [language.replace("-", "_") for language, _ in request.accept_languages]
    return negotiate_locale(preferred, offered) or offered[0]


def request_translations() -> support.NullTranslations:
    """The catalog of the request's locale, looked up once per request.

    Flask-Babel looks it up again for every string, through the app context several
    times (about 20 µs), and a step page translates some 70 strings. Its locale is fixed
    once chosen, for the request, so the catalog is too. Outside an app context, as
    Flask-Babel: no translation.
    """
    if not g:
        return get_translations()
    translations = g.get("translations")
    if translations is None:
        translations = g.translations = get_translations()
    return translations


def translate(text: Text) -> str:
    """Translate a content text into the request's locale (English if untranslated)."""
    return request_translations().upgettext(text.context, text.source)


def init_app(app: Flask) -> None:
    translations_dir = Path(app.config["TRANSLATIONS_DIR"])
    app.config["LOCALES"] = available_locales(app.config["LOCALES"], translations_dir)
    if SOURCE_LOCALE not in app.config["LOCALES"]:
        app.config["LOCALES"].insert(0, SOURCE_LOCALE)
    parsed = {code: Locale.parse(code) for code in app.config["LOCALES"]}

    def request_locale() -> Locale | str:
        """select_locale's, parsed once here: Flask-Babel parses a code on every request
        (about 3 µs), a Locale it takes as it is."""
        code = select_locale()
        return parsed.get(code, code)

    Babel(
        app,
        locale_selector=request_locale,
        default_locale=SOURCE_LOCALE,
        default_translation_directories=str(translations_dir),
    )
    # Flask-Babel's own, with the catalog looked up once per request.
    app.jinja_env.install_gettext_callables(
        gettext=lambda string: request_translations().ugettext(string),
        ngettext=lambda singular, plural, n: request_translations().ungettext(singular, plural, n),
        newstyle=True,
        pgettext=lambda context, string: request_translations().upgettext(context, string),
        npgettext=lambda context, singular, plural, n: request_translations().unpgettext(
            context, singular, plural, n
        ),
    )
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.filters["t"] = translate
    app.extensions["locale_info"] = {code: locale_info(code) for code in app.config["LOCALES"]}
