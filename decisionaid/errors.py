"""Hardening and error pages: every bad request gets a clear 4xx page in the user's
language, never a 500."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, abort, current_app, render_template, request, url_for
from flask.globals import request_ctx
from flask_babel import gettext
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException, InternalServerError

from decisionaid.render_pool import RenderersBusyError, RenderTooSlowError

csrf = CSRFProtect()

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
"""The browser features this app never uses, turned off for it and anything it embeds."""
HSTS = "max-age=31536000"
"""Over HTTPS: a year of HTTPS only for this host (not its subdomains, which may not be ours)."""
SECURITY_HEADERS = (
    (
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'",
    ),
    ("X-Content-Type-Options", "nosniff"),
    # Not "no-referrer": over HTTPS, Flask-WTF's CSRF check (WTF_CSRF_SSL_STRICT) refuses
    # a POST without a Referer from this origin. "same-origin" sends one to this site only.
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", PERMISSIONS_POLICY),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
"""Every response's, unless it sets one itself; HSTS follows over HTTPS."""


def _reject_nul_bytes() -> None:
    """Refuse, before any other check reads the request, what no browser sends: a query
    string or form body that is not UTF-8, a form part without a name, or a NUL byte in the
    URL or in any name or value of a form.

    Werkzeug decodes both strictly. A query string that does not decode raises (a 500);
    a urlencoded body that does not decode is silently parsed as an empty form (Werkzeug
    #2930), so the CSRF check would find no token and blame an expired page. A multipart
    part whose name Werkzeug cannot read is named None, which makes Flask-WTF's search
    for the token raise. ``get_data`` keeps the body, so the form is parsed from it after.

    Most requests (a page, a static file) have neither a query string nor a body, so only
    the path is checked and nothing is parsed (about 0.1 ms saved), as the WSGI environ
    tells: without a Content-Type Werkzeug parses no form anyway. A request with any
    Content-Length (0 too) takes the full check, which opens the body (and refuses one
    that is too large, with a 413).
    """
    environ = request.environ
    if not (
        environ.get("QUERY_STRING") or environ.get("CONTENT_TYPE") or environ.get("CONTENT_LENGTH")
    ):
        if "\x00" in request.path:
            abort(400)
        return
    try:
        request.query_string.decode()
        if request.mimetype == "application/x-www-form-urlencoded":
            request.get_data().decode()
    except UnicodeDecodeError:
        abort(400)
    fields = [*request.args.lists(), *request.form.lists()]
    if any(name is None for name, _ in fields):
        abort(400)
    texts = [request.path, *(text for name, values in fields for text in (name, *values))]
    if any("\x00" in text for text in texts):
        abort(400)


def _check_csrf() -> None:
    """Flask-WTF's CSRF check, called only for the methods it checks (POST …).

    Flask-WTF's own hook, turned off (WTF_CSRF_CHECK_DEFAULT), looks up the view's
    exemptions before it looks at the method, on every request, a GET or a static file
    too; ``protect`` still applies them."""
    config = current_app.config
    if request.method in config["WTF_CSRF_METHODS"] and config["WTF_CSRF_ENABLED"]:
        csrf.protect(apply_exemptions=True)


def _security_headers_hook(https: bool) -> Callable[[Response], Response]:
    """The after-request hook that gives every response the headers of SECURITY_HEADERS it
    does not set itself (and, over HTTPS, HSTS), in that order.

    The list is worked out once, here, and each response's headers are read once: one
    ``Headers.setdefault`` a header scanned them twice and raised a KeyError for each
    header missing (about 0.1 ms a request, static files included)."""
    wanted = SECURITY_HEADERS + ((("Strict-Transport-Security", HSTS),) if https else ())
    lowered = tuple((name.lower(), name, value) for name, value in wanted)

    def add_security_headers(response: Response) -> Response:
        headers = response.headers
        present = {name.lower() for name, _ in headers}
        headers.extend([(name, value) for low, name, value in lowered if low not in present])
        return response

    return add_security_headers


def _error_message(code: int) -> str:
    """The message of the error page for ``code``, in the request's language: only the
    one shown is translated (each Flask-Babel gettext looks the catalog up again)."""
    match code:
        case 400:
            return gettext("Something in the request was not right. Please go back and try again.")
        case 404:
            return gettext("We could not find this page. Check the address, or start again.")
        case 405:
            return gettext("This page cannot be used that way. Please go back and try again.")
        case 413:
            return gettext("What you sent is too large. Please go back and try again.")
        case 429:
            return gettext(
                "You have asked for many PDFs in a short time. Please wait a minute, then try "
                "again. Your answers are still in your browser."
            )
    return gettext(
        "Something went wrong on our side. Your answers are still in your browser. "
        "Please try again."
    )


def _error_page(error: HTTPException) -> tuple[str, int] | Response:
    message = _error_message(error.code or 500)
    if request_ctx.url_adapter is None:
        # A host name not in TRUSTED_HOSTS: no URL of this site can be built for it.
        return Response(message, error.code or 500, mimetype="text/plain")
    return render_template("error.html", code=error.code, message=message), error.code or 500


def _csrf_error(error: CSRFError) -> tuple[str, int]:
    message = gettext(
        "This page was open too long, or cookies are turned off, so we could not accept "
        "your answers. Please go back, reload the page and try again."
    )
    return render_template("error.html", code=400, message=message), 400


def _pdf_busy(error: RenderersBusyError | RenderTooSlowError) -> Response:
    """503 with Retry-After: the PDF could not be made now, and will be soon."""
    message = gettext(
        "Many people are making their PDF right now, so we could not make yours. Please "
        "wait a minute, then try again. Your answers are still in your browser."
    )
    back_url = None
    if request.endpoint == "pages.sheet_pdf":
        back_url = url_for("pages.sheet", **(request.view_args or {}))
    page = render_template("error.html", code=503, message=message, back_url=back_url)
    return Response(page, status=503, headers={"Retry-After": str(error.retry_after)})


def _unexpected_error(error: Exception) -> tuple[str, int]:
    current_app.logger.exception("unexpected error", exc_info=error)
    return _error_page(InternalServerError())


def init_app(app: Flask) -> None:
    # First: the CSRF check reads the form, and a form that did not parse reads as empty.
    app.before_request(_reject_nul_bytes)
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    csrf.init_app(app)
    app.before_request(_check_csrf)
    app.after_request(_security_headers_hook(app.config["HTTPS"]))
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(RenderersBusyError, _pdf_busy)
    app.register_error_handler(RenderTooSlowError, _pdf_busy)
    app.register_error_handler(HTTPException, _error_page)
    if not app.testing:
        # In tests, a bug should fail loudly with its traceback instead.
        app.register_error_handler(Exception, _unexpected_error)
