"""Settings, with defaults that run the app on this machine with no extra services.

Any setting can be overridden by an environment variable ``DECISIONAID_<NAME>``
(``DECISIONAID_SECRET_KEY``, ``DECISIONAID_SESSION_COOKIE_SECURE=true`` …).
"""

from __future__ import annotations

import datetime
import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class DefaultConfig:
    CONTENT_DIR = str(PROJECT_ROOT / "questionnaires")
    TRANSLATIONS_DIR = str(PROJECT_ROOT / "translations")
    # Offered when a compiled catalog exists (English is the source language).
    LOCALES = ("en",)
    # Answers are kept in the browser for a few hours, then forgotten.
    PERMANENT_SESSION_LIFETIME = datetime.timedelta(hours=3)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    # A form of this app is a few kilobytes; anything much larger is refused with 413.
    MAX_CONTENT_LENGTH = 64 * 1024
    MAX_FORM_PARTS = 500
    WTF_CSRF_TIME_LIMIT = 3 * 3600


def secret_key(instance_path: Path) -> str:
    """A key for signing session cookies, made once and kept in the instance folder.

    Every worker process reads the same file, so a session signed by one is valid in
    all. Set DECISIONAID_SECRET_KEY to manage the key yourself.
    """
    key_file = instance_path / "secret_key"
    instance_path.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text().strip()
    with os.fdopen(descriptor, "w") as stream:
        stream.write(secrets.token_hex(32))
    return key_file.read_text().strip()
