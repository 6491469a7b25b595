"""The content release: one short code for everything that changes a PDF (the content
files, the translation catalogs, the templates, the stylesheets and other static files).

It is printed on every PDF, next to the content version and review date, so that a
printed copy can be matched to what the app serves now, and it keys the handout cache:
a change to any of these inputs gives a new release, and so a new handout.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask

RELEASE_LENGTH = 12
"""Hex digits of the digest kept: short enough to read off paper, long enough never to
repeat by chance between two releases."""


def content_release(content: Path, translations: Path, templates: Path, static: Path) -> str:
    """The release of these folders' files (each one's path and bytes)."""
    inputs = {
        "content": (content, ("*.yaml",)),
        "translations": (translations, ("**/*.po", "**/*.mo")),
        "templates": (templates, ("**/*",)),
        "static": (static, ("**/*",)),
    }
    digest = hashlib.sha256()
    for kind, (folder, patterns) in inputs.items():
        files = {path for pattern in patterns for path in folder.glob(pattern) if path.is_file()}
        for path in sorted(files):
            data = path.read_bytes()
            # The path and length first: a file moved or split gives another release too.
            name = f"{kind}/{path.relative_to(folder).as_posix()}"
            digest.update(f"{name}\0{len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()[:RELEASE_LENGTH]


def init_app(app: Flask) -> None:
    """Compute the release once, at start-up: the files do not change under a running app."""
    release = content_release(
        Path(app.config["CONTENT_DIR"]),
        Path(app.config["TRANSLATIONS_DIR"]),
        Path(app.root_path, app.template_folder or "templates"),
        Path(app.static_folder or "static"),
    )
    app.extensions["release"] = release
    # A global, not context: imported macros (the PDF footer, "About this sheet") see it.
    app.jinja_env.globals["content_release"] = release
