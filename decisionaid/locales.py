"""The registry of locales, ``translations/locales.toml``: the one place that says which
locales ship, with each one's name, direction, PDF fonts and review. No Flask here: the
translator's commands use it before there is an app."""

from __future__ import annotations

import datetime
import json
import tomllib
from pathlib import Path
from typing import Literal

from babel import Locale
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from decisionaid.config import PROJECT_ROOT, ConfigError

SOURCE_LOCALE = "en"
REGISTRY_FILE = "locales.toml"
"""The registry, in the translations folder beside the catalogs."""
FALLBACK_FONTS = ("Noto Sans", "DejaVu Sans")
"""The PDF fonts after a locale's own (Latin, Greek, Cyrillic and symbols)."""


class RegisteredLocale(BaseModel):
    """A locale's entry in the registry (the file's own comments say what each means)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    direction: Literal["ltr", "rtl"]
    fonts: tuple[str, ...] = ()
    ships: bool = False
    source: bool = False
    reviewed_by: str | None = None
    reviewed_on: datetime.date | None = None

    @model_validator(mode="after")
    def _reviewed_by_someone_on_a_day(self) -> RegisteredLocale:
        if (self.reviewed_by is None) != (self.reviewed_on is None):
            raise ValueError("give both reviewed_by and reviewed_on, or neither")
        return self

    @property
    def pdf_fonts(self) -> tuple[str, ...]:
        """Every font its PDFs are set in, in the order they are tried for a character."""
        return (*self.fonts, *FALLBACK_FONTS)

    @property
    def reviewed(self) -> bool:
        """Its texts were written, or their translation checked, by a qualified person."""
        return self.source or self.reviewed_by is not None


def read_registry(
    path: Path = PROJECT_ROOT / "translations" / REGISTRY_FILE,
) -> dict[str, RegisteredLocale]:
    """The registry, each entry checked: a mistake stops start-up with its place. A
    translations folder without one has English alone."""
    if not path.exists():
        source = RegisteredLocale(name="English", direction="ltr", ships=True, source=True)
        return {SOURCE_LOCALE: source}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return {code: RegisteredLocale.model_validate(entry) for code, entry in data.items()}
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as error:
        raise ConfigError(f"{path}: {error}") from error


def register(code: str, path: Path) -> bool:
    """Add a new locale to the registry at ``path``, not shipped, with Babel's name and
    direction; False if it is there already."""
    if path.exists() and code in read_registry(path):
        return False
    locale = Locale.parse(code)
    name = json.dumps(own_name(locale), ensure_ascii=False)
    entry = (
        f'\n[{code}]\nname = {name}\ndirection = "{locale.text_direction}"\n'
        '# fonts = ["Noto Sans …"]  if its script is not in Noto Sans\n'
        "ships = false\n"
    )
    with path.open("a", encoding="utf-8") as registry:
        registry.write(entry)
    return True


def own_name(locale: Locale) -> str:
    """The language's name in itself, as a list of languages starts it (Babel's, which
    is "français", "português (Brasil)")."""
    name = locale.get_display_name(locale) or str(locale)
    return name[:1].upper() + name[1:]


def shipped_locales(registry: dict[str, RegisteredLocale]) -> tuple[str, ...]:
    return tuple(code for code, entry in registry.items() if entry.ships)
