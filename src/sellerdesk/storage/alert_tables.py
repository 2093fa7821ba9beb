"""The alert outbox's tables (migration 0020): routes, the outbox, every attempt, and the
people's handles per channel kind (issue 17, alerts out).

Core tables on the one schema's metadata, so migrations are compared with them
(``tests/storage/test_migrations.py``) and backups, restores and ``verify`` carry them
(``storage/transfer.py`` imports this module). Channels are referred to by their integer id
without a foreign key: the channels table belongs to the senders (migration 0019), and an
alert keeps its history when a channel is removed.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from sellerdesk.storage.schema import metadata
from sellerdesk.storage.types import UTCDateTime

# a route says which triggers of which store (all: NULL) and whose cases (NULL: anyone's,
# ``@assignee``: the case's owner, else a user's name) go to one channel, in which language
alert_routes = Table(
    "alert_routes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("triggers", JSON, nullable=False),  # a list of trigger names
    Column("store_id", ForeignKey("stores.id", ondelete="CASCADE"), nullable=True),
    Column("assignee", String(80), nullable=True),
    Column("channel_id", Integer, nullable=False),
    Column("enabled", Boolean, nullable=False, default=True),
    Column("mention", Boolean, nullable=False, default=True),
    Column("lang", String(12), nullable=False),  # zh | en | recipient
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by", String(80), nullable=False),
)

# one alert to one channel. ``dedupe_key`` is unique: the same event never enqueues twice.
# state: queued → (held) → sending → delivered | failed | dropped; a claim is
# ``claimed_by`` until ``lease_until``
alert_outbox = Table(
    "alert_outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("trigger", String(32), nullable=False),
    Column("dedupe_key", String(200), nullable=False),
    Column("route_id", Integer, nullable=True),
    Column("case_id", Integer, nullable=True),
    Column("store_id", Integer, nullable=True),
    Column("recipient", String(80), nullable=True),
    Column("mention_user", String(80), nullable=True),
    Column("channel_id", Integer, nullable=False),
    Column("lang", String(8), nullable=False),
    Column("title", String(300), nullable=False),
    Column("text", Text, nullable=False),
    Column("link", Text, nullable=True),  # the case page's path; absolute when sent
    Column("urgent", Boolean, nullable=False, default=False),
    Column("state", String(12), nullable=False),
    Column("not_before", UTCDateTime, nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("claimed_by", String(200), nullable=True),
    Column("lease_until", UTCDateTime, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("delivered_at", UTCDateTime, nullable=True),
    Column("digest_id", Integer, nullable=True),  # the first alert of the digest it went in
    Column("reason", Text, nullable=True),  # why it is held, failed or dropped
    UniqueConstraint("dedupe_key", name="uq_alert_outbox_dedupe_key"),
    Index("ix_alert_outbox_due", "state", "not_before"),
    Index("ix_alert_outbox_channel", "channel_id", "state"),
)

# every attempt, written *before* the request goes out (outcome ``sending``) and completed
# after: an attempt left ``sending`` is a send whose outcome nobody knows
alert_attempts = Table(
    "alert_attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("alert_id", ForeignKey("alert_outbox.id", ondelete="CASCADE"), nullable=False),
    Column("channel_id", Integer, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("worker", String(200), nullable=False),
    Column("send_key", String(64), nullable=False),  # one request (a digest: several rows)
    Column("outcome", String(16), nullable=False),
    Column("vendor_code", String(40), nullable=True),
    Column("detail", Text, nullable=True),
    Column("http_status", Integer, nullable=True),
    Column("duration_ms", Integer, nullable=True),
    Column("digest_size", Integer, nullable=False, default=1),
    # a rate-limited answer: the channel takes nothing before then (every worker reads it)
    Column("wait_until", UTCDateTime, nullable=True),
    Index("ix_alert_attempts_alert", "alert_id"),
    Index("ix_alert_attempts_channel_at", "channel_id", "at"),
)

# how a channel kind knows a person, for @mentions (a WeCom userid, a DingTalk phone, …)
alert_handles = Table(
    "alert_handles",
    metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("channel_kind", String(16), primary_key=True),
    Column("handle", String(200), nullable=False),
)

ALERT_TABLES = (alert_routes, alert_outbox, alert_attempts, alert_handles)
