"""decisionaid: a balanced, printable option sheet for people preparing for a
consultation about their skin condition."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from decisionaid import clinician, errors, i18n, pdf, release, views
from decisionaid.config import PROJECT_ROOT, DefaultConfig, secret_key
from decisionaid.content.loader import load_library
from decisionaid.icon_array import icon_array


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Create the app; content is loaded and checked once, here."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    app.config.from_object(DefaultConfig)
    app.config.from_prefixed_env("DECISIONAID")
    if config:
        app.config.update(config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secret_key(Path(app.instance_path))
    app.extensions["content"] = load_library(Path(app.config["CONTENT_DIR"]))
    i18n.init_app(app)
    release.init_app(app)
    pdf.init_app(app)
    errors.init_app(app)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals["icon_array"] = icon_array
    views.init_app(app)
    clinician.init_app(app)
    return app
