"""The tables, as SQLAlchemy Core describes them: the one schema.

The ORM classes of :mod:`sellerdesk.storage.tables` map onto these tables (the writes and
most reads go through them); the read commands that must start fast (``case list``,
``case show``) query them with Core alone and never import the ORM
(``storage/repositories/case_reads.py``). Alembic's migrations build this schema
(``tests/storage/test_migrations.py`` compares them).

Events are append-only (a correction is a new event). Cases carry a ``version`` for
optimistic locking: an update names the version it read and is refused if it moved.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from sellerdesk.storage.types import SearchTokens, UTCDateTime

metadata = MetaData()

stores = Table(
    "stores",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(120), unique=True, nullable=False),
    Column("region", String(8), nullable=False),
    Column("marketplaces", JSON, nullable=False),
    Column("selling_plan", String(20), default="professional", nullable=False),
    Column("verified", Boolean, default=False, nullable=False),
    Column("support_plan", String(40)),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("store_id", ForeignKey("stores.id", ondelete="RESTRICT"), nullable=False),
    Column("marketplace", String(4), nullable=False),
    Column("desk", String(32), nullable=False),
    Column("category", String(200)),
    Column("subject", String(300), nullable=False),
    Column("body", JSON, nullable=False),
    Column("priority", String(10), default="normal", nullable=False),
    Column("language", String(8), nullable=False),
    Column("channel", String(16), default="case", nullable=False),
    Column("status", String(16), nullable=False),
    Column("amazon_label", String(80)),
    Column("assignee", String(80)),
    Column("tags", JSON, default=list, nullable=False),
    Column("merged_into_id", ForeignKey("cases.id")),
    Column("version", Integer, default=1, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("submitted_at", UTCDateTime),
    Column("resolved_at", UTCDateTime),
    Column("waiting_on", String(8)),
    Column("clock_started_at", UTCDateTime),
    Column("next_breach_at", UTCDateTime),
    Column("search_text", Text, default="", nullable=False),
    Column("search_tokens", SearchTokens, default="", nullable=False),
    Index("ix_cases_store_status_breach", "store_id", "status", "next_breach_at", "id"),
    Index("ix_cases_status_breach", "status", "next_breach_at", "id"),
    Index("ix_cases_breach", "next_breach_at", "id"),
    Index("ix_cases_submitted", "submitted_at"),
    # the list's views and sorts (migration 0015): My cases / Unassigned and their counts,
    # the sorts by updated, priority and marketplace, "Resolved this week"
    Index("ix_cases_assignee_status_breach", "assignee", "status", "next_breach_at", "id"),
    Index("ix_cases_updated", "updated_at", "id"),
    Index("ix_cases_priority", "priority", "id"),
    Index("ix_cases_marketplace", "marketplace", "id"),
    Index("ix_cases_resolved", "resolved_at"),
)

# Derived: the subject trigrams of every OPEN case, for the duplicate guard's candidates.
#
# Kept in step by the mapper events below (``storage/duplicate_postings.py``) on every ORM
# change of a case's status, subject or store, and rebuilt whole by the bulk path
# (``storage/bulk.py``), which bypasses the ORM.
# Not copied by backups or ``copy-db`` (``storage/transfer.py`` rebuilds it). The primary
# key is the lookup: one store's postings of one trigram, narrowed to a band of subject
# sizes (``shingle_count``, the number of distinct trigrams of the case's subject).
case_subject_shingles = Table(
    "case_subject_shingles",
    metadata,
    Column("store_id", Integer, nullable=False),
    Column("shingle", String(3), nullable=False),
    Column("shingle_count", Integer, nullable=False),
    Column("case_id", Integer, nullable=False),
    PrimaryKeyConstraint(
        "store_id", "shingle", "shingle_count", "case_id", name="pk_case_subject_shingles"
    ),
    Index("ix_case_subject_shingles_case", "case_id"),
    sqlite_with_rowid=False,
)

# Amazon's Case IDs; a case may carry several (after a merge, or a re-filed case).
amazon_case_ids = Table(
    "amazon_case_ids",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("cases.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("amazon_case_id", String(16), unique=True, nullable=False),
    Column("added_at", UTCDateTime, nullable=False),
)

# Order IDs, ASINs, SKUs and shipment IDs named by a case, for exact lookup.
case_identifiers = Table(
    "case_identifiers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(12), nullable=False),
    Column("value", String(64), nullable=False),
    UniqueConstraint("case_id", "kind", "value"),
    Index("ix_identifiers_value", "value", "kind"),
)

events = Table(
    "events",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("case_id", ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("direction", String(8), nullable=False),
    Column("channel", String(16)),
    Column("author", String(80)),
    Column("occurred_at", UTCDateTime, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("body", Text, default="", nullable=False),
    Column("data", JSON, default=dict, nullable=False),
    Index("ix_events_case_time", "case_id", "occurred_at"),
)

# A content-addressed file under the data folder: the same bytes are stored once.
attachments = Table(
    "attachments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), unique=True, nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("media_type", String(120), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

event_attachments = Table(
    "event_attachments",
    metadata,
    Column(
        "event_id",
        BigInteger().with_variant(Integer, "sqlite"),
        ForeignKey("events.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("attachment_id", ForeignKey("attachments.id"), primary_key=True),
    Column("file_name", String(255), nullable=False),
)

# A durable follow-up; a worker claims it with a conditional UPDATE, so it fires once.
reminders = Table(
    "reminders",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("due_at", UTCDateTime, nullable=False),
    Column("claimed_at", UTCDateTime),
    Column("claimed_by", String(80)),
    Column("done_at", UTCDateTime),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("case_id", "kind", "due_at"),
    Index("ix_reminders_due", "done_at", "due_at"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", String(80), nullable=False),
    Column("entity", String(20), nullable=False),
    Column("entity_id", Integer, nullable=False),
    Column("action", String(40), nullable=False),
    Column("detail", JSON, default=dict, nullable=False),
    Index("ix_audit_entity", "entity", "entity_id"),
)

# One reading of a store's Account Health: an imported report, figures typed by hand, or
# a report fetched through the SP-API. Never edited: a newer reading is a new row.
health_snapshots = Table(
    "health_snapshots",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("store_id", ForeignKey("stores.id", ondelete="RESTRICT"), nullable=False),
    Column("source", String(8), nullable=False),
    Column("taken_at", UTCDateTime, nullable=False),
    Column("imported_at", UTCDateTime, nullable=False),
    Column("metrics", JSON, nullable=False),
    Column("raw", JSON),
    Column("recorded_by", String(80), nullable=False),
    Index("ix_health_snapshots_store_taken", "store_id", "taken_at", "id"),
)

# The state of one registration document of the check-list, per store.
health_documents = Table(
    "health_documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("store_id", ForeignKey("stores.id", ondelete="RESTRICT"), nullable=False),
    Column("doc_key", String(40), nullable=False),
    Column("status", String(8), nullable=False),
    Column("note", Text, default="", nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("updated_by", String(80), nullable=False),
    UniqueConstraint("store_id", "doc_key"),
)

# A person who signs in; ``role`` is admin, agent or viewer. Only an argon2 hash is kept.
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(80), unique=True, nullable=False),
    Column("role", String(10), nullable=False),
    Column("password_hash", String(255), nullable=False),
    Column("active", Boolean, default=True, nullable=False),
    Column("must_change_password", Boolean, default=False, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    # a one-time password an admin handed out stops working then (NULL: one the user chose)
    Column("password_expires_at", UTCDateTime),
    Column("language", String(8)),  # the user's own settings (NULL: the page's, the team's)
    Column("time_zone", String(64)),
)

# An agent or viewer may see (and an agent change) the stores granted to them.
store_grants = Table(
    "store_grants",
    metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), primary_key=True, index=True),
    Column("created_at", UTCDateTime, nullable=False),
)

# A Bearer token of the REST API, kept as the sha256 of its secret (never the secret).
api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("name", String(80), nullable=False),
    Column("token_hash", String(64), unique=True, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_used_at", UTCDateTime),
    Column("revoked_at", UTCDateTime),
)

# A user's secret iCal subscription URL, kept as the sha256 of its secret.
calendar_feeds = Table(
    "calendar_feeds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("secret_hash", String(64), unique=True, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime),
)

# A signed-in browser; the cookie holds a secret whose sha256 is stored here, so that
# signing out (or revoking a user) ends the session on every process at once.
web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False),
    Column("session_hash", String(64), unique=True, nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_seen_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime),
)

# A create request's ``Idempotency-Key``: the same key never creates twice; a replay gets
# the stored answer, the same key with another request is refused.
idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("key", String(200), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("status_code", Integer),
    Column("response", JSON),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("user_id", "key"),
)

# Sign-in attempts, in the database so that the rate limit holds across processes.
login_attempts = Table(
    "login_attempts",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("name", String(80), nullable=False),
    Column("client", String(64), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("succeeded", Boolean, default=False, nullable=False),
    Index("ix_login_attempts_name_at", "name", "at"),
    Index("ix_login_attempts_client_at", "client", "at"),
)

# Sign-in attempts in the current window, one row per ``name:…`` or ``client:…``,
# reserved by one upsert before a password is checked (the limit holds under a burst).
sign_in_counters = Table(
    "sign_in_counters",
    metadata,
    Column("key", String(160), primary_key=True),
    Column("window_start", UTCDateTime, nullable=False),
    Column("attempts", Integer, nullable=False),
)

# A key only this server's processes know (the sign-in form's CSRF token is signed with it).
server_secrets = Table(
    "server_secrets",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", String(128), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

# A case's Plan of Action (issue 16, point 4), one row per saved version: a save adds the
# next version and never changes an older one (the audit row says who saved it). The POA is
# the ``[poa]`` table the seller edits (core/poa/model.py), kept whole as JSON.
case_poas = Table(
    "case_poas",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", ForeignKey("cases.id", ondelete="CASCADE"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("lang", String(8), nullable=False),
    Column("data", JSON, nullable=False),
    Column("saved_at", UTCDateTime, nullable=False),
    Column("saved_by", String(80), nullable=False),
    UniqueConstraint("case_id", "version", name="uq_case_poas_case_version"),
)

# Mail read in (issue 17): one row per message, its raw bytes kept as an attachment blob
# (content-addressed). ``read_key`` (core.mail.identity: the normalised Message-ID, or the
# raw bytes' sha256 without one) is unique across every source — a file, an upload, each
# mailbox — so one mail is one row, one event, one alert whatever door it came through.
# It is per database, not per store: a mail's store is its source's, and an import without
# a store (an admin's) and a store's mailbox must still see each other's reading. NULL only
# on later copies read before the key existed (migration 0022 keeps the first).
# The older per-source keys are implied by it and kept (dropping them rebuilds the table).
mail_messages = Table(
    "mail_messages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_key", String(120), nullable=False),
    Column("store_id", ForeignKey("stores.id", ondelete="SET NULL")),
    Column("message_id", String(500)),
    Column("content_sha256", String(64), nullable=False),
    Column("read_key", String(520)),
    Column("raw_attachment_id", ForeignKey("attachments.id")),
    Column("from_addr", String(320), default="", nullable=False),
    Column("from_name", String(200), default="", nullable=False),
    Column("to_addrs", Text, default="", nullable=False),
    Column("subject", String(500), default="", nullable=False),
    Column("sent_at", UTCDateTime),
    Column("received_at", UTCDateTime, nullable=False),
    Column("thread_ids", JSON, default=list, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("direction", String(8), nullable=False),
    Column("state", String(20), nullable=False),
    Column("case_id", ForeignKey("cases.id", ondelete="SET NULL")),
    Column("event_id", BigInteger().with_variant(Integer, "sqlite")),
    Column("link_reason", String(24)),
    Column("candidates", JSON, default=list, nullable=False),
    Column("notes", JSON, default=list, nullable=False),
    Column("shown_text", Text, default="", nullable=False),
    UniqueConstraint("source_key", "message_id", name="uq_mail_source_message_id"),
    UniqueConstraint("source_key", "content_sha256", name="uq_mail_source_content"),
    Index("uq_mail_read_key", "read_key", unique=True),
    Index("ix_mail_message_id", "message_id"),
    Index("ix_mail_state_received", "state", "received_at"),
    Index("ix_mail_case", "case_id"),
)

# The attachments of a mail (content-addressed blobs); linked to its event once filed.
mail_attachments = Table(
    "mail_attachments",
    metadata,
    Column("mail_id", ForeignKey("mail_messages.id", ondelete="CASCADE"), primary_key=True),
    Column("attachment_id", ForeignKey("attachments.id"), primary_key=True),
    Column("file_name", String(255), nullable=False),
)
