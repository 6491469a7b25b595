"""decisionaid: a balanced, printable option sheet for people preparing for a
consultation about their skin condition."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from decisionaid import (
    clinician,
    errors,
    i18n,
    limits,
    pdf,
    prerender,
    release,
    render_pool,
    session,
    views,
)
from decisionaid.config import PROJECT_ROOT, DefaultConfig, check_and_complete, from_environment
from decisionaid.content.loader import load_library
from decisionaid.icon_array import icon_array


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Create the app; settings are checked and content is loaded once, here."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    app.config.from_object(DefaultConfig)
    app.config.update(from_environment(os.environ))
    if config:
        app.config.update(config)
    check_and_complete(app.config, Path(app.instance_path))
    if proxies := app.config["PROXIES"]:
        # The proxy's view of the client: its address (for the PDF limits), the scheme
        # (so a page served over HTTPS knows it) and the host name asked for.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    app.extensions["content"] = load_library(Path(app.config["CONTENT_DIR"]))
    session.init_app(app)
    i18n.init_app(app)
    release.init_app(app)
    pdf.init_app(app)
    render_pool.init_app(app)
    errors.init_app(app)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals["icon_array"] = icon_array
    views.init_app(app)
    clinician.init_app(app)
    prerender.init_app(app)
    limits.init_app(app)
    return app
