"""Babel extractor for the content files (registered as the ``decisionaid_content``
entry point): every text the loader reads as translatable, with its item's id as
``msgctxt`` and a ``Type:`` comment telling translators what the text is."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from decisionaid.content.loader import SHARED_FILES, ContentError, load_library
from decisionaid.content.model import Library
from decisionaid.content.text import Content, Text


def _texts(value: Any) -> Iterator[Text]:
    """Every Text inside a content object, in document order."""
    if isinstance(value, Text):
        yield value
    elif isinstance(value, Content):
        for name in type(value).model_fields:
            yield from _texts(getattr(value, name))
    elif isinstance(value, tuple | list):
        for element in value:
            yield from _texts(element)
    elif isinstance(value, dict):
        for element in value.values():
            yield from _texts(element)


def extract_content(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Yield ``(line, "pgettext", (context, text), comments)`` for pybabel.

    The file is loaded by the same loader the app uses, next to the shared files it
    refers to, so extraction and the running app agree on what is translatable.
    """
    path = Path(fileobj.name).resolve()
    library = _load_alone(path)
    shared_files: dict[str, Any] = {
        "caveats.yaml": (library.caveats, library.claims),
        "shared.yaml": library.shared,
        "sources.yaml": (),  # citations are printed as published, not translated
    }
    objects = shared_files.get(path.name, library.pathways.get(path.stem))
    seen: set[tuple[str, str]] = set()
    for text in sorted(_texts(objects), key=lambda t: t.line):
        if (text.context, text.source) not in seen:
            seen.add((text.context, text.source))
            yield text.line, "pgettext", (text.context, text.source), [f"Type: {text.role}"]


def _load_alone(path: Path) -> Library:
    """Load one content file and the shared files it refers to; a broken file stops
    extraction with the loader's ``file:line`` message."""
    pathways = [] if path.name in SHARED_FILES else [path.stem]
    try:
        return load_library(path.parent, only=pathways)
    except ContentError as error:
        raise SystemExit(f"cannot extract strings from {path}:\n{error}") from None
