"""The ``alert_channels`` table (migration 0019): where alerts go, secrets included.

A webhook URL is the credential (WeCom's key, DingTalk's access_token, Feishu's hook token),
so it is stored as a secret beside the signing secret and the SMTP password: written here,
read back only by the sender, shown to people masked (``core/alerts/channel.mask_webhook``).
Copied by backups like the rest of the store's data (a restore brings the channels back).
Migration 0021 adds the channel's own CA file, the explicit "do not verify" and the last
Send test's code. Registered on the shared metadata by ``storage/tables.py`` importing this module.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

from sellerdesk.storage.schema import metadata
from sellerdesk.storage.types import UTCDateTime

alert_channels = Table(
    "alert_channels",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(80), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("enabled", Boolean, nullable=False, default=True),
    Column("webhook", Text),  # secret
    Column("signing_secret", Text),  # secret
    Column("keyword", String(200)),
    Column("message_format", String(16), nullable=False, default=""),
    Column("smtp_host", String(255)),
    Column("smtp_port", Integer),
    Column("smtp_security", String(16)),
    Column("smtp_user", String(320)),
    Column("smtp_password", Text),  # secret
    Column("smtp_from", String(320)),
    Column("smtp_to", Text),  # comma-separated addresses
    Column("smtp_ca_file", Text),  # a PEM file: a self-hosted server's own CA
    Column("smtp_skip_verify", Boolean, nullable=False, default=False, server_default=false()),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("last_test_at", UTCDateTime),
    Column("last_test_outcome", String(16)),
    Column("last_test_detail", Text),
    Column("last_test_code", String(40)),  # e.g. "auth", "cert": the status's words
    UniqueConstraint("name", name="uq_alert_channels_name"),
)
