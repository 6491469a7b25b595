"""Production entry point: ``gunicorn wsgi:app``."""

import gc

from decisionaid import create_app
from decisionaid.config import ConfigError
from decisionaid.content.loader import ContentError

try:
    app = create_app()
except ContentError as error:
    # A broken content file stops start-up with "file:line: what is wrong", not a traceback.
    raise SystemExit(f"decisionaid: the content has errors:\n{error}") from None
except ConfigError as error:
    raise SystemExit(f"decisionaid: a setting cannot be used:\n{error}") from None

# The content and templates live as long as the process: keep the garbage collector from
# walking them (the PDF renderers, processes of their own, do the same for their fonts).
gc.freeze()
