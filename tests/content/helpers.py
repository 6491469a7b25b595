"""What the content tests share: the real content, loaded once, and the few ways they
read the sheet the engine builds from it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from decisionaid.config import DefaultConfig
from decisionaid.content.loader import load_library
from decisionaid.content.model import Answers, Option, Pathway
from decisionaid.engine import OptionSheet, build_option_sheet

LIBRARY = load_library(Path(DefaultConfig.CONTENT_DIR))
"""The content in questionnaires/, loaded once for every content test. A constant, not
the ``library`` fixture, so that answer grids and parameters can be built from it."""


def sheets_for(pathway: Pathway, base: Answers) -> Callable[..., OptionSheet]:
    """``sheet_for(**changes)``: the sheet of a person who gave the ``base`` answers,
    with ``changes`` made to them."""

    def sheet_for(**changes: object) -> OptionSheet:
        return build_option_sheet(LIBRARY, pathway, {**base, **changes})

    return sheet_for


def reasons(sheet: OptionSheet, option_id: str) -> str:
    """Every reason the sheet gives for the option's level, as one text."""
    return " ".join(reason.text.source for reason in sheet.fit_of(option_id).reasons)


def effects(sheet: OptionSheet, option_id: str) -> set[str]:
    """What the reasons for the option's level do: favour, caution, contraindication, note."""
    return {reason.effect for reason in sheet.fit_of(option_id).reasons}


def option(pathway: Pathway, option_id: str) -> Option:
    return next(found for found in pathway.options if found.id == option_id)
