"""``flask --app wsgi content check``: validate and lint every content file;
``flask --app wsgi content schema``: write the JSON Schema content authors' editors use;
``flask --app wsgi handouts build DIR``: write every handout and paper questionnaire;
``flask --app wsgi i18n extract|update|compile|add LOCALE|status|preview LOCALE``: a
translator's commands; ``flask --app wsgi i18n pseudo DIR``: the pseudo-locale, to see
what is not translated.

Registered as ``flask.commands`` entry points rather than on the app, so that ``content``
runs even when broken content stops the app from starting.
"""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Callable
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from decisionaid import catalog, create_app
from decisionaid.clinician import write_all
from decisionaid.config import DefaultConfig
from decisionaid.content.lint import MAX_BALANCE_RATIO, MAX_READING_GRADE, lint_library
from decisionaid.content.loader import ContentError, load_library
from decisionaid.content.schema import write_schemas
from decisionaid.locales import REGISTRY_FILE, SOURCE_LOCALE
from decisionaid.sample_patients import WalkError, check_sample_patients, write_preview


@click.group("content")
def content_cli() -> None:
    """Work with the content in questionnaires/."""


def folder_option(parameter: str, default: object, what: str) -> Callable:
    """A ``--dir`` option, passed as ``parameter``: the folder of ``what``."""
    return click.option(
        "--dir",
        parameter,
        type=click.Path(file_okay=False, path_type=Path),
        default=default,
        show_default=True,
        help=f"The folder of {what}.",
    )


content_dir_option = folder_option("directory", DefaultConfig.CONTENT_DIR, "content files")


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


@click.group("i18n")
def i18n_cli() -> None:
    """Translations: the template translations/messages.pot and each locale's catalog."""


translations_option = folder_option("folder", catalog.TRANSLATIONS_DIR, "catalogs")


@i18n_cli.command("extract")
def extract() -> None:
    """Write the template again from the code, templates and content."""
    catalog.extract()
    click.echo(f"wrote {catalog.POT_FILE}")


@i18n_cli.command("add")
@click.argument("locale")
@translations_option
def add(locale: str, folder: Path) -> None:
    """Start a catalog for LOCALE (such as pt_BR), every entry to translate."""
    try:
        path = catalog.add(locale, folder)
    except (FileExistsError, ValueError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"wrote {path} and its entry in {folder / REGISTRY_FILE} (not shipped):"
        " translate it with any PO editor, then run compile"
    )


@i18n_cli.command("update")
@translations_option
def update(folder: Path) -> None:
    """Bring every catalog in line with the template: new entries to translate, and those
    whose English changed marked fuzzy, with the English they were made from."""
    for path in catalog.update(folder):
        click.echo(f"updated {path}")


@i18n_cli.command("compile")
@translations_option
def compile_(folder: Path) -> None:
    """Check (msgfmt --check) and compile every catalog, for the app to serve."""
    try:
        compiled = catalog.compile_catalogs(folder)
    except RuntimeError as error:
        raise click.ClickException(str(error)) from None
    for path in compiled:
        click.echo(f"compiled {path}")


@i18n_cli.command("preview")
@click.argument("locale")
@click.option(
    "--to",
    "target",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the PDFs.  [default: preview/LOCALE]",
)
@click.option("--pathway", "pathways", multiple=True, help="Only this pathway (repeatable).")
@translations_option
def preview(locale: str, target: Path | None, pathways: tuple[str, ...], folder: Path) -> None:
    """Compile the catalogs, then write what LOCALE's patients and clinicians get: each
    pathway's sheet for its sample patient (the two pages, and with all the details), its
    handout and its paper questionnaire. LOCALE need not ship yet."""
    target = target or Path("preview", locale)
    try:
        check_sample_patients(pathways)
        catalog.compile_catalogs(folder)
    except (WalkError, RuntimeError) as error:
        raise click.ClickException(str(error)) from None
    with tempfile.TemporaryDirectory() as handout_cache:
        # Its own handout cache: a draft's release must not replace the served one's.
        app = create_app({
            "LOCALES": (SOURCE_LOCALE, locale),
            "TRANSLATIONS_DIR": str(folder),
            "HANDOUT_CACHE_DIR": handout_cache,
            "PDF_RATE_LIMIT": "1000 per minute",
        })  # fmt: skip
        if locale not in app.config["LOCALES"]:
            raise click.ClickException(f"no catalog for {locale} in {folder}: run i18n add")
        try:
            for path in write_preview(app, locale, target, pathways):
                click.echo(f"wrote {path}")
        except WalkError as error:
            raise click.ClickException(str(error)) from None


@i18n_cli.command("status")
@translations_option
def status(folder: Path) -> None:
    """Per locale: translated, fuzzy (to review), untranslated, translations whose figures
    or placeholders differ from the English, whether it ships, and who reviewed it."""
    click.echo(
        f"{'locale':10} {'translated':>10} {'fuzzy':>6} {'untranslated':>12} {'figures':>8}"
        f" {'ships':>5}  reviewed"
    )
    for entry in catalog.status(folder):
        click.echo(
            f"{entry.locale:10} {entry.translated:10} {entry.fuzzy:6} {entry.untranslated:12}"
            f" {entry.changed_figures:8} {'yes' if entry.ships else 'no':>5}  {entry.reviewed}"
        )


@i18n_cli.command("pseudo")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def pseudo(folder: Path) -> None:
    """Write the pseudo-locale into FOLDER, compiled: every text accented, a third longer
    and between markers, to see what is not translated and what longer text does to the
    pages. Never into the catalogs' own folder: it must not ship."""
    if folder.resolve() == catalog.TRANSLATIONS_DIR.resolve():
        raise click.ClickException(f"the pseudo-locale never goes into {folder}")
    path = catalog.pseudo(folder)
    catalog.compile_catalogs(folder)
    click.echo(f"wrote {path}; to see it:")
    click.echo(
        f'  DECISIONAID_TRANSLATIONS_DIR={folder} DECISIONAID_LOCALES="en {catalog.PSEUDO_LOCALE}"'
        " make run"
    )
