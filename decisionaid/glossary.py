"""The glossary entries a sheet lists: those whose words its texts use.

Matched on the English source texts, so every language lists the same entries.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from decisionaid.content.model import GlossaryEntry


def glossary_used(
    glossary: tuple[GlossaryEntry, ...], texts: Iterable[str]
) -> tuple[GlossaryEntry, ...]:
    """The glossary entries whose words the sheet uses, in the glossary's order."""
    wanted = {entry: [_words(match) for match in entry.matches] for entry in glossary}
    longest = max((len(words) for matches in wanted.values() for words in matches), default=0)
    used: set[tuple[str, ...]] = set()
    for text in texts:
        used |= _phrases(text, longest)
    return tuple(entry for entry, matches in wanted.items() if any(m in used for m in matches))


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", text.lower()))


@functools.lru_cache(maxsize=8192)
def _phrases(text: str, longest: int) -> frozenset[tuple[str, ...]]:
    """Every run of up to ``longest`` words in a text. The content's texts are few and
    fixed, so each is split once, however many sheets use it."""
    words = _words(text)
    return frozenset(
        words[start : start + size]
        for size in range(1, longest + 1)
        for start in range(len(words) - size + 1)
    )
