"""The session cookie: a person's answers, encrypted and authenticated, in their browser.

The server keeps nothing. The cookie holds, compressed and then sealed with AES-GCM under
a key derived from ``SECRET_KEY`` (so no one without the key can read or change it), the
time it was sealed and the session: the answers of each pathway (compact codes and the
person's own words, as read, with the fingerprint of what they were read against:
answers.py), where they stand, and the token that guards the forms. It is a
browser-session cookie (no ``Expires``: closing the browser forgets it), and the server
refuses one sealed more than ``PERMANENT_SESSION_LIFETIME`` ago. It is sealed again only
when the session changes or a page of the app is shown (views.py), never for a static
file, so a copied cookie stops working once that time has passed since its last use.

Keys listed in ``SECRET_KEY_FALLBACKS`` still open cookies, which are then sealed anew
with ``SECRET_KEY``: a key can be rotated without losing anyone's answers.
"""

from __future__ import annotations

import base64
import json
import os
import time
import zlib
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import Flask, Request, Response
from flask.sessions import SecureCookieSession, SessionInterface

FORMAT = b"\x01"
"""The first byte of a sealed cookie: the format, so that a new one can be told apart."""
NONCE_BYTES = 12
TAG_BYTES = 16
"""AES-GCM's authentication tag, which follows the ciphertext (as long as the plaintext)."""
BROWSER_COOKIE_LIMIT = 4096
"""What browsers keep of one cookie, name and value together (RFC 6265 section 6.1)."""
SESSION_KEYS = frozenset({"answers", "stand", "csrf_token"})
COMPRESSION_WINDOW_BITS = 12
"""A 4 KB window: as large as a cookie."""


class Session(SecureCookieSession):
    """The session, and whether a cookie that did not have the expected shape was
    replaced by an empty one (the page says so)."""

    was_reset = False


class SessionTooLargeError(ValueError):
    """The answers would make a cookie larger than a browser keeps."""


def _derived_key(secret: str) -> AESGCM:
    """A 256-bit key for the cookie only, so the secret itself is never used directly."""
    kdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"decisionaid session v1")
    return AESGCM(kdf.derive(secret.encode()))


def _compressed(plain: str) -> bytes:
    """zlib at its best level, with a window (4 KB) and memory (``memLevel`` 4) made for a
    cookie: zlib's defaults (32 KB and 8) cost about 90 µs a cookie just to set up, for the
    same bytes. ``zlib.decompress`` reads any window."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, COMPRESSION_WINDOW_BITS, 4)
    return compressor.compress(plain.encode()) + compressor.flush()


def _plain(data: dict[str, Any]) -> str:
    """What is sealed: the time it is sealed, and the session."""
    return json.dumps([int(time.time()), data], separators=(",", ":"), ensure_ascii=False)


def _well_shaped(data: object) -> bool:
    """What this app writes: {"answers"|"stand": {pathway: {question: answer}}, "csrf_token"}
    (beside a pathway's answers, "#content": the fingerprint they were read against).

    Only someone with the key can seal a cookie, but an older release could have written
    another shape: the answers are then dropped rather than fed to the pages."""
    if not isinstance(data, dict) or not set(data) <= SESSION_KEYS:
        return False
    if not isinstance(data.get("csrf_token", ""), str):
        return False
    for key in ("answers", "stand"):
        pathways = data.get(key, {})
        if not isinstance(pathways, dict):
            return False
        for answers in pathways.values():
            if not isinstance(answers, dict):
                return False
            for value in answers.values():
                if isinstance(value, list):
                    if not all(isinstance(each, str) for each in value):
                        return False
                elif not isinstance(value, str | int | bool):
                    return False
    return True


class EncryptedSessionInterface(SessionInterface):
    """Flask's session in one sealed cookie (see the module's docstring)."""

    session_class = Session

    def __init__(self) -> None:
        self._keys: dict[tuple[str, ...], list[AESGCM]] = {}

    def _ciphers(self, app: Flask) -> list[AESGCM]:
        """The current key first, then the fallbacks; derived once per set of keys."""
        secrets = (app.secret_key, *app.config["SECRET_KEY_FALLBACKS"])
        if secrets not in self._keys:
            self._keys[secrets] = [_derived_key(secret) for secret in secrets]
        return self._keys[secrets]

    def _associated_data(self, app: Flask) -> bytes:
        # Bound to the cookie's name: a value moved to another cookie does not open.
        return self.get_cookie_name(app).encode()

    def seal(self, app: Flask, data: dict[str, Any]) -> str:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._ciphers(app)[0].encrypt(
            nonce, _compressed(_plain(data)), self._associated_data(app)
        )
        return base64.urlsafe_b64encode(FORMAT + nonce + sealed).rstrip(b"=").decode()

    def unseal(self, app: Flask, value: str) -> object | None:
        """The session in a cookie, or None if it was not sealed with one of our keys
        (changed, cut, another site's) or was sealed too long ago."""
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        except ValueError:
            return None
        if not raw.startswith(FORMAT):
            return None
        nonce, sealed = raw[1 : 1 + NONCE_BYTES], raw[1 + NONCE_BYTES :]
        for cipher in self._ciphers(app):
            try:
                compressed = cipher.decrypt(nonce, sealed, self._associated_data(app))
            except (InvalidTag, ValueError):
                continue
            sealed_at, data = json.loads(zlib.decompress(compressed))
            age = time.time() - sealed_at
            if not 0 <= age <= app.permanent_session_lifetime.total_seconds():
                return None
            return data
        return None

    def cookie_size(self, app: Flask, data: dict[str, Any]) -> int:
        """The bytes a browser counts for this session's cookie: its name and value. Worked
        out from the compressed length, without encrypting (the response seals it once)."""
        sealed = len(FORMAT) + NONCE_BYTES + len(_compressed(_plain(data))) + TAG_BYTES
        unpadded_base64 = -(-sealed * 4 // 3)
        return len(self.get_cookie_name(app)) + unpadded_base64

    def open_session(self, app: Flask, request: Request) -> Session:
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        data = self.unseal(app, value)
        if data is None:
            return self.session_class()
        if not _well_shaped(data):
            session = self.session_class()
            session.was_reset = True
            session.modified = True  # replace the odd cookie
            return session
        return self.session_class(data)

    def save_session(self, app: Flask, session: Session, response: Response) -> None:  # type: ignore[override]
        if session.accessed:
            response.vary.add("Cookie")
        if not session.modified:
            return
        name = self.get_cookie_name(app)
        attributes = {
            "domain": self.get_cookie_domain(app),
            "path": self.get_cookie_path(app),
            "secure": self.get_cookie_secure(app),
            "samesite": self.get_cookie_samesite(app),
            "httponly": self.get_cookie_httponly(app),
        }
        if not session:
            response.delete_cookie(name, **attributes)
            return
        # No expires: the cookie ends with the browser session; the server ends it sooner.
        response.set_cookie(name, self.seal(app, dict(session)), **attributes)


def init_app(app: Flask) -> None:
    app.session_interface = EncryptedSessionInterface()
