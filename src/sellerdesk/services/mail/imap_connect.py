"""Opening an IMAP mailbox with imap-tools, and naming what went wrong in words.

TLS is verified against the system's CAs, or against ``ca_file`` (a self-hosted server's own
CA, or the tests' throwaway one). Every failure becomes :class:`ImapFailure`: a catalog key
(``mailbox.error.*``), its values, and the raw detail for the log.
"""

from __future__ import annotations

import contextlib
import imaplib
import re
import socket
import ssl
from dataclasses import dataclass, field
from typing import Any, Protocol

from imap_tools import BaseMailBox, MailBox, MailBoxStartTls, MailBoxUnencrypted, MailMessage
from imap_tools.errors import ImapToolsError, MailboxFolderSelectError, MailboxLoginError

from sellerdesk.services.mail.imap_credentials import SecretMissing


class _Where(Protocol):
    @property
    def host(self) -> str: ...
    @property
    def port(self) -> int: ...
    @property
    def security(self) -> str: ...
    @property
    def username(self) -> str: ...
    @property
    def folder(self) -> str: ...
    @property
    def ca_file(self) -> str | None: ...


@dataclass  # not frozen: contextlib sets __traceback__ on an exception passing through
class ImapFailure(Exception):
    key: str  # mailbox.error.* or mailbox.secret.*
    values: dict[str, str] = field(default_factory=dict)
    detail: str = ""

    def record(self) -> dict[str, Any]:
        return {"key": self.key, "values": dict(self.values), "detail": self.detail[:500]}


class RawMessage(MailMessage):
    """imap-tools' message, keeping the bytes exactly as the server sent them."""

    def __init__(self, fetch_data: list[Any]) -> None:
        super().__init__(fetch_data)
        self.raw: bytes = self._get_message_data_parts(fetch_data)[0]


def fetch_raw(box: BaseMailBox, uids: list[int]) -> dict[int, bytes]:
    """The raw bytes of these UIDs, by UID, read with BODY.PEEK (nothing marked read)."""
    wanted = [str(u) for u in uids]
    messages = box.fetch(uid_list=wanted, mark_seen=False, bulk=max(2, len(wanted)))
    return {int(m.uid or 0): m.raw for m in messages if isinstance(m, RawMessage)}


_SIZE = re.compile(rb"UID (\d+)|RFC822\.SIZE (\d+)")


def sizes(box: BaseMailBox, uids: list[int]) -> dict[int, int]:
    """Each UID's size in bytes (RFC822.SIZE), so that batches stay small in memory."""
    if not uids:
        return {}
    typ, data = box.client.uid("FETCH", ",".join(map(str, uids)), "(RFC822.SIZE)")
    if typ != "OK":
        raise imaplib.IMAP4.error(f"FETCH RFC822.SIZE answered {typ}")
    found: dict[int, int] = {}
    for item in data:
        line = item[0] if isinstance(item, tuple) else item
        if not isinstance(line, bytes):
            continue
        uid = size = None
        for u, n in _SIZE.findall(line):
            uid = int(u) if u else uid
            size = int(n) if n else size
        if uid is not None and size is not None:
            found[uid] = size
    return found


def _context(ca_file: str | None) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=ca_file) if ca_file else ssl.create_default_context()


def open_mailbox(where: _Where, secret: str, *, timeout: float) -> BaseMailBox:
    """Connected, logged in, the folder selected; ImapFailure saying why not."""
    box: BaseMailBox | None = None
    try:
        if where.security == "tls":
            box = MailBox(
                where.host, where.port, timeout=timeout, ssl_context=_context(where.ca_file)
            )
        elif where.security == "starttls":
            box = MailBoxStartTls(
                where.host, where.port, timeout=timeout, ssl_context=_context(where.ca_file)
            )
        else:
            box = MailBoxUnencrypted(where.host, where.port, timeout=timeout)
        box.email_message_class = RawMessage
        box.login(where.username, secret, initial_folder=where.folder)
        return box
    except BaseException as exc:
        if box is not None:
            _close_quietly(box)
        raise failure_of(exc, where) from exc


def _close_quietly(box: BaseMailBox) -> None:
    with contextlib.suppress(Exception):  # already gone: nothing to close
        box.client.shutdown()


def close(box: BaseMailBox) -> None:
    try:
        box.logout()
    except Exception:  # the server hung up first; the socket is closed either way
        _close_quietly(box)


def failure_of(exc: BaseException, where: _Where) -> ImapFailure:
    """The failure in words (catalog key and values); anything unforeseen is re-raised."""
    detail = f"{type(exc).__name__}: {exc}"
    at = {"host": where.host, "port": str(where.port)}
    if isinstance(exc, ImapFailure):
        return exc
    if isinstance(exc, SecretMissing):
        return ImapFailure(exc.problem, dict(exc.values), detail)
    if isinstance(exc, MailboxLoginError):
        return ImapFailure("mailbox.error.login_failed", {"user": where.username}, detail)
    if isinstance(exc, MailboxFolderSelectError):
        return ImapFailure("mailbox.error.folder_missing", {"folder": where.folder}, detail)
    if isinstance(exc, ssl.SSLCertVerificationError):
        reason = str(exc.verify_message or exc.reason or "")
        return ImapFailure("mailbox.error.tls_untrusted", {**at, "reason": reason}, detail)
    if isinstance(exc, ssl.SSLError):
        return ImapFailure(
            "mailbox.error.tls_failed", {**at, "reason": str(exc.reason or exc)}, detail
        )
    if isinstance(exc, TimeoutError | socket.timeout):
        return ImapFailure("mailbox.error.timeout", at, detail)
    if isinstance(exc, socket.gaierror):
        return ImapFailure("mailbox.error.unknown_host", at, detail)
    if isinstance(exc, ConnectionRefusedError):
        return ImapFailure("mailbox.error.refused", at, detail)
    if isinstance(exc, OSError | EOFError):
        return ImapFailure("mailbox.error.unreachable", {**at, "reason": str(exc)[:200]}, detail)
    if isinstance(exc, imaplib.IMAP4.error | ImapToolsError | ValueError):
        return ImapFailure("mailbox.error.protocol", {**at, "reason": str(exc)[:200]}, detail)
    raise exc
