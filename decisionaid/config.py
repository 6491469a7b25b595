"""Settings, with defaults that run the app on this machine with no extra services.

Any setting in ``SETTINGS`` can be given as an environment variable ``DECISIONAID_<NAME>``
(``DECISIONAID_SECRET_KEY``, ``DECISIONAID_HTTPS=yes`` …). Each is read by its own type,
never guessed from its text: a key of digits stays a string, ``off`` is false. A setting
that does not read, or an unknown ``DECISIONAID_`` name, stops start-up with a message.
"""

from __future__ import annotations

import datetime
import os
import secrets
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "DECISIONAID_"
MIN_SECRET_LENGTH = 32
"""Characters a production key needs at least: 32 random hex digits are 128 bits."""


class ConfigError(ValueError):
    """A setting that cannot be used; start-up stops with this message."""


class DefaultConfig:
    CONTENT_DIR = str(PROJECT_ROOT / "questionnaires")
    TRANSLATIONS_DIR = str(PROJECT_ROOT / "translations")
    # The locales offered: None for those translations/locales.toml ships. Naming others
    # previews a translator's draft (outside production); each needs a compiled catalog.
    LOCALES = None
    # Production: a key of our own is required, and HTTPS and host names are expected.
    PRODUCTION = False
    # Served over HTTPS: HSTS, and a Secure, __Host- prefixed cookie. Defaults to PRODUCTION.
    HTTPS = None
    # Proxies in front (nginx: 1) whose X-Forwarded-For, -Proto and -Host are trusted.
    PROXIES = 0
    # Answers are kept in the browser for a few hours, then forgotten.
    PERMANENT_SESSION_LIFETIME = datetime.timedelta(hours=3)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    # Only a change of the answers, or a page of the app, renews the cookie (views.py).
    SESSION_REFRESH_EACH_REQUEST = False
    # A form of this app is a few kilobytes; anything much larger is refused with 413.
    MAX_CONTENT_LENGTH = 64 * 1024
    MAX_FORM_PARTS = 500
    WTF_CSRF_TIME_LIMIT = 3 * 3600
    # PDFs of a person's sheet: renderer processes per worker, requests that may wait for
    # one, how long they wait, the longest a render may take, and downloads per client.
    PDF_RENDERERS = 1
    PDF_QUEUE = 12
    PDF_QUEUE_SECONDS = 25
    PDF_TIME_LIMIT_SECONDS = 30
    PDF_RATE_LIMIT = "10 per minute; 60 per hour"
    # Where the rate limits count: in this process by default; "redis://host:6379" to
    # share them between processes and instances.
    RATELIMIT_STORAGE_URI = "memory://"


def _boolean(text: str) -> bool:
    spelled = text.strip().lower()
    if spelled in ("1", "true", "yes", "on", "y", "t"):
        return True
    if spelled in ("0", "false", "no", "off", "n", "f", ""):
        return False
    raise ValueError("use true or false (yes/no, on/off, 1/0)")


def _integer(text: str) -> int:
    number = int(text.strip())
    if number < 0:
        raise ValueError("use a whole number, 0 or more")
    return number


def _words(text: str) -> tuple[str, ...]:
    """A list, written as ``a, b`` or ``a b`` (or, as before, a JSON array)."""
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1].replace('"', " ").replace("'", " ")
    return tuple(word for word in text.replace(",", " ").split() if word)


def _text(text: str) -> str:
    return text


SETTINGS = {
    "SECRET_KEY": _text,
    "SECRET_KEY_FALLBACKS": _words,
    "PRODUCTION": _boolean,
    "HTTPS": _boolean,
    "SESSION_COOKIE_SECURE": _boolean,
    "TRUSTED_HOSTS": _words,
    "PROXIES": _integer,
    "CONTENT_DIR": _text,
    "TRANSLATIONS_DIR": _text,
    "LOCALES": _words,
    "HANDOUT_CACHE_DIR": _text,
    "PDF_RENDERERS": _integer,
    "PDF_QUEUE": _integer,
    "PDF_QUEUE_SECONDS": _integer,
    "PDF_TIME_LIMIT_SECONDS": _integer,
    "PDF_RATE_LIMIT": _text,
    "RATELIMIT_STORAGE_URI": _text,
}
"""Every setting the environment may give, and how its text is read."""
SERVER_SETTINGS = frozenset({"BIND", "THREADS", "ACCESS_LOG"})
"""Read by gunicorn.conf.py, not by the app."""


def from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """The settings given as ``DECISIONAID_<NAME>``, each read by its type."""
    settings: dict[str, Any] = {}
    problems = []
    for variable, text in sorted(environ.items()):
        if not variable.startswith(ENV_PREFIX):
            continue
        name = variable.removeprefix(ENV_PREFIX)
        if name in SERVER_SETTINGS:
            continue
        reader = SETTINGS.get(name)
        if reader is None:
            known = ", ".join([*SETTINGS, *sorted(SERVER_SETTINGS)])
            problems.append(f"{variable} is not a setting (known: {known})")
            continue
        try:
            settings[name] = reader(text)
        except ValueError as error:
            problems.append(f"{variable}={text!r} does not read: {error}")
    if problems:
        raise ConfigError("\n".join(problems))
    return settings


def check_and_complete(config: dict[str, Any], instance_path: Path) -> None:
    """Refuse settings that cannot work, and derive the ones that follow from others."""
    given_key = config.get("SECRET_KEY")
    fallbacks = config.get("SECRET_KEY_FALLBACKS") or ()
    keys = ([given_key] if given_key is not None else []) + list(fallbacks)
    if any(not isinstance(key, str) or not key for key in keys):
        raise ConfigError("SECRET_KEY and SECRET_KEY_FALLBACKS must be non-empty strings")
    if config["PRODUCTION"]:
        if given_key is None:
            raise ConfigError(
                "in production, set DECISIONAID_SECRET_KEY (the same on every instance): "
                "python3 -c 'import secrets; print(secrets.token_hex(32))'"
            )
        if any(len(key) < MIN_SECRET_LENGTH for key in keys):
            raise ConfigError(
                f"in production, every secret key needs at least {MIN_SECRET_LENGTH} characters"
            )
        if not config.get("TRUSTED_HOSTS"):
            raise ConfigError(
                "in production, set DECISIONAID_TRUSTED_HOSTS to the host names the site "
                "answers to (for example: decisionaid.example.org)"
            )
    if given_key is None:
        config["SECRET_KEY"] = secret_key(instance_path)
    config["SECRET_KEY_FALLBACKS"] = list(fallbacks)
    if config.get("TRUSTED_HOSTS") is not None:
        config["TRUSTED_HOSTS"] = list(config["TRUSTED_HOSTS"])
    https = config["HTTPS"]
    if https is None:
        https = config["PRODUCTION"] or config["SESSION_COOKIE_SECURE"]
    config["HTTPS"] = bool(https)
    config["SESSION_COOKIE_SECURE"] = config["HTTPS"]
    # A __Host- cookie is only ever set over HTTPS, for this host and every path: no
    # other site on the domain and no plain-HTTP page can plant or overwrite it.
    config["SESSION_COOKIE_NAME"] = "__Host-decisionaid" if config["HTTPS"] else "decisionaid"
    config["PREFERRED_URL_SCHEME"] = "https" if config["HTTPS"] else "http"


def secret_key(instance_path: Path) -> str:
    """A key for the session cookies, made once and kept in the instance folder.

    Every worker process reads the same file, so a cookie made by one is valid in all.
    The key is written to a temporary file and then linked into place, so a worker that
    starts at the same moment reads the whole key or none, never an empty file. Set
    DECISIONAID_SECRET_KEY to manage the key yourself (required in production, and
    whenever there is more than one machine)."""
    key_file = instance_path / "secret_key"
    instance_path.mkdir(parents=True, exist_ok=True)
    if not key_file.exists():
        descriptor, temporary = tempfile.mkstemp(dir=instance_path, prefix=".secret_key-")
        try:
            with os.fdopen(descriptor, "w") as stream:
                stream.write(secrets.token_hex(32))
            os.link(temporary, key_file)
        except FileExistsError:
            pass  # another worker linked its key first: everyone uses that one
        finally:
            os.unlink(temporary)
    return key_file.read_text().strip()
