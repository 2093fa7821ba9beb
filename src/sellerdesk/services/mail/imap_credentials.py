"""A mailbox's secret, found only when needed: from the environment, a secrets file, or the
database (pasted in the web form). Never returned to people: they see :class:`SecretState`.

The secrets file is TOML, ``[mailboxes]`` then ``<mailbox key> = "the secret"``; it should
be readable by its owner only (``chmod 600``): a looser file still works, with a warning.
"""

from __future__ import annotations

import os
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


class _Configured(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def credential(self) -> str: ...
    @property
    def secret(self) -> str | None: ...


@dataclass(frozen=True)
class SecretState:
    """Whether the secret is there ("set") or not ("missing"), and why not, in a catalog key."""

    state: str  # "set" | "missing"
    problem: str | None = None  # mailbox.secret.* catalog key
    source: str = ""  # "env" | "file" | "stored"
    loose_file: bool = False  # a secrets file others can read
    reference: str = ""  # the variable's name or the file's path, never the secret

    @property
    def words_key(self) -> str:
        """The ``mailbox.secret_from.*`` key that says where the secret comes from and whether
        THIS process has it; adapters word it with ``name=reference``."""
        if self.source not in ("env", "file"):
            return f"mailbox.secret_from.stored_{self.state}"
        return f"mailbox.secret_from.{self.source}_{self.state}"


class SecretMissing(Exception):
    def __init__(self, problem: str, **values: str) -> None:
        super().__init__(problem)
        self.problem, self.values = problem, values


def loose(path: Path) -> bool:
    """True when group or others may read the file (it should be 0600)."""
    try:
        return bool(path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO))
    except OSError:
        return False


def resolve(mailbox: _Configured) -> str:
    """The secret to log in with; SecretMissing naming what is wrong."""
    ref = mailbox.credential
    if ref == "stored":
        if not mailbox.secret:
            raise SecretMissing("mailbox.secret.stored_missing")
        return mailbox.secret
    if ref.startswith("env:"):
        value = os.environ.get(ref[4:])
        if not value:
            raise SecretMissing("mailbox.secret.env_missing", name=ref[4:])
        return value
    if ref.startswith("file:"):
        path = Path(ref[5:])
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise SecretMissing("mailbox.secret.file_missing", path=str(path)) from None
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise SecretMissing(
                "mailbox.secret.file_unreadable", path=str(path), error=str(exc)[:200]
            ) from None
        section = data.get("mailboxes")
        value = section.get(mailbox.key) if isinstance(section, dict) else None
        if not isinstance(value, str) or not value:
            raise SecretMissing("mailbox.secret.file_no_key", path=str(path), mailbox=mailbox.key)
        return value
    raise SecretMissing("mailbox.secret.bad_reference")


def secret_state(mailbox: _Configured) -> SecretState:
    source, _, reference = mailbox.credential.partition(":")
    loose_file = source == "file" and loose(Path(mailbox.credential[5:]))
    try:
        resolve(mailbox)
    except SecretMissing as missing:
        return SecretState("missing", missing.problem, source, loose_file, reference)
    return SecretState("set", None, source, loose_file, reference)
