"""The published JSON Schema: current, named by every content file, and agreeing with
the loader, so an author's editor shows the errors the loader would report."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from decisionaid.cli import content_cli
from decisionaid.config import DefaultConfig
from decisionaid.content.schema import SCHEMA_HEADER, json_schemas, schema_name, schema_text
from tests.conftest import FIXTURE_CONTENT, broken_copy

CONTENT_DIR = Path(DefaultConfig.CONTENT_DIR)
SCHEMA_DIR = CONTENT_DIR / "schema"
CONTENT_FILES = sorted(CONTENT_DIR.glob("*.yaml")) + sorted(FIXTURE_CONTENT.glob("*.yaml"))


def _as_json(value: Any) -> Any:
    """YAML data as an editor's language server sees it: dates are strings."""
    if isinstance(value, dict):
        return {key: _as_json(element) for key, element in value.items()}
    if isinstance(value, list):
        return [_as_json(element) for element in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _schema_errors(path: Path) -> list[str]:
    schema = json.loads((SCHEMA_DIR / f"{schema_name(path)}.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    data = _as_json(yaml.safe_load(path.read_text()))
    return [error.message for error in validator.iter_errors(data)]


def test_the_committed_schema_is_current() -> None:
    for name, schema in json_schemas().items():
        committed = SCHEMA_DIR / f"{name}.schema.json"
        assert committed.read_text() == schema_text(schema), (
            f"{committed} is stale: run `flask --app wsgi content schema` and commit it"
        )


def test_the_schema_command_writes_every_schema(tmp_path: Path) -> None:
    result = CliRunner().invoke(content_cli, ["schema", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for name in ("pathway", "sources", "caveats", "shared"):
        written = json.loads((tmp_path / "schema" / f"{name}.schema.json").read_text())
        jsonschema.Draft202012Validator.check_schema(written)


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_each_content_file_names_its_schema_and_is_valid_against_it(path: Path) -> None:
    first_line = path.read_text().splitlines()[0]
    assert first_line.startswith(SCHEMA_HEADER), f"{path} does not name its schema"
    named = (path.parent / first_line.removeprefix(SCHEMA_HEADER)).resolve()
    assert named == (SCHEMA_DIR / f"{schema_name(path)}.schema.json").resolve()
    assert _schema_errors(path) == []


@pytest.mark.parametrize(
    ("old", "new", "error"),
    [
        ("    title: Cream A", "    titel: Cream A", "'titel' was unexpected"),
        ("    kind: topical", "    kind: cream", "'cream' is not one of"),
        (
            "        type: choice\n        text: How old",
            "        type: boolean\n"
            "        answerOption: [{code: a, display: A}]\n        text: How old",
            "False schema",
        ),
    ],
)
def test_the_schema_refuses_what_the_loader_refuses(
    tmp_path: Path, old: str, new: str, error: str
) -> None:
    folder = broken_copy(tmp_path, old, new)
    errors = _schema_errors(folder / "mini.yaml")
    assert any(error in message for message in errors), errors
