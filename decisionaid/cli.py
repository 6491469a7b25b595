"""``flask --app wsgi content check``: validate and lint every content file;
``flask --app wsgi content schema``: write the JSON Schema content authors' editors use;
``flask --app wsgi handouts build DIR``: write every handout and paper questionnaire.

Registered as ``flask.commands`` entry points rather than on the app, so that ``content``
runs even when broken content stops the app from starting.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from decisionaid.clinician import write_all
from decisionaid.config import DefaultConfig
from decisionaid.content.lint import MAX_BALANCE_RATIO, MAX_READING_GRADE, lint_library
from decisionaid.content.loader import ContentError, load_library
from decisionaid.content.schema import write_schemas


@click.group("content")
def content_cli() -> None:
    """Work with the content in questionnaires/."""


content_dir_option = click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=DefaultConfig.CONTENT_DIR,
    show_default=True,
    help="The folder of content files.",
)


@content_cli.command("schema")
@content_dir_option
def schema(directory: Path) -> None:
    """Write the content's JSON Schema into the content folder's schema/ (commit it)."""
    for path in write_schemas(directory):
        click.echo(f"wrote {path}")


@content_cli.command("check")
@content_dir_option
@click.option(
    "--on",
    "on_date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Check as on this date (YYYY-MM-DD), say a release date; default today.",
)
def check(directory: Path, on_date: datetime.datetime | None) -> None:
    """Check every content file, then lint it against the decision-aid standards; print
    each problem as file:line and exit 1 if there is any."""
    today = on_date.date() if on_date else datetime.date.today()
    try:
        library = load_library(directory)
        problems = [str(problem) for problem in lint_library(library, today)]
    except ContentError as error:
        problems = error.problems
    for problem in problems:
        click.echo(problem)
    if problems:
        count = len(problems)
        raise click.ClickException(
            f"{count} problem{'s' if count != 1 else ''} in the content of {directory}"
        )
    options = sum(len(pathway.options) for pathway in library.pathways.values())
    for source in library.sources.values():
        if source.author_not_found:
            click.echo(f"note: source '{source.id}' names no author: {source.author_not_found}")
    click.echo(
        f"content OK: {len(library.pathways)} pathway(s), {options} options, "
        f"{len(library.caveats)} caveats, {len(library.sources)} sources; "
        f"balanced within {MAX_BALANCE_RATIO:g}:1, reading grade at most {MAX_READING_GRADE:g}"
    )


handouts_cli = AppGroup("handouts", help="The PDFs for clinicians, the same for everyone.")


@handouts_cli.command("build")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def build(directory: Path) -> None:
    """Write every option handout and paper questionnaire (each pathway, language and
    paper size) into DIRECTORY, for printing offline."""
    count = 0
    for path in write_all(current_app, directory):
        click.echo(f"wrote {path}")
        count += 1
    click.echo(f"{count} PDFs of release {current_app.extensions['release']} in {directory}")
