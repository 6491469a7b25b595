"""Production entry point: ``gunicorn wsgi:app``."""

import gc
import sys

from decisionaid import create_app
from decisionaid.config import ConfigError
from decisionaid.content.loader import ContentError

WORKER_BOOT_ERROR = 3
"""The exit status that tells gunicorn to stop, rather than start the worker again."""

try:
    app = create_app()
except (ContentError, ConfigError) as error:
    # Broken content ("file:line: what is wrong") or a bad setting stops start-up with a
    # message, not a traceback, and not a worker restarted over and over.
    what = "the content has errors" if isinstance(error, ContentError) else "a setting is wrong"
    print(f"decisionaid: {what}:\n{error}", file=sys.stderr)
    raise SystemExit(WORKER_BOOT_ERROR) from None

# The content and templates live as long as the process: keep the garbage collector from
# walking them (the PDF renderers, processes of their own, do the same for their fonts).
gc.freeze()
