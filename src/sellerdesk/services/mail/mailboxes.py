"""IMAP mailboxes as configuration: add, change, list, remove (issue 17).

A mailbox names where mail is (host, port, security, folder), whose it is (an optional owning
store) and how to log in: a user name and a credential *reference*, ``env:VAR`` or
``file:<secrets file>`` (a TOML file, ``[mailboxes] <key> = "secret"``), resolved only when
polling. A secret pasted in the web form is the one case kept in the database; no read model
ever carries a secret back, only whether it is set. Unencrypted IMAP is refused except on the
loopback address (with a warning). Marking mail seen or moving it after filing are off unless
configured: otherwise nothing on the server is changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sellerdesk.core.errors import Conflict, InvalidInput, NotFound
from sellerdesk.core.i18n import t
from sellerdesk.services.mail.imap_backoff import retry_after
from sellerdesk.services.mail.imap_credentials import SecretState, secret_state
from sellerdesk.storage.repositories import mailboxes as repo
from sellerdesk.storage.repositories import stores as store_repo
from sellerdesk.storage.session import IntegrityError, SessionFactory, read_transaction, transaction

SECURITIES = ("tls", "starttls", "none")
DEFAULT_PORTS = {"tls": 993, "starttls": 143, "none": 143}
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
KEY = re.compile(r"^[a-z0-9][a-z0-9._-]{0,59}$")
ENV = re.compile(r"^env:([A-Za-z_][A-Za-z0-9_]*)$")
STORED = "stored"
WHERE = ("host", "port", "username", "folder")  # what names the folder read
LOGIN = ("host", "port", "security", "username", "credential", "secret")  # what logs in
RESERVED_KEYS = frozenset({"file", "upload"})  # mail-core's own sources


@dataclass(frozen=True)
class MailboxInput:
    """What a person gives for a mailbox; None leaves a field as it is (on a change)."""

    name: str | None = None
    host: str | None = None
    port: int | None = None
    security: str | None = None
    username: str | None = None
    folder: str | None = None
    store: str | None = None  # a store's name; "" clears it
    credential: str | None = None  # env:VAR or file:<path>
    secret: str | None = None  # pasted in the web form: kept, never shown back
    ca_file: str | None = None  # "" clears it
    mark_seen: bool | None = None
    move_to: str | None = None  # "" clears it
    enabled: bool | None = None


@dataclass(frozen=True)
class MailboxView:
    """A mailbox as people see it: no secret, only whether one is set."""

    key: str
    name: str
    host: str
    port: int
    security: str
    username: str
    folder: str
    store_id: int | None
    store_name: str | None
    credential: str  # env:VAR, file:<path> or "stored"
    secret: SecretState
    ca_file: str | None
    mark_seen: bool
    move_to: str | None
    enabled: bool
    uidvalidity: int | None
    last_uid: int
    last_poll_at: datetime | None
    last_success_at: datetime | None
    last_error: dict[str, Any] | None
    counts: dict[str, Any]
    last_test_at: datetime | None = None  # its outcome is last_error (None: the login worked)
    warnings: tuple[str, ...] = field(default=())  # catalog keys (mailbox.warn.*)

    @property
    def tested_last(self) -> bool:
        """Whether a connection test, not a poll, said the status last (``last_error``)."""
        if self.last_test_at is None:
            return False
        return self.last_poll_at is None or self.last_test_at >= self.last_poll_at


def view_of(record: repo.MailboxRecord, store_name: str | None) -> MailboxView:
    state = secret_state(record)
    warnings: list[str] = []
    if record.security == "none":
        warnings.append("mailbox.warn.unencrypted")
    if state.loose_file:
        warnings.append("mailbox.warn.loose_file")
    return MailboxView(
        key=record.key,
        name=record.name,
        host=record.host,
        port=record.port,
        security=record.security,
        username=record.username,
        folder=record.folder,
        store_id=record.store_id,
        store_name=store_name,
        credential=record.credential,
        secret=state,
        ca_file=record.ca_file,
        mark_seen=record.mark_seen,
        move_to=record.move_to,
        enabled=record.enabled,
        uidvalidity=record.uidvalidity,
        last_uid=record.last_uid,
        last_poll_at=record.last_poll_at,
        last_success_at=record.last_success_at,
        last_error=record.last_error,
        counts=dict(record.counts or {}),
        last_test_at=record.last_test_at,
        warnings=tuple(warnings),
    )


def _text(value: str, field_name: str, limit: int) -> str:
    value = value.strip()
    if not value:
        raise InvalidInput.of("mailbox.empty", field=field_name)
    if len(value) > limit or any(ch in value for ch in "\r\n\x00"):
        raise InvalidInput.of("mailbox.bad_text", field=field_name, limit=limit)
    return value


def _credential(value: str) -> str:
    value = value.strip()
    if ENV.match(value):
        return value
    if value.startswith("file:") and len(value) > 5:
        return "file:" + str(Path(value[5:]).expanduser().absolute())  # the worker runs elsewhere
    raise InvalidInput.of("mailbox.bad_credential", field="credential", given=value[:40])


def _checked(values: dict[str, Any]) -> dict[str, Any]:
    """The whole configuration, checked together (security against host and port)."""
    security = values["security"]
    if security not in SECURITIES:
        raise InvalidInput.of("mailbox.bad_security", field="security", given=str(security)[:20])
    if security == "none" and values["host"].lower() not in LOOPBACK:
        raise InvalidInput.of("mailbox.plain_not_loopback", field="security", host=values["host"])
    if values["port"] is None:
        values["port"] = DEFAULT_PORTS[security]
    port = values["port"]
    if not isinstance(port, int) or not 1 <= port <= 65535:
        raise InvalidInput.of("mailbox.bad_port", field="port", given=str(port)[:12])
    if security == "starttls" and port == 993:
        raise InvalidInput.of("mailbox.starttls_on_993", field="port")
    if values["credential"] == STORED and not values.get("secret"):
        raise InvalidInput.of("mailbox.no_credential", field="credential")
    ca = values.get("ca_file")
    if ca and not Path(ca).is_file():
        raise InvalidInput.of("mailbox.ca_missing", field="ca_file", path=ca)
    return values


def _apply(current: dict[str, Any], given: MailboxInput, session: Any) -> dict[str, Any]:
    values = dict(current)
    if given.name is not None:
        values["name"] = _text(given.name, "name", 120)
    if given.host is not None:
        values["host"] = _text(given.host, "host", 255)
        if " " in values["host"]:
            raise InvalidInput.of("mailbox.bad_text", field="host", limit=255)
    if given.security is not None:
        values["security"] = given.security.strip().lower()
    if given.port is not None:
        values["port"] = given.port
    if given.username is not None:
        values["username"] = _text(given.username, "username", 320)
    if given.folder is not None:
        values["folder"] = _text(given.folder, "folder", 255)
    if given.store is not None:
        if given.store.strip() == "":
            values["store_id"] = None
        else:
            store = store_repo.get_by_name(session, given.store.strip())
            if store is None:
                raise NotFound.of("mailbox.no_store", field="store", name=given.store)
            values["store_id"] = store.id
    if given.secret:
        values["credential"], values["secret"] = STORED, given.secret
    elif given.credential is not None:
        values["credential"], values["secret"] = _credential(given.credential), None
    if given.ca_file is not None:
        values["ca_file"] = str(Path(given.ca_file).expanduser()) if given.ca_file.strip() else None
    if given.mark_seen is not None:
        values["mark_seen"] = given.mark_seen
    if given.move_to is not None:
        values["move_to"] = _text(given.move_to, "move_to", 255) if given.move_to.strip() else None
    if given.enabled is not None:
        values["enabled"] = given.enabled
    return _checked(values)


def add(sessions: SessionFactory, key: str, given: MailboxInput, *, now: datetime) -> MailboxView:
    """Add a mailbox; InvalidInput naming the field, Conflict when the key is taken."""
    key = key.strip().lower()
    if not KEY.match(key) or key in RESERVED_KEYS:
        raise InvalidInput.of("mailbox.bad_key", field="key", given=key[:60])
    for name in ("host", "username"):
        if getattr(given, name) is None:
            raise InvalidInput.of("mailbox.empty", field=name)
    if given.credential is None and not given.secret:
        raise InvalidInput.of("mailbox.no_credential", field="credential")
    start: dict[str, Any] = {
        "name": key,
        "port": None,
        "security": "tls",
        "folder": "INBOX",
        "store_id": None,
        "credential": "",
        "secret": None,
        "ca_file": None,
        "mark_seen": False,
        "move_to": None,
        "enabled": True,
    }
    try:
        with transaction(sessions) as session:
            values = _apply(start, given, session)
            repo.add(session, key=key, values=values, now=now)
            record = repo.get(session, key)
            assert record is not None
            return view_of(record, _store_name(session, record.store_id))
    except IntegrityError as exc:
        raise Conflict.of("mailbox.key_taken", field="key", mailbox=key) from exc


def change(
    sessions: SessionFactory, key: str, given: MailboxInput, *, now: datetime
) -> MailboxView:
    with transaction(sessions) as session:
        record = _existing(session, key)
        current = {name: getattr(record, name) for name in repo.CONFIG_FIELDS}
        values = _apply(current, given, session)
        repo.change(session, record.key, values=values, now=now)
        if any(values[name] != current[name] for name in WHERE):
            # another folder's UIDs say nothing about this one's, even under an equal
            # UIDVALIDITY: read it from the start (the (mailbox, Message-ID) key dedupes)
            repo.forget_checkpoint(session, record.key)
        if retry_after(record.last_error) is not None and any(
            values[name] != current[name] for name in LOGIN
        ):  # new credentials: the refused login's back-off is over, the next poll tries
            repo.forget_error(session, record.key)
        changed = repo.get(session, record.key)
        assert changed is not None
        return view_of(changed, _store_name(session, changed.store_id))


def remove(sessions: SessionFactory, key: str) -> None:
    """Forget a mailbox (mail already read stays filed; the server is not touched)."""
    with transaction(sessions) as session:
        record = _existing(session, key)
        repo.remove(session, record.key)


def listed(sessions: SessionFactory) -> list[MailboxView]:
    with read_transaction(sessions) as session:
        names = {s.id: s.name for s in store_repo.list_all(session)}
        return [view_of(r, names.get(r.store_id or -1)) for r in repo.listed(session)]


def one(sessions: SessionFactory, key: str) -> MailboxView:
    with read_transaction(sessions) as session:
        record = _existing(session, key)
        return view_of(record, _store_name(session, record.store_id))


def _existing(session: Any, key: str) -> repo.MailboxRecord:
    record = repo.get(session, key.strip().lower())
    if record is None:
        raise NotFound.of("mailbox.not_found", field="key", mailbox=key)
    return record


def _store_name(session: Any, store_id: int | None) -> str | None:
    if store_id is None:
        return None
    store = store_repo.get(session, store_id)
    return None if store is None else store.name


def error_words(error: dict[str, Any] | None, lang: str) -> str:
    """A recorded failure (``mailbox.error.*`` / ``mailbox.secret.*``) in ``lang``."""
    if not error:
        return ""
    values = {k: str(v) for k, v in dict(error.get("values") or {}).items()}
    try:
        words = t(str(error.get("key")), lang, **values)
    except (KeyError, IndexError):  # a record older than its words: the key says what it was
        return str(error.get("key"))
    if error.get("wait_minutes"):  # a refused login holds the worker back (imap_backoff)
        held = t(
            "mailbox.error.backoff",
            lang,
            n=error.get("auth_failures", 1),
            minutes=error["wait_minutes"],
        )
        words = f"{words}{'' if lang == 'zh' else ' '}{held}"
    return words
