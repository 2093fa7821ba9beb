"""The ``mailboxes`` table (migrations 0018, 0023): IMAP mailboxes, checkpoint, status, lease.

One row per mailbox: where it is (host, port, security, folder), whose it is (the owning
store), how to log in (the user name and a credential *reference*: ``env:VAR``,
``file:<secrets file>``, or ``stored`` when a person pasted the secret in the web form, the
only case where ``secret`` holds it), what to do after filing (mark seen, move; both off: mail
is never changed on the server unless configured). The checkpoint (UIDVALIDITY + last UID
filed) advances one committed message at a time. The lease (``lease_owner`` until
``lease_until``) is taken by a conditional UPDATE so two workers never poll one mailbox at once.
Copied by backups like the rest of the store's data. Registered on the shared metadata by
``storage/tables.py`` importing this module; queries in ``storage/repositories/mailboxes.py``.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from sellerdesk.storage.schema import metadata
from sellerdesk.storage.types import UTCDateTime

mailboxes = Table(
    "mailboxes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(60), nullable=False),
    Column("name", String(120), nullable=False),
    Column("host", String(255), nullable=False),
    Column("port", Integer, nullable=False),
    Column("security", String(10), nullable=False),
    Column("username", String(320), nullable=False),
    Column("folder", String(255), nullable=False, default="INBOX"),
    Column("store_id", ForeignKey("stores.id", ondelete="SET NULL")),
    Column("credential", String(500), nullable=False),
    Column("secret", Text),  # only when pasted in the web form; never shown back
    Column("ca_file", Text),
    Column("mark_seen", Boolean, nullable=False, default=False),
    Column("move_to", String(255)),
    Column("enabled", Boolean, nullable=False, default=True),
    Column("uidvalidity", BigInteger),
    Column("last_uid", BigInteger, nullable=False, default=0),
    Column("last_poll_at", UTCDateTime),
    Column("last_success_at", UTCDateTime),
    Column("last_error", JSON),  # {"key": catalog key, "values": {...}, "detail": raw text}
    Column("last_test_at", UTCDateTime),  # a connection test (0023): its outcome in last_error
    Column("counts", JSON, nullable=False, default=dict),
    Column("lease_owner", String(200)),
    Column("lease_until", UTCDateTime),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    UniqueConstraint("key", name="uq_mailboxes_key"),
)
