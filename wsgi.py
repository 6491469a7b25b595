"""Production entry point: ``gunicorn wsgi:app``."""

import gc

from decisionaid import create_app
from decisionaid.content.loader import ContentError

try:
    app = create_app()
except ContentError as error:
    # A broken content file stops start-up with "file:line: what is wrong", not a traceback.
    raise SystemExit(f"decisionaid: the content has errors:\n{error}") from None

# The content, templates and fonts live as long as the process: keep the garbage collector
# from walking them after every PDF (about a fifth of a two-page PDF's time; bench/).
gc.freeze()
