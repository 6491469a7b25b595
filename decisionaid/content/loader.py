"""Load and validate the content files in ``questionnaires/``.

Each file is read into plain data with a map of its lines (``yaml_source.py``), validated
against its model (``model.py``: unknown keys are errors, since a typo in a key would
otherwise silently drop content from a medical sheet), and then checked against the other
files (``references.py``). Every problem in every file is reported at once, each as
``file:line: what is wrong``.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from decisionaid.content import references
from decisionaid.content.model import FILE_MODELS, Library, Pathway, SharedTexts
from decisionaid.content.sheet_texts import citations_not_shown
from decisionaid.content.text import Content, Role, Text
from decisionaid.content.yaml_source import YAML_LOADER, Location, YamlSource, read_yaml

__all__ = ["YAML_LOADER", "ContentError", "load_library", "pathway_files"]

SHARED_FILES = tuple(FILE_MODELS)
ContentT = TypeVar("ContentT", bound=Content)


class ContentError(Exception):
    """One or more content files are invalid; ``str()`` lists ``file:line: problem``."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def pathway_files(directory: Path) -> list[Path]:
    return sorted(
        path
        for path in directory.glob("*.yaml")
        if path.name not in SHARED_FILES and not path.name.startswith("_")
    )


def load_library(directory: Path, only: Iterable[str] | None = None) -> Library:
    """Load the content files in ``directory``; raise ContentError listing every problem.

    ``only`` names the pathways to load (by id); by default every pathway file is loaded.
    """
    problems: list[str] = []
    sources = _load(directory / "sources.yaml", FILE_MODELS["sources.yaml"], problems)
    caveats = _load(directory / "caveats.yaml", FILE_MODELS["caveats.yaml"], problems)
    shared = _load(directory / "shared.yaml", SharedTexts, problems)
    wanted = None if only is None else set(only)
    pathways: dict[str, Pathway] = {}
    for path in pathway_files(directory):
        if wanted is None or path.stem in wanted:
            pathway = _load(path, Pathway, problems)
            if pathway is not None:
                pathway._path = str(path)
                pathways[pathway.id] = pathway
    if only is None and not pathways and not problems:
        problems.append(f"{directory}: no pathway files found")
    checked = references.Checker(
        directory,
        sources=sources,
        caveats=caveats,
        shared=shared,
        pathways=pathways,
        all_pathways=only is None,
    )
    problems += checked.problems
    if problems:
        raise ContentError(problems)
    library = Library(
        pathways={pathway_id: checked.resolved[pathway_id] for pathway_id in pathways},
        caveats={caveat.id: caveat for caveat in caveats.caveats},
        sources={source.id: source for source in sources.sources},
        claims=caveats.claims,
        shared=shared,
        directory=str(directory),
    )
    if only is None:  # what no sheet shows is known only with every pathway loaded
        unshown = citations_not_shown(library)
        if unshown:
            raise ContentError([f"{u.path}:{u.line}: {u.message}" for u in unshown])
    return library


def _load(path: Path, model: type[ContentT], problems: list[str]) -> ContentT | None:
    """One file as its model, or None with its problems added to ``problems``."""
    source = read_yaml(path)
    problems += [f"{path}:{line}: {message}" for line, message in source.problems]
    if source.data is None:
        return None
    try:
        content = model.model_validate(source.data)
    except ValidationError as invalid:
        for error in invalid.errors():
            line, message = _explain(error, source, _FILE_NAMES.get(model, "the pathway"))
            problems.append(f"{path}:{line}: {message}")
        return None
    if source.problems:
        return None
    return _bind(content, source, (), context="", role="")


# --- where each text belongs ---------------------------------------------------------


def _bind(model: ContentT, source: YamlSource, location: Location, context: str, role: str):
    """The model with every Text given its gettext context, role and line, and every
    object its line: what only the place in the file, not the schema, can tell."""
    updates = {}
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        declared = next((m.name for m in info.metadata if isinstance(m, Role)), role)
        bound = _bind_value(
            value,
            source,
            (*location, info.alias or name),
            model.text_context(name, context),
            model.text_role(name, declared),
        )
        if bound is not value:
            updates[name] = bound
    result = model.model_copy(update=updates) if updates else model
    result._line = source.line(location)
    result._key_lines = {
        key: source.lines[(*location, key)]
        for key in (info.alias or name for name, info in type(model).model_fields.items())
        if (*location, key) in source.lines
    }
    return result


def _bind_value(value: Any, source: YamlSource, location: Location, context: str, role: str):
    if isinstance(value, Text):
        return dataclasses.replace(value, context=context, role=role, line=source.line(location))
    if isinstance(value, Content):
        return _bind(value, source, location, context, role)
    if isinstance(value, tuple) and value:
        return tuple(
            _bind_value(element, source, (*location, index), context, role)
            for index, element in enumerate(value)
        )
    return value


# --- what a validation error means, in the author's words ----------------------------

_KIND_OF_ENTRY = {
    "options": "option",
    "item": "item",
    "sources": "source",
    "caveats": "caveat",
    "claims": "claim",
    "alerts": "alert",
    "sections": "section",
    "option_groups": "option group",
    "valueSets": "value set",
    "variables": "variable",
    "rules": "a fit rule",
    "glossary": "a glossary entry",
    "notes": "a note",
    "questions_to_ask": "a question to ask",
    "answerOption": "an answer option",
    "enableWhen": "a condition",
    "count": "a condition",
}
_IDENTIFYING_KEYS = ("id", "linkId", "name", "code")
_FILE_NAMES = {
    FILE_MODELS["sources.yaml"]: "the sources file",
    FILE_MODELS["caveats.yaml"]: "the caveats file",
    SharedTexts: "the shared file",
}


def _explain(error: dict[str, Any], source: YamlSource, file_name: str) -> tuple[int, str]:
    """``(line, message)`` for one pydantic error: which key, in which entry."""
    location, owner, mapping = _place(error["loc"], source.data, file_name)
    if "at" in error.get("ctx", {}):  # a check on an entry that blames one of its keys
        location = (*location, error["ctx"]["at"])
    key = next((str(part) for part in reversed(location) if isinstance(part, str)), "")
    line = source.line(location)
    kind = error["type"]
    if kind == "extra_forbidden":
        return line, f"unknown key '{key}' in {owner}"
    if kind == "missing":
        present = [other for other in mapping if isinstance(other, str)]
        close = difflib.get_close_matches(key, present, n=1, cutoff=0.75)
        if close:
            return source.line((*location[:-1], close[0])), (
                f"{owner} has no '{key}' ('{close[0]}' is misspelt?)"
            )
        return line, f"{owner} has no '{key}'"
    if kind == "literal_error":
        expected = error["ctx"]["expected"].replace("'", "").replace(" or ", ", ")
        return line, f"'{key}' in {owner} must be one of {expected}"
    if kind.startswith(("text_", "string_", "too_short", "int_", "bool_", "date_", "tuple_")):
        what = f"'{key}' in {owner}" if key else owner
        return line, f"{what}: {_plain(error)}"
    return line, f"{owner}: {_plain(error)}"


_PLAIN_TYPES = {
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "bool_type": "must be true or false",
    "string_type": "must be text",
    "date_type": "must be a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "must be a date (YYYY-MM-DD)",
    "tuple_type": "must be a list",
    "model_type": "must be a mapping of keys to values",
    "model_attributes_type": "must be a mapping of keys to values",
}


def _plain(error: dict[str, Any]) -> str:
    if error["type"] == "too_short":
        return "is empty"
    if error["type"] in _PLAIN_TYPES:
        return f"{_PLAIN_TYPES[error['type']]}, not {error['input']!r}"
    if error["type"] == "string_pattern_mismatch":
        return f"'{error['input']}' is not valid (it must match {error['ctx']['pattern']})"
    return error["msg"].removeprefix("Value error, ")


def _place(loc: tuple[Any, ...], data: Any, file_name: str) -> tuple[Location, str, dict[str, Any]]:
    """The error's location in the file's own keys (without the schema's union tags),
    a name for the entry it is in ("option VIT-04", "a fit rule of option VIT-04"), and
    that entry's mapping."""
    location: list[str | int] = []
    owner = named = file_name
    mapping, current, list_key = data, data, ""
    for part in loc:
        if isinstance(current, dict) and part in current:
            if isinstance(current[part], dict | list):
                list_key = str(part)
            location.append(part)
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and part < len(current):
            location.append(part)
            current = current[part]
        elif (
            isinstance(current, dict)
            and isinstance(part, str)
            and not part.startswith(
                ("function-", "json-or-python", "lax-or-strict", "tagged-union")
            )
        ):
            location.append(part)  # a missing key
            break
        else:
            continue  # a tag pydantic adds for a union branch; not in the file
        if isinstance(current, dict) and current is not mapping:
            mapping = current
            ident = next((current[k] for k in _IDENTIFYING_KEYS if k in current), None)
            kind = _KIND_OF_ENTRY.get(list_key, f"'{list_key}'")
            if isinstance(ident, str):
                owner = named = f"{kind.removeprefix('a ').removeprefix('an ')} {ident}"
            elif isinstance(location[-1], int):
                owner = f"{kind} of {named}"
            else:
                owner = f"the {list_key} of {named}"
    return tuple(location), owner, mapping
