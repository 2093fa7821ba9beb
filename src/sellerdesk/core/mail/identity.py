"""What makes two arrivals of mail the same mail: its "already read" key.

One message reaches Seller Desk by several doors — ``mail import`` of a file, the upload on
the Unfiled page, one or more IMAP mailboxes — and each door must see the others' reading,
so the key names the message, never the door: its Message-ID, or, for a message without
one, the sha256 of its raw bytes (the same bytes are the same mail; different bytes without
an ID cannot be told apart as one mail, so they are two).

A Message-ID is compared as RFC 5322 §3.6.4 writes it (``<left@right>``) with the angle
brackets and surrounding blanks dropped and the domain (right) part lower-cased: mail
systems rewrite a domain's case, never the left part, which is compared exactly as sent.
"""

from __future__ import annotations

MAX_KEY = 520  # "id:" and a Message-ID of at most 500 characters (the parser's bound)


def normalised_message_id(message_id: str | None) -> str | None:
    """``message_id`` without angle brackets and blanks, its domain lower-cased; None when
    nothing is left."""
    if not message_id:
        return None
    value = message_id.strip().strip("<>").strip()
    if not value:
        return None
    left, at, right = value.rpartition("@")
    return f"{left}@{right.lower()}" if at else value


def read_key(message_id: str | None, sha256: str) -> str:
    """The key under which a message is "already read": ``id:<Message-ID>`` (normalised),
    or ``sha256:<hex of the raw bytes>`` when it has no Message-ID."""
    normal = normalised_message_id(message_id)
    if normal is not None:
        return f"id:{normal}"[:MAX_KEY]
    return f"sha256:{sha256.lower()}"
