"""The sign-in form's CSRF token, bound to this server (issue 13, item 8).

Before anyone is signed in there is no session to hold a token, so the form pairs a random
cookie (``nonce.issued``) with a token that is the HMAC-SHA256 of that cookie and the
client's address under a key only this server knows (kept in ``server_secrets``, so every
process and machine of one store agrees). A pair made up by someone else — a planted
cookie with a "matching" token, as a plain double-submit cookie would accept — is refused,
and so is a pair fetched from another address or older than :data:`LIFETIME`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

from sellerdesk.services.tracker import read_transaction, transaction
from sellerdesk.storage.repositories import credentials
from sellerdesk.storage.session import Session, sessionmaker

KEY_NAME = "login-csrf"
LIFETIME = timedelta(hours=1)
CLOCK_SLACK = timedelta(minutes=5)  # processes whose clocks differ a little


def server_key(*, sessions: sessionmaker[Session], now: datetime) -> bytes:
    """The signing key: the stored one, else a new random one (the first process wins)."""
    with read_transaction(sessions) as session:
        stored = credentials.server_secret(session, KEY_NAME)
    if stored is None:
        with transaction(sessions) as session:
            stored = credentials.add_server_secret_once(
                session, name=KEY_NAME, value=secrets.token_hex(32), now=now
            )
    return stored.encode("ascii")


def _sign(key: bytes, cookie: str, client: str) -> str:
    message = f"login-csrf|{cookie}|{client}".encode("utf-8", "surrogatepass")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _issued_at(cookie: str) -> datetime | None:
    nonce, _, stamp = cookie.rpartition(".")
    if len(nonce) < 16 or not stamp.isascii() or not stamp.isdigit() or len(stamp) > 10:
        return None
    return datetime.fromtimestamp(int(stamp), UTC)


def _fresh(cookie: str, now: datetime, lifetime: timedelta) -> bool:
    issued = _issued_at(cookie)
    return issued is not None and now - lifetime < issued <= now + CLOCK_SLACK


def issue(key: bytes, *, client: str, now: datetime, cookie: str | None = None) -> tuple[str, str]:
    """(cookie, token) for a sign-in form: the browser's cookie while it is young (several
    tabs share it), else a new one."""
    if not cookie or not _fresh(cookie, now, LIFETIME / 2):
        cookie = f"{secrets.token_urlsafe(18)}.{int(now.timestamp())}"
    return cookie, _sign(key, cookie, client)


def verify(
    key: bytes, *, cookie: str | None, token: str | None, client: str, now: datetime
) -> bool:
    """Whether this server issued the pair to this client within :data:`LIFETIME`."""
    if not cookie or not token or len(cookie) > 200 or not _fresh(cookie, now, LIFETIME):
        return False
    expected = _sign(key, cookie, client).encode("ascii")
    return hmac.compare_digest(expected, token.encode("utf-8", "surrogatepass"))
