"""Per-client limits on what is costly to serve: the PDF of a person's sheet.

Clients are told apart by their address (behind a proxy, the one it reports: PROXIES).
The counts live in this process by default, or in Redis (``RATELIMIT_STORAGE_URI``) to be
shared by every worker and instance; if Redis cannot be reached, each process counts on
its own rather than failing the request. A client over the limit gets the 429 page in
their language, with Retry-After (errors.py)."""

from __future__ import annotations

from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

LIMITED_ENDPOINTS = ("pages.sheet_pdf",)
"""The handouts are rendered once per release and then served from files: not limited."""


def init_app(app: Flask) -> None:
    """One limiter per app, so that apps (in tests, say) never share their counts."""
    limiter = Limiter(
        get_remote_address,
        app=app,
        storage_uri=app.config["RATELIMIT_STORAGE_URI"],
        headers_enabled=True,
        swallow_errors=True,
        in_memory_fallback_enabled=True,
    )

    @limiter.request_filter
    def not_limited() -> bool:
        """Every other page skips the limiter's look-ups (it checks each request)."""
        return request.endpoint not in LIMITED_ENDPOINTS

    limit = limiter.limit(app.config["PDF_RATE_LIMIT"])
    for endpoint in LIMITED_ENDPOINTS:
        app.view_functions[endpoint] = limit(app.view_functions[endpoint])
