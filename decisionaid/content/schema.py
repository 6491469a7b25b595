"""The content schema as JSON Schema, for content authors' editors and for CI.

Each content file's first line names its schema (``# yaml-language-server: $schema=…``),
so an editor with a YAML language server (VS Code's Red Hat YAML, JetBrains IDEs) offers
completion, hover help and errors as the author types. The schemas are generated from
the models in ``model.py``; ``flask --app wsgi content schema`` writes them and a test
fails when the committed ones are stale.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from decisionaid.content.model import FILE_MODELS, Pathway
from decisionaid.content.text import Content

SCHEMA_FOLDER = "schema"
"""Where the schemas live, inside the content folder."""
SCHEMA_HEADER = "# yaml-language-server: $schema="
_TITLES = {
    "pathway": "A decisionaid pathway: questions, options and rules for one condition",
    "sources": "decisionaid sources.yaml: every work the sheets cite",
    "caveats": "decisionaid caveats.yaml: shared sections and the clinic claims table",
    "shared": "decisionaid shared.yaml: what every sheet says about itself, and the SURE test",
}


def schema_name(content_file: Path) -> str:
    """The schema a content file is written against: its own for a shared file,
    ``pathway`` for every other."""
    return content_file.stem if content_file.name in FILE_MODELS else "pathway"


def _model(name: str) -> type[Content]:
    return FILE_MODELS.get(f"{name}.yaml", Pathway)


def json_schemas() -> dict[str, dict[str, Any]]:
    """Each schema by name (``pathway``, ``sources``, ``caveats``, ``shared``)."""
    schemas = {}
    for name, title in _TITLES.items():
        schema = _model(name).model_json_schema(by_alias=True)
        schemas[name] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{name}.schema.json",
            **schema,
            "title": title,
        }
    return schemas


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(content_dir: Path) -> list[Path]:
    """Write every schema into ``content_dir/schema``; returns the files written."""
    folder = content_dir / SCHEMA_FOLDER
    folder.mkdir(exist_ok=True)
    written = []
    for name, schema in json_schemas().items():
        path = folder / f"{name}.schema.json"
        path.write_text(schema_text(schema), encoding="utf-8")
        written.append(path)
    return written
