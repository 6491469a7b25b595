"""Locales: which are offered, which one a request uses, and what follows from it
(text direction, language tag, paper size, fonts, whether it has been reviewed). All
locale logic lives here; which locales ship is said by the registry,
``translations/locales.toml``."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError, negotiate_locale, support
from babel.core import get_global
from flask import Flask, current_app, g, request
from flask_babel import Babel, get_translations
from markupsafe import Markup

from decisionaid.config import ConfigError
from decisionaid.content.model import Text
from decisionaid.locales import (
    FALLBACK_FONTS,
    REGISTRY_FILE,
    SOURCE_LOCALE,
    RegisteredLocale,
    own_name,
    read_registry,
    shipped_locales,
)

log = logging.getLogger(__name__)

# Territories that use US Letter paper (CLDR's paperSize data); everyone else uses A4.
LETTER_TERRITORIES = frozenset(
    {"US", "CA", "MX", "PR", "CL", "CO", "VE", "PH", "GT", "PA", "CR", "SV", "DO", "NI", "HN", "BZ"}
)
PAPER_SIZES = ("a4", "letter")


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
    reviewed: bool
    """False: every page and PDF says the translation has not been checked."""


def locale_info(code: str, entry: RegisteredLocale | None) -> LocaleInfo:
    """From the locale's registry entry; a locale not in the registry (a translator's
    draft, previewed) gets Babel's name and direction, Latin fonts, and the notice."""
    locale = Locale.parse(code)
    territory = locale.territory or _likely_territory(locale.language)
    fonts = [f'"{font}"' for font in (entry.pdf_fonts if entry else FALLBACK_FONTS)]
    return LocaleInfo(
        code=code,
        language_tag=str(locale).replace("_", "-"),
        text_direction=entry.direction if entry else locale.text_direction,
        native_name=entry.name if entry else own_name(locale),
        default_paper="letter" if territory in LETTER_TERRITORIES else "a4",
        pdf_fonts=Markup(", ".join([*fonts, "sans-serif"])),  # noqa: S704 (names, checked)
        reviewed=entry.reviewed if entry else False,
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
    return negotiate(request.accept_languages.values(), offered) or offered[0]


def negotiate(preferred: Iterable[str], offered: Sequence[str]) -> str | None:
    """The offered locale a browser's languages (best first) ask for, by Babel's
    negotiation. Each language is also tried with the script it is most likely written
    in, so that zh, zh-CN and zh-Hans-CN find zh_Hans (and zh-TW does not)."""
    candidates = []
    for tag in preferred:
        code = tag.replace("-", "_")
        candidates.append(code)
        try:
            locale = Locale.parse(code)
        except (ValueError, UnknownLocaleError):
            continue
        script = locale.script or _likely_script(locale)
        if script:
            candidates.append(f"{locale.language}_{script}")
    found = negotiate_locale(candidates, offered)
    by_lower_case = {code.lower(): code for code in offered}
    return by_lower_case.get(found.lower()) if found else None


def _likely_script(locale: Locale) -> str | None:
    likely = get_global("likely_subtags")
    for key in (f"{locale.language}_{locale.territory}", locale.language):
        parts = likely.get(key, "").split("_")
        if len(parts) == 3:
            return parts[1]
    return None


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


def translation_notice() -> str:
    """What every page and PDF of a locale says until its translation is reviewed."""
    # Translators: on every page and PDF until a qualified medical translator has
    # reviewed this translation; then translations/locales.toml names them.
    return request_translations().ugettext(
        "This translation has not yet been checked by a qualified medical translator."
        " If anything is unclear, ask your clinician."
    )


def init_app(app: Flask) -> None:
    translations_dir = Path(app.config["TRANSLATIONS_DIR"])
    registry = read_registry(translations_dir / REGISTRY_FILE)
    app.config["LOCALES"] = available_locales(offered_locales(app, registry), translations_dir)
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
    app.jinja_env.globals.update(translation_notice=translation_notice, source_locale=SOURCE_LOCALE)
    app.extensions["locale_info"] = {
        code: locale_info(code, registry.get(code)) for code in app.config["LOCALES"]
    }


def offered_locales(app: Flask, registry: dict[str, RegisteredLocale]) -> Sequence[str]:
    """The registry's shipped locales, unless the LOCALES setting names others: a
    translator's preview of a draft. In production only shipped ones may be named."""
    configured = app.config["LOCALES"]
    if configured is None:
        return shipped_locales(registry)
    unshipped = set(configured) - set(shipped_locales(registry))
    if app.config["PRODUCTION"] and unshipped:
        raise ConfigError(
            f"LOCALES names {', '.join(sorted(unshipped))}, which translations/locales.toml"
            " does not ship; production offers only shipped locales"
        )
    return configured
