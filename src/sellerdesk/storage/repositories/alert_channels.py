"""Rows of ``alert_channels`` (secrets included: only services read them, and only the
sender sees them unmasked). Nothing here commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import RowMapping
from sqlalchemy.orm import Session

from sellerdesk.storage.alert_channel_rows import alert_channels as T

# the columns a service may write (id and the test columns are set here)
WRITABLE = (
    "name",
    "kind",
    "enabled",
    "webhook",
    "signing_secret",
    "keyword",
    "message_format",
    "smtp_host",
    "smtp_port",
    "smtp_security",
    "smtp_user",
    "smtp_password",
    "smtp_from",
    "smtp_to",
    "smtp_ca_file",
    "smtp_skip_verify",
)


@dataclass(frozen=True, slots=True)
class AlertChannelRecord:
    id: int
    name: str
    kind: str
    enabled: bool
    webhook: str | None
    signing_secret: str | None
    keyword: str | None
    message_format: str
    smtp_host: str | None
    smtp_port: int | None
    smtp_security: str | None
    smtp_user: str | None
    smtp_password: str | None
    smtp_from: str | None
    smtp_to: str | None
    created_at: datetime
    updated_at: datetime
    last_test_at: datetime | None
    last_test_outcome: str | None
    last_test_detail: str | None
    smtp_ca_file: str | None = None
    smtp_skip_verify: bool = False
    last_test_code: str | None = None

    @classmethod
    def of(cls, row: RowMapping) -> AlertChannelRecord:
        return cls(**{name: row[name] for name in cls.__slots__})


def _checked(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(WRITABLE)
    if unknown:
        raise KeyError(f"not a writable alert channel column: {sorted(unknown)}")
    return values


def add(session: Session, values: dict[str, Any], *, now: datetime) -> int:
    """The new channel's id; a taken name fails here (IntegrityError), inside the transaction."""
    result = session.execute(
        insert(T).values(**_checked(values), created_at=now, updated_at=now).returning(T.c.id)
    )
    return int(result.scalar_one())


def change(session: Session, channel_id: int, values: dict[str, Any], *, now: datetime) -> None:
    session.execute(
        update(T).where(T.c.id == channel_id).values(**_checked(values), updated_at=now)
    )


def remove(session: Session, channel_id: int) -> None:
    session.execute(delete(T).where(T.c.id == channel_id))


def get(session: Session, channel_id: int) -> AlertChannelRecord | None:
    row = session.execute(select(T).where(T.c.id == channel_id)).mappings().first()
    return AlertChannelRecord.of(row) if row is not None else None


def get_by_name(session: Session, name: str) -> AlertChannelRecord | None:
    row = session.execute(select(T).where(T.c.name == name)).mappings().first()
    return AlertChannelRecord.of(row) if row is not None else None


def list_all(session: Session) -> list[AlertChannelRecord]:
    rows = session.execute(select(T).order_by(T.c.name)).mappings()
    return [AlertChannelRecord.of(row) for row in rows]


def names(session: Session) -> list[str]:
    return list(session.scalars(select(T.c.name).order_by(T.c.name)))


def record_test(
    session: Session,
    channel_id: int,
    *,
    at: datetime,
    outcome: str,
    detail: str,
    code: str | None = None,
) -> None:
    """What the last Send test answered (not an edit: ``updated_at`` stays)."""
    session.execute(
        update(T)
        .where(T.c.id == channel_id)
        .values(
            last_test_at=at,
            last_test_outcome=outcome,
            last_test_detail=detail,
            last_test_code=(code or "")[:40] or None,
        )
    )
