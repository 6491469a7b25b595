"""Per-client limits on what is costly to serve: the PDF of a person's sheet.

Clients are told apart by their address (behind a proxy, the one it reports: PROXIES).
The counts live in this process by default, or in Redis (``RATELIMIT_STORAGE_URI``) to be
shared by every worker and instance; if Redis cannot be reached, each process counts on
its own rather than failing the request. A client over the limit gets the 429 page in
their language, with Retry-After (errors.py). Every other page never meets the limiter."""

from __future__ import annotations

from flask import Flask, Response, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

LIMITED_ENDPOINTS = ("pages.sheet_pdf",)
"""The handouts are rendered once per release and then served from files: not limited."""
APP_WIDE_SETTINGS = (
    "RATELIMIT_DEFAULT",
    "RATELIMIT_APPLICATION",
    "RATELIMIT_META",
    "RATELIMIT_IN_MEMORY_FALLBACK",
)
"""Flask-Limiter's limits on every endpoint, which its before-request check would apply:
this app has none (see _init_for_limited_endpoints)."""


def init_app(app: Flask) -> None:
    """One limiter per app, so that apps (in tests, say) never share their counts."""
    limiter = Limiter(
        get_remote_address,
        storage_uri=app.config["RATELIMIT_STORAGE_URI"],
        headers_enabled=True,
        swallow_errors=True,
        in_memory_fallback_enabled=True,
    )
    _init_for_limited_endpoints(app, limiter)
    limit = limiter.limit(app.config["PDF_RATE_LIMIT"])
    for endpoint in LIMITED_ENDPOINTS:
        # The decorated view checks its limits itself, before it runs.
        app.view_functions[endpoint] = limit(app.view_functions[endpoint])


def _init_for_limited_endpoints(app: Flask, limiter: Limiter) -> None:
    """``limiter.init_app(app)``, with the limiter's request hooks confined to
    LIMITED_ENDPOINTS.

    Flask-Limiter (4.1) adds three hooks that run on every request: a before-request check
    of the limits on every endpoint (this app has none: a decorated view checks its own),
    an after-request hook that adds the X-RateLimit-* and Retry-After headers of the limit
    the view checked, and a teardown that clears what it kept for the request. On any other
    endpoint they do nothing, for about 0.1 ms a request, and no option leaves them out.
    So the hooks init_app adds are found in Flask's hook lists: the check is dropped, and
    the other two, each in its place (the order of hooks is kept), run for the limited
    endpoints only. Any endpoint-wide setting would need the check: refused.
    """
    if set_here := [name for name in APP_WIDE_SETTINGS if app.config.get(name)]:
        raise ValueError(f"limits on every endpoint are not supported: {', '.join(set_here)}")
    hook_lists = (app.before_request_funcs, app.after_request_funcs, app.teardown_request_funcs)
    known = [list(hooks[None]) for hooks in hook_lists]
    limiter.init_app(app)
    # Exactly one of each, or unpacking fails: a Flask-Limiter that hooks in otherwise.
    (check,), (add_headers,), (release,) = (
        [hook for hook in hooks[None] if hook not in old]
        for hooks, old in zip(hook_lists, known, strict=True)
    )

    def add_headers_if_limited(response: Response) -> Response:
        return add_headers(response) if request.endpoint in LIMITED_ENDPOINTS else response

    def release_if_limited(error: BaseException | None) -> None:
        if request.endpoint in LIMITED_ENDPOINTS:
            release(error)

    app.before_request_funcs[None].remove(check)
    after, teardown = app.after_request_funcs[None], app.teardown_request_funcs[None]
    after[after.index(add_headers)] = add_headers_if_limited
    teardown[teardown.index(release)] = release_if_limited
