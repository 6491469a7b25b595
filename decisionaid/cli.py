"""``flask --app wsgi content check``: validate every content file.

Registered as a ``flask.commands`` entry point rather than on the app, so that it runs
even when broken content stops the app from starting.
"""

from __future__ import annotations

from pathlib import Path

import click

from decisionaid.config import DefaultConfig
from decisionaid.content.loader import ContentError, load_library


@click.group("content")
def content_cli() -> None:
    """Work with the content in questionnaires/."""


@content_cli.command("check")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=DefaultConfig.CONTENT_DIR,
    show_default=True,
    help="The folder of content files.",
)
def check(directory: Path) -> None:
    """Check every content file; print each problem as file:line and exit 1 if any."""
    try:
        library = load_library(directory)
    except ContentError as error:
        for problem in error.problems:
            click.echo(problem)
        count = len(error.problems)
        raise click.ClickException(
            f"{count} problem{'s' if count != 1 else ''} in the content of {directory}"
        ) from None
    options = sum(len(pathway.options) for pathway in library.pathways.values())
    click.echo(
        f"content OK: {len(library.pathways)} pathway(s), {options} options, "
        f"{len(library.caveats)} caveats, {len(library.sources)} sources"
    )
